/* caption.h: reading WebVTT and SubRip captions, writing clean WebVTT. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_CAPTION_H
#define VS_CAPTION_H

#include <stddef.h>

#include "err.h"

struct vs_buf;

#define VS_CAPTION_FILE_MAX	(2 * 1024 * 1024)	/* bytes of a file */
#define VS_CAPTION_CUES_MAX	20000
#define VS_CAPTION_LINE_MAX	1024		/* bytes of one line */
#define VS_CAPTION_TEXT_MAX	4096		/* bytes of one cue's text */
/* How far past the video's end a cue may go (encoders round). */
#define VS_CAPTION_SLACK_MS	2000

/* One cue: times in milliseconds, text as WebVTT cue text. */
struct vs_cue {
	long long	 c_start;
	long long	 c_end;
	char		*c_settings;	/* valid WebVTT cue settings, or NULL */
	char		*c_text;	/* lines joined by "\n"; may be "" */
};

/* A parsed caption file. */
struct vs_caption {
	struct vs_cue	*cp_cues;
	size_t		 cp_n;
	char		 cp_note[160];	/* what was changed, for a person */
};

/*
 * Parse len bytes of WebVTT (starts with "WEBVTT") or SubRip (anything
 * else) into *c, cues in order. duration_ms is the video's length (0 or
 * less: unknown); a cue ending later than it plus VS_CAPTION_SLACK_MS is
 * refused. Latin-1 text is converted to UTF-8 and a BOM dropped, said in
 * cp_note. Markup: b, i, u, c, v, lang, ruby, rt and timestamps are kept;
 * SubRip's font tags are dropped (their text stays); anything else is
 * refused. STYLE, REGION and NOTE blocks and cue identifiers are dropped,
 * a STYLE that loads anything (url(, @import) is refused; cue settings
 * that are not valid are dropped. VS_OK, or VS_EINVAL with a reason for
 * a person, naming the line, in why (then *c is empty); VS_ERR when
 * memory runs out. The caller frees *c with vs_caption_free().
 */
enum vs_err	 vs_caption_parse(const char *, size_t, long long,
		    struct vs_caption *, char *, size_t);
/* Append c as WebVTT to b: 0, or -1 when memory runs out. */
int		 vs_caption_write(const struct vs_caption *, struct vs_buf *);

/*
 * The header line that puts a segment's cues on the renditions' timeline:
 * their fMP4 media time starts at 0 (the first tfdt), so cue time 0 is
 * media time 0 and cue times stay those of the whole file.
 */
#define VS_CAPTION_TIMESTAMP_MAP "X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000"

struct vs_hls_list;
struct vs_variant;

/*
 * The interval of segment n of the rung list l, in ms from the video's
 * start: [*from, *to), boundaries rounded from the sums of the EXTINF
 * durations so that they never drift. The last segment of an ended list
 * reaches to the end of time, so that cues of the last frame's slack are
 * kept. 0, or -1 when l has no segment n.
 */
int		 vs_caption_span(const struct vs_hls_list *, int, long long *,
		    long long *);
/*
 * Append segment [from, to) of c as WebVTT to b: the header with
 * VS_CAPTION_TIMESTAMP_MAP, then each cue overlapping the interval (one
 * spanning a boundary is in both segments), its times absolute, then a
 * blank line. 0, or -1 when memory runs out.
 */
int		 vs_caption_write_span(const struct vs_caption *, long long,
		    long long, struct vs_buf *);
/*
 * Append the subtitle media playlist aligned with the rung list l: one
 * segment "<k>.vtt" per rung segment, k from 0, with the same EXTINF
 * durations and TARGETDURATION; VOD with EXT-X-ENDLIST when l ended, else
 * EVENT without an end, so that players reload it. 0, or -1 when memory
 * runs out.
 */
int		 vs_caption_list_write(const struct vs_hls_list *,
		    struct vs_buf *);
/*
 * The number of a segment's name "<k>.vtt": k has 1 to 6 digits, no
 * leading zero, and is below VS_HLS_SEGMENTS_MAX. k, or -1.
 */
int		 vs_caption_segment_number(const char *);
/* Release the cues; accepts NULL and an emptied caption. */
void		 vs_caption_free(struct vs_caption *);
/*
 * 1 for a language tag vstream accepts: a 2 or 3 letter primary subtag,
 * then optionally a 4 letter script, then a 2 letter or 3 digit region
 * ("en", "pt-BR", "zh-Hant-TW"); at most 35 characters.
 */
int		 vs_caption_lang_valid(const char *);
/* 1 for a label of 1 to 64 characters of UTF-8 without control bytes. */
int		 vs_caption_label_valid(const char *);

struct json_object;

