/* test_str.c: buffers, strict numbers, escaping, random ids. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <limits.h>
#include <string.h>

#include <vstream.h>

#include "runner.h"

START_TEST(tonum_strict)
{
	long long	 v;
	const char	*err;

	ck_assert_int_eq(vs_str_tonum("42", 0, 100, &v, &err), 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(vs_str_tonum("-5", -10, 10, &v, &err), 0);
	ck_assert_int_eq(v, -5);
	ck_assert_int_eq(vs_str_tonum("abc", 0, 100, &v, &err), -1);
	ck_assert_str_eq(err, "not a number");
	ck_assert_int_eq(vs_str_tonum("12x", 0, 100, &v, &err), -1);
	ck_assert_int_eq(vs_str_tonum(" 1", 0, 100, &v, &err), -1);
	ck_assert_int_eq(vs_str_tonum("", 0, 100, &v, &err), -1);
	ck_assert_int_eq(vs_str_tonum("101", 0, 100, &v, &err), -1);
	ck_assert_str_eq(err, "too large");
	ck_assert_int_eq(vs_str_tonum("-1", 0, 100, &v, &err), -1);
	ck_assert_str_eq(err, "too small");
	ck_assert_int_eq(vs_str_tonum("99999999999999999999", 0, LLONG_MAX,
	    &v, &err), -1);
}
END_TEST

/* The edges every parser of outside numbers leans on. */
START_TEST(tonum_edges)
{
	long long	 v;
	const char	*err;

	ck_assert_int_eq(vs_str_tonum("9223372036854775807", 0, LLONG_MAX,
	    &v, &err), 0);
	ck_assert(v == LLONG_MAX);
	ck_assert_int_eq(vs_str_tonum("9223372036854775808", 0, LLONG_MAX,
	    &v, &err), -1);
	ck_assert_str_eq(err, "too large");
	ck_assert_int_eq(vs_str_tonum("-9223372036854775808", LLONG_MIN, 0,
	    &v, &err), 0);
	ck_assert(v == LLONG_MIN);
	ck_assert_int_eq(vs_str_tonum("-9223372036854775809", LLONG_MIN, 0,
	    &v, &err), -1);
	ck_assert_str_eq(err, "too small");
	/* No sign where none may be: "-0" is no Content-Length. */
	ck_assert_int_eq(vs_str_tonum("-0", 0, 100, &v, &err), -1);
	ck_assert_int_eq(vs_str_tonum("-0", -1, 100, &v, &err), 0);
	ck_assert(v == 0);
	ck_assert_int_eq(vs_str_tonum("-", -10, 10, &v, &err), -1);
	ck_assert_int_eq(vs_str_tonum("--1", -10, 10, &v, &err), -1);
	ck_assert_int_eq(vs_str_tonum("- 1", -10, 10, &v, &err), -1);
	ck_assert_int_eq(vs_str_tonum("+1", 0, 100, &v, &err), -1);
	ck_assert_int_eq(vs_str_tonum("1 ", 0, 100, &v, &err), -1);
	ck_assert_int_eq(vs_str_tonum("1\n", 0, 100, &v, &err), -1);
	ck_assert_int_eq(vs_str_tonum("0x10", 0, 100, &v, &err), -1);
	ck_assert_int_eq(vs_str_tonum(NULL, 0, 100, &v, &err), -1);
	/* Each limit, and one past it. */
	ck_assert_int_eq(vs_str_tonum("100", 0, 100, &v, &err), 0);
	ck_assert_int_eq(vs_str_tonum("0", 0, 100, &v, &err), 0);
	ck_assert_int_eq(vs_str_tonum("1", 2, 100, &v, &err), -1);
	ck_assert_int_eq(vs_str_tonum("2", 2, 100, &v, &err), 0);
	ck_assert_int_eq(vs_str_tonum("007", 0, 100, &v, &err), 0);
	ck_assert(v == 7);
}
END_TEST

START_TEST(seconds_strict)
{
	static const char *const bad[] = { "", "x", "-5", "+5", " 5", "5 ",
	    "1m1h", "1s1m", "1h1h", "m", "1x", "1.5", "1m30", "0x10",
	    "1234567h", "12345678901234567" };
	long long	 v;
	size_t		 i;

	ck_assert_int_eq(vs_str_seconds("90", 86400, &v), 0);
	ck_assert_int_eq(v, 90);
	ck_assert_int_eq(vs_str_seconds("1m30s", 86400, &v), 0);
	ck_assert_int_eq(v, 90);
	ck_assert_int_eq(vs_str_seconds("1h2m3s", 86400, &v), 0);
	ck_assert_int_eq(v, 3723);
	ck_assert_int_eq(vs_str_seconds("2m", 86400, &v), 0);
	ck_assert_int_eq(v, 120);
	ck_assert_int_eq(vs_str_seconds("0", 86400, &v), 0);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(vs_str_seconds("86401", 86400, &v), -1);
	ck_assert_int_eq(vs_str_seconds("25h", 86400, &v), -1);
	ck_assert_int_eq(vs_str_seconds(NULL, 86400, &v), -1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(vs_str_seconds(bad[i], 86400, &v) == -1,
		    "took \"%s\"", bad[i]);
}
END_TEST

START_TEST(html_escape)
{
	struct vs_buf	 b = { 0 };

	ck_assert_int_eq(vs_str_html(&b, "<a href=\"x\">'&'</a>"), 0);
	ck_assert_str_eq(b.b_data,
	    "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	vs_buf_free(&b);
	ck_assert_int_eq(vs_str_html(&b, "plain"), 0);
	ck_assert_str_eq(b.b_data, "plain");
	vs_buf_free(&b);
	vs_buf_free(&b);
}
END_TEST

START_TEST(buf_grows)
{
	struct vs_buf	 b = { 0 };
	int		 i;

	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(vs_buf_printf(&b, "%04d", i), 0);
	ck_assert_uint_eq(b.b_len, 4000);
	ck_assert(strncmp(b.b_data + 3996, "0999", 4) == 0);
	vs_buf_free(&b);
}
END_TEST

START_TEST(ct_equal)
{
	ck_assert(vs_str_ct_equal("abc", 3, "abc", 3));
	ck_assert(!vs_str_ct_equal("abc", 3, "abd", 3));
	ck_assert(!vs_str_ct_equal("abc", 3, "ab", 2));
}
END_TEST

START_TEST(random_hex)
{
	char	 a[33], b[33];

	ck_assert_int_eq(vs_random_hex(a, 16), 0);
	ck_assert_int_eq(vs_random_hex(b, 16), 0);
	ck_assert_uint_eq(strlen(a), 32);
	ck_assert_uint_eq(strspn(a, "0123456789abcdef"), 32);
	ck_assert_str_ne(a, b);
}
END_TEST

int
main(void)
{
	RUN_TESTS("str", tonum_strict, tonum_edges, seconds_strict, html_escape,
	    buf_grows, ct_equal, random_hex);
}
