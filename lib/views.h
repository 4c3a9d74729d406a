/* views.h: views counted in Redis, flushed into PostgreSQL by the worker. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_VIEWS_H
#define VS_VIEWS_H

/* A viewer is counted once per video in this many seconds. */
#define VS_VIEW_WINDOW	1800

/*
 * Count a view of video by viewer (a session, account or client address,
 * hashed here) for account user (NULL: anonymous), once per viewer and
 * video every VS_VIEW_WINDOW seconds. Returns 1 when counted, 0 for a
 * repeat, -1 when Redis is down (the view is lost: views may be).
 */
int	 vs_views_hit(const char *, const char *, const char *);
/* Add seconds of watching to video's total of today; 0 / -1. */
int	 vs_views_watch(const char *, int);
/* The parts of a video its retention counts: 100 equal ones. */
#define VS_VIEW_BUCKETS	100
/*
 * Viewer (hashed here) of video reached part bucket (0 to
 * VS_VIEW_BUCKETS - 1): count the view in every part up to it that this
 * viewer had not reached in the last VS_VIEW_WINDOW seconds. 0 / -1 when
 * Redis is down.
 */
int	 vs_views_reach(const char *, const char *, int);
/* Count a view of video from origin (checked by the caller); 0 / -1. */
int	 vs_views_referrer(const char *, const char *);
/*
 * Move the counted views and watch time from Redis into video_views,
 * videos.view_count and video_analytics (views, unique viewers, watch
 * seconds by day), video_retention and video_referrers (at most
 * VS_VIEW_REFERRERS origins a video; later new ones are dropped).
 * Returns the views moved, or -1.
 */
int	 vs_views_flush(void);

/* Most origins kept for one video. */
#define VS_VIEW_REFERRERS	200

#endif
