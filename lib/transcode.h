/* transcode.h: a source file into the whole ladder, decoded once. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_TRANSCODE_H
#define VS_TRANSCODE_H

#include <stddef.h>

#include "hls.h"
#include "ladder.h"

/* What a finished ladder holds, for the video row. */
struct vs_ladder_out {
	int			 lo_count;
	struct vs_variant	 lo_variants[VS_LADDER_MAX];
	long long		 lo_mp4_size[VS_LADDER_MAX];
	double			 lo_duration;	/* seconds */
	int			 lo_has_audio;
	long long		 lo_thumb_size;
	long long		 lo_bytes;	/* everything written */
};

/*
 * Told the share done (0 to 100) at most once a second; a non-zero answer
 * stops the work (the job was lost or cancelled).
 */
typedef int	(*vs_progress_fn)(void *, int);

/* What the transcoder tells its caller as it goes; any may be NULL. */
struct vs_tc_hooks {
	vs_progress_fn	 th_progress;
	/* Every rung has a segment and the master playlist is there. */
	void		(*th_playable)(void *);
	/* This attempt goes on from that second of the source. */
	void		(*th_resumed)(void *, double);
	/*
	 * Write the master playlist at path, of n variants, as
	 * vs_hls_master() does (which is used when this is NULL); 0 / -1.
	 */
	int		(*th_master)(void *, const char *,
			    const struct vs_variant *, int);
	void		*th_arg;
};

/*
 * Transcode src into dir: dir/hls/master.m3u8 and dir/hls/<h>p/ (fMP4
 * segments of about 6 s, keyframes every 2 s on the source timeline in
 * every rung), dir/mp4/<h>p.mp4 (faststart, remuxed from the segments) and
 * dir/thumb.jpg (a frame from about 10% in) and dir/storyboard/ (seek
 * previews: sheets of small tiles and their WebVTT track, made from the
 * same decoded frames). The source is decoded once;
 * the rungs encode in parallel. AAC audio is encoded once for all. Damaged
 * packets are skipped up to a limit.
 *
 * The segments are published as they are made: each rung's playlist is an
 * EVENT playlist replaced whole after each new segment, and the master
 * playlist is written (with the target rates) once every rung has one;
 * at the end the playlists turn VOD with ENDLIST and the master is
 * measured. When dir holds what an interrupted attempt published, the
 * work goes on from the last segment boundary every rung reached.
 * 0 with out filled, or -1 with a reason a person can read in why.
 */
int	 vs_transcode(const char *, const char *, const char *,
	    const struct vs_tc_hooks *, struct vs_ladder_out *, char *, size_t);

#endif
