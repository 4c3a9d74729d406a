/* password.h: bcrypt password hashes (libxcrypt). */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_PASSWORD_H
#define VS_PASSWORD_H

#include <stddef.h>

/* Room for a "$2b$12$..." hash and its NUL. */
#define VS_PASSWORD_HASH_MAX	128

/*
 * Hash a password with bcrypt ($2b$) at the given cost (4 to 31) into out.
 * Returns 0, or -1 when the cost is out of range or libxcrypt fails.
 */
int	 vs_password_hash(const char *, int, char *, size_t);
/*
 * 1 when the password matches the stored hash, 0 when not (also for a
 * malformed hash). The comparison takes the same time wherever the first
 * difference lies.
 */
int	 vs_password_verify(const char *, const char *);

#endif
