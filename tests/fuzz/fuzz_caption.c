/* fuzz_caption.c: caption files; what vstream writes reads back the same. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Are the cues of a and b the same? */
static int
same(const struct vs_caption *a, const struct vs_caption *b)
{
	size_t	 i;

	if (a->cp_n != b->cp_n)
		return 0;
	for (i = 0; i < a->cp_n; i++) {
		if (a->cp_cues[i].c_start != b->cp_cues[i].c_start ||
		    a->cp_cues[i].c_end != b->cp_cues[i].c_end ||
		    strcmp(a->cp_cues[i].c_text, b->cp_cues[i].c_text) != 0 ||
		    (a->cp_cues[i].c_settings == NULL) !=
		    (b->cp_cues[i].c_settings == NULL) ||
		    (a->cp_cues[i].c_settings && strcmp(a->cp_cues[i].c_settings,
		    b->cp_cues[i].c_settings) != 0))
			return 0;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vs_caption	 a, b;
	struct vs_buf		 out = { 0 };
	char			 why[256];

	if (vs_caption_parse((const char *)data, len, 0, &a, why,
	    sizeof(why)) != VS_OK)
		return 0;
	if (vs_caption_write(&a, &out) == -1)
		abort();
	if (vs_caption_parse(out.b_data, out.b_len, 0, &b, why,
	    sizeof(why)) != VS_OK || !same(&a, &b) || b.cp_note[0] != '\0')
		abort();
	vs_caption_free(&a);
	vs_caption_free(&b);
	vs_buf_free(&out);
	return 0;
}
