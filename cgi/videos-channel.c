/* videos-channel.c: channels (/u/:name and its Atom feed) and video stats. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

#include "videos.h"

/* The channel of the request's name, or NULL after answering 404/503. */
static struct json_object *
channel_or_reply(struct vs_req *req)
{
	struct json_object	*ch;
	enum vs_err		 rc;

	if ((rc = vs_channel_get(vs_req_param(req, "name"), &ch)) == VS_OK)
		return ch;
	vs_resp_err(req, rc, rc == VS_ENOTFOUND ? "No such channel." : NULL);
	return NULL;
}

/*
 * The channel's page of videos as the query asks (sort, next, limit):
 * only those anyone may watch. 0, or -1 after answering.
 */
static int
channel_videos_or_reply(struct vs_req *req, struct json_object *ch,
    struct vs_video_query *q, struct json_object **items, char **next)
{
	if (listing_query_or_reply(req, NULL, q) == -1)
		return -1;
	q->vq_q = NULL;
	q->vq_mine = NULL;
	q->vq_owner = vs_json_str(ch, "username");
	return listing_search_or_reply(req, q, items, next);
}

void
page_channel(struct vs_req *req)
{
	struct vs_video_query	 q;
	struct json_object	*ch, *items, *ctx;
	const char		*shown;
	char			*next, feed[160];

	if ((ch = channel_or_reply(req)) == NULL)
		return;
	if (channel_videos_or_reply(req, ch, &q, &items, &next) == -1) {
		json_object_put(ch);
		return;
	}
	shown = vs_json_str(ch, "display_name");
	ctx = json_object_new_object();
	json_object_object_add(ctx, "title", json_object_new_string(shown ?
	    shown : vs_json_str(ch, "username")));
	snprintf(feed, sizeof(feed), "%s/u/%s/feed.atom", vs_config_base(),
	    vs_json_str(ch, "username"));
	json_object_object_add(ctx, "feed", json_object_new_string(feed));
	json_object_object_add(ctx, "channel", ch);
	json_object_object_add(ctx, "videos", items);
	json_object_object_add(ctx, "popular", json_object_new_boolean(
	    q.vq_sort != NULL && strcmp(q.vq_sort, "popular") == 0));
	json_object_object_add(ctx, "next", next ? json_object_new_string(next) :
	    NULL);
	free(next);
	vs_resp_page(req, 200, "channel", ctx);
}

void
channel_feed(struct vs_req *req)
{
	struct vs_video_query	 q = { .vq_limit = VS_CHANNEL_FEED_ENTRIES };
	struct json_object	*ch, *items = NULL;
	struct vs_buf		 b = { 0 };
	char			*next = NULL, site[1024];

	if ((ch = channel_or_reply(req)) == NULL)
		return;
	q.vq_owner = vs_json_str(ch, "username");
	if (listing_search_or_reply(req, &q, &items, &next) == -1)
		goto out;
	site_url(site, sizeof(site), "");
	if (vs_channel_atom(&b, ch, items, site) == -1)
		vs_resp_err(req, VS_ERR, "Out of memory.");
	else
		vs_resp_body(req, 200, "application/atom+xml; charset=utf-8",
		    b.b_data, b.b_len);
out:
	vs_buf_free(&b);
	free(next);
	json_object_put(items);
	json_object_put(ch);
}

void
api_user(struct vs_req *req)
{
	struct json_object	*ch;

	if ((ch = channel_or_reply(req)) != NULL)
		vs_resp_json(req, 200, ch);
}

void
api_user_videos(struct vs_req *req)
{
	struct vs_video_query	 q;
	struct json_object	*ch, *items, *o;
	char			*next;

	if ((ch = channel_or_reply(req)) == NULL)
		return;
	if (channel_videos_or_reply(req, ch, &q, &items, &next) == 0) {
		o = json_object_new_object();
		json_object_object_add(o, "items", items);
		json_object_object_add(o, "next", next ?
		    json_object_new_string(next) : NULL);
		free(next);
		vs_resp_json(req, 200, o);
	}
	json_object_put(ch);
}

/*
 * The stats of the request's video for its owner, a moderator or an
 * administrator: VS_OK with *out, or -1 after answering (404 for a video
 * that does not exist, 403 for anybody else's).
 */
static int
stats_or_reply(struct vs_req *req, struct json_object **out)
{
	struct vs_video_meta	 m;
	enum vs_err		 rc;

	if ((rc = vs_video_meta(vs_req_param(req, "id"), &m)) == VS_OK &&
	    !vs_site_owner_or_moderator(req, m.vm_owner)) {
		vs_resp_error(req, 403, "forbidden", "Only the video's owner "
		    "and moderators see its stats.");
		return -1;
	}
	if (rc == VS_OK)
		rc = vs_stats_video(vs_req_param(req, "id"), out);
	if (rc == VS_OK)
		return 0;
	vs_resp_err(req, rc, rc == VS_ENOTFOUND ? "No such video." : NULL);
	return -1;
}

void
page_stats(struct vs_req *req)
{
	struct json_object	*s, *ctx;
	char			 title[8 + 4 * 200];	/* a title's bytes */

	if (stats_or_reply(req, &s) == -1)
		return;
	ctx = json_object_new_object();
	snprintf(title, sizeof(title), "Stats: %s", vs_json_str(s, "title") ?
	    vs_json_str(s, "title") : "");
	json_object_object_add(ctx, "title", json_object_new_string(title));
	json_object_object_add(ctx, "stats", s);
	vs_resp_page(req, 200, "stats", ctx);
}

void
api_stats(struct vs_req *req)
{
	struct json_object	*s;

	if (stats_or_reply(req, &s) == 0)
		vs_resp_json(req, 200, s);
}
