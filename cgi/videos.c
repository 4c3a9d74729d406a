/* videos.c: videos.fcgi, the catalog: listing, search, editing, pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vstream.h>

/* Read the listing query; 0, or -1 after answering 400/401. */
static int
read_query(struct vs_req *req, const struct vs_user *me,
    struct vs_video_query *q)
{
	const char	*limit = vs_req_query(req, "limit"), *err;
	long long	 n;

	memset(q, 0, sizeof(*q));
	q->vq_q = vs_req_query(req, "q");
	q->vq_owner = vs_req_query(req, "owner");
	q->vq_sort = vs_req_query(req, "sort");
	q->vq_after = vs_req_query(req, "next");
	if (limit != NULL) {
		if (vs_str_tonum(limit, 1, VS_VIDEO_PAGE_MAX, &n, &err) == -1) {
			vs_resp_error(req, 400, "bad_limit",
			    "limit is a number from 1 to 100.");
			return -1;
		}
		q->vq_limit = (int)n;
	}
	if (q->vq_sort != NULL && strcmp(q->vq_sort, "new") != 0 &&
	    strcmp(q->vq_sort, "popular") != 0) {
		vs_resp_error(req, 400, "bad_sort", "sort is new or popular.");
		return -1;
	}
	if (vs_req_query(req, "mine") != NULL) {
		if (me == NULL) {
			vs_resp_error(req, 401, "unauthenticated",
			    "Log in to list your own videos.");
			return -1;
		}
		q->vq_mine = me->u_id;
	}
	return 0;
}

/* The page of videos, or -1 after answering. */
static int
listing(struct vs_req *req, const struct vs_video_query *q,
    struct json_object **items, char **next)
{
	switch (vs_video_search(q, items, next)) {
	case VS_OK:
		return 0;
	case VS_EUNAVAIL:
		vs_resp_unavailable(req, "database");
		return -1;
	default:
		vs_resp_error(req, 400, "bad_cursor",
		    "The next cursor is not one this site gave.");
		return -1;
	}
}

static void
api_list(struct vs_req *req)
{
	const struct vs_user	*me;
	struct vs_video_query	 q;
	struct json_object	*items, *o;
	char			*next;

	if (vs_auth_optional(req, &me) == -1 || read_query(req, me, &q) == -1 ||
	    listing(req, &q, &items, &next) == -1)
		return;
	o = json_object_new_object();
	json_object_object_add(o, "items", items);
	json_object_object_add(o, "next", next ? json_object_new_string(next) :
	    NULL);
	free(next);
	vs_resp_json(req, 200, o);
}

static void
page_home(struct vs_req *req)
{
	const struct vs_user	*me;
	struct vs_video_query	 q;
	struct json_object	*items, *ctx;
	struct vs_buf		 qs = { 0 };
	char			*next;

	if (vs_auth_optional(req, &me) == -1 || read_query(req, me, &q) == -1 ||
	    listing(req, &q, &items, &next) == -1)
		return;
	ctx = json_object_new_object();
	json_object_object_add(ctx, "videos", items);
	json_object_object_add(ctx, "q", q.vq_q ? json_object_new_string(q.vq_q) :
	    NULL);
	if (q.vq_q != NULL && vs_url_encode(&qs, q.vq_q) == 0)
		json_object_object_add(ctx, "q_url", json_object_new_string(
		    qs.b_data ? qs.b_data : ""));
	vs_buf_free(&qs);
	json_object_object_add(ctx, "next", next ? json_object_new_string(next) :
	    NULL);
	json_object_object_add(ctx, "title", json_object_new_string(q.vq_q ?
	    "Search" : "Latest videos"));
	free(next);
	vs_resp_page(req, 200, "home", ctx);
}

/* /my: one's own videos with their status; the page polls while busy. */
static void
page_mine(struct vs_req *req)
{
	const struct vs_user	*me;
	struct vs_video_query	 q = { .vq_limit = VS_VIDEO_PAGE_MAX };
	struct json_object	*items, *ctx;
	char			*next;

	if ((me = vs_auth_require(req, VS_ROLE_USER)) == NULL)
		return;
	q.vq_mine = me->u_id;
	q.vq_after = vs_req_query(req, "next");
	if (listing(req, &q, &items, &next) == -1)
		return;
	ctx = json_object_new_object();
	json_object_object_add(ctx, "videos", items);
	json_object_object_add(ctx, "next", next ? json_object_new_string(next) :
	    NULL);
	json_object_object_add(ctx, "title", json_object_new_string(
	    "Your videos"));
	free(next);
	vs_resp_page(req, 200, "mine", ctx);
}

/*
 * The request's video, if this client may see it: 0 with m filled, or -1
 * after answering (404 hides what is not theirs to see).
 */
static int
video_for(struct vs_req *req, const struct vs_user *me,
    struct vs_video_meta *m)
{
	switch (vs_video_meta(vs_req_param(req, "id"), m)) {
	case VS_OK:
		if (vs_video_may_view(m, me) && (strcmp(m->vm_status,
		    "ready") == 0 || (me && strcmp(me->u_id, m->vm_owner) == 0)))
			return 0;
		break;
	case VS_EUNAVAIL:
		vs_resp_unavailable(req, "database");
		return -1;
	default:
		break;
	}
	vs_resp_error(req, 404, "not_found", "No such video.");
	return -1;
}

