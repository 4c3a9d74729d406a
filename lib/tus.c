/* tus.c: the headers of the tus 1.0 resumable upload protocol. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <string.h>

#include "str.h"
#include "tus.h"

/* Longest metadata key, and longest decoded value. */
#define KEY_MAX		64
#define VALUE_MAX	6144

static const char *const algo_names[VS_TUS_ALGO__MAX] = {
	[VS_TUS_SHA1] = "sha1",
	[VS_TUS_SHA256] = "sha256",
};

static const size_t algo_lens[VS_TUS_ALGO__MAX] = {
	[VS_TUS_SHA1] = 20,
	[VS_TUS_SHA256] = 32,
};

static int
key_char(int c)
{
	return c > ' ' && c < 127 && c != ',';
}

/* One "key[ value]" pair of len bytes into l; 0 / -1. */
static int
meta_pair(const char *p, size_t len, struct vs_kvlist *l)
{
	unsigned char		 val[VALUE_MAX];
	size_t			 k = 0;
	long			 n = 0;

	while (k < len && key_char((unsigned char)p[k]))
		k++;
	if (k == 0 || k > KEY_MAX || (k < len && p[k] != ' '))
		return -1;
	if (k < len && (n = vs_str_base64(p + k + 1, len - k - 1, val,
	    VALUE_MAX)) < 0)
		return -1;
	if (memchr(val, '\0', (size_t)n) != NULL)
		return -1;
	for (size_t i = 0; i < l->kl_len; i++)
		if (strlen(l->kl_items[i].kv_key) == k &&
		    memcmp(l->kl_items[i].kv_key, p, k) == 0)
			return -1;
	return vs_kv_addn(l, p, k, (const char *)val, (size_t)n);
}

int
vs_tus_metadata(const char *h, struct vs_kvlist *out)
{
	size_t	 len;

	if (strlen(h) > VS_TUS_META_MAX)
		return -1;
	while (*h != '\0') {
		h += strspn(h, " ");
		len = strcspn(h, ",");
		while (len > 0 && h[len - 1] == ' ')
			len--;
		if (out->kl_len == VS_TUS_META_PAIRS ||
		    meta_pair(h, len, out) == -1) {
			vs_kv_free(out);
			return -1;
		}
		h += strcspn(h, ",");
		if (*h == ',' && *++h == '\0') {
			vs_kv_free(out);
			return -1;
		}
	}
	return 0;
}

int
vs_tus_checksum(const char *h, struct vs_tus_sum *s)
{
	char	 name[16];
	size_t	 n = strcspn(h, " ");
	long	 len;
	int	 a;

	if (n == 0 || n >= sizeof(name) || h[n] != ' ')
		return -1;
	memcpy(name, h, n);
	name[n] = '\0';
	if ((a = vs_str_index(algo_names, VS_TUS_ALGO__MAX, name)) < 0)
		return -1;
	len = vs_str_base64(h + n + 1, strlen(h + n + 1), s->ts_digest,
	    sizeof(s->ts_digest));
	if (len < 0 || (size_t)len != algo_lens[a])
		return -1;
	s->ts_algo = algo_names[a];
	s->ts_len = (size_t)len;
	return 0;
}

int
vs_tus_size(const char *s, long long max, long long *out)
{
	const char	*err;

	return vs_str_tonum(s, 0, max, out, &err);
}

int
vs_tus_fits(long long offset, long long n, long long length)
{
	return offset >= 0 && n >= 0 && offset <= length &&
	    n <= length - offset;
}

int
vs_tus_version_ok(const char *v)
{
	return v != NULL && strcmp(v, VS_TUS_VERSION) == 0;
}
