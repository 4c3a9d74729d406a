/* admin.c: admin.fcgi, health, metrics and (later) the admin pages. */
#include <vstream.h>

static void
health(struct vs_req *req)
{
	struct vs_health	 h;
	int			 rc = vs_health_check(&h);

	vs_resp_header(req, "Cache-Control", "no-store");
	vs_resp_json(req, rc == 0 ? 200 : 503, vs_health_json(&h));
}

static void
metrics(struct vs_req *req)
{
	struct vs_health	 h;
	struct vs_buf		 b = { 0 };

	vs_health_check(&h);
	if (vs_metrics_render(&b, &h) == -1)
		vs_resp_error(req, 500, "internal", "Out of memory.");
	else
		vs_resp_body(req, 200, "text/plain; version=0.0.4; "
		    "charset=utf-8", b.b_data, b.b_len);
	vs_buf_free(&b);
}

/* The moderators' queue of reported videos. */
static void
api_reports(struct vs_req *req)
{
	struct json_object	*items, *o;

	if (vs_auth_require(req, VS_ROLE_MODERATOR) == NULL)
		return;
	if (vs_report_queue(&items) != VS_OK) {
		vs_resp_unavailable(req, "database");
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "items", items);
	vs_resp_json(req, 200, o);
}

/* /health in detail, for administrators. */
static void
api_health(struct vs_req *req)
{
	struct vs_health	 h;
	struct json_object	*o;

	if (vs_auth_require(req, VS_ROLE_ADMIN) == NULL)
		return;
	vs_health_check(&h);
	o = vs_health_json(&h);
	json_object_object_add(o, "version", json_object_new_string(
	    VS_VERSION));
	vs_resp_header(req, "Cache-Control", "no-store");
	vs_resp_json(req, 200, o);
}

/* Drop a video's cached playlists (after fixing its files by hand). */
static void
api_cache_drop(struct vs_req *req)
{
	const struct vs_user	*me;
	const char		*id = vs_req_param(req, "id");

	if ((me = vs_auth_require(req, VS_ROLE_ADMIN)) == NULL)
		return;
	if (!vs_uuid_valid(id)) {
		vs_resp_error(req, 404, "not_found", "No such video.");
		return;
	}
	vs_stream_forget(id);
	vs_audit(me, "video.cache_drop", "video", id, req->rq_addr, NULL, NULL);
	vs_resp_empty(req, 204);
}

static const struct vs_route routes[] = {
	{ VS_METHOD_DELETE, "/api/admin/videos/:id/cache", api_cache_drop },
	{ VS_METHOD_GET, "/health", health },
	{ VS_METHOD_GET, "/metrics", metrics },
	{ VS_METHOD_GET, "/api/admin/reports", api_reports },
	{ VS_METHOD_GET, "/api/admin/health", api_health },
};

int
main(void)
{
	vs_app_start("admin", 0);
	return vs_http_serve(routes, sizeof(routes) / sizeof(routes[0]));
}
