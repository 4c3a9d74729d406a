/* comment.h: comments under videos, their replies and their reports. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_COMMENT_H
#define VS_COMMENT_H

#include <stddef.h>

#include "err.h"

struct json_object;
struct vs_actor;

/* Most characters (code points) of a comment's text. */
#define VS_COMMENT_MAX		5000
/* Comments one page holds unless asked for fewer, and at most. */
#define VS_COMMENT_PAGE		20
#define VS_COMMENT_PAGE_MAX	100
/*
 * Most replies under one comment: a page shows each first comment with all
 * its replies, so their number must not grow without end.
 */
#define VS_COMMENT_REPLIES_MAX	500

/*
 * Check the len bytes of s as a comment's text: UTF-8, no control
 * characters but newlines and tabs (a CR before LF is dropped: browsers
 * send CRLF), not only white space, 1 to VS_COMMENT_MAX characters.
 * VS_OK with the text to keep in *out (malloc'd, caller frees), or
 * VS_EINVAL with a reason for a person in *why.
 */
enum vs_err	 vs_comment_clean(const char *, size_t, char **, const char **);

/* A page of a video's comments: every field but the video may be NULL. */
struct vs_comment_query {
	const char	*cq_video;	/* a video id */
	const char	*cq_sort;	/* "newest" (default) or "oldest" */
	const char	*cq_after;	/* the cursor of the previous page */
	const char	*cq_me;		/* who asks: marks their own ("mine") */
	int		 cq_limit;	/* 0: VS_COMMENT_PAGE */
};

/*
 * The video's comments, newest or oldest first, each with all its
 * replies oldest first. Keyset pagination: *next is the opaque cursor of
 * the next page (malloc'd, caller frees) or NULL on the last. Items:
 * {id, video_id, parent_id, author, body, created_at, edited, edited_at,
 * deleted, mine, replies}; a deleted one has no author and an empty body.
 * VS_OK with *items (caller frees), VS_EINVAL for a cursor this site did
 * not give or an unknown sort, VS_EUNAVAIL.
 */
enum vs_err	 vs_comment_list(const struct vs_comment_query *,
		    struct json_object **, char **);
/*
 * Add to the video JSON v how many comments video id has (comment_count,
 * deleted ones not counted) and whether new ones are taken
 * (comments_enabled). VS_OK, VS_ENOTFOUND, VS_EUNAVAIL.
 */
enum vs_err	 vs_comment_describe(const char *, struct json_object *);
/* Turn the comments of video id on (1) or off (0); the same answers. */
enum vs_err	 vs_comment_set_enabled(const char *, int);

/* Who wrote a comment, where, and its state. */
struct vs_comment_meta {
	char	 cm_video[37];
	char	 cm_author[37];
	int	 cm_deleted;
	int	 cm_enabled;	/* its video takes comments */
};

/* The facts of comment id: VS_OK, VS_ENOTFOUND, VS_EUNAVAIL. */
enum vs_err	 vs_comment_meta(const char *, struct vs_comment_meta *);
/* Comment id as the API shows it, for who (may be NULL); caller frees. */
enum vs_err	 vs_comment_get(const char *, const char *,
		    struct json_object **);
/*
 * A new comment by author on video, with text as vs_comment_clean()
 * kept it, in reply to parent (NULL: none; a reply to a reply goes under
 * the same first comment). VS_OK with the new id in id (37 bytes);
 * VS_EINVAL for a parent that is not a live comment of the video;
 * VS_ELIMIT when it has VS_COMMENT_REPLIES_MAX replies already;
 * VS_ECONFLICT when the video takes no comments; VS_ENOTFOUND,
 * VS_EUNAVAIL.
 */
enum vs_err	 vs_comment_post(const char *, const char *, const char *,
		    const char *, char *);
/* Replace the text of comment id (marked edited); VS_ENOTFOUND if gone. */
enum vs_err	 vs_comment_edit(const char *, const char *);
/*
 * Delete comment id. One with replies keeps its place, emptied, marked
 * deleted; one without goes, and so does a deleted first comment whose
 * last reply it was. VS_OK, VS_ENOTFOUND, VS_EUNAVAIL.
 */
enum vs_err	 vs_comment_delete(const char *);
/*
 * A moderator deletes someone's comment id: as vs_comment_delete(), with
 * an audit entry holding the comment as it was.
 */
enum vs_err	 vs_comment_remove(const struct vs_actor *, const char *);
/*
 * A moderator bans the author of comment id through vs_admin_ban() (its
 * rules and audit entry), for a reason, until a time ("" or NULL: no
 * end). VS_OK; VS_EINVAL with *why; VS_ENOTFOUND; VS_EUNAVAIL.
 */
enum vs_err	 vs_comment_ban(const struct vs_actor *, const char *,
		    const char *, const char *, const char **);

/*
 * File a report by user reporter on comment id, as vs_report_create()
 * does for videos: a reason of its list, details at most 2000 characters;
 * one open report per user and comment. VS_OK, VS_ECONFLICT, VS_EINVAL,
 * VS_ENOTFOUND (no such live comment), VS_EUNAVAIL.
 */
enum vs_err	 vs_comment_report(const char *, const char *, const char *,
		    const char *);
/*
 * The pending comment reports grouped by comment, most reported first:
 * {comment_id, video_id, title, author, body, reports, first_at, reasons}.
 * VS_OK with *out (caller frees), VS_EUNAVAIL.
 */
enum vs_err	 vs_comment_report_queue(struct json_object **);
/*
 * Review the pending reports of comment id: status "reviewed", or
 * "resolved" with a resolution: dismissed, comment_deleted, user_banned
 * (its author); with a note. Audited; VS_OK; VS_EINVAL with *why;
 * VS_ENOTFOUND (nothing open); VS_EUNAVAIL.
 */
enum vs_err	 vs_comment_review(const struct vs_actor *, const char *,
		    const char *, const char *, const char *, const char **);

#endif
