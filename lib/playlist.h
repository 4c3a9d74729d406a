/* playlist.h: users' ordered lists of videos. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_PLAYLIST_H
#define VS_PLAYLIST_H

#include "err.h"

struct json_object;
struct vs_user;

/* Most playlists one account keeps. */
#define VS_PLAYLIST_USER_MAX	200
/* Most videos one playlist holds. */
#define VS_PLAYLIST_ITEMS_MAX	500

/* What deciding who may see or change a playlist needs. */
struct vs_playlist_meta {
	char	 pm_owner[37];
	char	 pm_visibility[16];	/* public, unlisted, private */
	int	 pm_owner_banned;
};

/*
 * A new playlist of owner (a user id) with a title, a description and a
 * visibility (NULL: "" and public), checked as a video's are. VS_OK with
 * its id in id (37 bytes); VS_EINVAL with a reason for a person in *why;
 * VS_ELIMIT when the owner has VS_PLAYLIST_USER_MAX already; VS_EUNAVAIL.
 */
enum vs_err	 vs_playlist_create(const char *, const char *, const char *,
		    const char *, char *, const char **);
/* The access facts of playlist id: VS_OK, VS_ENOTFOUND, VS_EUNAVAIL. */
enum vs_err	 vs_playlist_meta(const char *, struct vs_playlist_meta *);
/*
 * May u (NULL: anonymous) open the playlist? Its owner, moderators and
 * administrators always; anybody else a public or unlisted one whose
 * owner is not banned.
 */
int		 vs_playlist_may_view(const struct vs_playlist_meta *,
		    const struct vs_user *);
/*
 * Playlist id as viewer u (NULL: anonymous) sees it: {id, title,
 * description, visibility, owner, created_at, updated_at, items}, items
 * in order as {position, available, id, title, owner, duration,
 * thumbnail}. An item u may not watch (private, hidden, not ready, its
 * owner banned) is {position, available: false}, with its id only for
 * the playlist's owner. Whether u may open the playlist is the caller's
 * question. VS_OK with *out (caller frees), VS_ENOTFOUND, VS_EUNAVAIL.
 */
enum vs_err	 vs_playlist_get(const char *, const struct vs_user *,
		    struct json_object **);
/*
 * The playlists of the user called name as u sees them (all of them for
 * the owner, else the public ones of an owner not banned); name NULL: u's
 * own. Newest first: {id, title, description, visibility, owner,
 * item_count, created_at}. VS_OK with *out (caller frees), VS_EUNAVAIL.
 */
enum vs_err	 vs_playlist_list(const char *, const struct vs_user *,
		    struct json_object **);
/*
 * Change the title, description and visibility of playlist id (NULL:
 * keep). VS_OK, VS_ENOTFOUND, VS_EINVAL with *why, VS_EUNAVAIL.
 */
enum vs_err	 vs_playlist_update(const char *, const char *, const char *,
		    const char *, const char **);
/* Delete playlist id and its items: VS_OK, VS_ENOTFOUND, VS_EUNAVAIL. */
enum vs_err	 vs_playlist_delete(const char *);
/*
 * Put video into playlist id at position (1 first; 0 or past the end:
 * last), moving the items from there on down one. VS_OK, VS_ENOTFOUND
 * (no such playlist), VS_ECONFLICT (the video is in it already),
 * VS_ELIMIT (it holds VS_PLAYLIST_ITEMS_MAX), VS_EUNAVAIL.
 */
enum vs_err	 vs_playlist_add(const char *, const char *, long long);
/*
 * Take video out of playlist id; the items after it move up one.
 * VS_OK, VS_ENOTFOUND (no such playlist or item), VS_EUNAVAIL.
 */
enum vs_err	 vs_playlist_remove(const char *, const char *);
/*
 * Move the item of video in playlist id to position (1 first; past the
 * end: last); the items between shift by one. VS_OK, VS_ENOTFOUND,
 * VS_EUNAVAIL.
 */
enum vs_err	 vs_playlist_move(const char *, const char *, long long);

#endif
