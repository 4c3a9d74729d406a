/* refresh.h: rotating refresh tokens, stored hashed, revoked by family. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_REFRESH_H
#define VS_REFRESH_H

#include "err.h"

/* A refresh token: 256 random bits in hex. */
#define VS_REFRESH_LEN	64

/*
 * Issue a refresh token for user uid in a new family; token holds
 * VS_REFRESH_LEN + 1 bytes. Only its SHA-256 is stored. VS_OK, VS_EUNAVAIL.
 */
enum vs_err	 vs_refresh_issue(const char *, const char *, const char *,
		    char *);
/*
 * Trade token for a new one of the same family, written to next; the old
 * one is spent. A spent token used again means it was stolen: the whole
 * family is revoked. VS_OK with the user's id in uid (64 bytes),
 * VS_ENOTFOUND for an unknown, expired, revoked or reused token,
 * VS_EUNAVAIL.
 */
enum vs_err	 vs_refresh_rotate(const char *, const char *, const char *,
		    char *, char *);
/*
 * Revoke the family of token (logout), a rotation under way included;
 * VS_OK (also if unknown), VS_EUNAVAIL or VS_ERR.
 */
enum vs_err	 vs_refresh_revoke(const char *);
/*
 * Revoke every token of user uid, a rotation under way included; VS_OK,
 * VS_EUNAVAIL or VS_ERR.
 */
enum vs_err	 vs_refresh_revoke_user(const char *);

#endif
