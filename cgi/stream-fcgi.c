/* stream-fcgi.c: playlists, segments, MP4s, thumbnails, previews, chapters. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vstream.h>

/* What a request may see of its video. */
enum access {
	ACCESS_NONE,		/* answered already (404, 403, 503 ...) */
	ACCESS_PUBLIC,		/* anyone: cache it anywhere */
	ACCESS_SIGNED,		/* a token or an account allowed it */
	ACCESS__MAX
};

static enum access
not_found(struct vs_req *req)
{
	vs_resp_err(req, VS_ENOTFOUND, "No such video.");
	return ACCESS_NONE;
}

/*
 * May this client see the request's video, and can it be played (ready,
 * or transcoding with its first segments out)? Asks the database; a 404
 * hides what is not theirs to know, and the owner of a video that cannot
 * be played yet learns its status (409).
 */
static enum access
lookup_or_reply(struct vs_req *req, struct vs_video_meta *m)
{
	const struct vs_user	*u;
	char			 msg[96];
	enum vs_err		 rc;

	if (vs_site_who_or_reply(req, &u) == -1)
		return ACCESS_NONE;
	if ((rc = vs_video_meta(vs_req_param(req, "id"), m)) == VS_ENOTFOUND)
		return not_found(req);
	if (rc != VS_OK) {
		vs_resp_err(req, rc, NULL);
		return ACCESS_NONE;
	}
	if (!vs_video_may_view(m, u))
		return not_found(req);
	if (!vs_video_watchable(m)) {
		if (u == NULL || strcmp(u->u_id, m->vm_owner) != 0)
			return not_found(req);
		snprintf(msg, sizeof(msg), "The video is %s, not ready yet.",
		    m->vm_status);
		vs_resp_error(req, 409, m->vm_status, msg);
		return ACCESS_NONE;
	}
	return vs_video_is_public(m) ? ACCESS_PUBLIC : ACCESS_SIGNED;
}

/*
 * Segments and MP4s: a signed URL is checked without the database (its
 * generation against a copy at most access_check_ttl old); a wrong,
 * expired or withdrawn token is 403. Without one, the video must be
 * public, which this process remembers for a moment: no login, no rate,
 * no query for the many requests of a public video.
 */
static enum access
media_access_or_reply(struct vs_req *req)
{
	struct vs_video_meta	 m;
	struct vs_signed_link	 l;
	const char		*t = vs_req_query(req, "t");
	enum access		 a;
	enum vs_err		 rc;

	if (t != NULL) {
		if ((rc = vs_stream_check(vs_req_param(req, "id"), t, &l)) ==
		    VS_OK)
			return ACCESS_SIGNED;
		if (rc == VS_EUNAVAIL)
			vs_resp_err(req, rc, NULL);
		else
			vs_resp_error(req, 403, "bad_token", "This link is "
			    "invalid, has expired or was withdrawn.");
		return ACCESS_NONE;
	}
	if (vs_video_meta_recent(vs_req_param(req, "id"), &m) == VS_OK &&
	    vs_video_is_public(&m))
		return ACCESS_PUBLIC;
	if ((a = lookup_or_reply(req, &m)) == ACCESS_SIGNED) {
		vs_resp_error(req, 403, "token_required",
		    "This video is not public: open it from its page.");
		return ACCESS_NONE;
	}
	return a;
}

/*
 * How long a playlist may be kept: a minute, but a couple of seconds
 * while the worker is still adding segments to it (its ETag changes with
 * every segment). Segments never change, growing or not.
 */
static const char *const playlist_cache[2][2] = {
	/* finished */	{ "private, max-age=60", "public, max-age=60" },
	/* growing */	{ "private, max-age=2", "public, max-age=2" },
};

/*
 * Who asks for a file with links in it (a playlist, the storyboard's
 * track): one with a good token, whose link *l names; anyone, for a
 * public video; else a viewer lookup_or_reply() allows afresh, with a new
 * link in *l at the generation the database gave with that decision.
 */
static enum access
link_or_reply(struct vs_req *req, struct vs_signed_link *l)
{
	struct vs_video_meta	 m;
	const char		*id = vs_req_param(req, "id");
	const char		*t = vs_req_query(req, "t");
	enum access		 a;

	if (t != NULL && vs_stream_check(id, t, l) == VS_OK)
		return ACCESS_SIGNED;
	if (vs_video_meta_recent(id, &m) == VS_OK && vs_video_is_public(&m))
		return ACCESS_PUBLIC;
	if ((a = lookup_or_reply(req, &m)) != ACCESS_NONE)
		*l = (struct vs_signed_link){ (long)time(NULL) +
		    VS_STREAM_TOKEN_TTL, m.vm_access_gen };
	return a;
}

