/* hls.h: measuring renditions and writing the master playlist. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_HLS_H
#define VS_HLS_H

#include <stddef.h>

/* What the master playlist says of one rendition. */
struct vs_variant {
	int		 v_name;		/* 720 for "720p/" */
	int		 v_width;
	int		 v_height;
	double		 v_fps;
	char		 v_codecs[64];		/* "avc1.64001f,mp4a.40.2" */
	long long	 v_peak;		/* BANDWIDTH, bits/s */
	long long	 v_average;		/* AVERAGE-BANDWIDTH, bits/s */
	double		 v_duration;		/* seconds */
	int		 v_segments;
	long long	 v_iframe_peak;		/* of iframes.m3u8; 0: none */
	long long	 v_iframe_average;
};

/*
 * Measure the rendition in dir (playlist.m3u8 and its segments): its
 * duration, segment count, and the bitrate of its busiest segment and on
 * average, as Apple's authoring specification defines BANDWIDTH and
 * AVERAGE-BANDWIDTH. 0, or -1 when the playlist cannot be read.
 */
int	 vs_hls_measure(const char *, struct vs_variant *);
/*
 * Write path as a master playlist of n variants, ascending: version 7,
 * independent segments, one EXT-X-STREAM-INF each, then one
 * EXT-X-I-FRAME-STREAM-INF for each variant with an I-frame playlist
 * (v_iframe_peak set; its CODECS the video's only). Written to a
 * temporary name and renamed, so it is whole or absent. 0 / -1.
 */
int	 vs_hls_master(const char *, const struct vs_variant *, int);

/* A segment's target length in seconds, the least TARGETDURATION. */
#define VS_HLS_TARGET		6
/* The most segments a rendition's playlist may list: 1000 hours of 6 s. */
#define VS_HLS_SEGMENTS_MAX	600000

/*
 * A rendition's playlist as this worker writes it: segments named
 * <first>.m4s, <first + 1>.m4s, ... each with its duration, after one
 * EXT-X-MAP of init.mp4.
 */
struct vs_hls_list {
	double		*hl_dur;		/* seconds, hl_n of them */
	int		 hl_n;
	int		 hl_cap;
	int		 hl_first;		/* number of the first segment */
	int		 hl_ended;		/* EXT-X-ENDLIST was there */
};

/*
 * Read the media playlist text (len bytes) into l, which starts empty:
 * #EXTM3U first, each #EXTINF (0 < duration <= 3600 s) followed by the
 * URI "<k>.m4s", k counting up by one from the first. Other tags are
 * skipped. 0, or -1 when the text is not such a playlist, is longer than
 * VS_HLS_SEGMENTS_MAX segments, or memory runs out; l must then still be
 * cleared with vs_hls_list_clear.
 */
int	 vs_hls_list_parse(const char *, size_t, struct vs_hls_list *);
/* vs_hls_list_parse of the file at path, at most 64 MB; 0 / -1. */
int	 vs_hls_list_read(const char *, struct vs_hls_list *);
/* Append a segment of dur seconds; 0, or -1 without memory or room. */
int	 vs_hls_list_add(struct vs_hls_list *, double);
/* Free what l holds and empty it; l may be empty already. */
void	 vs_hls_list_clear(struct vs_hls_list *);
/*
 * Write l's segments, numbered from 0, as the playlist at path: EVENT
 * while it grows, or VOD with #EXT-X-ENDLIST when ended is set. The text
 * goes to a temporary name in the same folder, is synced and renamed, so
 * a reader finds the old playlist or the new one, whole. 0 / -1.
 */
int	 vs_hls_list_write(const char *, const struct vs_hls_list *, int);

struct vs_buf;

/* A subtitle rendition of the master playlist: one caption language. */
struct vs_hls_sub {
	const char	*hs_lang;		/* a valid language tag */
	const char	*hs_label;		/* NAME; '"' is written as '\'' */
	int		 hs_default;
};

/*
 * Append the master playlist text m to out with its subtitle renditions
 * replaced by the n of subs: one EXT-X-MEDIA TYPE=SUBTITLES each in group
 * "subs", URI subs/<lang>/playlist.m3u8, before the first variant, and
 * SUBTITLES="subs" on every EXT-X-STREAM-INF (none of it when n is 0).
 * 0, or -1 when memory runs out.
 */
int	 vs_hls_subtitles(const char *, const struct vs_hls_sub *, int,
	    struct vs_buf *);

#endif
