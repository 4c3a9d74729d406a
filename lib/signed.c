/* signed.c: expiring tokens bound to a subject, checked without storage. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crypto.h"
#include "signed.h"
#include "str.h"

static void
token_mac(const char *purpose, const char *subject, long expiry,
    char hex[VS_SHA256_HEX])
{
	unsigned char	 mac[VS_SHA256_LEN];
	char		 msg[512];
	int		 n;

	n = snprintf(msg, sizeof(msg), "%s\n%ld", subject, expiry);
	vs_mac(purpose, msg, (size_t)n < sizeof(msg) ? (size_t)n :
	    sizeof(msg) - 1, mac);
	vs_hex(hex, mac, sizeof(mac));
}

int
vs_signed_make(const char *purpose, const char *subject, long expiry,
    char *out, size_t len)
{
	char	 hex[VS_SHA256_HEX];
	int	 n;

	token_mac(purpose, subject, expiry, hex);
	n = snprintf(out, len, "%ld.%s", expiry, hex);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int
vs_signed_check(const char *purpose, const char *subject, const char *token)
{
	char		 num[24], hex[VS_SHA256_HEX];
	const char	*dot, *err;
	long long	 expiry;

	if (token == NULL || (dot = strchr(token, '.')) == NULL ||
	    (size_t)(dot - token) >= sizeof(num))
		return 0;
	memcpy(num, token, (size_t)(dot - token));
	num[dot - token] = '\0';
	if (vs_str_tonum(num, 1, 1LL << 40, &expiry, &err) == -1 ||
	    expiry < (long long)time(NULL))
		return 0;
	token_mac(purpose, subject, (long)expiry, hex);
	return vs_str_ct_equal(hex, strlen(hex), dot + 1, strlen(dot + 1));
}
