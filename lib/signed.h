/* signed.h: expiring tokens bound to a subject, checked without storage. */
#ifndef VS_SIGNED_H
#define VS_SIGNED_H

#include <stddef.h>

/* Room for "<expiry>.<64 hex>" and its NUL. */
#define VS_SIGNED_MAX	96

/*
 * Make "<expiry>.<mac>" for subject, valid until expiry (a Unix time), for
 * one purpose ("verify", "segment"): the MAC covers purpose, subject and
 * expiry under the secret key. Returns 0, or -1 when out is too small.
 */
int	 vs_signed_make(const char *, const char *, long, char *, size_t);
/*
 * 1 when token was made by vs_signed_make() for this purpose and subject
 * and has not expired; 0 for anything else. Constant time in the MAC.
 */
int	 vs_signed_check(const char *, const char *, const char *);

#endif
