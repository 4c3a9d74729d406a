/* admin-fcgi.c: admin.fcgi: health, metrics, and the moderators' and
 * administrators' pages (/admin) and JSON (/api/admin). */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

static void
health(struct vs_req *req)
{
	struct vs_health	 h;
	int			 rc = vs_health_check(&h);

	vs_resp_header(req, "Cache-Control", "no-store");
	vs_resp_json(req, rc == 0 ? 200 : 503, vs_health_json(&h));
}

/* Does the request carry the metrics_token, when one is set? */
static int
scraper_ok(struct vs_req *req)
{
	const char	*want = vs_config_str(VS_CFG_METRICS_TOKEN);
	const char	*got = vs_req_header(req, "Authorization");

	if (*want == '\0')
		return 1;
	if (got == NULL || strncmp(got, "Bearer ", 7) != 0)
		return 0;
	got += 7;
	return vs_str_ct_equal(got, strlen(got), want, strlen(want));
}

static void
metrics(struct vs_req *req)
{
	struct vs_health	 h;
	struct vs_buf		 b = { 0 };

	if (!scraper_ok(req)) {
		vs_resp_header(req, "WWW-Authenticate", "Bearer");
		vs_resp_error(req, 401, "unauthenticated", "Send the "
		    "metrics_token as a Bearer token.");
		return;
	}
	vs_health_check(&h);
	if (vs_metrics_render(&b, &h) == -1)
		vs_resp_err(req, VS_ERR, "Out of memory.");
	else
		vs_resp_body(req, 200, "text/plain; version=0.0.4; "
		    "charset=utf-8", b.b_data, b.b_len);
	vs_buf_free(&b);
}

/* A page of the admin area with its data under "data"; takes data. */
static void
page(struct vs_req *req, const char *name, const char *title,
    struct json_object *data)
{
	struct json_object	*ctx = json_object_new_object();

	json_object_object_add(ctx, "title", json_object_new_string(title));
	json_object_object_add(ctx, "data", data);
	json_object_object_add(ctx, "q", json_object_new_string(
	    vs_req_query(req, "q") ? vs_req_query(req, "q") : ""));
	vs_resp_page(req, 200, name, ctx);
}

/* Answer a list or a page: JSON {items} for the API, else the page. */
static void
listing(struct vs_req *req, enum vs_err rc, struct json_object *items,
    const char *name, const char *title)
{
	struct json_object	*o;

	if (rc != VS_OK) {
		vs_resp_err(req, rc, NULL);
		return;
	}
	if (!vs_req_is_api(req)) {
		page(req, name, title, items);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "items", items);
	vs_resp_json(req, 200, o);
}

/* The outcome of an action: back to the page for a form, else JSON. */
static void
acted(struct vs_req *req, enum vs_err rc, const char *why, const char *back)
{
	struct json_object	*o;

	if (rc != VS_OK)
		vs_resp_err(req, rc, why);
	else if (vs_req_is_form(req))
		vs_resp_redirect(req, 303, back);
	else {
		o = json_object_new_object();
		json_object_object_add(o, "ok", json_object_new_boolean(1));
		vs_resp_json(req, 200, o);
	}
}

/* Who acts, as the route's rank let them through, and from where. */
static struct vs_actor
actor(const struct vs_req *req)
{
	return (struct vs_actor){ vs_site_user(req), req->rq_addr };
}

static void
overview(struct vs_req *req)
{
	struct json_object	*o = NULL;
	enum vs_err		 rc;

	if ((rc = vs_admin_overview(&o)) != VS_OK)
		vs_resp_err(req, rc, NULL);
	else if (vs_req_is_api(req))
		vs_resp_json(req, 200, o);
	else
		page(req, "admin/overview", "Overview", o);
}

static void
users(struct vs_req *req)
{
	struct json_object	*items = NULL;
	enum vs_err		 rc;

	rc = vs_admin_users(vs_req_query(req, "q"), &items);
	listing(req, rc, items, "admin/users", "Users");
}

static void
videos(struct vs_req *req)
{
	struct json_object	*items = NULL;
	enum vs_err		 rc;

	rc = vs_admin_videos(vs_req_query(req, "status"), vs_req_query(req, "q"),
	    &items);
	listing(req, rc, items, "admin/videos", "Videos");
}

/* The queue: reported videos (items) and reported comments (comments). */
static void
reports(struct vs_req *req)
{
	struct json_object	*items = NULL, *comments = NULL, *o;
	enum vs_err		 rc;

	if ((rc = vs_report_queue(&items)) == VS_OK &&
	    (rc = vs_comment_report_queue(&comments)) != VS_OK)
		json_object_put(items);
	if (rc != VS_OK) {
		vs_resp_err(req, rc, NULL);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "items", items);
	json_object_object_add(o, "comments", comments);
	if (vs_req_is_api(req))
		vs_resp_json(req, 200, o);
	else
		page(req, "admin/reports", "Reports", o);
}

