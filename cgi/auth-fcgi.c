/* auth-fcgi.c: auth.fcgi, accounts: register, log in, tokens, sessions. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <string.h>

#include <vstream.h>

/* What a 503 names when Redis, which holds the login limits, is down. */
#define LOGIN_SERVICE	"login service (Redis)"

/* Where to go after logging in: a local path only, never another site. */
static const char *
next_path(struct vs_req *req)
{
	const char	*n = vs_req_field(req, "next");

	if (n == NULL)
		n = vs_req_query(req, "next");
	return n != NULL && vs_url_local_path(n) ? n : "/";
}

/* The login or register page again, with what went wrong. */
static void
form_page(struct vs_req *req, int status, const char *page,
    const char *message, struct json_object *errors)
{
	struct json_object	*ctx = json_object_new_object();
	const char		*v;

	json_object_object_add(ctx, "message", message ?
	    json_object_new_string(message) : NULL);
	json_object_object_add(ctx, "errors", errors);
	if ((v = vs_req_field(req, "username")) != NULL)
		json_object_object_add(ctx, "username", json_object_new_string(v));
	if ((v = vs_req_field(req, "email")) != NULL)
		json_object_object_add(ctx, "email", json_object_new_string(v));
	json_object_object_add(ctx, "next", json_object_new_string(
	    next_path(req)));
	vs_resp_page(req, status, page, ctx);
}

/*
 * A login or registration form posted from another site would sign the
 * browser in to an account of that site's choosing: refused with the
 * page again (403). 1 after answering, else 0.
 */
static int
foreign_form_or_reply(struct vs_req *req, const char *page)
{
	if (!vs_req_is_form(req) || !vs_req_cross_site(req))
		return 0;
	form_page(req, 403, page, "This form was sent from another site, so "
	    "it was refused. If you meant to, send it again from this page.",
	    NULL);
	return 1;
}

/*
 * The password may have changed while this login checked the old one
 * (bcrypt takes a while), after the change ended every session: then the
 * session or refresh token just made is taken back and the login fails.
 * 1 after answering, else 0.
 */
static int
taken_back_or_reply(struct vs_req *req, const struct vs_user *u,
    const char *refresh)
{
	enum vs_err	 rc = vs_user_same_password(u);

	if (rc == VS_OK)
		return 0;
	if (refresh != NULL)
		vs_refresh_revoke(refresh);
	else
		vs_site_session_end(req);
	if (rc == VS_EUNAVAIL)
		vs_resp_err(req, rc, NULL);
	else if (vs_req_is_form(req))
		form_page(req, 401, "login", "Wrong username or password.",
		    NULL);
	else
		vs_resp_error(req, 401, "invalid_credentials",
		    "Wrong username or password.");
	return 1;
}

/* After a successful login or registration: a session or tokens. */
static void
signed_in(struct vs_req *req, const struct vs_user *u, int status)
{
	char		 refresh[VS_REFRESH_LEN + 1];
	enum vs_err	 rc;

	if (vs_req_is_form(req)) {
		if (vs_site_session_start(req, u) == -1)
			vs_resp_unavailable(req, "session store (Redis)");
		else if (!taken_back_or_reply(req, u, NULL))
			vs_resp_redirect(req, 303, next_path(req));
		return;
	}
	rc = vs_refresh_issue(u->u_id, req->rq_addr,
	    vs_req_header(req, "User-Agent"), refresh);
	if (rc != VS_OK) {
		vs_resp_err(req, rc, NULL);
		return;
	}
	if (!taken_back_or_reply(req, u, refresh))
		vs_resp_json(req, status, vs_auth_tokens(u, refresh));
}

static void
api_register(struct vs_req *req)
{
	const char		*name = vs_req_field(req, "username");
	const char		*email = vs_req_field(req, "email");
	const char		*pw = vs_req_field(req, "password");
	struct json_object	*errs = json_object_new_object(), *o;
	struct vs_user		 u;
	enum vs_err		 rc;

	if (foreign_form_or_reply(req, "register")) {
		json_object_put(errs);
		return;
	}
	if (vs_site_limited_or_reply(req, VS_RATE_REGISTER, req->rq_addr,
	    LOGIN_SERVICE)) {
		json_object_put(errs);
		return;
	}
	if (vs_user_check(name, email, pw, errs) > 0) {
		if (vs_req_is_form(req)) {
			form_page(req, 422, "register", "Please correct the "
			    "fields below.", errs);
			return;
		}
		o = vs_json_error("invalid", "Some fields are not valid.");
		json_object_object_add(json_object_object_get(o, "error"),
		    "fields", errs);
		vs_resp_json(req, 422, o);
		return;
	}
	json_object_put(errs);
	rc = vs_user_create(name, email, pw, VS_ROLE_USER, &u);
	if (rc == VS_ECONFLICT && vs_req_is_form(req))
		form_page(req, 409, "register", "That username or email is "
		    "already taken.", NULL);
	else if (rc != VS_OK)
		vs_resp_err(req, rc, rc == VS_ECONFLICT ? "That username or "
		    "email is already taken." : NULL);
	else {
		vs_auth_send_verification(&u);
		if (vs_req_is_form(req))
			signed_in(req, &u, 201);
		else
			vs_resp_json(req, 201, vs_user_json(&u));
	}
}

