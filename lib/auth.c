/* auth.c: who sent a request, and may they do what they ask. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "auth.h"
#include "config.h"
#include "http.h"
#include "mail.h"
#include "token.h"
#include "log.h"
#include "ratelimit.h"
#include "signed.h"
#include "str.h"
#include "url.h"

static enum vs_err
who_bearer(struct vs_auth *a, const char *header)
{
	struct vs_claims	 c;
	const char		*token = vs_token_bearer(header);
	enum vs_err		 rc;

	if (token == NULL || vs_token_verify(token, &c) != VS_OK)
		return VS_ERR;
	if ((rc = vs_user_get(c.c_sub, &a->a_user)) == VS_ENOTFOUND)
		return VS_ERR;
	if (rc == VS_OK)
		a->a_via = VS_VIA_BEARER;
	return rc;
}

static enum vs_err
who_cookie(struct vs_auth *a, const char *id)
{
	enum vs_err	 rc;

	if ((rc = vs_session_get(id, &a->a_session)) != VS_OK)
		return rc == VS_ENOTFOUND ? VS_OK : rc;
	if ((rc = vs_user_get(a->a_session.s_uid, &a->a_user)) != VS_OK)
		return rc == VS_ENOTFOUND ? VS_OK : rc;
	a->a_via = VS_VIA_COOKIE;
	return VS_OK;
}

enum vs_err
vs_auth_who(struct vs_req *req, const struct vs_auth **who)
{
	const char	*header = vs_req_header(req, "Authorization");
	const char	*cookie = vs_kv_get(&req->rq_cookies, VS_SESSION_COOKIE);
	enum vs_err	 rc = VS_OK;

	if (req->rq_auth == NULL) {
		if ((req->rq_auth = calloc(1, sizeof(*req->rq_auth))) == NULL)
			return VS_ERR;
		if (header != NULL)
			rc = who_bearer(req->rq_auth, header);
		else if (cookie != NULL)
			rc = who_cookie(req->rq_auth, cookie);
		if (rc != VS_OK) {
			free(req->rq_auth);
			req->rq_auth = NULL;
			return rc;
		}
		if (req->rq_auth->a_via != VS_VIA_NONE)
			snprintf(req->rq_user, sizeof(req->rq_user), "%s",
			    req->rq_auth->a_user.u_name);
	}
	*who = req->rq_auth;
	return VS_OK;
}

/* Over its API rate? Then answer 429 and return -1. Redis down: allow. */
static int
rate_api(struct vs_req *req, const struct vs_user *u)
{
	char	 retry[16];
	int	 secs;

	if (!vs_req_is_api(req))
		return 0;
	if (vs_rate_hit(u ? VS_RATE_API_USER : VS_RATE_API_ANON,
	    u ? u->u_id : req->rq_addr, &secs) != VS_ECONFLICT)
		return 0;
	snprintf(retry, sizeof(retry), "%d", secs);
	vs_resp_header(req, "Retry-After", retry);
	vs_resp_error(req, 429, "rate_limited", "Too many requests; slow down.");
	return -1;
}

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
vs_auth_banned(struct vs_req *req, const struct vs_user *u)
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

static int
changes_state(const struct vs_req *req)
{
	return req->rq_method != VS_METHOD_GET &&
	    req->rq_method != VS_METHOD_HEAD &&
	    req->rq_method != VS_METHOD_OPTIONS;
}

/* Is t the CSRF token of the session a? */
static int
csrf_equal(const struct vs_auth *a, const char *t)
{
	return t != NULL && vs_str_ct_equal(t, strlen(t), a->a_session.s_csrf,
	    strlen(a->a_session.s_csrf));
}

/* Does a cookie request carry its session's CSRF token? */
static int
csrf_ok(struct vs_req *req, const struct vs_auth *a)
{
	const char	*t = vs_req_header(req, "X-CSRF-Token");

	return csrf_equal(a, t != NULL ? t : vs_req_field(req, "csrf_token"));
}

