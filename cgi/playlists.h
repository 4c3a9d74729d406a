/* playlists.h: videos.fcgi's playlist handlers (videos-playlists.c). */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_CGI_PLAYLISTS_H
#define VS_CGI_PLAYLISTS_H

struct json_object;
struct vs_req;

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