static void
api_login(struct vs_req *req)
{
	const char	*name = vs_req_field(req, "username");
	const char	*pw = vs_req_field(req, "password");
	char		 who[128];
	struct vs_user	 u;
	enum vs_err	 rc;

	if (foreign_form_or_reply(req, "login"))
		return;
	if (name == NULL || pw == NULL) {
		vs_resp_error(req, 400, "bad_request",
		    "Send a username and a password.");
		return;
	}
	snprintf(who, sizeof(who), "%s|%.40s", req->rq_addr, name);
	if (vs_site_limited_or_reply(req, VS_RATE_LOGIN, who, LOGIN_SERVICE))
		return;
	if ((rc = vs_user_login(name, pw, &u)) != VS_OK &&
	    rc != VS_ENOTFOUND) {
		vs_resp_err(req, rc, NULL);
		return;
	}
	if (rc != VS_OK) {
		if (vs_req_is_form(req))
			form_page(req, 401, "login", "Wrong username or "
			    "password.", NULL);
		else
			vs_resp_error(req, 401, "invalid_credentials",
			    "Wrong username or password.");
		return;
	}
	if (u.u_banned) {
		vs_site_reply_banned(req, &u);
		return;
	}
	signed_in(req, &u, 200);
}

static void
api_refresh(struct vs_req *req)
{
	const char	*token = vs_req_field(req, "refresh_token");
	char		 uid[64], next[VS_REFRESH_LEN + 1];
	struct vs_user	 u;
	enum vs_err	 rc;

	if (token == NULL) {
		vs_resp_error(req, 400, "bad_request", "Send a refresh_token.");
		return;
	}
	rc = vs_refresh_rotate(token, req->rq_addr,
	    vs_req_header(req, "User-Agent"), uid, next);
	if (rc == VS_OK)
		rc = vs_user_get(uid, &u);
	if (rc != VS_OK && rc != VS_ENOTFOUND)
		vs_resp_err(req, rc, NULL);
	else if (rc != VS_OK)
		vs_resp_error(req, 401, "invalid_token",
		    "The refresh token is invalid, expired or already used.");
	else if (u.u_banned)
		vs_site_reply_banned(req, &u);
	else
		vs_resp_json(req, 200, vs_auth_tokens(&u, next));
}

static void
api_logout(struct vs_req *req)
{
	const char	*token;

	if ((token = vs_req_field(req, "refresh_token")) != NULL)
		vs_refresh_revoke(token);
	vs_site_session_end(req);
	if (vs_req_is_form(req))
		vs_resp_redirect(req, 303, "/");
	else
		vs_resp_empty(req, 204);
}

static void
api_me(struct vs_req *req)
{
	vs_resp_json(req, 200, vs_user_json(vs_site_user(req)));
}

static void
api_verify(struct vs_req *req)
{
	const char		*uid = vs_req_query(req, "u");
	struct json_object	*ctx;
	enum vs_err		 rc;

	if (uid == NULL || !vs_signed_check("verify", uid,
	    vs_req_query(req, "t"))) {
		vs_resp_error(req, 400, "invalid_link",
		    "This link is invalid or has expired.");
		return;
	}
	if ((rc = vs_user_verified(uid)) != VS_OK) {
		vs_resp_err(req, rc, NULL);
		return;
	}
	if (!vs_req_wants_html(req)) {
		vs_resp_json(req, 200, json_object_new_object());
		return;
	}
	ctx = json_object_new_object();
	json_object_object_add(ctx, "title", json_object_new_string(
	    "Email verified"));
	json_object_object_add(ctx, "message", json_object_new_string(
	    "Thank you: your email address is confirmed."));
	vs_resp_page(req, 200, "notice", ctx);
}

static void
page_login(struct vs_req *req)
{
	form_page(req, 200, "login", NULL, NULL);
}

static void
page_register(struct vs_req *req)
{
	form_page(req, 200, "register", NULL, NULL);
}

static void
page_account(struct vs_req *req)
{
	struct json_object	*ctx, *profile;
	const char		*err = vs_req_query(req, "error");

	if ((ctx = vs_auth_account(req, vs_site_user(req))) == NULL) {
		vs_resp_unavailable(req, "session store (Redis)");
		return;
	}
	if (vs_channel_profile(vs_site_user(req)->u_id, &profile) == VS_OK)
		json_object_object_add(ctx, "profile", profile);
	json_object_object_add(ctx, "profile_saved", json_object_new_boolean(
	    vs_req_query(req, "profile") != NULL));
	json_object_object_add(ctx, "error_profile", json_object_new_boolean(
	    err != NULL && strcmp(err, "profile") == 0));
	vs_resp_page(req, 200, "account", ctx);
}

