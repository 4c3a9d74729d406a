/* auth.c: who sent a request: tokens, session cookies, CSRF tokens. */
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
#include "signed.h"
#include "str.h"

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

/* Is t the CSRF token of the session a? */
static int
csrf_equal(const struct vs_auth *a, const char *t)
{
	return t != NULL && vs_str_ct_equal(t, strlen(t), a->a_session.s_csrf,
	    strlen(a->a_session.s_csrf));
}

int
vs_auth_csrf(struct vs_req *req, const char *t)
{
	return req->rq_auth != NULL && req->rq_auth->a_via == VS_VIA_COOKIE &&
	    csrf_equal(req->rq_auth, t);
}

enum vs_err
vs_auth_session_start(struct vs_req *req, const struct vs_user *u, char *id)
{
	enum vs_err	 rc;

	if (req->rq_auth == NULL &&
	    (req->rq_auth = calloc(1, sizeof(*req->rq_auth))) == NULL)
		return VS_ERR;
	if (req->rq_auth->a_via == VS_VIA_COOKIE)
		vs_session_drop(req->rq_auth->a_user.u_id,
		    req->rq_auth->a_session.s_key);
	if ((rc = vs_session_create(u->u_id, req->rq_addr,
	    vs_req_header(req, "User-Agent"), id,
	    &req->rq_auth->a_session)) != VS_OK)
		return rc;
	req->rq_auth->a_via = VS_VIA_COOKIE;
	req->rq_auth->a_user = *u;
	snprintf(req->rq_user, sizeof(req->rq_user), "%s", u->u_name);
	return VS_OK;
}

void
vs_auth_session_drop(struct vs_req *req)
{
	const struct vs_auth	*a;

	if (vs_auth_who(req, &a) == VS_OK && a->a_via == VS_VIA_COOKIE)
		vs_session_drop(a->a_user.u_id, a->a_session.s_key);
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
