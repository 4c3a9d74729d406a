/* test_tus.c: the tus rules, and the base64 and UTF-8 helpers they need. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <limits.h>
#include <string.h>

#include <json-c/json.h>

#include <vstream.h>

#include "runner.h"

START_TEST(metadata)
{
	struct vs_kvlist	 l = { 0 };

	/* "filename" world.mp4, "title" Hi there, "empty" alone. */
	ck_assert_int_eq(vs_tus_metadata("filename d29ybGQubXA0,title "
	    "SGkgdGhlcmU=, empty", &l), 0);
	ck_assert_uint_eq(l.kl_len, 3);
	ck_assert_str_eq(vs_kv_get(&l, "filename"), "world.mp4");
	ck_assert_str_eq(vs_kv_get(&l, "title"), "Hi there");
	ck_assert_str_eq(vs_kv_get(&l, "empty"), "");
	vs_kv_free(&l);
	ck_assert_int_eq(vs_tus_metadata("", &l), 0);
	ck_assert_uint_eq(l.kl_len, 0);
}
END_TEST

START_TEST(bad_metadata)
{
	const char		*bad[] = { "a b", "a YQ==,a YQ==",
				    "a YQ", "a Y===", "a YQ==,", ",a YQ==",
				    "a  YQ==", "a\x01 YQ==", "a AA==",
				    "a,,b", "a YQ==\tb" };
	struct vs_kvlist	 l = { 0 };
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(vs_tus_metadata(bad[i], &l) == -1, "%s", bad[i]);
		ck_assert_uint_eq(l.kl_len, 0);
	}
}
END_TEST

