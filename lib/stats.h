/* stats.h: what a video's owner learns of its viewers. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_STATS_H
#define VS_STATS_H

#include <stddef.h>

#include "err.h"

struct json_object;

/* Longest referrer origin taken, in bytes. */
#define VS_STATS_ORIGIN_MAX	200
/* How far past a video's end (in seconds) a reported position may be. */
#define VS_STATS_SLACK		1
/* Days of the views-per-day series. */
#define VS_STATS_DAYS		30

/*
 * Is s an origin and nothing more: http or https, "://", a host name or
 * an IPv4 or bracketed IPv6 address, an optional port from 1 to 65535;
 * at most VS_STATS_ORIGIN_MAX bytes? 0 with the origin in lower case in
 * out (len bytes), or -1.
 */
int		 vs_stats_origin(const char *, char *, size_t);
/*
 * Take what a player's report tells besides the view itself: "position"
 * (seconds, a number from 0 to the video's duration) counts in the
 * retention of video for viewer; "referrer" (an origin, see
 * vs_stats_origin) is counted when the view was (counted is 1). Anything
 * else, or a value out of range, is left out quietly: reports are hints.
 */
void		 vs_stats_report(const char *, const char *, int,
		    struct json_object *);
/*
 * The stats of video id: {id, title, duration, views, unique_viewers,
 * watch_seconds, average_watch_seconds, days [{day, views,
 * unique_viewers, watch_seconds}] for the last VS_STATS_DAYS days,
 * retention [VS_VIEW_BUCKETS numbers: views that reached each part],
 * referrers [{origin, views}] most first, at most 20}. VS_OK with *out
 * (caller frees), VS_ENOTFOUND, VS_EUNAVAIL.
 */
enum vs_err	 vs_stats_video(const char *, struct json_object **);

#endif
