/* site.h: the site's hooks for the HTTP runtime: who asks, and may they. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_SITE_H
#define VS_SITE_H

#include "http.h"
#include "ratelimit.h"
#include "user.h"

/* Route ranks: a role's rank is one more than the role; 0 is anyone. */
enum vs_site_rank {
	VS_SITE_ANYONE,
	VS_SITE_USER,
	VS_SITE_PREMIUM,
	VS_SITE_MODERATOR,
	VS_SITE_ADMIN,
	VS_SITE_RANK__MAX
};

/* Route rate classes. */
enum vs_site_rate {
	VS_SITE_RATE_NONE,
	VS_SITE_RATE_API,	/* the account's API rate, else the address's */
	VS_SITE_RATE_COMMENT,	/* the account's comment rate, else the API's */
	VS_SITE_RATE__MAX
};

/*
 * Rows of the site's route tables: a page, or an API call (counted in
 * its API rate), for callers of at least rank; they ask who is there and
 * the CSRF token of a change, and take bodies up to VS_BODY_MAX.
 */
#define VS_SITE_PAGE(m, p, h, rank)	{ VS_METHOD_##m, (p), (h), (rank), \
	VS_RT_WHO | VS_RT_CSRF, VS_SITE_RATE_NONE, VS_BODY_MAX }
#define VS_SITE_API(m, p, h, rank)	{ VS_METHOD_##m, (p), (h), (rank), \
	VS_RT_WHO | VS_RT_CSRF, VS_SITE_RATE_API, VS_BODY_MAX }
/* A row that asks nothing of who is there; bodies up to VS_BODY_MAX. */
#define VS_SITE_OPEN(m, p, h)		{ VS_METHOD_##m, (p), (h), \
	VS_SITE_ANYONE, 0, VS_SITE_RATE_NONE, VS_BODY_MAX }

/*
 * The hooks every program serves with: ranks from accounts and roles
 * (401 with the login page for browsers, 403 for a ban or a role too
 * low), the session's CSRF token, the API rates (429), open videos for
 * CORS, the account and the site's path on every page, and that path as
 * the prefix of every request. Call after the configuration is loaded.
 * Never fails.
 */
const struct vs_site	*vs_site_hooks(void);
/*
 * The account behind the request once its route asked who is there, or
 * NULL for anonymous (also a banned account, or when sessions are down).
 */
const struct vs_user	*vs_site_user(const struct vs_req *);
/*
 * 1 when the caller is the account owner (an id) or at least a moderator,
 * who may change what others own; else 0.
 */
int			 vs_site_owner_or_moderator(const struct vs_req *,
			    const char *);
/*
 * For a handler that decides for itself whether to ask who is there (a
 * public segment asks nobody): *u as vs_site_user(), the API rate
 * counted. 0, or -1 after answering (a bad token: 401; 429).
 */
int			 vs_site_who_or_reply(struct vs_req *,
			    const struct vs_user **);
/*
 * On a VS_RT_CSRF_BODY route: 1 when the request needed no token in its
 * body (no session, a safe method, the header was checked) or t is the
 * session's token; else 0.
 */
int			 vs_site_csrf_body(struct vs_req *, const char *);
/*
 * Count one event of kind for who against its rate limit: 0 when allowed,
 * 1 after answering 429 with Retry-After. When Redis is down: 0 when
 * service is NULL (fail open), else 1 after answering 503 for service.
 */
int			 vs_site_limited_or_reply(struct vs_req *,
			    enum vs_rate, const char *, const char *);
/* Answer 403 for a banned account, with the reason and end, if any. */
void			 vs_site_reply_banned(struct vs_req *,
			    const struct vs_user *);
/*
 * Start a browser session for u in an HttpOnly, SameSite=Lax cookie,
 * Secure when base_url is https. 0, or -1 when Redis is down.
 */
int			 vs_site_session_start(struct vs_req *,
			    const struct vs_user *);
/* End the request's browser session, if any, and clear the cookie. */
void			 vs_site_session_end(struct vs_req *);

#endif
