/* auth.h: who sent a request: tokens, session cookies, CSRF tokens. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_AUTH_H
#define VS_AUTH_H

#include "err.h"
#include "ratelimit.h"
#include "session.h"
#include "user.h"

struct vs_req;

enum vs_via {
	VS_VIA_NONE,		/* anonymous */
	VS_VIA_BEARER,		/* an API client's access token */
	VS_VIA_COOKIE,		/* a browser session */
	VS_VIA__MAX
};

struct vs_auth {
	enum vs_via		 a_via;
	struct vs_user		 a_user;
	struct vs_session	 a_session;	/* for VS_VIA_COOKIE */
};

/*
 * Who sent the request: a valid Bearer token, else a live session cookie,
 * else nobody. Worked out once per request and kept in it. VS_OK with *who
 * (a_via is VS_VIA_NONE for anonymous); VS_ERR for a Bearer token that is
 * invalid, expired or names no account; VS_EUNAVAIL when the database, or
 * Redis for a cookie, is down.
 */
enum vs_err		 vs_auth_who(struct vs_req *, const struct vs_auth **);
/* 1 when t is the CSRF token of the request's session, else 0. */
int			 vs_auth_csrf(struct vs_req *, const char *);
/*
 * Start a browser session for u: a fresh id (never one the client sent)
 * into id (VS_SESSION_ID_LEN + 1 bytes), and the request is u's from now
 * on. VS_OK, or VS_EUNAVAIL / VS_ERR when it cannot be stored.
 */
enum vs_err		 vs_auth_session_start(struct vs_req *,
			    const struct vs_user *, char *);
/* Drop the request's browser session, if it has one. */
void			 vs_auth_session_drop(struct vs_req *);
/*
 * The account page's context for u, signed in by cookie: the account, its
 * sessions (the current one marked), and the outcome of the last change
 * from the query. Caller frees; NULL when sessions are unavailable.
 */
struct json_object	*vs_auth_account(struct vs_req *,
			    const struct vs_user *);
/*
 * Tokens for an API client: {"access_token", "token_type": "Bearer",
 * "expires_in", "refresh_token", "user"}, with refresh (NULL: a new family)
 * as the refresh token. Caller frees; NULL when signing failed.
 */
struct json_object	*vs_auth_tokens(const struct vs_user *, const char *);
/*
 * Send account u the link that verifies its email address: signed, valid
 * two days, through vs_mail_send(). 0 / -1.
 */
int			 vs_auth_send_verification(const struct vs_user *);

#endif
