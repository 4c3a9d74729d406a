/* str.c: growable byte buffers, strict number parsing and escaping. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	if (s == NULL || *s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
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