START_TEST(checksum)
{
	struct vs_tus_sum	 s;

	/* sha1("") */
	ck_assert_int_eq(vs_tus_checksum("sha1 2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
	    &s), 0);
	ck_assert_str_eq(s.ts_algo, "sha1");
	ck_assert_uint_eq(s.ts_len, 20);
	ck_assert_int_eq(s.ts_digest[0], 0xda);
	ck_assert_int_eq(vs_tus_checksum("md5 1B2M2Y8AsgTpgAmY7PhCfg==", &s),
	    -1);
	ck_assert_int_eq(vs_tus_checksum("sha1 AAAA", &s), -1);
	ck_assert_int_eq(vs_tus_checksum("sha1", &s), -1);
	ck_assert_int_eq(vs_tus_checksum("sha256 "
	    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", &s), 0);
	ck_assert_uint_eq(s.ts_len, 32);
}
END_TEST

START_TEST(sizes)
{
	long long	 n;

	ck_assert_int_eq(vs_tus_size("0", 10, &n), 0);
	ck_assert_int_eq(vs_tus_size("10", 10, &n), 0);
	ck_assert(n == 10);
	ck_assert_int_eq(vs_tus_size("11", 10, &n), -1);
	ck_assert_int_eq(vs_tus_size("-1", 10, &n), -1);
	ck_assert_int_eq(vs_tus_size("+1", 10, &n), -1);
	ck_assert_int_eq(vs_tus_size(" 1", 10, &n), -1);
	ck_assert_int_eq(vs_tus_size(NULL, 10, &n), -1);
	ck_assert_int_eq(vs_tus_size("", 10, &n), -1);
	ck_assert_int_eq(vs_tus_size("-0", 10, &n), -1);
	ck_assert_int_eq(vs_tus_size("1 ", 10, &n), -1);
	ck_assert_int_eq(vs_tus_size("9223372036854775807", LLONG_MAX, &n), 0);
	ck_assert(n == LLONG_MAX);
	ck_assert_int_eq(vs_tus_size("9223372036854775808", LLONG_MAX, &n),
	    -1);
	ck_assert(vs_tus_version_ok("1.0.0"));
	ck_assert(!vs_tus_version_ok("1.0"));
	ck_assert(!vs_tus_version_ok(NULL));
}
END_TEST

/* A body at an offset within the length, without overflow. */
START_TEST(fits)
{
	ck_assert(vs_tus_fits(0, 10, 10));
	ck_assert(!vs_tus_fits(0, 11, 10));
	ck_assert(vs_tus_fits(10, 0, 10));
	ck_assert(!vs_tus_fits(11, 0, 10));
	ck_assert(vs_tus_fits(4, 6, 10));
	ck_assert(!vs_tus_fits(4, 7, 10));
	/* A Content-Length of INT64_MAX at an offset: no wrap-around. */
	ck_assert(!vs_tus_fits(1, LLONG_MAX, 100));
	ck_assert(!vs_tus_fits(LLONG_MAX, LLONG_MAX, LLONG_MAX));
	ck_assert(vs_tus_fits(LLONG_MAX, 0, LLONG_MAX));
	ck_assert(vs_tus_fits(1, LLONG_MAX - 1, LLONG_MAX));
	ck_assert(!vs_tus_fits(1, LLONG_MAX, LLONG_MAX));
	ck_assert(!vs_tus_fits(-1, 1, 10));
	ck_assert(!vs_tus_fits(0, -1, 10));
}
END_TEST

START_TEST(base64)
{
	unsigned char	 out[8];

	ck_assert_int_eq(vs_str_base64("YWJj", 4, out, sizeof(out)), 3);
	ck_assert_int_eq(memcmp(out, "abc", 3), 0);
	ck_assert_int_eq(vs_str_base64("YWI=", 4, out, sizeof(out)), 2);
	ck_assert_int_eq(vs_str_base64("YQ==", 4, out, sizeof(out)), 1);
	ck_assert_int_eq(vs_str_base64("", 0, out, sizeof(out)), 0);
	ck_assert_int_eq(vs_str_base64("Y=Q=", 4, out, sizeof(out)), -1);
	ck_assert_int_eq(vs_str_base64("=QQQ", 4, out, sizeof(out)), -1);
	ck_assert_int_eq(vs_str_base64("YWJjYWJjYWJj", 12, out, sizeof(out)),
	    -1);
}
END_TEST

START_TEST(utf8)
{
	ck_assert(vs_str_utf8("plain"));
	ck_assert(vs_str_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8e\xac"));
	ck_assert(!vs_str_utf8("\xc3"));
	ck_assert(!vs_str_utf8("\xc0\xaf"));		/* overlong */
	ck_assert(!vs_str_utf8("\xed\xa0\x80"));	/* surrogate */
	ck_assert(!vs_str_utf8("\xf4\x90\x80\x80"));	/* past U+10FFFF */
	ck_assert(!vs_str_utf8("\xff"));
}
END_TEST

/* The headers of a body, each refused for its own reason. */
START_TEST(body)
{
	struct vs_tus_sum	 sum;
	struct vs_tus_refusal	 r;

	ck_assert_int_eq(vs_tus_body(VS_TUS_TYPE, 0, NULL, &sum, &r), VS_OK);
	ck_assert_ptr_null(sum.ts_algo);
	ck_assert_int_eq(vs_tus_body(VS_TUS_TYPE "; x=1", 5,
	    "sha1 2jmj7l5rSw0yVb/vlWAYkK/YBwk=", &sum, &r), VS_OK);
	ck_assert_str_eq(sum.ts_algo, "sha1");
	ck_assert_int_eq(vs_tus_body("text/plain", 5, NULL, &sum, &r),
	    VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_TYPE);
	ck_assert_int_eq(vs_tus_body(NULL, 5, NULL, &sum, &r), VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_TYPE);
	ck_assert_int_eq(vs_tus_body(VS_TUS_TYPE, -1, NULL, &sum, &r),
	    VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_NO_LENGTH);
	ck_assert_int_eq(vs_tus_body(VS_TUS_TYPE, 5, "md5 AAAA", &sum, &r),
	    VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_CHECKSUM);
	ck_assert_ptr_null(sum.ts_algo);
	ck_assert_str_eq(r.tr_text, "");
}
END_TEST

/* Known keys with a value are kept; the rest is dropped or refused. */
START_TEST(meta)
{
	struct json_object	*o;
	struct vs_tus_refusal	 r;

	/* filename a.mp4, title Hi, other x, description "". */
	ck_assert_int_eq(vs_tus_meta("filename YS5tcDQ=,title SGk=,other eA==,"
	    "description", &o, &r), VS_OK);
	ck_assert_str_eq(vs_tus_meta_get(o, VS_TUS_M_FILENAME, "-"), "a.mp4");
	ck_assert_str_eq(vs_tus_meta_get(o, VS_TUS_M_TITLE, "-"), "Hi");
	ck_assert_str_eq(vs_tus_meta_get(o, VS_TUS_M_DESC, "-"), "-");
	ck_assert_int_eq(json_object_object_length(o), 2);
	json_object_put(o);
	ck_assert_int_eq(vs_tus_meta(NULL, &o, &r), VS_OK);
	ck_assert_int_eq(json_object_object_length(o), 0);
	json_object_put(o);
	ck_assert_int_eq(vs_tus_meta("title", &o, &r), VS_OK);
	json_object_put(o);
}
END_TEST

START_TEST(bad_meta)
{
	struct json_object	*o;
	struct vs_tus_refusal	 r;

	ck_assert_int_eq(vs_tus_meta("a YQ", &o, &r), VS_EINVAL);
	ck_assert_ptr_null(o);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_METADATA);
	ck_assert_str_eq(r.tr_text, "");
	/* visibility "everyone" */
	ck_assert_int_eq(vs_tus_meta("visibility ZXZlcnlvbmU=", &o, &r),
	    VS_EINVAL);
	ck_assert_ptr_null(o);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_METADATA);
	ck_assert_str_eq(r.tr_text, "Visibility is public, unlisted or "
	    "private.");
	/* a file name of "\xff" */
	ck_assert_int_eq(vs_tus_meta("filename /w==", &o, &r), VS_EINVAL);
	ck_assert_ptr_null(o);
	ck_assert(strstr(r.tr_text, "file name") != NULL);
}
END_TEST

START_TEST(refuse)
{
	struct vs_tus_refusal	 r;
	char			 date[64];

	ck_assert_int_eq(vs_tus_refuse(&r, VS_TUS_R_OVER_QUOTA, "%d of %d",
	    3, 4), VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_OVER_QUOTA);
	ck_assert_str_eq(r.tr_text, "3 of 4");
	vs_tus_refuse(&r, VS_TUS_R_GONE, NULL);
	ck_assert_str_eq(r.tr_text, "");
	ck_assert_int_eq(vs_tus_date(0, date, sizeof(date)), 0);
	ck_assert_str_eq(date, "Thu, 01 Jan 1970 00:00:00 GMT");
	ck_assert_int_eq(vs_tus_date(0, date, 8), -1);
}
END_TEST

int
main(void)
{
	RUN_TESTS("tus", metadata, bad_metadata, checksum, sizes, fits, base64,
	    utf8, body, meta, bad_meta, refuse);
}