/*
 * The display name and bio of one's channel, from the account page's
 * form; audited with what they were and became.
 */
static void
account_profile(struct vs_req *req)
{
	const struct vs_user	*u = vs_site_user(req);
	struct json_object	*before = NULL, *after = NULL;
	const char		*why;
	enum vs_err		 rc;

	vs_channel_profile(u->u_id, &before);
	rc = vs_channel_set(u->u_id, vs_req_field(req, "display_name"),
	    vs_req_field(req, "bio"), &why);
	if (rc == VS_EINVAL)
		vs_resp_redirect(req, 303, "/account?error=profile#profile");
	else if (rc != VS_OK)
		vs_resp_err(req, rc, NULL);
	else {
		vs_channel_profile(u->u_id, &after);
		vs_audit(u, "user.profile", "user", u->u_id, req->rq_addr,
		    before, after);
		vs_resp_redirect(req, 303, "/account?profile=1#profile");
	}
	json_object_put(before);
	json_object_put(after);
}

/*
 * A change of password is a guess at the current one: limited like logins,
 * per account and per client address. 1 after answering 429 (or 503).
 */
static int
password_limited_or_reply(struct vs_req *req, const struct vs_user *u)
{
	char	 who[96];

	snprintf(who, sizeof(who), "user|%s", u->u_id);
	if (vs_site_limited_or_reply(req, VS_RATE_PASSWORD, who,
	    LOGIN_SERVICE))
		return 1;
	snprintf(who, sizeof(who), "addr|%s", req->rq_addr);
	return vs_site_limited_or_reply(req, VS_RATE_PASSWORD, who,
	    LOGIN_SERVICE);
}

static void
account_password(struct vs_req *req)
{
	const struct vs_user	*u = vs_site_user(req);
	const char		*cur = vs_req_field(req, "current_password");
	const char		*pw = vs_req_field(req, "new_password");
	struct vs_user		 check;
	enum vs_err		 rc;

	if (password_limited_or_reply(req, u))
		return;
	if (cur == NULL || vs_user_login(u->u_name, cur, &check) != VS_OK) {
		vs_resp_redirect(req, 303, "/account?error=current");
		return;
	}
	if (pw == NULL || strlen(pw) < 10 || strlen(pw) > 1024 ||
	    strcmp(pw, u->u_name) == 0) {
		vs_resp_redirect(req, 303, "/account?error=new");
		return;
	}
	if ((rc = vs_user_set_password(u->u_id, pw)) != VS_OK) {
		vs_resp_err(req, rc, NULL);
		return;
	}
	/* Whoever else held this account is out. */
	vs_refresh_revoke_user(u->u_id);
	vs_session_drop_all(u->u_id, req->rq_auth->a_session.s_key);
	vs_resp_redirect(req, 303, "/account?changed=1");
}

static void
account_revoke(struct vs_req *req)
{
	const struct vs_user	*u = vs_site_user(req);
	const char		*key = vs_req_param(req, "key");

	/* Only a key from this user's own set is ever dropped. */
	vs_session_drop(u->u_id, key);
	vs_resp_redirect(req, 303, "/account");
}

#define USER	VS_SITE_USER
#define ANYONE	VS_SITE_ANYONE

static const struct vs_route routes[] = {
	VS_SITE_OPEN(POST, "/api/v1/auth/register", api_register),
	VS_SITE_OPEN(POST, "/api/v1/auth/login", api_login),
	VS_SITE_OPEN(POST, "/api/v1/auth/refresh", api_refresh),
	VS_SITE_API(POST, "/api/v1/auth/logout", api_logout, USER),
	VS_SITE_API(GET, "/api/v1/auth/me", api_me, USER),
	VS_SITE_OPEN(GET, "/api/v1/auth/verify", api_verify),
	VS_SITE_PAGE(GET, "/login", page_login, ANYONE),
	VS_SITE_PAGE(GET, "/register", page_register, ANYONE),
	VS_SITE_PAGE(GET, "/account", page_account, USER),
	VS_SITE_PAGE(POST, "/account/password", account_password, USER),
	VS_SITE_PAGE(POST, "/account/sessions/:key/revoke", account_revoke,
	    USER),
	{ VS_METHOD_POST, "/account/profile", account_profile, USER,
	    VS_RT_WHO | VS_RT_CSRF, VS_SITE_RATE_API, VS_BODY_MAX },
	VS_SITE_PAGE(POST, "/logout", api_logout, USER),
};

int
main(void)
{
	vs_app_start("auth", VS_APP_SECRET);
	return vs_http_serve(routes, sizeof(routes) / sizeof(routes[0]),
	    vs_site_hooks());
}