/*
 * Send body, a file with links in it, as type: as it is to anyone for a
 * public video, else with every link signed by sign() with l's token;
 * cache[0] and cache[1] are its Cache-Control, private and public.
 */
static void
send_linked(struct vs_req *req, enum access a, const struct vs_signed_link *l,
    const char *body, size_t len, const char *type,
    const char *const cache[2], int (*sign)(const char *, const char *,
    struct vs_buf *))
{
	struct vs_buf	 b = { 0 };
	char		 token[VS_SIGNED_MAX];

	if (a == ACCESS_PUBLIC)
		vs_resp_cached(req, type, body, len, cache[1]);
	else if (vs_stream_token(vs_req_param(req, "id"), l->sl_gen,
	    l->sl_expiry, token, sizeof(token)) == 0 &&
	    sign(body, token, &b) == 0)
		vs_resp_cached(req, type, b.b_data, b.b_len, cache[0]);
	else
		vs_resp_err(req, VS_ERR, "Out of memory.");
	vs_buf_free(&b);
}

/*
 * A playlist. Its links carry the token it was fetched with, unchanged: a
 * link never outlives the link it came from. Only a viewer whom
 * lookup_or_reply() allows afresh gets a new token, at the generation the
 * database gave with that decision.
 */
static void
playlist(struct vs_req *req, const char *quality, int iframes,
    const char *lang)
{
	struct vs_signed_link	 l;
	const char		*id = vs_req_param(req, "id");
	char			*body;
	size_t			 len;
	enum access		 a;
	int			 growing = 0;

	if ((a = link_or_reply(req, &l)) == ACCESS_NONE)
		return;
	if ((lang != NULL ? vs_caption_playlist(id, lang, &body, &len,
	    &growing) :
	    iframes ? vs_stream_iframes(id, quality, &body, &len, &growing) :
	    vs_stream_playlist(id, quality, &body, &len, &growing)) != VS_OK) {
		not_found(req);
		return;
	}
	send_linked(req, a, &l, body, len, "application/vnd.apple.mpegurl",
	    playlist_cache[growing], vs_stream_sign);
	free(body);
}

static void
master(struct vs_req *req)
{
	playlist(req, NULL, 0, NULL);
}

static void
variant(struct vs_req *req)
{
	if (!vs_stream_valid_quality(vs_req_param(req, "quality")))
		not_found(req);
	else
		playlist(req, vs_req_param(req, "quality"), 0, NULL);
}

/* A rendition's I-frame playlist: its keyframes, for trick play. */
static void
iframes(struct vs_req *req)
{
	if (!vs_stream_valid_quality(vs_req_param(req, "quality")))
		not_found(req);
	else
		playlist(req, vs_req_param(req, "quality"), 1, NULL);
}

/* Send the file at path: kept for a year anywhere when public. */
static void
send_file(struct vs_req *req, const char *path, const char *type,
    enum access a)
{
	vs_resp_file(req, path, type, a == ACCESS_PUBLIC ?
	    "public, max-age=31536000, immutable" : "private, max-age=3600");
}

