/* video.h: videos as the catalog shows them. */
#ifndef VS_VIDEO_H
#define VS_VIDEO_H

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

#endif
