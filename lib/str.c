/* str.c: growable byte buffers, strict number parsing and escaping. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "str.h"

static int
buf_grow(struct vs_buf *b, size_t more)
{
	size_t	 cap;
	char	*p;

	if (more > (size_t)-1 / 2 - b->b_len)
		return -1;
	if (b->b_len + more + 1 <= b->b_cap)
		return 0;
	cap = b->b_cap ? b->b_cap : 256;
	while (cap < b->b_len + more + 1)
		cap *= 2;
	if ((p = realloc(b->b_data, cap)) == NULL)
		return -1;
	b->b_data = p;
	b->b_cap = cap;
	return 0;
}

int
vs_buf_add(struct vs_buf *b, const void *data, size_t len)
{
	if (buf_grow(b, len) == -1)
		return -1;
	if (len > 0)
		memcpy(b->b_data + b->b_len, data, len);
	b->b_len += len;
	b->b_data[b->b_len] = '\0';
	return 0;
}

int
vs_buf_puts(struct vs_buf *b, const char *s)
{
	return vs_buf_add(b, s, strlen(s));
}

int
vs_buf_printf(struct vs_buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_grow(b, (size_t)n) == -1)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->b_data + b->b_len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->b_len += (size_t)n;
	return 0;
}

int
vs_buf_read(struct vs_buf *b, FILE *f, size_t max)
{
	char	 chunk[8192];
	size_t	 n, total = 0;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if ((total += n) > max || vs_buf_add(b, chunk, n) == -1)
			return -1;
	}
	if (ferror(f))
		return -1;
	return b->b_data == NULL ? vs_buf_add(b, "", 0) : 0;
}

void
vs_buf_free(struct vs_buf *b)
{
	if (b == NULL)
		return;
	free(b->b_data);
	b->b_data = NULL;
	b->b_len = b->b_cap = 0;
}

int
vs_str_tonum(const char *s, long long min, long long max, long long *out,
    const char **err)
{
	char		*end;
	long long	 v;

	*err = "not a number";
	if (s == NULL || *s == '\0')
		return -1;
	/* Digits only: no sign but a minus where one is allowed, no space. */
	if (*s == '-' && min >= 0) {
		*err = "too small";
		return -1;
	}
	if (s[*s == '-'] < '0' || s[*s == '-'] > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0')
		return -1;
	if ((errno == ERANGE && v == LLONG_MIN) || v < min) {
		*err = "too small";
		return -1;
	}
	if ((errno == ERANGE && v == LLONG_MAX) || v > max) {
		*err = "too large";
		return -1;
	}
	*err = NULL;
	*out = v;
	return 0;
}

/* Longest duration text taken ("999999h59m59s" and then some). */
#define SECONDS_TEXT_MAX	16

int
vs_str_seconds(const char *s, long long max, long long *out)
{
	static const struct {
		char		 u_name;
		long long	 u_seconds;
	} units[] = { { 'h', 3600 }, { 'm', 60 }, { 's', 1 } };
	const char	*err;
	long long	 total = 0, n;
	size_t		 digits, u = 0;

	if (s == NULL || *s == '\0' || strnlen(s, SECONDS_TEXT_MAX + 1) >
	    SECONDS_TEXT_MAX)
		return -1;
	if (s[strspn(s, "0123456789")] == '\0')
		return vs_str_tonum(s, 0, max, out, &err);
	while (*s != '\0') {
		if ((digits = strspn(s, "0123456789")) == 0 || digits > 6)
			return -1;
		n = strtoll(s, NULL, 10);
		s += digits;
		while (u < sizeof(units) / sizeof(units[0]) &&
		    units[u].u_name != *s)
			u++;
		if (u == sizeof(units) / sizeof(units[0]))
			return -1;
		total += n * units[u++].u_seconds;
		s++;
		if (total > max)
			return -1;
	}
	*out = total;
	return 0;
}

int
vs_str_html(struct vs_buf *b, const char *s)
{
	const char	*run, *ent;

	for (run = s; *s != '\0'; s++) {
		switch (*s) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: continue;
		}
		if (vs_buf_add(b, run, (size_t)(s - run)) == -1 ||
		    vs_buf_puts(b, ent) == -1)
			return -1;
		run = s + 1;
	}
	return vs_buf_add(b, run, (size_t)(s - run));
}

int
vs_str_index(const char *const *names, int n, const char *s)
{
	int	 i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

char *
vs_str_ndup(const char *s, size_t n)
{
	char	*p;

	if ((p = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int
vs_str_ct_equal(const void *a, size_t alen, const void *b, size_t blen)
{
	const unsigned char	*x = a, *y = b;
	unsigned char		 d = 0;
	size_t			 i;

	if (alen != blen)
		return 0;
	for (i = 0; i < alen; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}

static int
b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

long
vs_str_base64(const char *s, size_t len, unsigned char *out, size_t max)
{
	size_t		 i, n = 0, pad = 0;
	unsigned long	 acc = 0;
	int		 v;

	if (len % 4 != 0)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] == '=') {
			/* Padding: the last one or two characters only. */
			if (i + 2 < len || (i + 2 == len && s[len - 1] != '='))
				return -1;
			pad++;
			v = 0;
		} else if (pad > 0 || (v = b64_value((unsigned char)s[i])) < 0)
			return -1;
		acc = acc << 6 | (unsigned long)v;
		if (i % 4 == 3) {
			if (n + 3 - pad > max)
				return -1;
			out[n++] = acc >> 16 & 0xff;
			if (pad < 2)
				out[n++] = acc >> 8 & 0xff;
			if (pad < 1)
				out[n++] = acc & 0xff;
			acc = 0;
		}
	}
	return (long)n;
}

int
vs_str_utf8(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned long		 cp;
	int			 n, i;

	while (*p != '\0') {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf)
			n = 1, cp = *p & 0x1f;
		else if (*p >= 0xe0 && *p <= 0xef)
			n = 2, cp = *p & 0x0f;
		else if (*p >= 0xf0 && *p <= 0xf4)
			n = 3, cp = *p & 0x07;
		else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		/* Overlong forms, surrogates, and past U+10FFFF. */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		p += n + 1;
	}
	return 1;
}

int
vs_str_type_is(const char *type, const char *want)
{
	size_t	 len = strlen(want);

	return type != NULL && strncasecmp(type, want, len) == 0 &&
	    (type[len] == '\0' || type[len] == ';' || type[len] == ' ');
}

int
vs_uuid_valid(const char *s)
{
	int	 i;

	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (s[i] == '\0' ||
		    strchr("0123456789abcdef", s[i]) == NULL)
			return 0;
	}
	return s[36] == '\0';
}