/* Send a file of the video's folder: dir/sub/name, all validated. */
static void
send_media(struct vs_req *req, const char *sub, const char *name,
    const char *type, enum access a)
{
	char	 dir[4096], path[4400];

	if (vs_path_video(vs_req_param(req, "id"), dir, sizeof(dir)) == -1) {
		not_found(req);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	send_file(req, path, type, a);
}

static void
segment(struct vs_req *req)
{
	const char	*q = vs_req_param(req, "quality");
	const char	*s = vs_req_param(req, "segment");
	char		 path[4400];
	enum access	 a;

	if (!vs_stream_valid_quality(q) || !vs_stream_valid_segment(s) ||
	    !vs_uuid_valid(vs_req_param(req, "id"))) {
		not_found(req);
		return;
	}
	if ((a = media_access_or_reply(req)) == ACCESS_NONE)
		return;
	if (vs_stream_file_path(vs_req_param(req, "id"), q, s, path,
	    sizeof(path)) == -1)
		not_found(req);
	else
		send_file(req, path, strcmp(s, "init.mp4") == 0 ? "video/mp4" :
		    "video/iso.segment", a);
}

/*
 * A caption track's media playlist: one WebVTT segment per segment of the
 * video's rungs, growing with them.
 */
static void
subtitles(struct vs_req *req)
{
	if (!vs_caption_lang_valid(vs_req_param(req, "lang")))
		not_found(req);
	else
		playlist(req, NULL, 0, vs_req_param(req, "lang"));
}

/*
 * One segment of a caption track: its cues over that segment of the
 * video, made from the stored file at each request; kept as the
 * playlists are, as a new upload of the track changes it.
 */
static void
subtitle_segment(struct vs_req *req)
{
	const char	*id = vs_req_param(req, "id");
	const char	*lang = vs_req_param(req, "lang");
	char		*body = NULL;
	size_t		 len;
	enum access	 a;
	enum vs_err	 rc;
	int		 n, growing = 0;

	if (!vs_uuid_valid(id) || !vs_caption_lang_valid(lang) ||
	    (n = vs_caption_segment_number(vs_req_param(req, "segment"))) ==
	    -1) {
		not_found(req);
		return;
	}
	if ((a = media_access_or_reply(req)) == ACCESS_NONE)
		return;
	if ((rc = vs_caption_segment(id, lang, n, &body, &len, &growing)) ==
	    VS_ENOTFOUND)
		not_found(req);
	else if (rc != VS_OK)
		vs_resp_err(req, rc, NULL);
	else
		vs_resp_cached(req, "text/vtt; charset=utf-8", body, len,
		    playlist_cache[growing][a == ACCESS_PUBLIC]);
	free(body);
}

/*
 * A caption track's whole file, as stored, for the MP4 fallback's <track>
 * and downloads, with the X-TIMESTAMP-MAP header of the segments.
 */
static void
captions(struct vs_req *req)
{
	const char	*lang = vs_req_param(req, "lang");
	struct vs_buf	 file = { 0 }, b = { 0 };
	char		 path[4400];
	FILE		*f = NULL;
	enum access	 a;

	if (vs_caption_path(vs_req_param(req, "id"), lang, path,
	    sizeof(path)) == -1) {
		not_found(req);
		return;
	}
	if ((a = media_access_or_reply(req)) == ACCESS_NONE)
		return;
	if ((f = fopen(path, "r")) == NULL ||
	    vs_buf_read(&file, f, VS_CAPTION_FILE_MAX + 64) == -1 ||
	    file.b_len < 7 || strncmp(file.b_data, "WEBVTT\n", 7) != 0 ||
	    vs_buf_printf(&b, "WEBVTT\n" VS_CAPTION_TIMESTAMP_MAP "\n%s",
	    file.b_data + 7) == -1)
		not_found(req);
	else
		vs_resp_cached(req, "text/vtt; charset=utf-8", b.b_data,
		    b.b_len, a == ACCESS_PUBLIC ? "public, max-age=60" :
		    "private, max-age=60");
	if (f != NULL)
		fclose(f);
	vs_buf_free(&file);
	vs_buf_free(&b);
}

static void
mp4(struct vs_req *req)
{
	const char	*q = vs_req_param(req, "quality");
	char		 name[32];
	enum access	 a;

	if (!vs_stream_valid_quality(q) ||
	    !vs_uuid_valid(vs_req_param(req, "id"))) {
		not_found(req);
		return;
	}
	if ((a = media_access_or_reply(req)) == ACCESS_NONE)
		return;
	snprintf(name, sizeof(name), "%s.mp4", q);
	send_media(req, "mp4", name, "video/mp4", a);
}

static void
thumbnail(struct vs_req *req)
{
	struct vs_video_meta	 m;
	enum access		 a;

	if ((a = lookup_or_reply(req, &m)) != ACCESS_NONE)
		send_media(req, ".", "thumb.jpg", "image/jpeg", a);
}

/*
 * The storyboard's WebVTT track (seek previews), there once the video is
 * ready. Its sheet links carry the token as a playlist's links do, so
 * that a video reached by a signed link shows its previews too.
 */
static void
storyboard(struct vs_req *req)
{
	struct vs_signed_link	 l;
	const char		*id = vs_req_param(req, "id");
	char			*body;
	size_t			 len;
	enum access		 a;

	if ((a = link_or_reply(req, &l)) == ACCESS_NONE)
		return;
	if (vs_stream_storyboard(id, &body, &len) != VS_OK) {
		vs_resp_error(req, 404, "not_found", "This video has no "
		    "storyboard.");
		return;
	}
	send_linked(req, a, &l, body, len, "text/vtt; charset=utf-8",
	    playlist_cache[0], vs_stream_sign_storyboard);
	free(body);
}

/* A sheet of the storyboard's tiles, as a segment is served. */
static void
storyboard_sheet(struct vs_req *req)
{
	const char	*name = vs_req_param(req, "sheet");
	enum access	 a;

	if (!vs_stream_valid_sheet(name) ||
	    !vs_uuid_valid(vs_req_param(req, "id"))) {
		not_found(req);
		return;
	}
	if ((a = media_access_or_reply(req)) != ACCESS_NONE)
		send_media(req, "storyboard", name, "image/jpeg", a);
}

/*
 * The chapters of a video's description as a WebVTT chapters track, seen
 * by whoever may see the video (as its thumbnail).
 */
static void
chapters(struct vs_req *req)
{
	struct vs_video_meta	 m;
	struct vs_chapter	 c[VS_CHAPTERS_MAX];
	struct json_object	*v = NULL;
	struct vs_buf		 b = { 0 };
	enum access		 a;
	size_t			 n;
	double			 d;

	if ((a = lookup_or_reply(req, &m)) == ACCESS_NONE)
		return;
	if (vs_video_get(vs_req_param(req, "id"), &v) != VS_OK) {
		vs_resp_err(req, VS_EUNAVAIL, NULL);
		return;
	}
	d = json_object_get_double(json_object_object_get(v, "duration"));
	if ((n = vs_chapter_parse(vs_json_str(v, "description"), d, c)) == 0)
		vs_resp_error(req, 404, "not_found", "This video has no "
		    "chapters.");
	else if (vs_chapter_write(c, n, d, &b) == -1)
		vs_resp_err(req, VS_ERR, "Out of memory.");
	else
		vs_resp_cached(req, "text/vtt; charset=utf-8", b.b_data,
		    b.b_len, a == ACCESS_PUBLIC ? "public, max-age=60" :
		    "private, max-age=60");
	vs_buf_free(&b);
	json_object_put(v);
}

/*
 * The player reports a view after 5 s of playback ({}), then watch time
 * ({"watched": seconds}). A viewer (session, account, else address) counts
 * once per video in half an hour. Each report may tell the furthest
 * position played ("position") and the first the origin the viewer came
 * from ("referrer"), for the video's stats.
 */
static void
views(struct vs_req *req)
{
	struct vs_video_meta	 m;
	const struct vs_auth	*a = NULL;
	struct json_object	*in, *o, *w;
	const char		*id = vs_req_param(req, "id"), *viewer;
	int			 rc = 0;

	if (lookup_or_reply(req, &m) == ACCESS_NONE)
		return;
	if (vs_req_input(req, &in) != VS_OK) {
		vs_resp_error(req, 400, "bad_request", "Send a JSON object.");
		return;
	}
	vs_auth_who(req, &a);
	viewer = a == NULL || a->a_via == VS_VIA_NONE ? req->rq_addr :
	    a->a_via == VS_VIA_COOKIE ? a->a_session.s_key : a->a_user.u_id;
	o = json_object_new_object();
	if (in != NULL && json_object_object_get_ex(in, "watched", &w))
		rc = vs_views_watch(id, json_object_get_int(w));
	else {
		rc = vs_views_hit(id, viewer, a && a->a_via != VS_VIA_NONE ?
		    a->a_user.u_id : NULL);
		json_object_object_add(o, "counted",
		    json_object_new_boolean(rc == 1));
	}
	if (rc != -1)
		vs_stats_report(id, viewer, rc, in);
	vs_resp_json(req, rc == -1 ? 503 : 202, o);
}

/*
 * A file of a video, for players on other sites too: any origin may read
 * a public video's (as anyone may), cors_origins the others'.
 */
#define MEDIA(p, h)	{ VS_METHOD_GET, (p), (h), VS_SITE_ANYONE, \
	VS_RT_CORS_OPEN, VS_SITE_RATE_NONE, 0 }