/* A caption track to add or replace. */
struct vs_caption_in {
	const char	*ci_video;	/* the video's id */
	const char	*ci_lang;	/* a language tag */
	const char	*ci_label;	/* NULL: the language tag */
	int		 ci_default;	/* the one the player picks first */
	const char	*ci_data;	/* the file as uploaded */
	size_t		 ci_len;
};

/*
 * Check the upload as vs_caption_parse() does against the video's length,
 * store it as clean WebVTT at media/<video>/captions/<lang>.vtt (through a
 * temporary file and a rename), record it (unsetting any other default;
 * a track extracted from the source becomes an uploaded one), and rewrite
 * the master playlist (vs_caption_publish()). VS_OK with the
 * track as JSON in *item (caller frees; "note" says what was changed) and
 * *created set for a new language; VS_EINVAL with a reason in why;
 * VS_ENOTFOUND (no video), VS_ENOSPACE, VS_EUNAVAIL, VS_ERR.
 */
enum vs_err	 vs_caption_put(const struct vs_caption_in *,
		    struct json_object **, int *, char *, size_t);
/*
 * Remove a track: its row and file, then rewrite the master playlist.
 * VS_OK with the row as it was in *before (caller frees), VS_ENOTFOUND,
 * VS_EUNAVAIL.
 */
enum vs_err	 vs_caption_delete(const char *, const char *,
		    struct json_object **);
/* The tracks of a video, by language, as JSON (caller frees). */
enum vs_err	 vs_caption_list(const char *, struct json_object **);
/*
 * Take the lock every writer of video's master playlists holds (flock on
 * the video's folder), waiting for it: a descriptor for
 * vs_caption_unlock(), or -1 (logged).
 */
int		 vs_caption_lock(const char *);
/* Release a lock vs_caption_lock() took; accepts -1. */
void		 vs_caption_unlock(int);
/*
 * Under the video's lock, rewrite its master playlists, the finished one
 * (media/<video>/hls/master.m3u8) and the one of a ladder still growing
 * (media/<video>/live/hls/master.m3u8), each with one subtitle rendition
 * per track (vs_hls_subtitles()), and forget their cached copies; a master
 * not written yet is left so. 0, or -1 (logged).
 */
int		 vs_caption_publish(const char *);
/*
 * Write the master playlist at path as vs_hls_master() does, then add the
 * video's tracks to it, both under the video's lock: a track recorded
 * before this reads them is in it, one recorded later rewrites it after.
 * 0, or -1 when the playlist was not written (a master without its
 * tracks, when the database does not answer, is 0 and logged).
 */
int		 vs_caption_master(const char *, const char *,
		    const struct vs_variant *, int);
/*
 * The subtitle media playlist of a track (vs_caption_list_write()),
 * aligned with the video's first rung, from the finished ladder or else
 * the one still growing (*growing set). VS_OK with *body (caller frees)
 * and *len; VS_ENOTFOUND without the track or a rung; VS_ERR.
 */
enum vs_err	 vs_caption_playlist(const char *, const char *, char **,
		    size_t *, int *);
/*
 * Segment n of a track's media playlist as WebVTT (vs_caption_write_span()
 * of the stored file over the rung's segment n), *growing as
 * vs_caption_playlist() sets it. VS_OK with *body (caller frees) and
 * *len; VS_ENOTFOUND without the track or that segment; VS_ERR.
 */
enum vs_err	 vs_caption_segment(const char *, const char *, int, char **,
		    size_t *, int *);
/* The path of a track's file, from a valid id and tag only. 0 / -1. */
int		 vs_caption_path(const char *, const char *, char *, size_t);

/*
 * Store a track the worker extracted from the source's own subtitles
 * (ci_default unused) as vs_caption_put() does, marked embedded, without
 * rewriting the master playlist. It replaces an extracted track of the
 * language, never an uploaded one. VS_OK; VS_ECONFLICT when the owner
 * uploaded one for the language, VS_EINVAL (the cues break a rule), each
 * with a reason in why; VS_ENOTFOUND, VS_ENOSPACE, VS_EUNAVAIL, VS_ERR.
 */
enum vs_err	 vs_caption_embed(const struct vs_caption_in *, char *,
		    size_t);
/* Forget the skipped subtitle streams recorded for a video. VS_OK ... */
enum vs_err	 vs_caption_skips_clear(const char *);
/*
 * Record that the video's subtitle stream (its index in the source) of
 * codec, language tag lang ("" when none), was not extracted, and why.
 * VS_OK, VS_EUNAVAIL, VS_ERR.
 */
enum vs_err	 vs_caption_skip(const char *, int, const char *,
		    const char *, const char *);
/* The skipped streams of a video, by index, as JSON (caller frees). */
enum vs_err	 vs_caption_skips(const char *, struct json_object **);

#endif
