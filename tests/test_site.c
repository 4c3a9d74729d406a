/* test_site.c: the site's hooks: ranks, CSRF tokens, owners and moderators. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

#include "runner.h"

#define TOKEN	"c0ffee"

/* A request from an account already worked out, as vs_auth_who keeps it. */
static void
from(struct vs_req *req, enum vs_method m, enum vs_via via, enum vs_role role,
    int banned)
{
	memset(req, 0, sizeof(*req));
	req->rq_method = m;
	req->rq_length = -1;
	req->rq_path = "/api/v1/videos";
	ck_assert_ptr_nonnull(req->rq_auth = calloc(1, sizeof(*req->rq_auth)));
	req->rq_auth->a_via = via;
	req->rq_auth->a_user.u_role = role;
	req->rq_auth->a_user.u_banned = banned;
	snprintf(req->rq_auth->a_user.u_id, sizeof(req->rq_auth->a_user.u_id),
	    "owner");
	snprintf(req->rq_auth->a_session.s_csrf,
	    sizeof(req->rq_auth->a_session.s_csrf), TOKEN);
}

START_TEST(ranks)
{
	const struct vs_site	*s;
	struct vs_req		 req;

	with_secret(SECRET);
	s = vs_site_hooks();
	from(&req, VS_METHOD_GET, VS_VIA_BEARER, VS_ROLE_ADMIN, 0);
	ck_assert_int_eq(s->si_rank_or_reply(&req, 1, s->si_arg),
	    VS_SITE_ADMIN);
	ck_assert_ptr_eq(vs_site_user(&req), &req.rq_auth->a_user);
	req.rq_auth->a_user.u_role = VS_ROLE_USER;
	ck_assert_int_eq(s->si_rank_or_reply(&req, 1, s->si_arg),
	    VS_SITE_USER);
	/* A banned account is nobody, whatever its role. */
	req.rq_auth->a_user.u_banned = 1;
	ck_assert_int_eq(s->si_rank_or_reply(&req, 1, s->si_arg),
	    VS_SITE_ANYONE);
	ck_assert_ptr_null(vs_site_user(&req));
	req.rq_auth->a_via = VS_VIA_NONE;
	req.rq_auth->a_user.u_banned = 0;
	ck_assert_int_eq(s->si_rank_or_reply(&req, 0, s->si_arg),
	    VS_SITE_ANYONE);
	free(req.rq_auth);
}
END_TEST

START_TEST(owners)
{
	struct vs_req	 req;

	from(&req, VS_METHOD_DELETE, VS_VIA_BEARER, VS_ROLE_PREMIUM, 0);
	ck_assert_int_eq(vs_site_owner_or_moderator(&req, "owner"), 1);
	ck_assert_int_eq(vs_site_owner_or_moderator(&req, "other"), 0);
	req.rq_auth->a_user.u_role = VS_ROLE_MODERATOR;
	ck_assert_int_eq(vs_site_owner_or_moderator(&req, "other"), 1);
	req.rq_auth->a_user.u_banned = 1;
	ck_assert_int_eq(vs_site_owner_or_moderator(&req, "owner"), 0);
	free(req.rq_auth);
}
END_TEST

/* Only a browser session's change needs the token; a header or field. */
START_TEST(csrf_tokens)
{
	const struct vs_site	*s;
	struct vs_req		 req;

	with_secret(SECRET);
	s = vs_site_hooks();
	unsetenv("HTTP_X_CSRF_TOKEN");
	from(&req, VS_METHOD_POST, VS_VIA_BEARER, VS_ROLE_USER, 0);
	ck_assert_int_eq(s->si_csrf(&req, 0, s->si_arg), 1);
	ck_assert_int_eq(vs_auth_csrf(&req, TOKEN), 0);
	req.rq_auth->a_via = VS_VIA_COOKIE;
	ck_assert_int_eq(s->si_csrf(&req, 0, s->si_arg), 0);
	/* A multipart body may carry it: then the handler checks it. */
	ck_assert_int_eq(s->si_csrf(&req, 1, s->si_arg), 1);
	ck_assert_int_eq(vs_site_csrf_body(&req, NULL), 0);
	ck_assert_int_eq(vs_site_csrf_body(&req, "c0ffef"), 0);
	ck_assert_int_eq(vs_site_csrf_body(&req, TOKEN), 1);
	setenv("HTTP_X_CSRF_TOKEN", TOKEN, 1);
	ck_assert_int_eq(s->si_csrf(&req, 0, s->si_arg), 1);
	ck_assert_int_eq(vs_site_csrf_body(&req, NULL), 1);
	setenv("HTTP_X_CSRF_TOKEN", "wrong", 1);
	ck_assert_int_eq(s->si_csrf(&req, 1, s->si_arg), 0);
	unsetenv("HTTP_X_CSRF_TOKEN");
	req.rq_method = VS_METHOD_GET;
	ck_assert_int_eq(s->si_csrf(&req, 0, s->si_arg), 1);
	free(req.rq_auth);
}
END_TEST

/* The runtime is handed the path of base_url, which requests begin with. */
START_TEST(prefix)
{
	setenv("VSTREAM_BASE_URL", "https://example.org/~ann/video/", 1);
	with_secret(SECRET);
	ck_assert_str_eq(vs_site_hooks()->si_prefix, "/~ann/video");
	setenv("VSTREAM_BASE_URL", "https://example.org", 1);
	with_secret(SECRET);
	ck_assert_str_eq(vs_site_hooks()->si_prefix, "");
	unsetenv("VSTREAM_BASE_URL");
}
END_TEST

int
main(void)
{
	RUN_TESTS("site", ranks, owners, csrf_tokens, prefix);
}
