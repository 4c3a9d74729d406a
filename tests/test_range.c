/* test_range.c: the Range header against a body size. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <limits.h>

#include <vstream.h>

#include "runner.h"

START_TEST(ranges)
{
	long long	 f, l;

	ck_assert_int_eq(vs_range_parse("bytes=0-499", 1000, &f, &l),
	    VS_RANGE_OK);
	ck_assert(f == 0 && l == 499);
	ck_assert_int_eq(vs_range_parse("bytes=500-", 1000, &f, &l),
	    VS_RANGE_OK);
	ck_assert(f == 500 && l == 999);
	ck_assert_int_eq(vs_range_parse("bytes=-100", 1000, &f, &l),
	    VS_RANGE_OK);
	ck_assert(f == 900 && l == 999);
	ck_assert_int_eq(vs_range_parse("bytes=-5000", 1000, &f, &l),
	    VS_RANGE_OK);
	ck_assert(f == 0 && l == 999);
	ck_assert_int_eq(vs_range_parse("bytes=900-5000", 1000, &f, &l),
	    VS_RANGE_OK);
	ck_assert(f == 900 && l == 999);
}
END_TEST

START_TEST(unsatisfiable)
{
	long long	 f, l;

	ck_assert_int_eq(vs_range_parse("bytes=1000-", 1000, &f, &l),
	    VS_RANGE_UNSATISFIABLE);
	ck_assert_int_eq(vs_range_parse("bytes=-0", 1000, &f, &l),
	    VS_RANGE_UNSATISFIABLE);
	ck_assert_int_eq(vs_range_parse("bytes=0-", 0, &f, &l),
	    VS_RANGE_UNSATISFIABLE);
	ck_assert_int_eq(vs_range_parse("bytes=9223372036854775807-", 1000,
	    &f, &l), VS_RANGE_UNSATISFIABLE);
	ck_assert_int_eq(vs_range_parse("bytes=1000-1000", 1000, &f, &l),
	    VS_RANGE_UNSATISFIABLE);
}
END_TEST

/* The largest numbers, and each end of the file. */
START_TEST(edges)
{
	long long	 f, l;

	ck_assert_int_eq(vs_range_parse("bytes=999-", 1000, &f, &l),
	    VS_RANGE_OK);
	ck_assert(f == 999 && l == 999);
	ck_assert_int_eq(vs_range_parse("bytes=0-0", 1000, &f, &l),
	    VS_RANGE_OK);
	ck_assert(f == 0 && l == 0);
	ck_assert_int_eq(vs_range_parse("bytes=0-999", 1000, &f, &l),
	    VS_RANGE_OK);
	ck_assert(f == 0 && l == 999);
	ck_assert_int_eq(vs_range_parse("bytes=0-1000", 1000, &f, &l),
	    VS_RANGE_OK);
	ck_assert(f == 0 && l == 999);
	ck_assert_int_eq(vs_range_parse("bytes=-1", 1000, &f, &l),
	    VS_RANGE_OK);
	ck_assert(f == 999 && l == 999);
	ck_assert_int_eq(vs_range_parse("bytes=-1000", 1000, &f, &l),
	    VS_RANGE_OK);
	ck_assert(f == 0 && l == 999);
	ck_assert_int_eq(vs_range_parse("bytes=-1001", 1000, &f, &l),
	    VS_RANGE_OK);
	ck_assert(f == 0 && l == 999);
	ck_assert_int_eq(vs_range_parse("bytes=0-9223372036854775807", 1000,
	    &f, &l), VS_RANGE_OK);
	ck_assert(f == 0 && l == 999);
	ck_assert_int_eq(vs_range_parse("bytes=-9223372036854775807", 1000,
	    &f, &l), VS_RANGE_OK);
	ck_assert(f == 0 && l == 999);
	ck_assert_int_eq(vs_range_parse("bytes=9223372036854775806-"
	    "9223372036854775807", LLONG_MAX, &f, &l), VS_RANGE_OK);
	ck_assert(f == LLONG_MAX - 1 && l == LLONG_MAX - 1);
}
END_TEST

START_TEST(ignored)
{
	long long	 f, l;
	const char	*bad[] = { NULL, "", "bytes=", "bytes=-", "items=0-1",
			    "bytes=5-1", "bytes=0-1,3-4", "bytes=a-b",
			    "bytes= 0-1", "bytes=0-1x", "bytes=+1-2",
			    "bytes=99999999999999999999-",
			    "bytes=9223372036854775808-",
			    "bytes=0-9223372036854775808", "bytes=-0-1",
			    "bytes=0--1", "bytes=0 -1", "bytes=0- 1",
			    "bytes=0-1 " };
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(vs_range_parse(bad[i], 1000, &f, &l) ==
		    VS_RANGE_NONE, "%s", bad[i] ? bad[i] : "NULL");
}
END_TEST

int
main(void)
{
	RUN_TESTS("range", ranges, unsatisfiable, edges, ignored);
}
