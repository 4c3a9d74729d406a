/* videos.c: videos.fcgi, the catalog: listing API and pages. */
#include <vstream.h>

/* The listing, or -1 after answering with the error. */
static int
listing(struct vs_req *req, struct json_object **items)
{
	switch (vs_video_list(items)) {
	case VS_OK:
		return 0;
	case VS_EUNAVAIL:
		vs_resp_unavailable(req, "database");
		return -1;
	default:
		vs_resp_error(req, 500, "internal", "Listing failed.");
		return -1;
	}
}

static void
api_list(struct vs_req *req)
{
	const struct vs_user	*me;
	struct json_object	*items, *o;

	if (vs_auth_optional(req, &me) == -1 || listing(req, &items) == -1)
		return;
	o = json_object_new_object();
	json_object_object_add(o, "items", items);
	json_object_object_add(o, "next", NULL);
	vs_resp_json(req, 200, o);
}

static void
page_home(struct vs_req *req)
{
	const struct vs_user	*me;
	struct json_object	*items, *ctx;

	if (vs_auth_optional(req, &me) == -1 || listing(req, &items) == -1)
		return;
	ctx = json_object_new_object();
	json_object_object_add(ctx, "videos", items);
	vs_resp_page(req, 200, "home", ctx);
}

static const struct vs_route routes[] = {
	{ VS_METHOD_GET, "/api/v1/videos", api_list },
	{ VS_METHOD_GET, "/", page_home },
};

int
main(void)
{
	vs_app_start("videos", VS_APP_SECRET);
	return vs_http_serve(routes, sizeof(routes) / sizeof(routes[0]));
}
