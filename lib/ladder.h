/* ladder.h: which renditions a source gets, their bitrates and the look. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_LADDER_H
#define VS_LADDER_H

#include <stddef.h>

/* Most rungs a ladder has: 360p to 2160p and the source's own. */
#define VS_LADDER_MAX	7

struct vs_rung {
	int	 r_name;	/* the short side: 360 for "360p" */
	int	 r_width;	/* as displayed (after rotation), even */
	int	 r_height;
	int	 r_bitrate;	/* average target, bits per second */
	int	 r_maxrate;	/* VBV peak, bits per second */
	int	 r_bufsize;	/* VBV buffer, bits */
};

/*
 * Plan the ladder for a source displayed at width x height, rungs up to
 * top lines on the short side (ladder_max): a rung for each of 360, 480,
 * 720, 1080, 1440 and 2160 up to the smaller of top and the source's short
 * side (never upscaled), plus that side itself when it falls between two
 * (or below 360). Portrait video is measured by its short side too. Widths
 * and heights are even and keep the aspect ratio. Fills rungs in ascending
 * order and returns their count (0 for absurd dimensions).
 */
int	 vs_ladder_plan(int, int, int, struct vs_rung *);
/*
 * The output frame rate for a source rate: kept up to 60, halved above
 * (and again while still above 60, as long as den may double), as num/den.
 */
void	 vs_ladder_rate(int, int, int *, int *);
/*
 * The size a picture coded at width x height with pixels sar_num:sar_den
 * wide, turned by rotation degrees, is shown at: the width stretched or
 * narrowed by the pixel shape, the height kept, then both swapped for 90
 * and 270. A pixel shape unknown (0 or negative) or absurd (more than 4:1
 * either way) is taken as square. Writes *dw and *dh.
 */
void	 vs_ladder_display(int, int, int, int, int, int *, int *);

/*
 * What a decoded picture is, for the one pipeline that makes every source
 * progressive BT.709 SDR before the rungs. Colour names are FFmpeg's
 * (av_color_primaries_name and so on): "bt709", "smpte170m", "bt2020nc",
 * "arib-std-b67"; any other, "unknown" included, is taken for the usual
 * one at that size (BT.601 up to 576 lines, BT.709 above).
 */
struct vs_look {
	int		 lk_height;	/* as coded */
	int		 lk_fields;	/* 0 progressive, 1 top first, 2 bottom */
	int		 lk_full;	/* full range (JPEG) */
	const char	*lk_primaries;
	const char	*lk_transfer;
	const char	*lk_matrix;
};

/*
 * The libavfilter graph that turns such pictures into progressive,
 * limited-range BT.709 SDR yuv420p at the same size: bwdif for interlaced
 * pictures (one frame out per frame in), zscale for another matrix,
 * primaries, transfer or range, and zscale with tonemap (Hable) for PQ and
 * HLG. An empty string when the pictures are that already: no graph at
 * all, the rungs' scalers only resize. Returns the length written, or -1
 * when it does not fit in len.
 */
int	 vs_ladder_filters(const struct vs_look *, char *, size_t);

#endif
