/* kv.h: ordered lists of key/value string pairs (query, cookies, params). */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_KV_H
#define VS_KV_H

#include <stddef.h>

struct vs_kv {
	char	*kv_key;
	char	*kv_val;
};

struct vs_kvlist {
	struct vs_kv	*kl_items;
	size_t		 kl_len;
};

/* Append copies of key and value; returns 0, or -1 without memory. */
int		 vs_kv_add(struct vs_kvlist *, const char *, const char *);
/* Append copies of klen/vlen bytes; 0 / -1 as vs_kv_add(). */
int		 vs_kv_addn(struct vs_kvlist *, const char *, size_t,
		    const char *, size_t);
/* The value of the first pair named key, or NULL; owned by the list. */
const char	*vs_kv_get(const struct vs_kvlist *, const char *);
/* Free every pair and empty the list; accepts NULL. */
void		 vs_kv_free(struct vs_kvlist *);

#endif
