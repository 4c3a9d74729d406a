/* test_comment.c: what a comment's text may be, and what is kept of it. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

#include "runner.h"

/* Clean s (all of it, NUL-terminated); the result's code. */
static enum vs_err
clean(const char *s, char **out)
{
	const char	*why;

	return vs_comment_clean(s, strlen(s), out, &why);
}

START_TEST(kept_as_written)
{
	char	*t;

	ck_assert_int_eq(clean("hello <b>there</b> & \"you\"", &t), VS_OK);
	ck_assert_str_eq(t, "hello <b>there</b> & \"you\"");
	free(t);
	ck_assert_int_eq(clean("one\ntwo\tthree", &t), VS_OK);
	ck_assert_str_eq(t, "one\ntwo\tthree");
	free(t);
	/* Browsers send a textarea's line breaks as CRLF. */
	ck_assert_int_eq(clean("one\r\ntwo\r\n", &t), VS_OK);
	ck_assert_str_eq(t, "one\ntwo\n");
	free(t);
	ck_assert_int_eq(clean("caf\xc3\xa9 \xf0\x9f\x8e\xac", &t), VS_OK);
	free(t);
}
END_TEST

START_TEST(refused)
{
	static const char *const bad[] = {
		"", " ", "\n\t \n", "bell\a", "esc\x1b[31m", "cr\ronly",
		"del\x7f", "c1 \xc2\x85", "c1 \xc2\x9f", "\xff\xfe", "\xc3",
		"over\xc0\xaflong", "surrogate \xed\xa0\x80",
	};
	char	*t = (char *)1;
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(clean(bad[i], &t) == VS_EINVAL, "item %zu", i);
		ck_assert_ptr_null(t);
	}
	/* U+00A0, just past the C1 controls, is text. */
	ck_assert_int_eq(clean("nbsp\xc2\xa0", &t), VS_OK);
	free(t);
}
END_TEST

/* A NUL inside the bytes the client sent is not cut there quietly. */
START_TEST(embedded_nul)
{
	const char	*why;
	char		*t;

	ck_assert_int_eq(vs_comment_clean("cut\0here", 8, &t, &why), VS_EINVAL);
	ck_assert_ptr_null(t);
}
END_TEST

/* The limit counts characters, not bytes. */
START_TEST(length_in_characters)
{
	char	*s = malloc(2 * VS_COMMENT_MAX + 3), *t;
	size_t	 i;

	for (i = 0; i < VS_COMMENT_MAX; i++)
		memcpy(s + 2 * i, "\xc3\xa9", 2);
	s[2 * VS_COMMENT_MAX] = '\0';
	ck_assert_int_eq(clean(s, &t), VS_OK);
	ck_assert_uint_eq(strlen(t), 2 * VS_COMMENT_MAX);
	free(t);
	strcat(s, "e");
	ck_assert_int_eq(clean(s, &t), VS_EINVAL);
	free(s);
}
END_TEST

int
main(void)
{
	RUN_TESTS("comment", kept_as_written, refused, embedded_nul,
	    length_in_characters);
}