static const struct vs_route routes[] = {
	VS_SITE_OPEN(POST, "/api/videos/:id/views", views),
	MEDIA("/api/videos/:id/hls/master.m3u8", master),
	MEDIA("/api/videos/:id/hls/:quality/playlist.m3u8", variant),
	MEDIA("/api/videos/:id/hls/:quality/iframes.m3u8", iframes),
	MEDIA("/api/videos/:id/hls/:quality/:segment", segment),
	MEDIA("/api/videos/:id/hls/subs/:lang/playlist.m3u8", subtitles),
	{ VS_METHOD_GET, "/api/videos/:id/hls/subs/:lang/captions.vtt",
	    captions, VS_SITE_ANYONE, VS_RT_CORS, VS_SITE_RATE_NONE, 0 },
	MEDIA("/api/videos/:id/hls/subs/:lang/:segment", subtitle_segment),
	MEDIA("/api/videos/:id/stream/:quality", mp4),
	MEDIA("/api/videos/:id/thumbnail.jpg", thumbnail),
	MEDIA("/api/videos/:id/chapters.vtt", chapters),
	MEDIA("/api/videos/:id/storyboard.vtt", storyboard),
	MEDIA("/api/videos/:id/storyboard/:sheet", storyboard_sheet),
};

int
main(void)
{
	vs_app_start("stream", VS_APP_SECRET);
	return vs_http_serve(routes, sizeof(routes) / sizeof(routes[0]),
	    vs_site_hooks());
}
