/* fuzz_subtitle.c: subtitle events as cue text the caption parser takes. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

#include "subtitle.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Is the cue text plain: no markup, no control but \n, no blank line? */
static int
plain(const char *s)
{
	if (*s == '\n' || strstr(s, "\n\n") != NULL || strchr(s, '<') ||
	    strchr(s, '>') || !vs_str_utf8(s))
		return 0;
	for (; *s != '\0'; s++)
		if (((unsigned char)*s < 0x20 && *s != '\n') || *s == 0x7f)
			return 0;
	return 1;
}

/* The first byte says ASS (odd) or plain text; the rest is the event. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vs_buf		 out = { 0 }, doc = { 0 };
	struct vs_caption	 c;
	char			*s, why[256];

	if (len == 0 || (s = strndup((const char *)data + 1, len - 1)) == NULL)
		return 0;
	if (vs_subtitle_text(s, data[0] & 1, &out) == -1)
		abort();
	if (out.b_len > VS_SUB_TEXT_MAX || (out.b_len > 0 &&
	    !plain(out.b_data)))
		abort();
	if (out.b_len > 0) {
		if (vs_buf_printf(&doc, "WEBVTT\n\n00:00.000 --> 00:01.000\n"
		    "%s\n", out.b_data) == -1)
			abort();
		if (vs_caption_parse(doc.b_data, doc.b_len, 0, &c, why,
		    sizeof(why)) != VS_OK || c.cp_n != 1 ||
		    strcmp(c.cp_cues[0].c_text, out.b_data) != 0)
			abort();
		vs_caption_free(&c);
	}
	free(s);
	vs_buf_free(&out);
	vs_buf_free(&doc);
	return 0;
}
