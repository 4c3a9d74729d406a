/* videos.h: what videos.fcgi's sources share: the comments' handlers. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VIDEOS_H
#define VIDEOS_H

struct json_object;
struct vs_req;
struct vs_video_meta;

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