static void
audit(struct vs_req *req)
{
	struct vs_audit_query	 q = { 0 };
	struct json_object	*items = NULL;
	struct vs_buf		 b = { 0 };
	const char		*fmt = vs_req_query(req, "format");
	enum vs_err		 rc;

	q = (struct vs_audit_query){ vs_req_query(req, "actor"),
	    vs_req_query(req, "action"), vs_req_query(req, "target"),
	    vs_req_query(req, "since"), vs_req_query(req, "until"),
	    vs_req_query(req, "before"), 0 };
	if ((rc = vs_audit_list(&q, &items)) == VS_EINVAL) {
		vs_resp_error(req, 400, "bad_filter", "since and until are "
		    "times (2026-11-26 12:00), before an entry number.");
		return;
	}
	if (rc != VS_OK || fmt == NULL || strcmp(fmt, "csv") != 0) {
		listing(req, rc, items, "admin/audit", "Audit log");
		return;
	}
	vs_resp_header(req, "Content-Disposition",
	    "attachment; filename=\"audit.csv\"");
	if (vs_audit_csv(items, &b) == 0)
		vs_resp_body(req, 200, "text/csv; charset=utf-8", b.b_data,
		    b.b_len);
	else
		vs_resp_err(req, VS_ERR, "Out of memory.");
	vs_buf_free(&b);
	json_object_put(items);
}

/*
 * /health in detail, for administrators: JSON or the page. With ?web=1 the
 * doctor also sends its requests through the web server, which takes up
 * to a few upload chunks' worth of traffic: asked for, never polled.
 */
static void
system_health(struct vs_req *req)
{
	struct vs_health	 h;
	struct json_object	*o;
	const char		*server = getenv("SERVER_SOFTWARE");
	const char		*q = vs_req_query(req, "web");
	int			 web = q != NULL && strcmp(q, "1") == 0;

	vs_health_check(&h);
	o = vs_health_detail(&h, web);
	json_object_object_add(o, "web_checked", json_object_new_boolean(web));
	json_object_object_add(o, "version", json_object_new_string(
	    VS_VERSION));
	json_object_object_add(o, "web_server", json_object_new_string(
	    server ? server : "unknown"));
	vs_resp_header(req, "Cache-Control", "no-store");
	if (vs_req_is_api(req))
		vs_resp_json(req, 200, o);
	else
		page(req, "admin/health", "System health", o);
}

/*
 * The analytics of a video or an account: JSON, or the page that draws
 * it from that JSON (its address under "api").
 */
static void
analytics(struct vs_req *req)
{
	struct json_object	*o = NULL;
	const char		*id = vs_req_param(req, "id");
	int			 video = strstr(req->rq_path, "/videos/") != NULL;
	char			 api[128];
	enum vs_err		 rc;

	rc = video ? vs_admin_video_stats(id, &o) : vs_admin_user_stats(id, &o);
	if (rc != VS_OK)
		acted(req, rc, NULL, NULL);
	else if (vs_req_is_api(req))
		vs_resp_json(req, 200, o);
	else {
		snprintf(api, sizeof(api), "/api/admin/analytics/%s/%s",
		    video ? "videos" : "users", id);
		json_object_object_add(o, "api", json_object_new_string(api));
		json_object_object_add(o, "video", json_object_new_boolean(
		    video));
		page(req, "admin/analytics", "Analytics", o);
	}
}

/* /admin/analytics: the busiest videos, each a link to its analytics. */
static void
analytics_index(struct vs_req *req)
{
	struct json_object	*o = NULL;
	enum vs_err		 rc;

	if ((rc = vs_admin_overview(&o)) != VS_OK)
		vs_resp_err(req, rc, NULL);
	else
		page(req, "admin/analytics-index", "Analytics", o);
}

static void
user_role(struct vs_req *req)
{
	struct vs_actor	 a = actor(req);
	const char	*why = NULL;
	enum vs_err	 rc;

	rc = vs_admin_set_role(&a, vs_req_param(req, "id"),
	    vs_req_field(req, "role"), &why);
	acted(req, rc, why, "/admin/users");
}

static void
user_ban(struct vs_req *req)
{
	struct vs_actor	 a = actor(req);
	const char	*why = NULL;
	enum vs_err	 rc;

	rc = vs_admin_ban(&a, vs_req_param(req, "id"),
	    vs_req_field(req, "reason"), vs_req_field(req, "until"), &why);
	acted(req, rc, why, "/admin/users");
}

static void
user_unban(struct vs_req *req)
{
	struct vs_actor	 a = actor(req);
	const char	*why = NULL;
	enum vs_err	 rc;

	rc = vs_admin_unban(&a, vs_req_param(req, "id"), &why);
	acted(req, rc, why, "/admin/users");
}

static void
user_delete(struct vs_req *req)
{
	struct vs_actor	 a = actor(req);
	const char	*why = NULL;
	enum vs_err	 rc;

	rc = vs_admin_delete_user(&a, vs_req_param(req, "id"), &why);
	acted(req, rc, why, "/admin/users");
}

