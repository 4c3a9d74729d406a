/* range.c: the Range request header, for one range of bytes. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <limits.h>
#include <string.h>

#include "range.h"
#include "str.h"

/* A decimal number from s up to end, at most LLONG_MAX; -1 if none. */
static long long
number(const char *s, const char *end)
{
	char		 buf[20];
	long long	 v;
	const char	*err;
	size_t		 len = (size_t)(end - s);

	if (len == 0 || len >= sizeof(buf) || strspn(s, "0123456789") < len)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return vs_str_tonum(buf, 0, LLONG_MAX, &v, &err) == 0 ? v : -1;
}

enum vs_range
vs_range_parse(const char *h, long long size, long long *first,
    long long *last)
{
	const char	*dash, *end;
	long long	 a, b;

	if (h == NULL || strncmp(h, "bytes=", 6) != 0 || strchr(h, ',') != NULL)
		return VS_RANGE_NONE;
	h += 6;
	end = h + strlen(h);
	if ((dash = strchr(h, '-')) == NULL)
		return VS_RANGE_NONE;
	a = dash == h ? -2 : number(h, dash);
	b = dash + 1 == end ? -2 : number(dash + 1, end);
	if (a == -1 || b == -1 || (a == -2 && b == -2))
		return VS_RANGE_NONE;
	if (a == -2) {			/* the last b bytes */
		if (b == 0 || size == 0)
			return VS_RANGE_UNSATISFIABLE;
		*first = b >= size ? 0 : size - b;
		*last = size - 1;
		return VS_RANGE_OK;
	}
	if (b != -2 && b < a)
		return VS_RANGE_NONE;
	if (a >= size)
		return VS_RANGE_UNSATISFIABLE;
	*first = a;
	*last = b == -2 || b >= size ? size - 1 : b;
	return VS_RANGE_OK;
}
