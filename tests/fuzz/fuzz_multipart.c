/* fuzz_multipart.c: multipart bodies, fed whole and in pieces: the parser
 * must neither crash nor see anything different depending on the split. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
on_part(void *arg, const struct vs_part *pt)
{
	struct vs_buf	*b = arg;

	return vs_buf_printf(b, "[%s|%s|%s]", pt->pt_name, pt->pt_filename,
	    pt->pt_type);
}

static int
on_data(void *arg, const char *data, size_t len)
{
	return vs_buf_add(arg, data, len);
}

static int
on_end(void *arg)
{
	return vs_buf_puts(arg, "<end>");
}

static const struct vs_multipart_cb cb = { on_part, on_data, on_end };

/* Parse in pieces of step bytes; the result and the log in b. */
static int
parse(const uint8_t *data, size_t len, size_t step, struct vs_buf *b)
{
	struct vs_multipart	*mp;
	size_t			 i, n;
	int			 rc = 0;

	mp = vs_multipart_new("multipart/form-data; boundary=XB", &cb, b);
	if (mp == NULL)
		abort();
	for (i = 0; rc == 0 && i < len; i += n) {
		n = len - i < step ? len - i : step;
		rc = vs_multipart_feed(mp, data + i, n);
	}
	rc = rc == 0 ? vs_multipart_done(mp) : -1;
	vs_multipart_free(mp);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vs_buf	 whole = { 0 }, split = { 0 };
	int		 a, b;

	if (len < 1)
		return 0;
	a = parse(data + 1, len - 1, len, &whole);
	b = parse(data + 1, len - 1, 1 + data[0] % 97, &split);
	/* A failed parse may stop at a different byte; a good one may not. */
	if (a != b || (a != -1 && (whole.b_len != split.b_len ||
	    (whole.b_len > 0 &&
	    memcmp(whole.b_data, split.b_data, whole.b_len) != 0))))
		abort();
	vs_buf_free(&whole);
	vs_buf_free(&split);
	return 0;
}
