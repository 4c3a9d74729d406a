/* test_multipart.c: the streaming multipart/form-data parser. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <string.h>

#include <vstream.h>

#include "runner.h"

/* What the callbacks saw, as one line of text. */
struct seen {
	struct vs_buf	 s_log;
	int		 s_stop_at_part;	/* stop at this part (1-based) */
	int		 s_parts;
};

static int
on_part(void *arg, const struct vs_part *pt)
{
	struct seen	*s = arg;

	vs_buf_printf(&s->s_log, "[%s|%s|%s]", pt->pt_name, pt->pt_filename,
	    pt->pt_type);
	return ++s->s_parts == s->s_stop_at_part ? -1 : 0;
}

static int
on_data(void *arg, const char *data, size_t len)
{
	return vs_buf_add(&((struct seen *)arg)->s_log, data, len);
}

static int
on_end(void *arg)
{
	return vs_buf_puts(&((struct seen *)arg)->s_log, "<end>");
}

static const struct vs_multipart_cb cb = { on_part, on_data, on_end };

static const char type[] = "multipart/form-data; boundary=----b0undary";
static const char body[] =
    "preamble to ignore\r\n"
    "------b0undary\r\n"
    "Content-Disposition: form-data; name=\"title\"\r\n"
    "\r\n"
    "My \"clip\"\r\n"
    "------b0undary\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".mp4\"\r\n"
    "Content-Type: video/mp4\r\n"
    "\r\n"
    "\r\n--not the boundary\r\n------b0undar\r\n"
    "------b0undary--\r\n"
    "epilogue";
static const char want[] = "[title||]My \"clip\"<end>"
    "[file|a \"b\".mp4|video/mp4]\r\n--not the boundary\r\n------b0undar<end>";

/* Parse body in pieces of step bytes; 0 / -1 as the parser answers. */
static int
parse(const char *b, size_t len, size_t step, struct seen *s)
{
	struct vs_multipart	*mp = vs_multipart_new(type, &cb, s);
	size_t			 i, n;
	int			 rc = 0;

	ck_assert_ptr_nonnull(mp);
	for (i = 0; rc == 0 && i < len; i += n) {
		n = len - i < step ? len - i : step;
		rc = vs_multipart_feed(mp, b + i, n);
	}
	if (rc == 0 && !vs_multipart_done(mp))
		rc = 1;
	vs_multipart_free(mp);
	return rc;
}

START_TEST(any_split)
{
	struct seen	 s;
	size_t		 step;

	/* The same result whatever the reads' sizes. */
	for (step = 1; step <= sizeof(body); step++) {
		memset(&s, 0, sizeof(s));
		ck_assert_int_eq(parse(body, sizeof(body) - 1, step, &s), 0);
		ck_assert_str_eq(s.s_log.b_data, want);
		vs_buf_free(&s.s_log);
	}
}
END_TEST

START_TEST(big_part)
{
	struct vs_buf	 b = { 0 };
	struct seen	 s = { 0 };
	size_t		 i;

	/* A part much larger than the parser's window streams through. */
	vs_buf_puts(&b, "------b0undary\r\nContent-Disposition: form-data; "
	    "name=\"file\"; filename=\"x\"\r\n\r\n");
	for (i = 0; i < 300000; i++)
		vs_buf_add(&b, i % 7 ? "a" : "\r", 1);
	vs_buf_puts(&b, "\r\n------b0undary--");
	ck_assert_int_eq(parse(b.b_data, b.b_len, 70000, &s), 0);
	ck_assert_uint_eq(s.s_log.b_len, strlen("[file|x|]") + 300000 +
	    strlen("<end>"));
	vs_buf_free(&s.s_log);
	vs_buf_free(&b);
}
END_TEST

START_TEST(bad_types)
{
	const char	*bad[] = { NULL, "", "text/plain",
			    "multipart/form-data", "multipart/form-data; "
			    "boundary=", "multipart/form-data; boundary=\"ab",
			    "multipart/form-data; boundary=a\x01", "multipart/"
			    "form-data; boundary=0123456789012345678901234567"
			    "89012345678901234567890123456789012345678901" };
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(vs_multipart_new(bad[i], &cb, NULL) == NULL,
		    "%s", bad[i] ? bad[i] : "NULL");
	vs_multipart_free(vs_multipart_new("multipart/form-data; "
	    "boundary=\"quoted b\"", &cb, NULL));
}
END_TEST

START_TEST(malformed)
{
	const char	*bad[] = {
		/* no name */
		"------b0undary\r\nContent-Disposition: form-data\r\n\r\nx\r\n"
		    "------b0undary--",
		/* not form-data */
		"------b0undary\r\nContent-Disposition: attachment; name=\"a\""
		    "\r\n\r\nx\r\n------b0undary--",
		/* a header line without a colon */
		"------b0undary\r\nContent-Disposition form-data\r\n\r\n",
		/* junk after the delimiter */
		"------b0undary junk\r\n",
		/* a NUL in a header */
		"------b0undary\r\nContent-Type: a\0b\r\n\r\n",
	};
	size_t		 lens[] = { 0, 0, 0, 0, 44 };
	struct seen	 s;
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&s, 0, sizeof(s));
		ck_assert_msg(parse(bad[i], lens[i] ? lens[i] : strlen(bad[i]),
		    5, &s) == -1, "case %zu", i);
		vs_buf_free(&s.s_log);
	}
	/* Headers past their limit. */
	{
		struct vs_buf	 b = { 0 };

		vs_buf_puts(&b, "------b0undary\r\nX-Pad: ");
		for (i = 0; i < 9000; i++)
			vs_buf_add(&b, "p", 1);
		memset(&s, 0, sizeof(s));
		ck_assert_int_eq(parse(b.b_data, b.b_len, 4096, &s), -1);
		vs_buf_free(&b);
	}
	/* A body cut short is not done. */
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(parse(body, 150, 7, &s), 1);
	vs_buf_free(&s.s_log);
}
END_TEST

START_TEST(callback_stops)
{
	struct seen	 s = { .s_stop_at_part = 2 };

	ck_assert_int_eq(parse(body, sizeof(body) - 1, 3, &s), -1);
	vs_buf_free(&s.s_log);
}
END_TEST

int
main(void)
{
	RUN_TESTS("multipart", any_split, big_part, bad_types, malformed,
	    callback_stops);
}
