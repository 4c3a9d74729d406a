/* kv.c: ordered lists of key/value string pairs (query, cookies, params). */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdlib.h>
#include <string.h>

#include "kv.h"
#include "str.h"

/* A list never grows past this: every input that fills one is hostile. */
#define KV_MAX	256

int
vs_kv_addn(struct vs_kvlist *l, const char *k, size_t klen, const char *v,
    size_t vlen)
{
	struct vs_kv	*items;
	char		*key = NULL, *val = NULL;

	if (l->kl_len >= KV_MAX)
		return -1;
	items = realloc(l->kl_items, (l->kl_len + 1) * sizeof(*items));
	if (items == NULL)
		return -1;
	l->kl_items = items;
	if ((key = vs_str_ndup(k, klen)) == NULL ||
	    (val = vs_str_ndup(v, vlen)) == NULL) {
		free(key);
		return -1;
	}
	items[l->kl_len].kv_key = key;
	items[l->kl_len].kv_val = val;
	l->kl_len++;
	return 0;
}

int
vs_kv_add(struct vs_kvlist *l, const char *k, const char *v)
{
	return vs_kv_addn(l, k, strlen(k), v, strlen(v));
}

const char *
vs_kv_get(const struct vs_kvlist *l, const char *key)
{
	size_t	 i;

	for (i = 0; i < l->kl_len; i++)
		if (strcmp(l->kl_items[i].kv_key, key) == 0)
			return l->kl_items[i].kv_val;
	return NULL;
}

void
vs_kv_free(struct vs_kvlist *l)
{
	size_t	 i;

	if (l == NULL)
		return;
	for (i = 0; i < l->kl_len; i++) {
		free(l->kl_items[i].kv_key);
		free(l->kl_items[i].kv_val);
	}
	free(l->kl_items);
	l->kl_items = NULL;
	l->kl_len = 0;
}
