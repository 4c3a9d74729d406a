/* stream.h: playlists for players: cached, signed where need be. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_STREAM_H
#define VS_STREAM_H

#include <stddef.h>

#include "err.h"

struct vs_buf;
struct vs_signed_link;

/*
 * Seconds a signed link stays good when the viewer's access was checked
 * afresh; a link made from another link expires with it.
 */
#define VS_STREAM_TOKEN_TTL	(6 * 3600)

/* 1 for a rendition name as the worker writes them: "360p" to "4320p". */
int		 vs_stream_valid_quality(const char *);
/* 1 for "init.mp4" or "<n>.m4s". */
int		 vs_stream_valid_segment(const char *);
/*
 * 1 for a storyboard sheet's name as the worker writes them:
 * "sheet-<n>.jpg", n below VS_STORYBOARD_SHEETS_MAX, without leading zeros.
 */
int		 vs_stream_valid_sheet(const char *);
/*
 * The storyboard track of video id (media/<id>/storyboard/storyboard.vtt,
 * there once the video is ready), read from disk: VS_OK with *body
 * (caller frees) and *len, VS_ENOTFOUND.
 */
enum vs_err	 vs_stream_storyboard(const char *, char **, size_t *);
/* 1 when video id has a storyboard track. */
int		 vs_stream_has_storyboard(const char *);
/*
 * Append the storyboard track with every sheet link carrying
 * "?t=<token>" before its "#xywh=" fragment. 0 / -1.
 */
int		 vs_stream_sign_storyboard(const char *, const char *,
		    struct vs_buf *);
/*
 * The playlist of video id: quality NULL for the master, else a rendition
 * ("720p"), from the finished ladder (media/<id>/hls) when there is one,
 * else from the one still growing while the video transcodes
 * (media/<id>/live/hls; *growing set). A finished one is read from disk
 * once per version of the file, then from Redis (and from disk again
 * whenever Redis is down); a growing one from disk. VS_OK with *body
 * (caller frees) and *len, VS_ENOTFOUND.
 */
enum vs_err	 vs_stream_playlist(const char *, const char *, char **,
		    size_t *, int *);
/* The I-frame playlist of a rendition, as vs_stream_playlist() does. */
enum vs_err	 vs_stream_iframes(const char *, const char *, char **,
		    size_t *, int *);
/*
 * The path of file name ("init.mp4", "<n>.m4s") of rung quality (a valid
 * one) of video id, in the finished ladder or else the growing one:
 * 0, or -1 when it is in neither.
 */
int		 vs_stream_file_path(const char *, const char *, const char *,
		    char *, size_t);
/*
 * Append the playlist with every URI (segments, init, variant playlists)
 * carrying "?t=<token>", for videos that are not public. 0 / -1.
 */
int		 vs_stream_sign(const char *, const char *, struct vs_buf *);
/*
 * The token of video id's signed links ("?t=<token>"), naming access
 * generation gen and good until expiry. 0, or -1 when out is too small.
 */
int		 vs_stream_token(const char *, long long, long, char *,
		    size_t);
/*
 * Is token one of video id's signed links, unexpired, made at the video's
 * access generation or later? The MAC is checked first, without storage;
 * then the generation, as this process, Redis or PostgreSQL knew it at
 * most access_check_ttl seconds ago: a withdrawn video's links stop
 * within that time. VS_OK with what the token says in *l; VS_EINVAL for
 * a bad, expired or withdrawn link (or a deleted video); VS_EUNAVAIL when
 * neither Redis nor PostgreSQL answers.
 */
enum vs_err	 vs_stream_check(const char *, const char *,
		    struct vs_signed_link *);
/* Forget the cached playlists of video id (re-transcoded, deleted). */
void		 vs_stream_forget(const char *);

#endif
