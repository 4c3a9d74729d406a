/* test_cookie.c: the Cookie header parser. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <vstream.h>

#include "runner.h"

START_TEST(cookie_pairs)
{
	struct vs_kvlist	 l = { 0 };

	ck_assert_int_eq(vs_cookie_parse(&l,
	    "vs_session=abc123; theme=\"dark\";  lang=en "), 0);
	ck_assert_uint_eq(l.kl_len, 3);
	ck_assert_str_eq(vs_kv_get(&l, "vs_session"), "abc123");
	ck_assert_str_eq(vs_kv_get(&l, "theme"), "dark");
	ck_assert_str_eq(vs_kv_get(&l, "lang"), "en");
	vs_kv_free(&l);
}
END_TEST

START_TEST(cookie_skips_malformed)
{
	struct vs_kvlist	 l = { 0 };

	ck_assert_int_eq(vs_cookie_parse(&l,
	    "novalue; =x; bad name=1; ok=1; sp=a b; q=\"x;y\"; b=\\x"), 0);
	ck_assert_str_eq(vs_kv_get(&l, "ok"), "1");
	ck_assert_ptr_null(vs_kv_get(&l, "novalue"));
	ck_assert_ptr_null(vs_kv_get(&l, "sp"));
	ck_assert_ptr_null(vs_kv_get(&l, "b"));
	vs_kv_free(&l);
	ck_assert_int_eq(vs_cookie_parse(&l, ""), 0);
	ck_assert_int_eq(vs_cookie_parse(&l, " ;; ; "), 0);
	ck_assert_uint_eq(l.kl_len, 0);
}
END_TEST

int
main(void)
{
	RUN_TESTS("cookie", cookie_pairs, cookie_skips_malformed);
}
