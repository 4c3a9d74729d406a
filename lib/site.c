/* site.c: the site's hooks for the HTTP runtime: who asks, and may they. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "auth.h"
#include "config.h"
#include "http.h"
#include "site.h"
#include "str.h"
#include "url.h"
#include "video.h"

_Static_assert(VS_SITE_ADMIN == VS_ROLE_ADMIN + 1 &&
    VS_SITE_USER == VS_ROLE_USER + 1, "a rank is its role plus one");

const struct vs_user *
vs_site_user(const struct vs_req *req)
{
	const struct vs_auth	*a = req->rq_auth;

	if (a == NULL || a->a_via == VS_VIA_NONE || a->a_user.u_banned)
		return NULL;
	return &a->a_user;
}

int
vs_site_owner_or_moderator(const struct vs_req *req, const char *owner)
{
	const struct vs_user	*u = vs_site_user(req);

	return u != NULL && (strcmp(u->u_id, owner) == 0 ||
	    u->u_role >= VS_ROLE_MODERATOR);
}

/* 401; a browser asking for a page is sent to log in, then back. */
static void
unauthorized(struct vs_req *req, const char *code, const char *msg)
{
	struct vs_buf	 b = { 0 };

	if (vs_req_wants_html(req) && req->rq_method == VS_METHOD_GET) {
		vs_buf_puts(&b, "/login");
		/* Back afterwards only to a path a redirect may name. */
		if (vs_url_local_path(req->rq_path)) {
			vs_buf_puts(&b, "?next=");
			vs_url_encode(&b, req->rq_path);
		}
		vs_resp_redirect(req, 303, b.b_data);
		vs_buf_free(&b);
		return;
	}
	vs_resp_header(req, "WWW-Authenticate", strcmp(code,
	    "invalid_token") == 0 ? "Bearer error=\"invalid_token\"" :
	    "Bearer");
	vs_resp_error(req, 401, code, msg);
}

void
vs_site_reply_banned(struct vs_req *req, const struct vs_user *u)
{
	char	 msg[700];

	snprintf(msg, sizeof(msg), "This account is banned: %s%s%s",
	    u->u_ban_reason[0] ? u->u_ban_reason : "no reason given",
	    u->u_ban_until[0] ? " (until " : "", u->u_ban_until[0] ?
	    u->u_ban_until : "");
	if (u->u_ban_until[0])
		strncat(msg, ")", sizeof(msg) - strlen(msg) - 1);
	vs_resp_error(req, 403, "banned", msg);
}

/*
 * The caller's rank: its role's, 0 for anonymous or banned. A store that
 * is down is anonymous unless must is set (then 503).
 */
static int
rank_or_reply(struct vs_req *req, int must, void *arg)
{
	const struct vs_auth	*a;
	const struct vs_user	*u;

	(void)arg;
	switch (vs_auth_who(req, &a)) {
	case VS_OK:
		break;
	case VS_EUNAVAIL:
		if (!must)
			return 0;
		vs_resp_unavailable(req, "account service");
		return -1;
	default:
		unauthorized(req, "invalid_token",
		    "The access token is invalid or expired.");
		return -1;
	}
	u = vs_site_user(req);
	return u == NULL ? VS_SITE_ANYONE : (int)u->u_role + 1;
}

static void
refuse(struct vs_req *req, int rank, void *arg)
{
	const struct vs_auth	*a = req->rq_auth;

	(void)arg;
	if (a != NULL && a->a_via != VS_VIA_NONE && a->a_user.u_banned)
		vs_site_reply_banned(req, &a->a_user);
	else if (rank == VS_SITE_ANYONE)
		unauthorized(req, "unauthenticated", "Please log in first.");
	else
		vs_resp_error(req, 403, "forbidden",
		    "Your role does not allow this.");
}

/* Does the request change state through a browser session? */
static int
session_change(const struct vs_req *req)
{
	const struct vs_auth	*a = req->rq_auth;

	return a != NULL && a->a_via == VS_VIA_COOKIE &&
	    req->rq_method != VS_METHOD_GET &&
	    req->rq_method != VS_METHOD_HEAD &&
	    req->rq_method != VS_METHOD_OPTIONS;
}

static int
csrf(struct vs_req *req, int body, void *arg)
{
	const char	*t = vs_req_header(req, "X-CSRF-Token");

	(void)arg;
	if (!session_change(req) || (t == NULL && body))
		return 1;
	return vs_auth_csrf(req, t != NULL ? t : vs_req_field(req,
	    "csrf_token"));
}

int
vs_site_csrf_body(struct vs_req *req, const char *t)
{
	if (!session_change(req) || vs_req_header(req, "X-CSRF-Token") != NULL)
		return 1;
	return vs_auth_csrf(req, t);
}

