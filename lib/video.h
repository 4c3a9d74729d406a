/* video.h: videos: their files on disk and their rows. */
#ifndef VS_VIDEO_H
#define VS_VIDEO_H

#include <stddef.h>

#include "err.h"

struct json_object;

/* Most videos one listing page returns. */
#define VS_VIDEO_PAGE	20

/*
 * The newest public, ready and visible videos, at most VS_VIDEO_PAGE, as a
 * JSON array of {id, title, description, owner, duration, status,
 * created_at, renditions, views}. VS_OK with *items (caller frees with
 * json_object_put), VS_EUNAVAIL when the database is down, VS_ERR.
 */
enum vs_err	 vs_video_list(struct json_object **);
/*
 * The folder of video id: data_dir/media/<id>. Only a valid UUID makes a
 * path: user text never reaches the file system. 0, or -1 for a bad id.
 */
int		 vs_video_dir(const char *, char *, size_t);
/*
 * Take a source file in as a new video of owner (a user id): probe it (it
 * must hold a decodable video stream), put it at media/<id>/source.<ext>
 * (moved when move is set, else copied), and in one transaction insert
 * the video and its transcode job and announce the job. On VS_OK id holds
 * the new id (37 bytes). VS_ERR with a reason in why (the file is not a
 * usable video), VS_EUNAVAIL; on failure nothing is left behind.
 */
enum vs_err	 vs_video_import(const char *, int, const char *, const char *,
		    const char *, const char *, char *, char *, size_t);
struct vs_user;

/* What deciding who may see a video needs. */
struct vs_video_meta {
	char	 vm_owner[37];
	char	 vm_visibility[16];	/* public, unlisted, private */
	char	 vm_status[16];		/* uploaded ... ready, failed */
	int	 vm_hidden;		/* by a moderator */
	int	 vm_owner_banned;
};

/* The access facts of video id: VS_OK, VS_ENOTFOUND, VS_EUNAVAIL. */
enum vs_err	 vs_video_meta(const char *, struct vs_video_meta *);
/*
 * May user u (NULL: anonymous) watch the video? Public and unlisted ones:
 * anybody, unless hidden or their owner is banned; otherwise only the
 * owner, moderators and administrators. Whether it is ready is the
 * caller's question.
 */
int		 vs_video_may_view(const struct vs_video_meta *,
		    const struct vs_user *);
/* The row of video id as JSON (the API's view); caller frees. */
enum vs_err	 vs_video_get(const char *, struct json_object **);

#endif
