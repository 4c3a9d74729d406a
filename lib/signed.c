/* signed.c: expiring tokens bound to a subject, checked without storage. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crypto.h"
#include "signed.h"
#include "str.h"

/* Latest expiry and highest generation a token may name. */
#define EXPIRY_MAX	(1LL << 40)
#define GEN_MAX		(1LL << 62)

static void
token_mac(const char *purpose, const char *msg, int n,
    char hex[VS_SHA256_HEX])
{
	unsigned char	 mac[VS_SHA256_LEN];

	vs_mac(purpose, msg, n < 0 ? 0 : (size_t)n, mac);
	vs_hex(hex, mac, sizeof(mac));
}

/*
 * Take the decimal number in [min, max] that *s starts with, up to a dot,
 * and step past the dot. 0, or -1 when there is none.
 */
static int
take_number(const char **s, long long min, long long max, long long *n)
{
	char		 num[24];
	const char	*dot, *err;

	if ((dot = strchr(*s, '.')) == NULL ||
	    (size_t)(dot - *s) >= sizeof(num))
		return -1;
	memcpy(num, *s, (size_t)(dot - *s));
	num[dot - *s] = '\0';
	if (vs_str_tonum(num, min, max, n, &err) == -1)
		return -1;
	*s = dot + 1;
	return 0;
}

int
vs_signed_make(const char *purpose, const char *subject, long expiry,
    char *out, size_t len)
{
	char	 hex[VS_SHA256_HEX], msg[512];
	int	 n;

	n = snprintf(msg, sizeof(msg), "%s\n%ld", subject, expiry);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return -1;
	token_mac(purpose, msg, n, hex);
	n = snprintf(out, len, "%ld.%s", expiry, hex);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int
vs_signed_check(const char *purpose, const char *subject, const char *token)
{
	char		 hex[VS_SHA256_HEX], msg[512];
	long long	 expiry;
	int		 n;

	if (token == NULL ||
	    take_number(&token, 1, EXPIRY_MAX, &expiry) == -1 ||
	    expiry < (long long)time(NULL))
		return 0;
	n = snprintf(msg, sizeof(msg), "%s\n%lld", subject, expiry);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return 0;
	token_mac(purpose, msg, n, hex);
	return vs_str_ct_equal(hex, strlen(hex), token, strlen(token));
}

int
vs_signed_link_make(const char *purpose, const char *subject, long long gen,
    long expiry, char *out, size_t len)
{
	char	 hex[VS_SHA256_HEX], msg[512];
	int	 n;

	n = snprintf(msg, sizeof(msg), "%s\n%lld\n%ld", subject, gen, expiry);
	if (gen < 1 || gen > GEN_MAX || n < 0 || (size_t)n >= sizeof(msg))
		return -1;
	token_mac(purpose, msg, n, hex);
	n = snprintf(out, len, "%ld.%lld.%s", expiry, gen, hex);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int
vs_signed_link_check(const char *purpose, const char *subject,
    const char *token, struct vs_signed_link *l)
{
	char		 hex[VS_SHA256_HEX], msg[512];
	long long	 expiry;
	int		 n;

	if (token == NULL ||
	    take_number(&token, 1, EXPIRY_MAX, &expiry) == -1 ||
	    expiry < (long long)time(NULL) ||
	    take_number(&token, 1, GEN_MAX, &l->sl_gen) == -1)
		return 0;
	l->sl_expiry = (long)expiry;
	n = snprintf(msg, sizeof(msg), "%s\n%lld\n%ld", subject, l->sl_gen,
	    l->sl_expiry);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return 0;
	token_mac(purpose, msg, n, hex);
	return vs_str_ct_equal(hex, strlen(hex), token, strlen(token));
}
