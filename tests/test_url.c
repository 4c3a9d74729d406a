/* test_url.c: percent-decoding, query strings, key/value lists, redirects. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
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

/* Redirect targets a browser would take to another site, or worse. */
static const char *const not_local[] = {
	"", "account", "//evil.example", "//evil.example/", "///evil.example",
	"/\\evil.example", "\\\\evil.example", "/\\/evil.example",
	"%2F%2Fevil.example", "/%2Fevil.example", "/%2f%2fevil.example",
	"/%5Cevil.example", "/%5cevil.example", "/%09/evil.example",
	"/\t/evil.example", "/ /evil.example", "/%20/evil.example",
	"/a\rb", "/a\nb", "/a%0d%0aSet-Cookie:x=1", "/a%0D%0Ab",
	"/%00", "/a%7f", "/a\x7f", "/a\x01b", "/%252F%252Fevil.example",
	"/%25252F/evil.example", "/%2525252F/evil.example",
	"https://evil.example", "http:evil.example", "javascript:alert(1)",
	"/javascript:alert(1)", "/x?next=https://evil.example", "/%3A",
	"JaVaScRiPt:alert(1)", " /account", "/account ", "/a%zz", "/a%",
	"/a%2", "/a%25zz", "/%2525252525", "/a\\b",
};

static const char *const local[] = {
	"/", "/account", "/videos/4d7a4131-6a8e-4632-8277-c6dee8602b5b",
	"/account?error=current", "/login?next=%2Faccount",
	"/search?q=cats&page=2", "/u/%C3%A9", "/a%2541", "/a#top",
	"/caf\xc3\xa9",
};

START_TEST(local_paths)
{
	struct vs_buf	 b = { 0 };
	size_t		 i;

	for (i = 0; i < sizeof(not_local) / sizeof(not_local[0]); i++)
		ck_assert_msg(!vs_url_local_path(not_local[i]), "taken: %s",
		    not_local[i]);
	for (i = 0; i < sizeof(local) / sizeof(local[0]); i++)
		ck_assert_msg(vs_url_local_path(local[i]), "refused: %s",
		    local[i]);
	/* Longer than any page of this site has a right to be. */
	vs_buf_puts(&b, "/");
	for (i = 0; i < VS_URL_PATH_MAX; i++)
		vs_buf_puts(&b, "a");
	ck_assert(!vs_url_local_path(b.b_data));
	b.b_data[VS_URL_PATH_MAX] = '\0';
	ck_assert(vs_url_local_path(b.b_data));
	vs_buf_free(&b);
}
END_TEST

START_TEST(base_paths)
{
	static const char *const good[][2] = {
		{ "https://example.org", "" },
		{ "https://example.org/", "" },
		{ "http://127.0.0.1:8080//", "" },
		{ "https://example.org/~ann/video/", "/~ann/video" },
		{ "https://example.org/video", "/video" },
		{ "https://example.org/a.b/c-d_e", "/a.b/c-d_e" },
	};
	static const char *const bad[] = {
		"example.org/video", "https://h/a b", "https://h/a%20b",
		"https://h/a?x=1", "https://h/a#f", "https://h/a//b",
		"https://h/./a", "https://h/a/..", "https://h/a\"b",
		"https://h/<script>", "https://h/a;b",
	};
	char	 buf[16];
	size_t	 i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ck_assert_int_eq(vs_url_base_path(good[i][0], buf,
		    sizeof(buf)), 0);
		ck_assert_str_eq(buf, good[i][1]);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(vs_url_base_path(bad[i], buf, sizeof(buf)) == -1,
		    "taken: %s", bad[i]);
	/* buf holds 15 bytes and the NUL. */
	ck_assert_int_eq(vs_url_base_path("http://h/aaaaaaaaaaaaaaa", buf,
	    sizeof(buf)), -1);
	ck_assert_int_eq(vs_url_base_path("http://h/aaaaaaaaaaaaaa", buf,
	    sizeof(buf)), 0);
}
END_TEST

int
main(void)
{
	RUN_TESTS("url", decode_escapes, decode_rejects, query_pairs,
	    query_rejects, query_capped, local_paths, base_paths);
}
