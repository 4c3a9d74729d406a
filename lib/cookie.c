/* cookie.c: the Cookie request header. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <string.h>

#include "cookie.h"
#include "kv.h"

static int
is_token(int c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

static int
is_octet(int c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	    (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	    (c >= 0x5d && c <= 0x7e);
}

static int
valid_run(const char *s, size_t len, int (*ok)(int))
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!ok((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
cookie_pair(struct vs_kvlist *l, const char *s, size_t len)
{
	const char	*eq = memchr(s, '=', len);
	size_t		 klen, vlen;
	const char	*v;

	if (eq == NULL || eq == s)
		return 0;
	klen = (size_t)(eq - s);
	v = eq + 1;
	vlen = len - klen - 1;
	if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
		v++;
		vlen -= 2;
	}
	if (!valid_run(s, klen, is_token) || !valid_run(v, vlen, is_octet))
		return 0;
	return vs_kv_addn(l, s, klen, v, vlen);
}

int
vs_cookie_parse(struct vs_kvlist *l, const char *s)
{
	size_t	 len;

	for (;;) {
		s += strspn(s, " \t");
		if (*s == '\0')
			return 0;
		len = strcspn(s, ";");
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		if (cookie_pair(l, s, len) == -1)
			return -1;
		s += strcspn(s, ";");
		if (*s == ';')
			s++;
	}
}
