/* auth.h: who sent a request, and may they do what they ask. */
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
/*
 * The account behind the request, when it has at least role min and is
 * not banned, a cookie request that changes state carries the session's
 * CSRF token (header X-CSRF-Token or field csrf_token), and the account is
 * within its API rate. Otherwise answers (401, 403, 429, 503; pages are
 * sent to /login) and returns NULL.
 */
const struct vs_user	*vs_auth_require(struct vs_req *, enum vs_role);
/*
 * As vs_auth_require(), for a body that carries the CSRF token itself (a
 * multipart form): a cookie request without an X-CSRF-Token header passes
 * with *later set to 1, and the caller must check the body's token with
 * vs_auth_csrf() before it acts on anything.
 */
const struct vs_user	*vs_auth_require_later(struct vs_req *, enum vs_role,
			    int *);
/* 1 when t is the CSRF token of the request's session, else 0. */
int			 vs_auth_csrf(struct vs_req *, const char *);
/*
 * Count one event of kind for who against its rate limit: 0 when allowed,
 * 1 after answering 429 with Retry-After. When Redis is down: 0 when
 * service is NULL (fail open), else 1 after answering 503 for service.
 */
int			 vs_auth_limited(struct vs_req *, enum vs_rate,
			    const char *, const char *);
/*
 * For routes anyone may use: *u is the account, or NULL for anonymous
 * (also a banned account, or when sessions are unavailable). Applies the
 * API rates. Returns 0, or -1 after answering (bad token: 401, 429).
 */
int			 vs_auth_optional(struct vs_req *,
			    const struct vs_user **);
/*
 * Start a browser session for u: a fresh id (never one the client sent)
 * in an HttpOnly, SameSite=Lax cookie, Secure when base_url is https.
 * 0, or -1 when Redis is down.
 */
int			 vs_auth_session_start(struct vs_req *,
			    const struct vs_user *);
/* Answer 403 for a banned account, with the reason and end, if any. */
void			 vs_auth_banned(struct vs_req *,
			    const struct vs_user *);
/*
 * The account page's context for u, signed in by cookie: the account, its
 * sessions (the current one marked), and the outcome of the last change
 * from the query. Caller frees; NULL when sessions are unavailable.
 */
struct json_object	*vs_auth_account(struct vs_req *,
			    const struct vs_user *);
/* End the request's browser session, if any, and clear the cookie. */
void			 vs_auth_session_end(struct vs_req *);
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
