/* test_doctor.c: the doctor's token and the worker staleness limit. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vstream.h>

#include "runner.h"

#define OTHER	"fedcba9876543210fedcba9876543210"

static void
with(const char *secret, const char *poll)
{
	setenv("VSTREAM_WORKER_POLL", poll, 1);
	with_secret(secret);
}

/* A token as the doctor makes it, for time t. */
static void
token_for(long long t, char *buf, size_t len)
{
	unsigned char	 mac[VS_SHA256_LEN];
	char		 when[24], hex[VS_SHA256_HEX];

	snprintf(when, sizeof(when), "%lld", t);
	vs_mac("doctor", when, strlen(when), mac);
	vs_hex(hex, mac, sizeof(mac));
	snprintf(buf, len, "%s.%s", when, hex);
}

START_TEST(token_roundtrip)
{
	char	 t[128], want[128];

	with(SECRET, "10");
	vs_doctor_token(t, sizeof(t));
	token_for((long long)time(NULL), want, sizeof(want));
	ck_assert_str_eq(t, want);
	ck_assert(vs_doctor_token_valid(t));
}
END_TEST

START_TEST(token_bound_to_secret)
{
	char	 t[128];

	with(OTHER, "10");
	vs_doctor_token(t, sizeof(t));
	with(SECRET, "10");
	ck_assert(!vs_doctor_token_valid(t));
}
END_TEST

START_TEST(token_expires)
{
	char		 t[128];
	long long	 now = (long long)time(NULL);

	with(SECRET, "10");
	token_for(now - 290, t, sizeof(t));
	ck_assert(vs_doctor_token_valid(t));
	token_for(now - 310, t, sizeof(t));
	ck_assert(!vs_doctor_token_valid(t));
	token_for(now + 310, t, sizeof(t));
	ck_assert(!vs_doctor_token_valid(t));
}
END_TEST

START_TEST(token_malformed)
{
	char	 t[128], *dot;

	with(SECRET, "10");
	ck_assert(!vs_doctor_token_valid(NULL));
	ck_assert(!vs_doctor_token_valid(""));
	ck_assert(!vs_doctor_token_valid("."));
	ck_assert(!vs_doctor_token_valid("123"));
	ck_assert(!vs_doctor_token_valid("123."));
	ck_assert(!vs_doctor_token_valid("-5.abc"));
	ck_assert(!vs_doctor_token_valid("99999999999999999999.abc"));
	vs_doctor_token(t, sizeof(t));
	dot = strchr(t, '.');
	dot[1] = dot[1] == '0' ? '1' : '0';
	ck_assert(!vs_doctor_token_valid(t));
	vs_doctor_token(t, sizeof(t));
	strcat(t, "0");
	ck_assert(!vs_doctor_token_valid(t));
}
END_TEST

START_TEST(stale_after_three_polls)
{
	with(SECRET, "10");
	ck_assert_int_eq(vs_doctor_stale_secs(), 120);
	with(SECRET, "60");
	ck_assert_int_eq(vs_doctor_stale_secs(), 180);
}
END_TEST

int
main(void)
{
	RUN_TESTS("doctor", token_roundtrip, token_bound_to_secret,
	    token_expires, token_malformed, stale_after_three_polls);
}
