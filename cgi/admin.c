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

static const struct vs_route routes[] = {
	{ VS_METHOD_GET, "/health", health },
	{ VS_METHOD_GET, "/metrics", metrics },
};

int
main(void)
{
	vs_app_start("admin");
	return vs_http_serve(routes, sizeof(routes) / sizeof(routes[0]));
}
