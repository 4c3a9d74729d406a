/* fuzz_chapter.c: descriptions; the chapters found obey the rules, and
 * the WebVTT written from them reads back as the same cues. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct vs_chapter	 c[VS_CHAPTERS_MAX];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vs_caption	 cap;
	struct vs_buf		 out = { 0 };
	char			*s, why[256];
	size_t			 i, n;

	if ((s = vs_str_ndup((const char *)data, len)) == NULL)
		return 0;
	n = vs_chapter_parse(s, 7200, c);
	free(s);
	if (n == 1 || n > VS_CHAPTERS_MAX || (n > 0 && c[0].ch_start != 0))
		abort();
	for (i = 1; i < n; i++)
		if (c[i].ch_start <= c[i - 1].ch_start || c[i].ch_start >= 7200)
			abort();
	if (n == 0)
		return 0;
	if (vs_chapter_write(c, n, 7200, &out) == -1)
		abort();
	if (vs_caption_parse(out.b_data, out.b_len, 7200000, &cap, why,
	    sizeof(why)) != VS_OK || cap.cp_n != n)
		abort();
	for (i = 0; i < n; i++)
		if (cap.cp_cues[i].c_start != c[i].ch_start * 1000)
			abort();
	vs_caption_free(&cap);
	vs_buf_free(&out);
	return 0;
}