static void
video_hide(struct vs_req *req)
{
	struct vs_actor	 a = actor(req);
	int		 hide = strstr(req->rq_path, "/unhide") == NULL;
	enum vs_err	 rc;

	rc = vs_admin_hide(&a, vs_req_param(req, "id"), hide,
	    vs_req_field(req, "reason"));
	acted(req, rc, NULL, "/admin/videos");
}

static void
video_requeue(struct vs_req *req)
{
	struct vs_actor	 a = actor(req);
	enum vs_err	 rc;

	rc = vs_admin_requeue(&a, vs_req_param(req, "id"));
	acted(req, rc, NULL, "/admin/videos");
}

/* Drop a video's cached playlists (after fixing its files by hand). */
static void
video_cache(struct vs_req *req)
{
	struct vs_actor	 a = actor(req);
	const char	*id = vs_req_param(req, "id");

	if (!vs_uuid_valid(id)) {
		acted(req, VS_ENOTFOUND, NULL, NULL);
		return;
	}
	vs_stream_forget(id);
	vs_audit(a.ac_user, "video.cache_drop", "video", id, a.ac_addr, NULL,
	    NULL);
	if (req->rq_method == VS_METHOD_DELETE)
		vs_resp_empty(req, 204);
	else
		acted(req, VS_OK, NULL, "/admin/videos");
}

static void
report_review(struct vs_req *req)
{
	struct vs_actor	 a = actor(req);
	const char	*why = NULL;
	enum vs_err	 rc;

	rc = vs_admin_review(&a, vs_req_param(req, "id"),
	    vs_req_field(req, "status"), vs_req_field(req, "resolution"),
	    vs_req_field(req, "note"), &why);
	acted(req, rc, why, "/admin/reports");
}

static void
comment_review(struct vs_req *req)
{
	struct vs_actor	 a = actor(req);
	const char	*why = NULL;
	enum vs_err	 rc;

	rc = vs_comment_review(&a, vs_req_param(req, "id"),
	    vs_req_field(req, "status"), vs_req_field(req, "resolution"),
	    vs_req_field(req, "note"), &why);
	acted(req, rc, why, "/admin/reports");
}

#define ADMIN	VS_SITE_ADMIN
#define MOD	VS_SITE_MODERATOR

static const struct vs_route routes[] = {
	VS_SITE_OPEN(GET, "/health", health),
	VS_SITE_OPEN(GET, "/metrics", metrics),
	VS_SITE_PAGE(GET, "/admin", overview, ADMIN),
	VS_SITE_PAGE(GET, "/admin/users", users, MOD),
	VS_SITE_PAGE(GET, "/admin/videos", videos, MOD),
	VS_SITE_PAGE(GET, "/admin/reports", reports, MOD),
	VS_SITE_PAGE(GET, "/admin/audit", audit, ADMIN),
	VS_SITE_PAGE(GET, "/admin/health", system_health, ADMIN),
	VS_SITE_API(GET, "/api/admin/overview", overview, ADMIN),
	VS_SITE_API(GET, "/api/admin/users", users, MOD),
	VS_SITE_API(POST, "/api/admin/users/:id/role", user_role, ADMIN),
	VS_SITE_API(POST, "/api/admin/users/:id/ban", user_ban, MOD),
	VS_SITE_API(POST, "/api/admin/users/:id/unban", user_unban, MOD),
	VS_SITE_API(POST, "/api/admin/users/:id/delete", user_delete, ADMIN),
	VS_SITE_API(GET, "/api/admin/videos", videos, MOD),
	VS_SITE_API(POST, "/api/admin/videos/:id/hide", video_hide, MOD),
	VS_SITE_API(POST, "/api/admin/videos/:id/unhide", video_hide, MOD),
	VS_SITE_API(POST, "/api/admin/videos/:id/requeue", video_requeue,
	    ADMIN),
	VS_SITE_API(POST, "/api/admin/videos/:id/cache", video_cache, ADMIN),
	VS_SITE_API(DELETE, "/api/admin/videos/:id/cache", video_cache, ADMIN),
	VS_SITE_API(GET, "/api/admin/reports", reports, MOD),
	VS_SITE_API(POST, "/api/admin/reports/:id", report_review, MOD),
	VS_SITE_API(GET, "/api/admin/audit", audit, ADMIN),
	VS_SITE_API(GET, "/api/admin/health", system_health, ADMIN),
	VS_SITE_API(GET, "/api/admin/analytics/videos/:id", analytics, ADMIN),
	VS_SITE_API(GET, "/api/admin/analytics/users/:id", analytics, ADMIN),
	VS_SITE_PAGE(GET, "/admin/analytics", analytics_index, ADMIN),
	VS_SITE_PAGE(GET, "/admin/analytics/videos/:id", analytics, ADMIN),
	VS_SITE_PAGE(GET, "/admin/analytics/users/:id", analytics, ADMIN),
	VS_SITE_API(POST, "/api/admin/comment-reports/:id", comment_review,
	    MOD),
};

int
main(void)
{
	vs_app_start("admin", 0);
	return vs_http_serve(routes, sizeof(routes) / sizeof(routes[0]),
	    vs_site_hooks());
}
