/* videos.h: what videos.fcgi's sources share: the listing and links. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VIDEOS_H
#define VIDEOS_H

#include <stddef.h>

struct json_object;
struct vs_req;
struct vs_user;
struct vs_video_query;

/*
 * Read the listing query (q, owner, sort, next, limit, mine) into q; 0,
 * or -1 after answering 400 (a bad limit or sort) or 401 (mine=1 for
 * nobody).
 */
int	 query_or_reply(struct vs_req *, const struct vs_user *,
	    struct vs_video_query *);
/* The page of videos q asks for, or -1 after answering (400, 503 ...). */
int	 search_or_reply(struct vs_req *, const struct vs_video_query *,
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

#endif