int
vs_auth_csrf(struct vs_req *req, const char *t)
{
	return req->rq_auth != NULL && csrf_equal(req->rq_auth, t);
}

/*
 * vs_auth_require(); with later set, a cookie request without the CSRF
 * header is let through with *later = 1 (its body carries the token).
 */
static const struct vs_user *
require(struct vs_req *req, enum vs_role min, int *later)
{
	const struct vs_auth	*a;

	switch (vs_auth_who(req, &a)) {
	case VS_OK:
		break;
	case VS_EUNAVAIL:
		vs_resp_unavailable(req, "account service");
		return NULL;
	default:
		unauthorized(req, "invalid_token",
		    "The access token is invalid or expired.");
		return NULL;
	}
	if (a->a_via == VS_VIA_NONE) {
		unauthorized(req, "unauthenticated", "Please log in first.");
		return NULL;
	}
	if (a->a_user.u_banned) {
		vs_auth_banned(req, &a->a_user);
		return NULL;
	}
	if (a->a_user.u_role < min) {
		vs_resp_error(req, 403, "forbidden",
		    "Your role does not allow this.");
		return NULL;
	}
	if (later != NULL)
		*later = a->a_via == VS_VIA_COOKIE && changes_state(req) &&
		    vs_req_header(req, "X-CSRF-Token") == NULL;
	if (a->a_via == VS_VIA_COOKIE && changes_state(req) &&
	    (later == NULL || !*later) && !csrf_ok(req, a)) {
		vs_resp_error(req, 403, "csrf",
		    "Missing or wrong CSRF token; reload the page and retry.");
		return NULL;
	}
	return rate_api(req, &a->a_user) == -1 ? NULL : &a->a_user;
}

const struct vs_user *
vs_auth_require(struct vs_req *req, enum vs_role min)
{
	return require(req, min, NULL);
}

const struct vs_user *
vs_auth_require_later(struct vs_req *req, enum vs_role min, int *later)
{
	return require(req, min, later);
}

int
vs_auth_limited(struct vs_req *req, enum vs_rate kind, const char *who,
    const char *service)
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

int
vs_auth_optional(struct vs_req *req, const struct vs_user **u)
{
	const struct vs_auth	*a;

	*u = NULL;
	switch (vs_auth_who(req, &a)) {
	case VS_OK:
		if (a->a_via != VS_VIA_NONE && !a->a_user.u_banned)
			*u = &a->a_user;
		break;
	case VS_ERR:
		unauthorized(req, "invalid_token",
		    "The access token is invalid or expired.");
		return -1;
	default:
		break;
	}
	return rate_api(req, *u);
}

static void
set_cookie(struct vs_req *req, const char *value, long long max_age)
{
	char	 c[256];

	snprintf(c, sizeof(c), "%s=%s; Path=/; HttpOnly; SameSite=Lax; "
	    "Max-Age=%lld%s", VS_SESSION_COOKIE, value, max_age,
	    strncmp(vs_config_str(VS_CFG_BASE_URL), "https:", 6) == 0 ?
	    "; Secure" : "");
	vs_resp_header(req, "Set-Cookie", c);
}

int
vs_auth_session_start(struct vs_req *req, const struct vs_user *u)
{
	char	 id[VS_SESSION_ID_LEN + 1];

	if (req->rq_auth == NULL &&
	    (req->rq_auth = calloc(1, sizeof(*req->rq_auth))) == NULL)
		return -1;
	if (req->rq_auth->a_via == VS_VIA_COOKIE)
		vs_session_drop(req->rq_auth->a_user.u_id,
		    req->rq_auth->a_session.s_key);
	if (vs_session_create(u->u_id, req->rq_addr,
	    vs_req_header(req, "User-Agent"), id,
	    &req->rq_auth->a_session) != VS_OK)
		return -1;
	req->rq_auth->a_via = VS_VIA_COOKIE;
	req->rq_auth->a_user = *u;
	snprintf(req->rq_user, sizeof(req->rq_user), "%s", u->u_name);
	set_cookie(req, id, vs_config_int(VS_CFG_SESSION_MAX));
	return 0;
}

