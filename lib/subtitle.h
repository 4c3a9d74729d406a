/* subtitle.h: the text subtitle streams of a source, read with libav*. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_SUBTITLE_H
#define VS_SUBTITLE_H

#include <stddef.h>

#include "str.h"

#define VS_SUB_TRACKS_MAX	32	/* subtitle streams looked at */
#define VS_SUB_EVENTS_MAX	20000	/* cues of one track */
#define VS_SUB_TEXT_MAX		1000	/* bytes of one cue's text, written */
#define VS_SUB_TRACK_BYTES	(1536 * 1024)	/* WebVTT of one track */
#define VS_SUB_TOTAL_BYTES	(8 * 1024 * 1024)	/* of all tracks */
/* How long a cue lasts whose stream leaves its end unsaid. */
#define VS_SUB_DEFAULT_MS	3000

/* What a subtitle codec carries. */
enum vs_sub_kind {
	VS_SUB_TEXT,		/* text libavcodec decodes: extracted */
	VS_SUB_BITMAP,		/* pictures (PGS, DVB, DVD): skipped */
	VS_SUB_OTHER,		/* anything else: skipped */
	VS_SUB__MAX
};

/* One subtitle stream of a source. */
struct vs_sub_track {
	int		 st_index;	/* the stream's index in the source */
	char		 st_codec[32];
	enum vs_sub_kind st_kind;
	char		 st_lang[36];	/* the language tag, as the source has it */
	char		 st_title[256];	/* the title tag, as the source has it */
	char		 st_why[160];	/* not "": not extracted, and why */
	struct vs_buf	 st_vtt;	/* the cues as WebVTT, when extracted */
	size_t		 st_cues;
};

/* The subtitle streams of a source, in stream order. */
struct vs_sub {
	struct vs_sub_track	*su_tracks;
	size_t			 su_n;
};

/* What the extraction calls as it goes. */
struct vs_sub_hook {
	/* At most once a second while reading; -1 stops the reading. */
	int		(*sh_alive)(void *);
	void		*sh_arg;
};

/*
 * Read the subtitle streams of the source at path (every other stream is
 * discarded at the demuxer) and decode the text ones: each event becomes a
 * cue of plain text (vs_subtitle_text()) with its times in ms from the
 * video's start. Before they are written as WebVTT the cues are sorted by
 * their start; a cue that ends before it starts, or at or before 0, or that
 * starts at or after the video's end is dropped; a start before 0 is moved
 * to 0 and an end past the video's end is cut there; a cue without an end
 * lasts VS_SUB_DEFAULT_MS. The video's end is its stream's duration (or
 * Matroska's DURATION tag of it), else the source's, which a late cue may
 * stretch; a source without a text stream is not read further. A track past VS_SUB_EVENTS_MAX cues or
 * VS_SUB_TRACK_BYTES, past VS_SUB_TOTAL_BYTES with those before it, with no
 * cue left, or that is not text, has its reason in st_why. 0 with *s
 * filled (caller frees with vs_subtitle_free()), or -1 with a reason in why
 * when the source cannot be read or the hook (NULL: none) said to stop.
 */
int		 vs_subtitle_extract(const char *, const struct vs_sub_hook *,
		    struct vs_sub *, char *, size_t);
/* Release the tracks; accepts NULL and an emptied set. */
void		 vs_subtitle_free(struct vs_sub *);
/*
 * Append the text of one subtitle event to out as WebVTT cue text without
 * markup. With ass set, s is an ASS event: libavcodec's "ReadOrder, Layer,
 * Style, Name, MarginL, MarginR, MarginV, Effect, Text" or a file's
 * "Dialogue: Layer, Start, End, Style, ...", whose fields before the text
 * are dropped; in the text {...} override blocks are dropped (a '{'
 * without a '}' and all after it are text), text drawn (\p1 up to \p0)
 * is dropped, \N and \n break the line and \h is a space. Then for any
 * text: control bytes are dropped, bytes that are not UTF-8 become
 * U+FFFD, &, < and > are escaped, lines are trimmed and blank ones
 * dropped, and the whole is cut (at a character) to VS_SUB_TEXT_MAX
 * bytes. 0, or -1 when memory runs out.
 */
int		 vs_subtitle_text(const char *, int, struct vs_buf *);
/*
 * The BCP 47 tag of the language tag s: an ISO 639-2 code (B or T) of the
 * table as its two-letter code ("fre" and "fra" are "fr"), a two-letter
 * one as it is, another code kept (lowercase), anything after a "-" kept.
 * 0 with the tag in out and the language's English name in *name (NULL
 * when the table does not know it), or -1 for none: NULL, "", "und",
 * "mul", "mis", "zxx", or a tag that does not fit.
 */
int		 vs_subtitle_lang(const char *, char *, size_t,
		    const char **);
/* What the codec named (libavcodec's name) carries. */
enum vs_sub_kind vs_subtitle_kind(const char *);

#endif