/* Each rate class: the limit per account, and per address for anonymous. */
static const struct {
	enum vs_rate	 rc_user;
	enum vs_rate	 rc_anon;
} rate_classes[VS_SITE_RATE__MAX] = {
	[VS_SITE_RATE_API] = { VS_RATE_API_USER, VS_RATE_API_ANON },
	[VS_SITE_RATE_COMMENT] = { VS_RATE_COMMENT, VS_RATE_API_ANON },
};

/* The route's rate: per account when signed in, else per address. */
static int
rate_or_reply(struct vs_req *req, int class, void *arg)
{
	const struct vs_user	*u = vs_site_user(req);
	char			 retry[16];
	int			 secs;

	(void)arg;
	if (class <= VS_SITE_RATE_NONE || class >= VS_SITE_RATE__MAX ||
	    vs_rate_hit(u ? rate_classes[class].rc_user :
	    rate_classes[class].rc_anon, u ? u->u_id : req->rq_addr, &secs) !=
	    VS_ECONFLICT)
		return 0;
	snprintf(retry, sizeof(retry), "%d", secs);
	vs_resp_header(req, "Retry-After", retry);
	vs_resp_error(req, 429, "rate_limited", "Too many requests; slow down.");
	return -1;
}

/* Is the request's :id a video anyone may watch (as recently known)? */
static int
open_video(struct vs_req *req, void *arg)
{
	struct vs_video_meta	 m;

	(void)arg;
	return vs_video_meta_recent(vs_req_param(req, "id"), &m) == VS_OK &&
	    vs_video_is_public(&m);
}

/*
 * What every page shows: the site's name, and once the route asked who
 * is there, the account ("me") and the CSRF token its forms must carry.
 */
static void
page(struct vs_req *req, struct json_object *ctx, void *arg)
{
	const struct vs_user	*u = vs_site_user(req);
	struct json_object	*me;

	(void)arg;
	json_object_object_add(ctx, "base",
	    json_object_new_string(vs_config_base()));
	json_object_object_add(ctx, "site_name",
	    json_object_new_string(vs_config_str(VS_CFG_SITE_NAME)));
	if (u == NULL)
		return;
	me = vs_user_json(u);
	json_object_object_add(me, "moderator", json_object_new_boolean(
	    u->u_role >= VS_ROLE_MODERATOR));
	json_object_object_add(me, "admin", json_object_new_boolean(
	    u->u_role >= VS_ROLE_ADMIN));
	json_object_object_add(ctx, "me", me);
	if (req->rq_auth->a_via == VS_VIA_COOKIE)
		json_object_object_add(ctx, "csrf",
		    json_object_new_string(req->rq_auth->a_session.s_csrf));
}

const struct vs_site *
vs_site_hooks(void)
{
	static struct vs_site	 site = { rank_or_reply, refuse, csrf,
				    rate_or_reply, open_video, page, NULL, "" };

	site.si_prefix = vs_config_base();
	return &site;
}

int
vs_site_who_or_reply(struct vs_req *req, const struct vs_user **u)
{
	*u = NULL;
	if (rank_or_reply(req, 0, NULL) == -1)
		return -1;
	*u = vs_site_user(req);
	if (!vs_req_is_api(req))
		return 0;
	return rate_or_reply(req, VS_SITE_RATE_API, NULL);
}

int
vs_site_limited_or_reply(struct vs_req *req, enum vs_rate kind,
    const char *who, const char *service)
{
	char	 retry[16];
	int	 secs;

	switch (vs_rate_hit(kind, who, &secs)) {
	case VS_OK:
		return 0;
	case VS_ECONFLICT:
		snprintf(retry, sizeof(retry), "%d", secs);
		vs_resp_header(req, "Retry-After", retry);
		vs_resp_error(req, 429, "rate_limited",
		    "Too many attempts; wait a little and try again.");
		return 1;
	default:
		if (service == NULL)
			return 0;
		vs_resp_unavailable(req, service);
		return 1;
	}
}

/* The session cookie: value for max_age seconds (0 clears it). */
static void
set_cookie(struct vs_req *req, const char *value, long long max_age)
{
	char	 c[256 + VS_URL_BASE_MAX];

	/* Only this site's pages, when it shares a host with others. */
	snprintf(c, sizeof(c), "%s=%s; Path=%s; HttpOnly; SameSite=Lax; "
	    "Max-Age=%lld%s", VS_SESSION_COOKIE, value,
	    *vs_config_base() ? vs_config_base() : "/", max_age,
	    strncmp(vs_config_str(VS_CFG_BASE_URL), "https:", 6) == 0 ?
	    "; Secure" : "");
	vs_resp_header(req, "Set-Cookie", c);
}

int
vs_site_session_start(struct vs_req *req, const struct vs_user *u)
{
	char	 id[VS_SESSION_ID_LEN + 1];

	if (vs_auth_session_start(req, u, id) != VS_OK)
		return -1;
	set_cookie(req, id, vs_config_int(VS_CFG_SESSION_MAX));
	return 0;
}

void
vs_site_session_end(struct vs_req *req)
{
	vs_auth_session_drop(req);
	set_cookie(req, "", 0);
}
