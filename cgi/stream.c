/* stream.c: stream.fcgi, playlists, segments, MP4 fallback and thumbnails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

/*
 * Fill m for the request's video if this client may see it and it is
 * ready: 0. Otherwise answer (404 hides what is not theirs to know): -1.
 */
static int
viewable(struct vs_req *req, struct vs_video_meta *m)
{
	const struct vs_user	*u;

	if (vs_auth_optional(req, &u) == -1)
		return -1;
	switch (vs_video_meta(vs_req_param(req, "id"), m)) {
	case VS_OK:
		break;
	case VS_EUNAVAIL:
		vs_resp_unavailable(req, "database");
		return -1;
	default:
		vs_resp_error(req, 404, "not_found", "No such video.");
		return -1;
	}
	if (!vs_video_may_view(m, u) || strcmp(m->vm_status, "ready") != 0) {
		vs_resp_error(req, 404, "not_found", "No such video.");
		return -1;
	}
	return 0;
}

static void
thumbnail(struct vs_req *req)
{
	struct vs_video_meta	 m;
	struct vs_buf		 b = { 0 };
	char			 dir[4096], path[4200];
	FILE			*f = NULL;

	/* viewable() checked the id: it makes a path. */
	if (viewable(req, &m) == -1 ||
	    vs_video_dir(vs_req_param(req, "id"), dir, sizeof(dir)) == -1)
		return;
	snprintf(path, sizeof(path), "%s/thumb.jpg", dir);
	if ((f = fopen(path, "r")) == NULL || vs_buf_read(&b, f,
	    4 * 1024 * 1024) == -1) {
		vs_resp_error(req, 404, "not_found", "No thumbnail.");
	} else {
		vs_resp_header(req, "Cache-Control", strcmp(m.vm_visibility,
		    "public") == 0 ? "public, max-age=3600" : "private, "
		    "max-age=3600");
		vs_resp_body(req, 200, "image/jpeg", b.b_data, b.b_len);
	}
	if (f != NULL)
		fclose(f);
	vs_buf_free(&b);
}

static const struct vs_route routes[] = {
	{ VS_METHOD_GET, "/api/videos/:id/thumbnail.jpg", thumbnail },
};

int
main(void)
{
	vs_app_start("stream", VS_APP_SECRET);
	return vs_http_serve(routes, sizeof(routes) / sizeof(routes[0]));
}
