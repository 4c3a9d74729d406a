/* iframe.h: I-frame playlists over the keyframes of fMP4 segments. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_IFRAME_H
#define VS_IFRAME_H

#include <stddef.h>
#include <stdint.h>

/* Largest moof box read; a fragment's index is far smaller. */
#define VS_IFRAME_MOOF_MAX	(4 * 1024 * 1024)

/* The video track of an init segment, with its fragments' defaults. */
struct vs_iframe_track {
	uint32_t	 it_id;
	uint32_t	 it_timescale;
	uint32_t	 it_size;		/* trex default sample size */
	uint32_t	 it_flags;		/* trex default sample flags */
};

/* A keyframe that starts a fragment: the bytes a player fetches for it. */
struct vs_iframe_key {
	long long	 ik_offset;		/* of the moof in the segment */
	long long	 ik_length;		/* moof to the frame's last byte */
	uint64_t	 ik_time;		/* decode time, track timescale */
};

/*
 * Find the first video track of an init segment (ftyp, moov) of len
 * bytes: its id, timescale and default sample size and flags (trex).
 * 0, or -1 when there is none or a box is malformed.
 */
int	 vs_iframe_init(const unsigned char *, size_t,
	    struct vs_iframe_track *);
/*
 * Read the moof box of len bytes (the whole box, header included) found
 * at offset off of its segment: when the fragment's first sample of track
 * t is a sync sample, fill *k and return 1; 0 when it is not or the track
 * is absent; -1 when a box is malformed or points outside the segment's
 * size (seglen).
 */
int	 vs_iframe_moof(const unsigned char *, size_t, long long, long long,
	    const struct vs_iframe_track *, struct vs_iframe_key *);
/*
 * Write dir/iframes.m3u8, the I-frame playlist of the rendition in dir
 * (its playlist.m3u8, init.mp4 and segments): one entry per keyframe that
 * starts a fragment, its byte range the moof and the frame's data. Written
 * to a temporary name and renamed. Sets *peak and *average to its
 * BANDWIDTH and AVERAGE-BANDWIDTH (bits/s). The number of entries, or -1
 * when a file cannot be read or written or is malformed (then no
 * playlist is left).
 */
int	 vs_iframe_playlist(const char *, long long *, long long *);

#endif
