/* url.c: percent-decoding, query strings, local redirect targets, base path. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdlib.h>
#include <string.h>

#include "kv.h"
#include "str.h"
#include "url.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
vs_url_decode(const char *s, size_t len, int plus)
{
	char	*out, *p;
	size_t	 i;
	int	 hi, lo;

	if ((out = p = malloc(len + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] == '\0')
			goto bad;
		if (s[i] == '+' && plus) {
			*p++ = ' ';
			continue;
		}
		if (s[i] != '%') {
			*p++ = s[i];
			continue;
		}
		if (len - i < 3)
			goto bad;
		if ((hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0)
			goto bad;
		if ((*p++ = (char)(hi << 4 | lo)) == '\0')
			goto bad;
		i += 2;
	}
	*p = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

int
vs_url_encode(struct vs_buf *b, const char *s)
{
	int	 rc = 0;

	for (; rc == 0 && *s != '\0'; s++) {
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789-._~", *s) != NULL)
			rc = vs_buf_add(b, s, 1);
		else
			rc = vs_buf_printf(b, "%%%02X", (unsigned char)*s);
	}
	return rc;
}

static int
query_pair(struct vs_kvlist *l, const char *s, size_t len)
{
	const char	*eq = memchr(s, '=', len);
	size_t		 klen = eq ? (size_t)(eq - s) : len;
	char		*k = NULL, *v = NULL;
	int		 rc = -1;

	if ((k = vs_url_decode(s, klen, 1)) == NULL)
		goto out;
	if (eq != NULL)
		v = vs_url_decode(eq + 1, len - klen - 1, 1);
	else
		v = strdup("");
	if (v == NULL)
		goto out;
	rc = vs_kv_add(l, k, v);
out:
	free(k);
	free(v);
	return rc;
}

int
vs_url_query(struct vs_kvlist *l, const char *s)
{
	size_t	 len;

	while (*s != '\0') {
		len = strcspn(s, "&");
		if (len > 0 && query_pair(l, s, len) == -1)
			return -1;
		s += len;
		if (*s == '&')
			s++;
	}
	return 0;
}

/* One level of vs_url_local_path(): the bytes as they stand. */
static int
plain_local(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return 0;
	for (; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '\\' || *p == ':')
			return 0;
	return 1;
}

int
vs_url_local_path(const char *s)
{
	const char	*at = s;
	char		*dec = NULL, *next;
	int		 depth, ok = 0;

	if (strlen(s) > VS_URL_PATH_MAX || !plain_local(s))
		return 0;
	/* Browsers and servers may decode again; so does this, each level. */
	for (depth = 0; depth <= VS_URL_PATH_DEPTH; depth++) {
		if (strchr(at, '%') == NULL) {
			ok = 1;
			break;
		}
		if (depth == VS_URL_PATH_DEPTH)
			break;
		next = vs_url_decode(at, strlen(at), 0);
		free(dec);
		at = dec = next;
		if (dec == NULL || !plain_local(dec))
			break;
	}
	free(dec);
	return ok;
}

/* Is the segment of len bytes at s empty, "." or ".."? */
static int
dot_segment(const char *s, size_t len)
{
	return len == 0 || (len <= 2 && strncmp(s, "..", len) == 0);
}

int
vs_url_base_path(const char *base, char *buf, size_t len)
{
	const char	*p = strstr(base, "://");
	size_t		 n, seg;

	if (p == NULL || len == 0)
		return -1;
	p += 3;
	p += strcspn(p, "/");
	n = strlen(p);
	while (n > 0 && p[n - 1] == '/')
		n--;
	if (n >= len || strspn(p, VS_URL_BASE_CHARS) < n)
		return -1;
	/* Below the host each segment is a real name: no "//", ".", "..". */
	for (seg = 1; seg < n; seg += strcspn(p + seg, "/") + 1)
		if (dot_segment(p + seg, strcspn(p + seg, "/")))
			return -1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return 0;
}