void
vs_auth_session_end(struct vs_req *req)
{
	const struct vs_auth	*a;

	if (vs_auth_who(req, &a) == VS_OK && a->a_via == VS_VIA_COOKIE)
		vs_session_drop(a->a_user.u_id, a->a_session.s_key);
	set_cookie(req, "", 0);
}

struct json_object *
vs_auth_tokens(const struct vs_user *u, const char *refresh)
{
	struct json_object	*o;
	long			 ttl = (long)vs_config_int(VS_CFG_ACCESS_TOKEN_TTL);
	char			*access;

	if ((access = vs_token_issue(u->u_id, vs_role_name(u->u_role),
	    ttl)) == NULL)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "access_token", json_object_new_string(access));
	json_object_object_add(o, "token_type", json_object_new_string("Bearer"));
	json_object_object_add(o, "expires_in", json_object_new_int64(ttl));
	json_object_object_add(o, "refresh_token",
	    json_object_new_string(refresh));
	json_object_object_add(o, "user", vs_user_json(u));
	free(access);
	return o;
}

int
vs_auth_send_verification(const struct vs_user *u)
{
	struct vs_buf	 b = { 0 };
	char		 t[VS_SIGNED_MAX];
	int		 rc;

	if (vs_signed_make("verify", u->u_id, (long)time(NULL) + 2 * 86400, t,
	    sizeof(t)) == -1)
		return -1;
	vs_buf_printf(&b, "Hello %s,\n\nconfirm your email address for %s "
	    "by opening this link within two days:\n\n"
	    "%s/api/v1/auth/verify?u=%s&t=%s\n", u->u_name,
	    vs_config_str(VS_CFG_SITE_NAME), vs_config_str(VS_CFG_BASE_URL),
	    u->u_id, t);
	rc = b.b_data == NULL ? -1 : vs_mail_send(u->u_email,
	    "Confirm your email address", b.b_data);
	vs_buf_free(&b);
	return rc;
}

/* One session as the account page lists it. */
static struct json_object *
session_json(const struct vs_session *s, const char *current)
{
	struct json_object	*o = json_object_new_object();
	char			 when[32];
	struct tm		 tm;
	time_t			 t = (time_t)s->s_seen;

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
	json_object_object_add(o, "key", json_object_new_string(s->s_key));
	json_object_object_add(o, "seen", json_object_new_string(when));
	json_object_object_add(o, "addr", json_object_new_string(s->s_addr));
	json_object_object_add(o, "agent", json_object_new_string(s->s_agent));
	json_object_object_add(o, "current",
	    json_object_new_boolean(strcmp(s->s_key, current) == 0));
	return o;
}

struct json_object *
vs_auth_account(struct vs_req *req, const struct vs_user *u)
{
	struct vs_session	*list;
	struct json_object	*ctx, *arr;
	const char		*current = req->rq_auth->a_session.s_key;
	const char		*err = vs_req_query(req, "error");
	size_t			 i, n;

	if (vs_session_list(u->u_id, &list, &n) != VS_OK)
		return NULL;
	ctx = json_object_new_object();
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, session_json(&list[i], current));
	free(list);
	json_object_object_add(ctx, "user", vs_user_json(u));
	json_object_object_add(ctx, "sessions", arr);
	json_object_object_add(ctx, "changed", json_object_new_boolean(
	    vs_req_query(req, "changed") != NULL));
	json_object_object_add(ctx, "error_current", json_object_new_boolean(
	    err != NULL && strcmp(err, "current") == 0));
	json_object_object_add(ctx, "error_new", json_object_new_boolean(
	    err != NULL && strcmp(err, "new") == 0));
	return ctx;
}
