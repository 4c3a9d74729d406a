/* ladder.h: which renditions a source gets, and their bitrates. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_LADDER_H
#define VS_LADDER_H

/* Most rungs a ladder has: 360p, 480p, 720p, 1080p and the source's own. */
#define VS_LADDER_MAX	5

struct vs_rung {
	int	 r_name;	/* the short side: 360 for "360p" */
	int	 r_width;	/* as displayed (after rotation), even */
	int	 r_height;
	int	 r_bitrate;	/* average target, bits per second */
	int	 r_maxrate;	/* VBV peak, bits per second */
	int	 r_bufsize;	/* VBV buffer, bits */
};

/*
 * Plan the ladder for a source displayed at width x height: a rung for
 * each of 360, 480, 720 and 1080 up to the source's short side (never
 * upscaled), plus the short side itself when it falls between two (or
 * below 360). Portrait video is measured by its short side too. Widths
 * and heights are even and keep the aspect ratio. Fills rungs in
 * ascending order and returns their count (0 for absurd dimensions).
 */
int	 vs_ladder_plan(int, int, struct vs_rung *);
/*
 * The output frame rate for a source rate: kept up to 60, halved above
 * (and again while still above 60, as long as den may double), as num/den.
 */
void	 vs_ladder_rate(int, int, int *, int *);

#endif
