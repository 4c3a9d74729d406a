/* videos-fcgi.c: videos.fcgi, the catalog: listing, search, editing, pages. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vstream.h>

#include "videos.h"

/* The embed and oEmbed frame: this wide unless asked for less. */
#define FRAME_WIDTH	640
/* Largest maxwidth and maxheight taken, and the latest start time. */
#define FRAME_MAX	10000
#define START_MAX	(24 * 3600)
/* Longest Open Graph description, in bytes. */
#define SUMMARY_MAX	300

/* Read the listing query; 0, or -1 after answering 400/401. */
int
listing_query_or_reply(struct vs_req *req, const struct vs_user *me,
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
int
listing_search_or_reply(struct vs_req *req, const struct vs_video_query *q,
    struct json_object **items, char **next)
{
	enum vs_err	 rc;

	if ((rc = vs_video_search(q, items, next)) == VS_OK)
		return 0;
	if (rc == VS_EINVAL)
		vs_resp_error(req, 400, "bad_cursor",
		    "The next cursor is not one this site gave.");
	else
		vs_resp_err(req, rc, NULL);
	return -1;
}

static void
api_list(struct vs_req *req)
{
	struct vs_video_query	 q;
	struct json_object	*items, *o;
	char			*next;

	if (listing_query_or_reply(req, vs_site_user(req), &q) == -1 ||
	    listing_search_or_reply(req, &q, &items, &next) == -1)
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
	struct vs_video_query	 q;
	struct json_object	*items, *ctx;
	struct vs_buf		 qs = { 0 };
	char			*next;

	if (listing_query_or_reply(req, vs_site_user(req), &q) == -1 ||
	    listing_search_or_reply(req, &q, &items, &next) == -1)
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
	struct vs_video_query	 q = { .vq_limit = VS_VIDEO_PAGE_MAX };
	struct json_object	*items, *ctx;
	char			*next;

	q.vq_mine = vs_site_user(req)->u_id;
	q.vq_after = vs_req_query(req, "next");
	if (listing_search_or_reply(req, &q, &items, &next) == -1)
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
 * The request's video, if this client may see it (others than its owner
 * only once it can be played): 0 with m filled, or -1 after answering
 * (404 hides what is not theirs to see).
 */
static int
video_or_reply(struct vs_req *req, struct vs_video_meta *m)
{
	const struct vs_user	*me = vs_site_user(req);
	enum vs_err		 rc;

	if ((rc = vs_video_meta(vs_req_param(req, "id"), m)) == VS_OK &&
	    (!vs_video_may_view(m, me) || (!vs_video_watchable(m) &&
	    (me == NULL || strcmp(me->u_id, m->vm_owner) != 0))))
		rc = VS_ENOTFOUND;
	if (rc == VS_OK)
		return 0;
	vs_resp_err(req, rc, rc == VS_ENOTFOUND ? "No such video." : NULL);
	return -1;
}

/* The URL of the video's storyboard track, when it has one. */
static void
add_storyboard(struct json_object *v, const char *id)
{
	char	 path[128], url[1024];

	if (!vs_stream_has_storyboard(id))
		return;
	snprintf(path, sizeof(path), "/api/videos/%s/storyboard.vtt", id);
	site_url(url, sizeof(url), path);
	json_object_object_add(v, "storyboard_url", json_object_new_string(url));
}

static void
reply_video(struct vs_req *req, int status)
{
	struct json_object	*v;
	enum vs_err		 rc;

	if ((rc = vs_video_get(vs_req_param(req, "id"), &v)) != VS_OK)
		vs_resp_err(req, rc, NULL);
	else {
		vs_comment_describe(vs_req_param(req, "id"), v);
		add_storyboard(v, vs_req_param(req, "id"));
		vs_resp_json(req, status, v);
	}
}

static void
api_get(struct vs_req *req)
{
	struct vs_video_meta	 m;

	if (video_or_reply(req, &m) == 0)
		reply_video(req, 200);
}

static void
api_patch(struct vs_req *req)
{
	struct vs_video_meta	 m;
	struct json_object	*in;
	enum vs_err		 rc;

	if (video_or_reply(req, &m) == -1)
		return;
	if (strcmp(vs_site_user(req)->u_id, m.vm_owner) != 0) {
		vs_resp_error(req, 403, "forbidden",
		    "Only the owner edits a video.");
		return;
	}
	if (vs_req_input(req, &in) != VS_OK || in == NULL) {
		vs_resp_error(req, 400, "bad_request", "Send JSON fields.");
		return;
	}
	if (comments_patch_check_or_reply(req, in) == -1)
		return;
	rc = vs_video_update(vs_req_param(req, "id"), vs_json_str(in, "title"),
	    vs_json_str(in, "description"), vs_json_str(in, "visibility"));
	if (rc == VS_OK && comments_patch_or_reply(req, vs_req_param(req, "id"),
	    in) == -1)
		return;
	if (rc == VS_OK)
		reply_video(req, 200);
	else
		vs_resp_err(req, rc, rc == VS_EINVAL ? "title: 1 to 200 "
		    "characters; description: at most 5000; visibility: "
		    "public, unlisted or private." : NULL);
}

static void
api_delete(struct vs_req *req)
{
	const struct vs_user	*me = vs_site_user(req);
	struct vs_video_meta	 m;
	struct json_object	*before = NULL;
	const char		*id = vs_req_param(req, "id");
	enum vs_err		 rc;
	int			 owner;

	if (video_or_reply(req, &m) == -1)
		return;
	owner = strcmp(me->u_id, m.vm_owner) == 0;
	if (!vs_site_owner_or_moderator(req, m.vm_owner)) {
		vs_resp_error(req, 403, "forbidden", "Not your video.");
		return;
	}
	if (!owner)
		vs_video_get(id, &before);
	if ((rc = vs_video_delete(id)) != VS_OK) {
		json_object_put(before);
		vs_resp_err(req, rc, NULL);
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
	struct vs_video_meta	 m;
	enum vs_err		 rc;

	if (video_or_reply(req, &m) == -1)
		return;
	rc = vs_report_create(vs_req_param(req, "id"), vs_site_user(req)->u_id,
	    vs_req_field(req, "reason") ? vs_req_field(req, "reason") : "",
	    vs_req_field(req, "details"));
	if (rc == VS_OK)
		vs_resp_json(req, 201, json_object_new_object());
	else
		vs_resp_err(req, rc, rc == VS_ECONFLICT ? "You have reported "
		    "this video already." : rc == VS_EINVAL ? "reason: spam, "
		    "abuse, sexual, violence, copyright, illegal or other; "
		    "details: at most 2000 characters." : NULL);
}

/*
 * The caption tracks for the page's <track> elements, each with its file's
 * URL ("src"), signed with token when there is one.
 */
static void
add_tracks(struct json_object *ctx, const char *id, const char *token)
{
	struct json_object	*items, *t;
	char			 url[256];
	size_t			 i;

	if (vs_caption_list(id, &items) != VS_OK)
		return;
	for (i = 0; i < json_object_array_length(items); i++) {
		t = json_object_array_get_idx(items, i);
		snprintf(url, sizeof(url), "%s%s%s", vs_json_str(t, "url") ?
		    vs_json_str(t, "url") : "", *token ? "?t=" : "", token);
		json_object_object_add(t, "src", json_object_new_string(url));
	}
	json_object_object_add(ctx, "captions", items);
}

/*
 * The chapters for the list under the player and the seek bar, each with
 * its start as the page shows it ("1:02", "1:02:03"), and the URL of
 * their WebVTT track; nothing when the description has none.
 */
static void
add_chapters(struct json_object *ctx, const char *id, struct json_object *v)
{
	struct json_object	*a = json_object_object_get(v, "chapters"), *c;
	char			 at[32], url[128];
	long long		 s;
	size_t			 i;

	if (json_object_array_length(a) == 0)
		return;
	for (i = 0; i < json_object_array_length(a); i++) {
		c = json_object_array_get_idx(a, i);
		s = json_object_get_int64(json_object_object_get(c, "start"));
		if (s >= 3600)
			snprintf(at, sizeof(at), "%lld:%02lld:%02lld", s / 3600,
			    s / 60 % 60, s % 60);
		else
			snprintf(at, sizeof(at), "%lld:%02lld", s / 60, s % 60);
		json_object_object_add(c, "at", json_object_new_string(at));
	}
	json_object_object_add(ctx, "chapters", json_object_get(a));
	snprintf(url, sizeof(url), "/api/videos/%s/chapters.vtt", id);
	json_object_object_add(ctx, "chapters_src", json_object_new_string(url));
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
	if (vs_stream_has_storyboard(id)) {
		snprintf(url, sizeof(url), "/api/videos/%s/storyboard.vtt%s%s",
		    id, *token ? "?t=" : "", token);
		json_object_object_add(ctx, "storyboard",
		    json_object_new_string(url));
	}
	add_tracks(ctx, id, token);
	add_chapters(ctx, id, v);
	return ctx;
}

/* base_url without its trailing slashes, then path, into out. */
void
site_url(char *out, size_t len, const char *path)
{
	const char	*base = vs_config_str(VS_CFG_BASE_URL);
	size_t		 n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	snprintf(out, len, "%.*s%s", (int)n, base, path);
}

/*
 * The frame of a video: FRAME_WIDTH wide (or maxw) at its top rung's shape,
 * then no taller than maxh; 0 means no limit.
 */
static void
frame_size(struct json_object *v, long long maxw, long long maxh, int *w,
    int *h)
{
	struct json_object	*r = json_object_object_get(v, "renditions");
	struct json_object	*top;
	size_t			 n = json_object_array_length(r);
	long long		 vw = 16, vh = 9, fw = FRAME_WIDTH, fh;

	if (n > 0) {
		top = json_object_array_get_idx(r, n - 1);
		vw = json_object_get_int(json_object_object_get(top, "width"));
		vh = json_object_get_int(json_object_object_get(top, "height"));
		if (vw <= 0 || vh <= 0 || vw > FRAME_MAX || vh > FRAME_MAX) {
			vw = 16;
			vh = 9;
		}
	}
	if (maxw > 0 && maxw < fw)
		fw = maxw;
	fh = fw * vh / vw;
	if (maxh > 0 && fh > maxh) {
		fh = maxh;
		fw = fh * vw / vh;
	}
	*w = fw > 0 ? (int)fw : 1;
	*h = fh > 0 ? (int)fh : 1;
}

/* The iframe that shows the video; a string the caller puts, or NULL. */
static struct json_object *
iframe_html(const char *id, const char *title, int w, int h)
{
	struct json_object	*o = NULL;
	struct vs_buf		 b = { 0 };
	char			 path[64], url[1024];

	snprintf(path, sizeof(path), "/embed/%s", id);
	site_url(url, sizeof(url), path);
	if (vs_buf_puts(&b, "<iframe src=\"") == 0 &&
	    vs_str_html(&b, url) == 0 &&
	    vs_buf_printf(&b, "\" width=\"%d\" height=\"%d\" frameborder=\"0\" "
	    "allow=\"autoplay; fullscreen; picture-in-picture\" "
	    "allowfullscreen title=\"", w, h) == 0 &&
	    vs_str_html(&b, title) == 0 && vs_buf_puts(&b, "\"></iframe>") == 0)
		o = json_object_new_string(b.b_data);
	vs_buf_free(&b);
	return o;
}

/* At most SUMMARY_MAX bytes of s, cut between UTF-8 characters. */
static struct json_object *
summary(const char *s)
{
	size_t	 n = strlen(s);

	if (n <= SUMMARY_MAX)
		return json_object_new_string(s);
	n = SUMMARY_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return json_object_new_string_len(s, (int)n);
}

/* Put the absolute URL of path fmt (naming id) into o as key. */
static void
add_url(struct json_object *o, const char *key, const char *fmt,
    const char *id)
{
	char	 path[128], url[1024];

	snprintf(path, sizeof(path), fmt, id);
	site_url(url, sizeof(url), path);
	json_object_object_add(o, key, json_object_new_string(url));
}

/*
 * What a public video's page tells link previews: Open Graph and Twitter
 * card values, the oEmbed discovery link. Absolute URLs; the template
 * escapes them all.
 */
static struct json_object *
preview(const char *id, struct json_object *v)
{
	struct json_object	*o = json_object_new_object();
	struct vs_buf		 q = { 0 };
	char			 page[1024], path[2048], url[3072];
	const char		*desc = vs_json_str(v, "description");
	int			 w, h;

	frame_size(v, 0, 0, &w, &h);
	json_object_object_add(o, "title", json_object_new_string(
	    vs_json_str(v, "title") ? vs_json_str(v, "title") : ""));
	json_object_object_add(o, "description", summary(desc ? desc : ""));
	add_url(o, "url", "/videos/%s", id);
	add_url(o, "image", "/api/videos/%s/thumbnail.jpg", id);
	add_url(o, "player", "/embed/%s", id);
	json_object_object_add(o, "width", json_object_new_int(w));
	json_object_object_add(o, "height", json_object_new_int(h));
	snprintf(path, sizeof(path), "/videos/%s", id);
	site_url(page, sizeof(page), path);
	if (vs_url_encode(&q, page) == 0) {
		snprintf(path, sizeof(path), "/oembed?format=json&url=%s",
		    q.b_data ? q.b_data : "");
		site_url(url, sizeof(url), path);
		json_object_object_add(o, "oembed",
		    json_object_new_string(url));
	}
	vs_buf_free(&q);
	return o;
}

/* Is query parameter name "1"? */
static int
flag(const struct vs_req *req, const char *name)
{
	const char	*v = vs_req_query(req, name);

	return v != NULL && strcmp(v, "1") == 0;
}

/*
 * The player's options from the query: start time t, autoplay, loop and
 * the captions to show (a language tag or "off"). What is not valid is
 * left out quietly (start at 0, flags off, the viewer's own choice).
 */
static void
player_options(const struct vs_req *req, struct json_object *ctx)
{
	const char	*c = vs_req_query(req, "captions");
	long long	 t;

	if (vs_str_seconds(vs_req_query(req, "t"), START_MAX, &t) == 0 && t > 0)
		json_object_object_add(ctx, "start", json_object_new_int64(t));
	json_object_object_add(ctx, "autoplay", json_object_new_boolean(
	    flag(req, "autoplay")));
	json_object_object_add(ctx, "loop", json_object_new_boolean(
	    flag(req, "loop")));
	if (c != NULL && (strcmp(c, "off") == 0 || vs_caption_lang_valid(c)))
		json_object_object_add(ctx, "captions_choice",
		    json_object_new_string(c));
}

/* The share box: the page's link and, unless private, the embed code. */
static struct json_object *
share(const char *id, struct json_object *v, int private)
{
	struct json_object	*o = json_object_new_object();
	int			 w, h;

	add_url(o, "url", "/videos/%s", id);
	if (!private) {
		frame_size(v, 0, 0, &w, &h);
		add_url(o, "embed_url", "/embed/%s", id);
		json_object_object_add(o, "width", json_object_new_int(w));
		json_object_object_add(o, "height", json_object_new_int(h));
		json_object_object_add(o, "code", iframe_html(id,
		    vs_json_str(v, "title") ? vs_json_str(v, "title") : "", w,
		    h));
	}
	return o;
}

static void
page_video(struct vs_req *req)
{
	struct vs_video_meta	 m;
	struct json_object	*v, *ctx, *comments, *skips;
	const char		*id = vs_req_param(req, "id");
	enum vs_err		 rc;

	if (video_or_reply(req, &m) == -1 ||
	    comments_context_or_reply(req, id, &m, &comments) == -1)
		return;
	if ((rc = vs_video_get(id, &v)) != VS_OK) {
		json_object_put(comments);
		vs_resp_err(req, rc, NULL);
		return;
	}
	json_object_object_add(v, "ready", json_object_new_boolean(
	    strcmp(m.vm_status, "ready") == 0));
	json_object_object_add(v, "watchable", json_object_new_boolean(
	    vs_video_watchable(&m)));
	ctx = player_context(id, v, strcmp(m.vm_visibility, "public") == 0 &&
	    !m.vm_hidden, m.vm_access_gen);
	player_options(req, ctx);
	json_object_object_add(ctx, "share", share(id, v,
	    strcmp(m.vm_visibility, "private") == 0));
	if (vs_video_is_public(&m))
		json_object_object_add(ctx, "og", preview(id, v));
	json_object_object_add(ctx, "can_edit", json_object_new_boolean(
	    vs_site_owner_or_moderator(req, m.vm_owner)));
	if (vs_site_owner_or_moderator(req, m.vm_owner) &&
	    vs_caption_skips(id, &skips) == VS_OK)
		json_object_object_add(ctx, "caption_skips", skips);
	playlist_player(req, ctx, id);
	json_object_object_add(ctx, "comments", comments);
	vs_resp_page(req, 200, "video", ctx);
	json_object_put(v);
}

/*
 * Why the embed page of a video that may be embedded cannot play it, or
 * NULL when it can; with the status to answer.
 */
static const char *
embed_unavailable(const struct vs_video_meta *m, int *status)
{
	*status = 404;
	if (m->vm_hidden || m->vm_owner_banned)
		return "This video is not available.";
	if (strcmp(m->vm_status, "failed") == 0)
		return "This video could not be processed.";
	*status = 200;
	if (strcmp(m->vm_status, "ready") != 0)
		return "This video is still being processed; try again soon.";
	return NULL;
}

/*
 * /embed/:id, the player alone, for other sites' frames (embed_origins).
 * Asks nobody who is there: what it shows is what any visitor sees. A
 * private video is a plain 404 page; one that is hidden or not ready says
 * so inside the frame.
 */
static void
page_embed(struct vs_req *req)
{
	struct vs_video_meta	 m;
	struct json_object	*v, *ctx;
	const char		*id = vs_req_param(req, "id"), *why;
	enum vs_err		 rc;
	int			 status;

	if ((rc = vs_video_meta(id, &m)) == VS_OK &&
	    strcmp(m.vm_visibility, "private") == 0)
		rc = VS_ENOTFOUND;
	if (rc == VS_OK)
		rc = vs_video_get(id, &v);
	if (rc != VS_OK) {
		vs_resp_err(req, rc, rc == VS_ENOTFOUND ? "No such video." :
		    NULL);
		return;
	}
	req->rs_frame_ancestors = vs_config_str(VS_CFG_EMBED_ORIGINS);
	if ((why = embed_unavailable(&m, &status)) != NULL) {
		ctx = json_object_new_object();
		json_object_object_add(ctx, "title", json_object_new_string(
		    vs_json_str(v, "title") ? vs_json_str(v, "title") : ""));
		json_object_object_add(ctx, "message",
		    json_object_new_string(why));
	} else {
		ctx = player_context(id, v, vs_video_is_public(&m),
		    m.vm_access_gen);
		player_options(req, ctx);
	}
	add_url(ctx, "page_url", "/videos/%s", id);
	vs_resp_page(req, status, "embed", ctx);
	json_object_put(v);
}

/*
 * The video id of url when it is this site's /videos/ID or /embed/ID page
 * (a query or fragment may follow); 0 with id filled, or -1.
 */
static int
oembed_id(const char *url, char id[37])
{
	static const char *const pages[] = { "/videos/", "/embed/" };
	char		 base[1024];
	size_t		 i, n;

	site_url(base, sizeof(base), "");
	n = strlen(base);
	if (url == NULL || strncmp(url, base, n) != 0)
		return -1;
	url += n;
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		n = strlen(pages[i]);
		/* The id ends the path: a query, a fragment or nothing next. */
		if (strncmp(url, pages[i], n) != 0 || strlen(url + n) < 36 ||
		    strchr("?#", url[n + 36]) == NULL)
			continue;
		memcpy(id, url + n, 36);
		id[36] = '\0';
		return vs_uuid_valid(id) ? 0 : -1;
	}
	return -1;
}

/* maxwidth or maxheight: 0 when absent, -1 after answering 400. */
static long long
oembed_max_or_reply(struct vs_req *req, const char *name)
{
	const char	*s = vs_req_query(req, name), *err;
	long long	 n;
	char		 msg[80];

	if (s == NULL)
		return 0;
	if (vs_str_tonum(s, 1, FRAME_MAX, &n, &err) == 0)
		return n;
	snprintf(msg, sizeof(msg), "%s is a number from 1 to %d.", name,
	    FRAME_MAX);
	vs_resp_error(req, 400, "bad_request", msg);
	return -1;
}

/* The oEmbed answer for video id, which any visitor may watch. */
static struct json_object *
oembed_json(const char *id, struct json_object *v, long long maxw,
    long long maxh)
{
	struct json_object	*o = json_object_new_object(), *r, *low;
	const char		*title = vs_json_str(v, "title");
	const char		*owner = vs_json_str(v, "owner");
	char			 url[1024];
	int			 w, h;

	frame_size(v, maxw, maxh, &w, &h);
	json_object_object_add(o, "version", json_object_new_string("1.0"));
	json_object_object_add(o, "type", json_object_new_string("video"));
	json_object_object_add(o, "title", json_object_new_string(
	    title ? title : ""));
	json_object_object_add(o, "author_name", json_object_new_string(
	    owner ? owner : ""));
	site_url(url, sizeof(url), "/");
	json_object_object_add(o, "author_url", json_object_new_string(url));
	json_object_object_add(o, "provider_name", json_object_new_string(
	    vs_config_str(VS_CFG_SITE_NAME)));
	json_object_object_add(o, "provider_url", json_object_new_string(url));
	json_object_object_add(o, "html", iframe_html(id, title ? title : "",
	    w, h));
	json_object_object_add(o, "width", json_object_new_int(w));
	json_object_object_add(o, "height", json_object_new_int(h));
	r = json_object_object_get(v, "renditions");
	if ((low = json_object_array_get_idx(r, 0)) != NULL) {
		add_url(o, "thumbnail_url", "/api/videos/%s/thumbnail.jpg", id);
		json_object_object_add(o, "thumbnail_width", json_object_get(
		    json_object_object_get(low, "width")));
		json_object_object_add(o, "thumbnail_height", json_object_get(
		    json_object_object_get(low, "height")));
	}
	return o;
}

/*
 * GET /oembed?url=...: JSON only (another format is 501, as the oEmbed
 * specification asks); 404 for a URL not of this site or a video not every
 * visitor may watch.
 */
static void
api_oembed(struct vs_req *req)
{
	struct vs_video_meta	 m;
	struct json_object	*v;
	const char		*format = vs_req_query(req, "format");
	char			 id[37];
	long long		 maxw, maxh;
	enum vs_err		 rc;

	if (format != NULL && strcmp(format, "json") != 0) {
		vs_resp_error(req, 501, "not_implemented",
		    "Only format=json is offered.");
		return;
	}
	if ((maxw = oembed_max_or_reply(req, "maxwidth")) == -1 ||
	    (maxh = oembed_max_or_reply(req, "maxheight")) == -1)
		return;
	if (oembed_id(vs_req_query(req, "url"), id) == -1) {
		vs_resp_err(req, VS_ENOTFOUND, "No video of this site "
		    "has that URL.");
		return;
	}
	if ((rc = vs_video_meta(id, &m)) == VS_OK &&
	    (!vs_video_may_view(&m, NULL) || strcmp(m.vm_status, "ready") != 0))
		rc = VS_ENOTFOUND;
	if (rc == VS_OK)
		rc = vs_video_get(id, &v);
	if (rc != VS_OK) {
		vs_resp_err(req, rc, rc == VS_ENOTFOUND ? "No such video." :
		    NULL);
		return;
	}
	vs_resp_json(req, 200, oembed_json(id, v, maxw, maxh));
	json_object_put(v);
}

/*
 * Captions: a track per language, uploaded as WebVTT or SubRip, raw or as
 * a multipart form (fields lang, label, default, csrf_token, file).
 */

/* What a caption upload carries besides the path. */
struct cap_form {
	struct vs_req	*cf_req;
	struct vs_buf	 cf_file;
	struct vs_buf	 cf_field[4];	/* lang, label, default, csrf_token */
	struct vs_buf	*cf_into;	/* the part being read, or NULL */
	int		 cf_status;	/* a refusal's status, else 0 */
	const char	*cf_msg;
};

static const char *const cap_fields[] = { "lang", "label", "default",
    "csrf_token" };

/* Most bytes of a plain field of the form. */
#define CAP_FIELD_MAX	256

static int
cap_part(void *arg, const struct vs_part *pt)
{
	struct cap_form	*f = arg;
	int		 i = vs_str_index(cap_fields, 4, pt->pt_name);

	f->cf_into = strcmp(pt->pt_name, "file") == 0 ? &f->cf_file :
	    i >= 0 ? &f->cf_field[i] : NULL;
	return 0;
}

static int
cap_data(void *arg, const char *data, size_t len)
{
	struct cap_form	*f = arg;
	size_t		 max = f->cf_into == &f->cf_file ?
			    VS_CAPTION_FILE_MAX : CAP_FIELD_MAX;

	if (f->cf_into == NULL)
		return 0;
	if (f->cf_into->b_len + len > max) {
		f->cf_status = 413;
		f->cf_msg = f->cf_into == &f->cf_file ? "The file is larger "
		    "than 2 MiB." : "A form field is too long.";
		return -1;
	}
	return vs_buf_add(f->cf_into, data, len);
}

static int
cap_end(void *arg)
{
	((struct cap_form *)arg)->cf_into = NULL;
	return 0;
}

/* Read the whole body into f: 0, or -1 with cf_status and cf_msg set. */
static int
cap_read(struct cap_form *f, int multipart)
{
	static const struct vs_multipart_cb cb = { cap_part, cap_data,
	    cap_end };
	struct vs_multipart	*mp = NULL;
	char			 buf[16384];
	long			 n;
	int			 rc = -1;

	if (!multipart)
		f->cf_into = &f->cf_file;
	else if ((mp = vs_multipart_new(vs_req_header(f->cf_req,
	    "Content-Type"), &cb, f)) == NULL)
		goto bad;
	while ((n = vs_req_read(f->cf_req, buf, sizeof(buf))) > 0) {
		if (mp != NULL ? vs_multipart_feed(mp, buf, (size_t)n) == -1 :
		    cap_data(f, buf, (size_t)n) == -1)
			goto bad;
	}
	if (n == 0 && (mp == NULL || vs_multipart_done(mp)))
		rc = 0;
bad:
	if (rc == -1 && f->cf_status == 0) {
		f->cf_status = 400;
		f->cf_msg = "The body is not a complete upload.";
	}
	vs_multipart_free(mp);
	return rc;
}

/* A form field, or the query parameter of that name for a raw body. */
static const char *
cap_param(struct cap_form *f, int multipart, int i)
{
	if (!multipart)
		return vs_req_query(f->cf_req, cap_fields[i]);
	return f->cf_field[i].b_data;
}

/* "default": absent or 0/1, false/true, no/yes, off/on; -1 otherwise. */
static int
cap_flag(const char *s)
{
	static const char *const no[] = { "", "0", "false", "no", "off" };
	static const char *const yes[] = { "1", "true", "yes", "on" };

	if (s == NULL || vs_str_index(no, 5, s) >= 0)
		return 0;
	return vs_str_index(yes, 4, s) >= 0 ? 1 : -1;
}

/*
 * The signed-in owner of the request's video, or a moderator: the user,
 * or NULL after answering (403, 404 ...).
 */
static const struct vs_user *
cap_editor_or_reply(struct vs_req *req, struct vs_video_meta *m)
{
	if (video_or_reply(req, m) == -1)
		return NULL;
	if (!vs_site_owner_or_moderator(req, m->vm_owner)) {
		vs_resp_error(req, 403, "forbidden", "Only the video's owner or "
		    "a moderator changes its captions.");
		return NULL;
	}
	return vs_site_user(req);
}

/* Answer a failed vs_caption_put() or vs_caption_delete(). */
static void
cap_fail(struct vs_req *req, enum vs_err rc, const char *why)
{
	vs_resp_err(req, rc, rc == VS_EINVAL ? why : rc == VS_ENOTFOUND ?
	    "No such caption track." : NULL);
}

/*
 * Read, check and store an upload for lang (NULL: the form's field);
 * VS_OK with *item and *created, or -1 after answering.
 */
static int
cap_store_or_reply(struct vs_req *req, const char *lang,
    struct json_object **item, int *created)
{
	const struct vs_user	*me;
	struct vs_video_meta	 m;
	struct cap_form		 f = { .cf_req = req };
	struct vs_caption_in	 in = { .ci_video = vs_req_param(req, "id") };
	char			 why[256];
	enum vs_err		 rc;
	int			 i, multipart;

	multipart = vs_str_type_is(vs_req_header(req, "Content-Type"),
	    "multipart/form-data");
	if ((me = cap_editor_or_reply(req, &m)) == NULL)
		return -1;
	rc = VS_ERR;
	if (cap_read(&f, multipart) == -1) {
		vs_resp_error(req, f.cf_status, "bad_upload", f.cf_msg);
		goto out;
	}
	if (!vs_site_csrf_body(req, f.cf_field[3].b_data)) {
		vs_resp_error(req, 403, "csrf", "Missing or wrong CSRF token.");
		goto out;
	}
	in.ci_lang = lang ? lang : cap_param(&f, multipart, 0);
	in.ci_label = cap_param(&f, multipart, 1);
	if (in.ci_label != NULL && *in.ci_label == '\0')
		in.ci_label = NULL;
	if ((in.ci_default = cap_flag(cap_param(&f, multipart, 2))) == -1) {
		vs_resp_err(req, VS_EINVAL, "default is 0 or 1.");
		goto out;
	}
	in.ci_data = f.cf_file.b_data ? f.cf_file.b_data : "";
	in.ci_len = f.cf_file.b_len;
	if ((rc = vs_caption_put(&in, item, created, why, sizeof(why))) !=
	    VS_OK)
		cap_fail(req, rc, why);
	else if (strcmp(me->u_id, m.vm_owner) != 0)
		vs_audit(me, "caption.put", "video", in.ci_video, req->rq_addr,
		    NULL, *item);
out:
	vs_buf_free(&f.cf_file);
	for (i = 0; i < 4; i++)
		vs_buf_free(&f.cf_field[i]);
	return rc == VS_OK ? 0 : -1;
}

/* Remove the track lang; 0, or -1 after answering. */
static int
cap_remove_or_reply(struct vs_req *req, const char *lang)
{
	const struct vs_user	*me;
	struct vs_video_meta	 m;
	struct json_object	*before;
	const char		*id = vs_req_param(req, "id");
	enum vs_err		 rc;

	if ((me = cap_editor_or_reply(req, &m)) == NULL)
		return -1;
	if ((rc = vs_caption_delete(id, lang, &before)) != VS_OK) {
		cap_fail(req, rc, "");
		return -1;
	}
	if (strcmp(me->u_id, m.vm_owner) != 0)
		vs_audit(me, "caption.delete", "video", id, req->rq_addr,
		    before, NULL);
	json_object_put(before);
	return 0;
}

/*
 * A video's caption tracks; for its owner and moderators also the source's
 * subtitle streams that were not taken, as the edit page shows them.
 */
static void
api_captions(struct vs_req *req)
{
	struct vs_video_meta	 m;
	struct json_object	*items = NULL, *skips = NULL, *o;
	enum vs_err		 rc;

	if (video_or_reply(req, &m) == -1)
		return;
	if ((rc = vs_caption_list(vs_req_param(req, "id"), &items)) != VS_OK ||
	    (vs_site_owner_or_moderator(req, m.vm_owner) &&
	    (rc = vs_caption_skips(vs_req_param(req, "id"), &skips)) != VS_OK)) {
		json_object_put(items);
		vs_resp_err(req, rc, NULL);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "items", items);
	if (skips != NULL)
		json_object_object_add(o, "skipped", skips);
	vs_resp_json(req, 200, o);
}

/* The stored file, as vstream wrote it. */
static void
api_caption_get(struct vs_req *req)
{
	struct vs_video_meta	 m;
	struct vs_buf		 b = { 0 };
	char			 path[4400];
	FILE			*f = NULL;

	if (video_or_reply(req, &m) == -1)
		return;
	if (vs_caption_path(vs_req_param(req, "id"), vs_req_param(req, "lang"),
	    path, sizeof(path)) == -1 || (f = fopen(path, "r")) == NULL ||
	    vs_buf_read(&b, f, VS_CAPTION_FILE_MAX + 64) == -1)
		vs_resp_err(req, VS_ENOTFOUND, "No such caption track.");
	else {
		vs_resp_header(req, "Cache-Control", "private, no-cache");
		vs_resp_body(req, 200, "text/vtt; charset=utf-8", b.b_data,
		    b.b_len);
	}
	if (f != NULL)
		fclose(f);
	vs_buf_free(&b);
}

static void
api_caption_put(struct vs_req *req)
{
	struct json_object	*item;
	int			 created;

	if (cap_store_or_reply(req, vs_req_param(req, "lang"), &item,
	    &created) == 0)
		vs_resp_json(req, created ? 201 : 200, item);
}

static void
api_caption_delete(struct vs_req *req)
{
	if (cap_remove_or_reply(req, vs_req_param(req, "lang")) == 0)
		vs_resp_empty(req, 204);
}

/* Back to the video's page, where the form is. */
static void
back_to_video(struct vs_req *req)
{
	char	 url[128];

	snprintf(url, sizeof(url), "/videos/%s#captions",
	    vs_req_param(req, "id"));
	vs_resp_redirect(req, 303, url);
}

static void
page_caption_add(struct vs_req *req)
{
	struct json_object	*item;
	int			 created;

	if (cap_store_or_reply(req, NULL, &item, &created) == 0) {
		json_object_put(item);
		back_to_video(req);
	}
}

static void
page_caption_delete(struct vs_req *req)
{
	if (cap_remove_or_reply(req, vs_req_param(req, "lang")) == 0)
		back_to_video(req);
}

#define USER	VS_SITE_USER
#define ANYONE	VS_SITE_ANYONE
/* A caption upload: up to a file and its form; the body has the token. */
#define CAPTION_BODY	(VS_CAPTION_FILE_MAX + 64 * 1024)
#define CAPTION_FLAGS	(VS_RT_WHO | VS_RT_CSRF_BODY)

static const struct vs_route routes[] = {
	VS_SITE_API(GET, "/api/v1/videos", api_list, ANYONE),
	VS_SITE_API(GET, "/api/v1/videos/:id", api_get, ANYONE),
	VS_SITE_API(PATCH, "/api/v1/videos/:id", api_patch, USER),
	VS_SITE_API(DELETE, "/api/v1/videos/:id", api_delete, USER),
	VS_SITE_API(POST, "/api/v1/videos/:id/reports", api_report, USER),
	VS_SITE_PAGE(GET, "/", page_home, ANYONE),
	VS_SITE_PAGE(GET, "/search", page_home, ANYONE),
	VS_SITE_PAGE(GET, "/my", page_mine, USER),
	VS_SITE_PAGE(GET, "/videos/:id", page_video, ANYONE),
	VS_SITE_OPEN(GET, "/embed/:id", page_embed),
	VS_SITE_OPEN(GET, "/oembed", api_oembed),
	VS_SITE_API(GET, "/api/v1/videos/:id/captions", api_captions, ANYONE),
	VS_SITE_API(GET, "/api/v1/videos/:id/captions/:lang", api_caption_get,
	    ANYONE),
	{ VS_METHOD_PUT, "/api/v1/videos/:id/captions/:lang", api_caption_put,
	    USER, CAPTION_FLAGS, VS_SITE_RATE_API, CAPTION_BODY },
	VS_SITE_API(DELETE, "/api/v1/videos/:id/captions/:lang",
	    api_caption_delete, USER),
	{ VS_METHOD_POST, "/videos/:id/captions", page_caption_add, USER,
	    CAPTION_FLAGS, VS_SITE_RATE_NONE, CAPTION_BODY },
	VS_SITE_PAGE(POST, "/videos/:id/captions/:lang/delete",
	    page_caption_delete, USER),
	VS_SITE_API(GET, "/api/v1/playlists", api_playlists, ANYONE),
	VS_SITE_API(POST, "/api/v1/playlists", api_playlist_create, USER),
	VS_SITE_API(GET, "/api/v1/playlists/:id", api_playlist_get, ANYONE),
	VS_SITE_API(PATCH, "/api/v1/playlists/:id", api_playlist_patch, USER),
	VS_SITE_API(DELETE, "/api/v1/playlists/:id", api_playlist_delete, USER),
	VS_SITE_API(POST, "/api/v1/playlists/:id/items", api_playlist_add, USER),
	VS_SITE_API(PATCH, "/api/v1/playlists/:id/items/:video",
	    api_playlist_move, USER),
	VS_SITE_API(DELETE, "/api/v1/playlists/:id/items/:video",
	    api_playlist_remove, USER),
	VS_SITE_PAGE(GET, "/my/playlists", page_my_playlists, USER),
	PLAYLIST_FORM("/my/playlists", page_playlist_create),
	PLAYLIST_FORM("/my/playlists/items", page_playlist_save),
	VS_SITE_PAGE(GET, "/playlists/:id", page_playlist, ANYONE),
	PLAYLIST_FORM("/playlists/:id/edit", page_playlist_edit),
	PLAYLIST_FORM("/playlists/:id/delete", page_playlist_delete),
	PLAYLIST_FORM("/playlists/:id/items/:video/move", page_playlist_move),
	PLAYLIST_FORM("/playlists/:id/items/:video/delete",
	    page_playlist_remove),
	VS_SITE_PAGE(GET, "/u/:name", page_channel, ANYONE),
	VS_SITE_OPEN(GET, "/u/:name/feed.atom", channel_feed),
	VS_SITE_API(GET, "/api/v1/users/:name", api_user, ANYONE),
	VS_SITE_API(GET, "/api/v1/users/:name/videos", api_user_videos, ANYONE),
	VS_SITE_PAGE(GET, "/my/videos/:id/stats", page_stats, USER),
	VS_SITE_API(GET, "/api/v1/videos/:id/stats", api_stats, USER),
	VS_SITE_API(GET, "/api/v1/videos/:id/comments", comments_api_list,
	    ANYONE),
	VS_COMMENT_ROW(POST, "/api/v1/videos/:id/comments", comments_api_post),
	VS_COMMENT_ROW(PATCH, "/api/v1/comments/:id", comments_api_patch),
	VS_SITE_API(DELETE, "/api/v1/comments/:id", comments_api_delete, USER),
	VS_COMMENT_ROW(POST, "/api/v1/comments/:id/reports",
	    comments_api_report),
	VS_SITE_API(POST, "/api/v1/comments/:id/ban", comments_api_ban,
	    VS_SITE_MODERATOR),
	VS_COMMENT_ROW(POST, "/videos/:id/comments", comments_page_post),
	VS_SITE_PAGE(POST, "/videos/:id/comments/settings",
	    comments_page_settings, USER),
	VS_COMMENT_ROW(POST, "/videos/:id/comments/:cid/edit",
	    comments_page_edit),
	VS_SITE_PAGE(POST, "/videos/:id/comments/:cid/delete",
	    comments_page_delete, USER),
	VS_COMMENT_ROW(POST, "/videos/:id/comments/:cid/report",
	    comments_page_report),
	VS_SITE_PAGE(POST, "/videos/:id/comments/:cid/ban", comments_page_ban,
	    VS_SITE_MODERATOR),
};

int
main(void)
{
	vs_app_start("videos", VS_APP_SECRET);
	return vs_http_serve(routes, sizeof(routes) / sizeof(routes[0]),
	    vs_site_hooks());
}
