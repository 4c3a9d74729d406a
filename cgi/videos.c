/* videos.c: videos.fcgi, the catalog: listing API and pages. */
#include <stdio.h>
#include <string.h>
#include <time.h>

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

/* The player page's context: the video and the URLs its player loads. */
static struct json_object *
player_context(const char *id, struct json_object *v, int public)
{
	struct json_object	*ctx = json_object_new_object(), *r;
	char			 url[256], token[VS_SIGNED_MAX] = "";
	size_t			 n;
	int			 top;

	if (!public)
		vs_signed_make("segment", id, (long)time(NULL) +
		    VS_STREAM_TOKEN_TTL, token, sizeof(token));
	json_object_object_add(ctx, "video", json_object_get(v));
	json_object_object_add(ctx, "title", json_object_new_string(
	    vs_json_str(v, "title") ? vs_json_str(v, "title") : ""));
	snprintf(url, sizeof(url), "/api/videos/%s/hls/master.m3u8", id);
	json_object_object_add(ctx, "hls", json_object_new_string(url));
	snprintf(url, sizeof(url), "/api/videos/%s/thumbnail.jpg", id);
	json_object_object_add(ctx, "poster", json_object_new_string(url));
	r = json_object_object_get(v, "renditions");
	n = json_object_array_length(r);
	if (n > 0) {
		top = json_object_get_int(json_object_object_get(
		    json_object_array_get_idx(r, n - 1), "name"));
		snprintf(url, sizeof(url), "/api/videos/%s/stream/%dp%s%s", id,
		    top, *token ? "?t=" : "", token);
		json_object_object_add(ctx, "mp4", json_object_new_string(url));
	}
	return ctx;
}

static void
page_video(struct vs_req *req)
{
	const struct vs_user	*me;
	struct vs_video_meta	 m;
	struct json_object	*v;
	const char		*id = vs_req_param(req, "id");
	enum vs_err		 rc;

	if (vs_auth_optional(req, &me) == -1)
		return;
	if ((rc = vs_video_meta(id, &m)) == VS_EUNAVAIL) {
		vs_resp_unavailable(req, "database");
		return;
	}
	if (rc != VS_OK || !vs_video_may_view(&m, me) ||
	    vs_video_get(id, &v) != VS_OK) {
		vs_resp_error(req, 404, "not_found", "No such video.");
		return;
	}
	json_object_object_add(v, "ready", json_object_new_boolean(
	    strcmp(m.vm_status, "ready") == 0));
	vs_resp_page(req, 200, "video", player_context(id, v,
	    strcmp(m.vm_visibility, "public") == 0 && !m.vm_hidden));
	json_object_put(v);
}

static const struct vs_route routes[] = {
	{ VS_METHOD_GET, "/api/v1/videos", api_list },
	{ VS_METHOD_GET, "/", page_home },
	{ VS_METHOD_GET, "/videos/:id", page_video },
};

int
main(void)
{
	vs_app_start("videos", VS_APP_SECRET);
	return vs_http_serve(routes, sizeof(routes) / sizeof(routes[0]));
}
