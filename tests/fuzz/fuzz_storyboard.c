/* fuzz_storyboard.c: sheet names and the signing of a storyboard track. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A name taken is one the worker writes: it reads back the same. */
static void
name(const char *s)
{
	char	 again[32];
	long	 k;

	if (!vs_stream_valid_sheet(s))
		return;
	k = strtol(s + 6, NULL, 10);
	snprintf(again, sizeof(again), "sheet-%ld.jpg", k);
	if (strcmp(again, s) != 0 || k < 0 || k >= 10)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vs_buf	 in = { 0 }, out = { 0 };
	const char	*p, *q;

	if (vs_buf_add(&in, data, len) == -1)
		return 0;
	name(in.b_data);
	/* Signed, then the token taken out again: the lines as they were. */
	if (memchr(data, '\0', len) == NULL && vs_stream_sign_storyboard(
	    in.b_data, "TOK", &out) == 0) {
		for (p = in.b_data, q = out.b_data; *p != '\0'; p++, q++) {
			if (*p != *q && strncmp(q, "?t=TOK", 6) == 0)
				q += 6;
			if (*p != *q)
				abort();
		}
	}
	vs_buf_free(&in);
	vs_buf_free(&out);
	return 0;
}
