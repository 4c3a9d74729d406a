/* signed.h: expiring tokens bound to a subject, checked without storage. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_SIGNED_H
#define VS_SIGNED_H

#include <stddef.h>

/* Room for "<expiry>.<generation>.<64 hex>" and its NUL. */
#define VS_SIGNED_MAX	128

/* What a link's token says besides its MAC. */
struct vs_signed_link {
	long		 sl_expiry;	/* Unix time */
	long long	 sl_gen;	/* the access generation it names */
};

/*
 * Make "<expiry>.<mac>" for subject, valid until expiry (a Unix time), for
 * one purpose ("verify"): the MAC covers purpose, subject and expiry under
 * the secret key. Returns 0, or -1 when out is too small.
 */
int	 vs_signed_make(const char *, const char *, long, char *, size_t);
/*
 * 1 when token was made by vs_signed_make() for this purpose and subject
 * and has not expired; 0 for anything else. Constant time in the MAC.
 */
int	 vs_signed_check(const char *, const char *, const char *);
/*
 * Make "<expiry>.<generation>.<mac>" for subject (a video) at access
 * generation gen (1 and up), valid until expiry, for one purpose
 * ("media"): the MAC covers all four. Whether the generation is still
 * current is the caller's to ask. Returns 0, or -1 when out is too small.
 */
int	 vs_signed_link_make(const char *, const char *, long long, long,
	    char *, size_t);
/*
 * 1 when token was made by vs_signed_link_make() for this purpose and
 * subject and has not expired, with what it says in *l; 0 for anything
 * else (*l then undefined). Constant time in the MAC.
 */
int	 vs_signed_link_check(const char *, const char *, const char *,
	    struct vs_signed_link *);

#endif
