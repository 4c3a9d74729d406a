/* videos.h: what videos.fcgi's sources share: the listing, links, and
 * each feature's handlers. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VIDEOS_H
#define VIDEOS_H

#include <stddef.h>

struct json_object;
struct vs_req;
struct vs_user;
struct vs_video_meta;
struct vs_video_query;

/*
 * Read the listing query (q, owner, sort, next, limit, mine) into q; 0,
 * or -1 after answering 400 (a bad limit or sort) or 401 (mine=1 for
 * nobody).
 */
int	 listing_query_or_reply(struct vs_req *, const struct vs_user *,
	    struct vs_video_query *);
/* The page of videos q asks for, or -1 after answering (400, 503 ...). */
int	 listing_search_or_reply(struct vs_req *, const struct vs_video_query *,
	    struct json_object **, char **);
/* base_url without its trailing slashes, then path, into out. */
void	 site_url(char *, size_t, const char *);

/* The channel routes (videos-channel.c). */
/* GET /u/:name: a person's page and their public videos (sort, next). */
void	 page_channel(struct vs_req *);
/* GET /u/:name/feed.atom: their newest public videos as Atom 1.0. */
void	 channel_feed(struct vs_req *);
/* GET /api/v1/users/:name: the public profile with its counts. */
void	 api_user(struct vs_req *);
/* GET /api/v1/users/:name/videos: their public videos, as the listing. */
void	 api_user_videos(struct vs_req *);
/* GET /my/videos/:id/stats: the stats page, for the owner or moderators. */
void	 page_stats(struct vs_req *);
/* GET /api/v1/videos/:id/stats: the same as JSON. */
void	 api_stats(struct vs_req *);

/* The playlist routes (videos-playlists.c). */
/* A playlist page's form post, counted in the account's API rate. */
#define PLAYLIST_FORM(p, h)	{ VS_METHOD_POST, (p), (h), VS_SITE_USER, \
	VS_RT_WHO | VS_RT_CSRF, VS_SITE_RATE_API, VS_BODY_MAX }

/*
 * What the player page of video id adds for playlists: the account's
 * lists for the save control and, with ?list=&i= naming a list the
 * client may open that holds the video, the list's previous and next
 * playable items. Leaves ctx as it was when there is nothing to add.
 */
void	 playlist_player(struct vs_req *, struct json_object *, const char *);

void	 api_playlists(struct vs_req *);
void	 api_playlist_create(struct vs_req *);
void	 api_playlist_get(struct vs_req *);
void	 api_playlist_patch(struct vs_req *);
void	 api_playlist_delete(struct vs_req *);
void	 api_playlist_add(struct vs_req *);
void	 api_playlist_move(struct vs_req *);
void	 api_playlist_remove(struct vs_req *);
void	 page_my_playlists(struct vs_req *);
void	 page_playlist_create(struct vs_req *);
void	 page_playlist_save(struct vs_req *);
void	 page_playlist(struct vs_req *);
void	 page_playlist_edit(struct vs_req *);
void	 page_playlist_delete(struct vs_req *);
void	 page_playlist_move(struct vs_req *);
void	 page_playlist_remove(struct vs_req *);

/* The comment routes (videos-comments.c). */

/*
 * A route that writes a comment: signed-in callers, the CSRF token of a
 * browser session, counted in the account's comment rate.
 */
#define VS_COMMENT_ROW(m, p, h)	{ VS_METHOD_##m, (p), (h), VS_SITE_USER, \
	VS_RT_WHO | VS_RT_CSRF, VS_SITE_RATE_COMMENT, VS_BODY_MAX }

/*
 * The JSON API. Comments are seen by whoever may see their video (anybody
 * else: 404); new ones and edits are refused (403) while the video's
 * comments are off.
 */
/* GET /api/v1/videos/:id/comments?sort=newest|oldest&after=&limit= */
void	 comments_api_list(struct vs_req *);
/* POST /api/v1/videos/:id/comments {body, parent_id}: 201, the comment. */
void	 comments_api_post(struct vs_req *);
/* PATCH /api/v1/comments/:id {body}: its author only; 200, the comment. */
void	 comments_api_patch(struct vs_req *);
/* DELETE /api/v1/comments/:id: its author or a moderator; 204. */
void	 comments_api_delete(struct vs_req *);
/* POST /api/v1/comments/:id/reports {reason, details}: 201. */
void	 comments_api_report(struct vs_req *);
/* POST /api/v1/comments/:id/ban {reason, until}: moderators; 200. */
void	 comments_api_ban(struct vs_req *);

/*
 * The page's forms, the same actions without JavaScript: each answers
 * 303 back to the video's page at the comment (or at #comments).
 */
/* POST /videos/:id/comments (body, parent_id) */
void	 comments_page_post(struct vs_req *);
/* POST /videos/:id/comments/:cid/edit (body) */
void	 comments_page_edit(struct vs_req *);
/* POST /videos/:id/comments/:cid/delete */
void	 comments_page_delete(struct vs_req *);
/* POST /videos/:id/comments/:cid/report (reason, details) */
void	 comments_page_report(struct vs_req *);
/* POST /videos/:id/comments/:cid/ban (reason) */
void	 comments_page_ban(struct vs_req *);
/* POST /videos/:id/comments/settings (enabled=1 or 0): owner, moderator */
void	 comments_page_settings(struct vs_req *);

/*
 * The comments part of the page of video id (m: its facts, as the page
 * checked them): the first page in the order of ?sort, from ?after. 0
 * with *out (caller frees), or -1 after answering (400: a bad cursor).
 */
int	 comments_context_or_reply(struct vs_req *, const char *,
	    const struct vs_video_meta *, struct json_object **);
/*
 * The comments_enabled field of a PATCH of a video (in: its fields), if
 * there: 0 when absent or a boolean, -1 after answering 422. Called
 * before anything of the video changes.
 */
int	 comments_patch_check_or_reply(struct vs_req *, struct json_object *);
/*
 * Apply it, once checked and the rest of the PATCH of video id applied:
 * 0 when absent or applied, -1 after answering.
 */
int	 comments_patch_or_reply(struct vs_req *, const char *,
	    struct json_object *);

#endif