static void
reply_video(struct vs_req *req, int status)
{
	struct json_object	*v;

	if (vs_video_get(vs_req_param(req, "id"), &v) != VS_OK)
		vs_resp_unavailable(req, "database");
	else
		vs_resp_json(req, status, v);
}

static void
api_get(struct vs_req *req)
{
	const struct vs_user	*me;
	struct vs_video_meta	 m;

	if (vs_auth_optional(req, &me) == 0 && video_for(req, me, &m) == 0)
		reply_video(req, 200);
}

static void
api_patch(struct vs_req *req)
{
	const struct vs_user	*me;
	struct vs_video_meta	 m;
	struct json_object	*in;

	if ((me = vs_auth_require(req, VS_ROLE_USER)) == NULL ||
	    video_for(req, me, &m) == -1)
		return;
	if (strcmp(me->u_id, m.vm_owner) != 0) {
		vs_resp_error(req, 403, "forbidden",
		    "Only the owner edits a video.");
		return;
	}
	if (vs_req_input(req, &in) != VS_OK || in == NULL) {
		vs_resp_error(req, 400, "bad_request", "Send JSON fields.");
		return;
	}
	switch (vs_video_update(vs_req_param(req, "id"),
	    vs_json_str(in, "title"), vs_json_str(in, "description"),
	    vs_json_str(in, "visibility"))) {
	case VS_OK:
		reply_video(req, 200);
		break;
	case VS_ERR:
		vs_resp_error(req, 422, "invalid", "title: 1 to 200 characters; "
		    "description: at most 5000; visibility: public, unlisted "
		    "or private.");
		break;
	default:
		vs_resp_unavailable(req, "database");
		break;
	}
}

static void
api_delete(struct vs_req *req)
{
	const struct vs_user	*me;
	struct vs_video_meta	 m;
	struct json_object	*before = NULL;
	const char		*id = vs_req_param(req, "id");
	int			 owner;

	if ((me = vs_auth_require(req, VS_ROLE_USER)) == NULL ||
	    video_for(req, me, &m) == -1)
		return;
	owner = strcmp(me->u_id, m.vm_owner) == 0;
	if (!owner && me->u_role < VS_ROLE_MODERATOR) {
		vs_resp_error(req, 403, "forbidden", "Not your video.");
		return;
	}
	if (!owner)
		vs_video_get(id, &before);
	if (vs_video_delete(id) != VS_OK) {
		json_object_put(before);
		vs_resp_unavailable(req, "database");
		return;
	}
	if (!owner)
		vs_audit(me, "video.delete", "video", id, req->rq_addr, before,
		    NULL);
	json_object_put(before);
	vs_resp_empty(req, 204);
}

static void
api_report(struct vs_req *req)
{
	const struct vs_user	*me;
	struct vs_video_meta	 m;

	if ((me = vs_auth_require(req, VS_ROLE_USER)) == NULL ||
	    video_for(req, me, &m) == -1)
		return;
	switch (vs_report_create(vs_req_param(req, "id"), me->u_id,
	    vs_req_field(req, "reason") ? vs_req_field(req, "reason") : "",
	    vs_req_field(req, "details"))) {
	case VS_OK:
		vs_resp_json(req, 201, json_object_new_object());
		break;
	case VS_ECONFLICT:
		vs_resp_error(req, 409, "already_reported",
		    "You have reported this video already.");
		break;
	case VS_ERR:
		vs_resp_error(req, 422, "invalid", "reason: spam, abuse, sexual, "
		    "violence, copyright, illegal or other; details: at most "
		    "2000 characters.");
		break;
	default:
		vs_resp_unavailable(req, "database");
		break;
	}
}

/*
 * The player page's context: the video and the URLs its player loads; the
 * MP4's is signed at access generation gen unless the video is public.
 */
static struct json_object *
player_context(const char *id, struct json_object *v, int public,
    long long gen)
{
	struct json_object	*ctx = json_object_new_object(), *r;
	char			 url[256], token[VS_SIGNED_MAX] = "";
	size_t			 n;
	int			 top;

	if (!public)
		vs_stream_token(id, gen, (long)time(NULL) +
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

	if (vs_auth_optional(req, &me) == -1 || video_for(req, me, &m) == -1)
		return;
	if (vs_video_get(id, &v) != VS_OK) {
		vs_resp_unavailable(req, "database");
		return;
	}
	json_object_object_add(v, "ready", json_object_new_boolean(
	    strcmp(m.vm_status, "ready") == 0));
	vs_resp_page(req, 200, "video", player_context(id, v,
	    strcmp(m.vm_visibility, "public") == 0 && !m.vm_hidden,
	    m.vm_access_gen));
	json_object_put(v);
}

static const struct vs_route routes[] = {
	{ VS_METHOD_GET, "/api/v1/videos", api_list },
	{ VS_METHOD_GET, "/api/v1/videos/:id", api_get },
	{ VS_METHOD_PATCH, "/api/v1/videos/:id", api_patch },
	{ VS_METHOD_DELETE, "/api/v1/videos/:id", api_delete },
	{ VS_METHOD_POST, "/api/v1/videos/:id/reports", api_report },
	{ VS_METHOD_GET, "/", page_home },
	{ VS_METHOD_GET, "/search", page_home },
	{ VS_METHOD_GET, "/my", page_mine },
	{ VS_METHOD_GET, "/videos/:id", page_video },
};

int
main(void)
{
	vs_app_start("videos", VS_APP_SECRET);
	return vs_http_serve(routes, sizeof(routes) / sizeof(routes[0]));
}
