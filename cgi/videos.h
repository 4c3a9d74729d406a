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

#endif
