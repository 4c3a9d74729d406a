/* token.h: short-lived HS256 access tokens (libjwt). */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_TOKEN_H
#define VS_TOKEN_H

#include <stddef.h>

#include "err.h"

/* What a valid token says. */
struct vs_claims {
	char		 c_sub[64];	/* the user's id */
	char		 c_role[16];
	long		 c_exp;
};

/*
 * Sign an access token for user id sub with role, valid for ttl seconds:
 * HS256 under a key derived from secret_key, with iss, sub, role, iat, exp.
 * Returns a malloc'd string the caller frees, or NULL.
 */
char		*vs_token_issue(const char *, const char *, long);
/*
 * Check a token: the algorithm must be HS256 (none and every other one
 * are refused), the signature ours, iss ours, exp in the future, iat not
 * in the future, sub and role present. VS_OK with the claims, or VS_ERR.
 */
enum vs_err	 vs_token_verify(const char *, struct vs_claims *);
/*
 * The token of an "Authorization: Bearer <token>" header: the scheme in
 * any case, then the token68 characters only. Returns a pointer into the
 * header, or NULL when it is anything else.
 */
const char	*vs_token_bearer(const char *);

#endif
