/* test_signed.c: the tokens of signed links: expiry, generation, MAC. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vstream.h>

#include "runner.h"

#define VIDEO	"4d7a4131-6a8e-4632-8277-c6dee8602b5b"

/* 1 when token checks for VIDEO under purpose "media". */
static int
good(const char *token)
{
	struct vs_signed_link	 l;

	return vs_signed_link_check("media", VIDEO, token, &l);
}

START_TEST(link_roundtrip)
{
	struct vs_signed_link	 l;
	char			 t[VS_SIGNED_MAX], want[64];
	long			 later = (long)time(NULL) + 100;

	with_secret(SECRET);
	ck_assert_int_eq(vs_signed_link_make("media", VIDEO, 7, later, t,
	    sizeof(t)), 0);
	snprintf(want, sizeof(want), "%ld.7.", later);
	ck_assert_int_eq(strncmp(t, want, strlen(want)), 0);
	ck_assert_uint_eq(strlen(t), strlen(want) + 64);
	ck_assert_uint_eq(strspn(t + strlen(want), "0123456789abcdef"), 64);
	ck_assert(vs_signed_link_check("media", VIDEO, t, &l));
	ck_assert_int_eq(l.sl_gen, 7);
	ck_assert_int_eq(l.sl_expiry, later);
}
END_TEST

START_TEST(link_binds_everything)
{
	struct vs_signed_link	 l;
	char			 t[VS_SIGNED_MAX], forged[VS_SIGNED_MAX], *dot;
	long			 later = (long)time(NULL) + 100;

	with_secret(SECRET);
	ck_assert_int_eq(vs_signed_link_make("media", VIDEO, 7, later, t,
	    sizeof(t)), 0);
	ck_assert(!vs_signed_link_check("media",
	    "00000000-0000-4000-8000-000000000000", t, &l));
	ck_assert(!vs_signed_link_check("verify", VIDEO, t, &l));
	/* Another generation or expiry with the same MAC. */
	dot = strrchr(t, '.');
	snprintf(forged, sizeof(forged), "%ld.8%s", later, dot);
	ck_assert(!good(forged));
	snprintf(forged, sizeof(forged), "%ld.7%s", later + 1, dot);
	ck_assert(!good(forged));
	snprintf(forged, sizeof(forged), "%s", t);
	forged[strlen(forged) - 1] ^= 1;
	ck_assert(!good(forged));
	/* The same key under another secret. */
	with_secret("fedcba9876543210fedcba9876543210");
	ck_assert(!good(t));
}
END_TEST

START_TEST(link_expires)
{
	char	 t[VS_SIGNED_MAX];

	with_secret(SECRET);
	ck_assert_int_eq(vs_signed_link_make("media", VIDEO, 1,
	    (long)time(NULL) - 1, t, sizeof(t)), 0);
	ck_assert(!good(t));
	ck_assert_int_eq(vs_signed_link_make("media", VIDEO, 1, 1000, t,
	    sizeof(t)), 0);
	ck_assert(!good(t));
}
END_TEST

START_TEST(link_rejects_malformed)
{
	char	 t[VS_SIGNED_MAX], old[VS_SIGNED_MAX];
	long	 later = (long)time(NULL) + 100;

	with_secret(SECRET);
	ck_assert_int_eq(vs_signed_link_make("media", VIDEO, 0, later, t,
	    sizeof(t)), -1);
	ck_assert_int_eq(vs_signed_link_make("media", VIDEO, -3, later, t,
	    sizeof(t)), -1);
	ck_assert_int_eq(vs_signed_link_make("media", VIDEO, 1, later, t, 20),
	    -1);
	/* A token without a generation is not a link. */
	ck_assert_int_eq(vs_signed_make("media", VIDEO, later, old,
	    sizeof(old)), 0);
	ck_assert(!good(old));
	ck_assert(!good(NULL));
	ck_assert(!good(""));
	ck_assert(!good("."));
	ck_assert(!good(".."));
	ck_assert(!good("99999999999.1."));
	ck_assert(!good("99999999999.0.abc"));
	ck_assert(!good("99999999999.-1.abc"));
	ck_assert(!good("99999999999.x.abc"));
	ck_assert(!good("99999999999999999999999.1.abc"));
	ck_assert(!good("99999999999.99999999999999999999999.abc"));
	ck_assert(!good("99999999999.1"));
}
END_TEST

START_TEST(plain_tokens_unchanged)
{
	char	 t[VS_SIGNED_MAX];
	long	 later = (long)time(NULL) + 100;

	with_secret(SECRET);
	ck_assert_int_eq(vs_signed_make("verify", VIDEO, later, t, sizeof(t)),
	    0);
	ck_assert_ptr_null(strchr(strchr(t, '.') + 1, '.'));
	ck_assert(vs_signed_check("verify", VIDEO, t));
	ck_assert_int_eq(vs_signed_link_make("verify", VIDEO, 1, later, t,
	    sizeof(t)), 0);
	ck_assert(!vs_signed_check("verify", VIDEO, t));
}
END_TEST

int
main(void)
{
	RUN_TESTS("signed", link_roundtrip, link_binds_everything,
	    link_expires, link_rejects_malformed, plain_tokens_unchanged);
}
