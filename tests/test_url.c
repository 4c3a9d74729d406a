/* test_url.c: percent-decoding, query strings and key/value lists. */
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

#include "runner.h"

START_TEST(decode_escapes)
{
	char	*s;

	s = vs_url_decode("a%20b+c%2Fd", 11, 1);
	ck_assert_str_eq(s, "a b c/d");
	free(s);
	s = vs_url_decode("a+b", 3, 0);
	ck_assert_str_eq(s, "a+b");
	free(s);
	s = vs_url_decode("%e2%82%AC", 9, 0);
	ck_assert_str_eq(s, "\xe2\x82\xac");
	free(s);
}
END_TEST

START_TEST(decode_rejects)
{
	ck_assert_ptr_null(vs_url_decode("%", 1, 0));
	ck_assert_ptr_null(vs_url_decode("%4", 2, 0));
	ck_assert_ptr_null(vs_url_decode("%zz", 3, 0));
	ck_assert_ptr_null(vs_url_decode("a%00b", 5, 0));
	/* The length bounds the read, not the NUL. */
	ck_assert_ptr_null(vs_url_decode("ab%2", 4, 0));
}
END_TEST

START_TEST(query_pairs)
{
	struct vs_kvlist	 l = { 0 };

	ck_assert_int_eq(vs_url_query(&l,
	    "q=hello+world&limit=20&&flag&e=&q=second"), 0);
	ck_assert_uint_eq(l.kl_len, 5);
	ck_assert_str_eq(vs_kv_get(&l, "q"), "hello world");
	ck_assert_str_eq(vs_kv_get(&l, "limit"), "20");
	ck_assert_str_eq(vs_kv_get(&l, "flag"), "");
	ck_assert_str_eq(vs_kv_get(&l, "e"), "");
	ck_assert_ptr_null(vs_kv_get(&l, "missing"));
	vs_kv_free(&l);
	vs_kv_free(&l);
	vs_kv_free(NULL);
}
END_TEST

START_TEST(query_rejects)
{
	struct vs_kvlist	 l = { 0 };

	ck_assert_int_eq(vs_url_query(&l, "a=%zz"), -1);
	vs_kv_free(&l);
	ck_assert_int_eq(vs_url_query(&l, "a=%00"), -1);
	vs_kv_free(&l);
}
END_TEST

START_TEST(query_capped)
{
	struct vs_kvlist	 l = { 0 };
	struct vs_buf		 b = { 0 };
	int			 i;

	for (i = 0; i < 1000; i++)
		vs_buf_printf(&b, "k%d=v&", i);
	ck_assert_int_eq(vs_url_query(&l, b.b_data), -1);
	ck_assert_uint_le(l.kl_len, 256);
	vs_kv_free(&l);
	vs_buf_free(&b);
}
END_TEST

int
main(void)
{
	RUN_TESTS("url", decode_escapes, decode_rejects, query_pairs,
	    query_rejects, query_capped);
}
