/* video.h: videos: their files on disk and their rows. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_VIDEO_H
#define VS_VIDEO_H

#include <stddef.h>

#include "err.h"

struct json_object;

/* Most videos one listing page returns. */
#define VS_VIDEO_PAGE	20

/* Most videos one listing page may return. */
#define VS_VIDEO_PAGE_MAX	100

/* A listing: every field may be NULL (0 for the limit: VS_VIDEO_PAGE). */
struct vs_video_query {
	const char	*vq_q;		/* search words (websearch syntax) */
	const char	*vq_owner;	/* a username */
	const char	*vq_sort;	/* "new" (default) or "popular" */
	const char	*vq_after;	/* the cursor of the previous page */
	const char	*vq_mine;	/* a user id: that user's own videos,
					   whatever their status */
	int		 vq_limit;
};

/*
 * A page of videos: public, ready and visible ones (or one's own), newest,
 * most viewed, or, with search words, best matching first (title weighs
 * more than description). Keyset pagination: *next is the opaque cursor of
 * the next page (malloc'd, caller frees) or NULL on the last page. Items:
 * {id, title, description, owner, duration, thumbnail, views, status,
 * visibility, progress, playable (still transcoding, and what is out can
 * be watched), created_at, renditions}. VS_OK with *items (caller
 * frees), VS_EINVAL for a malformed cursor, VS_EUNAVAIL.
 */
enum vs_err	 vs_video_search(const struct vs_video_query *,
		    struct json_object **, char **);
/*
 * Change the title, description and visibility of video id (NULL: keep).
 * VS_OK, VS_ENOTFOUND, VS_EINVAL for a value the rules refuse,
 * VS_EUNAVAIL.
 */
enum vs_err	 vs_video_update(const char *, const char *, const char *,
		    const char *);
/*
 * Delete video id: its row (jobs, views, reports go with it), its files
 * and its cached playlists. VS_OK, VS_ENOTFOUND, VS_EUNAVAIL.
 */
enum vs_err	 vs_video_delete(const char *);
/* A new video: who owns it and what it is called (NULL: none). */
struct vs_video_new {
	const char	*vn_owner;	/* a user id */
	const char	*vn_title;
	const char	*vn_desc;
	const char	*vn_vis;	/* public, unlisted, private */
	const char	*vn_name;	/* the file's name as its owner knew it */
	const char	*vn_upload;	/* the tus upload it came from */
	const char	*vn_hold;	/* the multipart reservation it used */
};

/*
 * Take a source file in as a new video: probe it in a bounded child (an
 * allowed container holding a decodable video stream, within the source
 * limits: vs_probe_file), put it at media/<id>/source.<ext>
 * (moved when move is set, else copied), and in one transaction insert
 * the video and its transcode job, mark its upload session complete (or
 * drop its multipart reservation), and announce the job; an upload whose
 * session or reservation has lapsed is refused (VS_ERR). On VS_OK id holds the new id (37 bytes). Otherwise a
 * reason for a person in why and: VS_EINVAL (not a usable video; the file
 * is left where it was), VS_ELIMIT (over a source limit, or it could not
 * be examined; left too), VS_ENOSPACE (the disk is full), VS_EUNAVAIL, or
 * VS_ERR; on failure nothing is left in the media tree or the database.
 */
enum vs_err	 vs_video_import(const char *, int, const struct vs_video_new *,
		    char *, char *, size_t);
/*
 * Check a title, description and visibility (NULL: not given) against the
 * rules: VS_OK, or VS_EINVAL with a message for a person in *why.
 */
enum vs_err	 vs_video_check(const char *, const char *, const char *,
		    const char **);
struct vs_user;

/* What deciding who may see a video needs. */
struct vs_video_meta {
	char	 vm_owner[37];
	char	 vm_visibility[16];	/* public, unlisted, private */
	char	 vm_status[16];		/* uploaded ... ready, failed */
	int	 vm_playable;		/* its first segments are out */
	int	 vm_hidden;		/* by a moderator */
	int	 vm_owner_banned;
	long long vm_access_gen;	/* named in its signed links */
};

/* The access facts of video id: VS_OK, VS_ENOTFOUND, VS_EUNAVAIL. */
enum vs_err	 vs_video_meta(const char *, struct vs_video_meta *);
/*
 * As vs_video_meta(), remembered by this process for a couple of seconds:
 * for the segment and playlist requests of public videos, which come many
 * a second. A change of visibility shows within that time (their segments
 * are marked immutable for a year anyway).
 */
enum vs_err	 vs_video_meta_recent(const char *, struct vs_video_meta *);
/*
 * 1 when the video can be played now: ready, or still transcoding (queued
 * again after an interruption, or processing) with its first segments
 * published (playable).
 */
int		 vs_video_watchable(const struct vs_video_meta *);
/* 1 when anybody may watch the video now: public, watchable, shown. */
int		 vs_video_is_public(const struct vs_video_meta *);
/*
 * May user u (NULL: anonymous) watch the video? Public and unlisted ones:
 * anybody, unless hidden or their owner is banned; otherwise only the
 * owner, moderators and administrators. Whether it is watchable is the
 * caller's question.
 */
int		 vs_video_may_view(const struct vs_video_meta *,
		    const struct vs_user *);
/*
 * The row of video id as JSON (the API's view, playable as in
 * vs_video_search()), with "chapters", [{start, title}] from its
 * description (vs_chapter_parse()); caller frees.
 */
enum vs_err	 vs_video_get(const char *, struct json_object **);

#endif
