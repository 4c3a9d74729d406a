/* storyboard.h: seek previews: small tiles of the decoded video in sheets. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_STORYBOARD_H
#define VS_STORYBOARD_H

#include <stdio.h>

#include "str.h"

/* A tile fits in this box, at the picture's own shape. */
#define VS_STORYBOARD_TILE_W	160
#define VS_STORYBOARD_TILE_H	90
/* A sheet holds up to COLS x ROWS tiles, left to right, then down. */
#define VS_STORYBOARD_COLS	10
#define VS_STORYBOARD_ROWS	10
#define VS_STORYBOARD_PER_SHEET	(VS_STORYBOARD_COLS * VS_STORYBOARD_ROWS)
#define VS_STORYBOARD_SHEETS_MAX 10
#define VS_STORYBOARD_TILES_MAX	(VS_STORYBOARD_PER_SHEET * \
				    VS_STORYBOARD_SHEETS_MAX)
/* Seconds between tiles: at least, and at most while TILES_MAX allows. */
#define VS_STORYBOARD_STEP_MIN	2
#define VS_STORYBOARD_STEP_MAX	10
/* The longest track vs_storyboard_vtt() writes. */
#define VS_STORYBOARD_VTT_MAX	(VS_STORYBOARD_TILES_MAX * 96 + 16)

struct AVFrame;
struct SwsContext;

/* Where tile i lies: its sheet, and its box in it (pixels). */
struct vs_sb_cell {
	int	 c_sheet;
	int	 c_x;
	int	 c_y;
};

/*
 * The storyboard of one transcode: a tile at every sb_step seconds (the
 * first frame at or after it), kept in a work file so that a resumed
 * attempt finds the tiles made before its boundary; at the end, the
 * sheets and the track.
 */
struct vs_storyboard {
	int			 sb_w;		/* a tile, upright */
	int			 sb_h;
	int			 sb_rotation;
	int			 sb_step;	/* seconds */
	int			 sb_n;		/* tiles made */
	FILE			*sb_work;	/* dir/storyboard.tiles */
	long			 sb_head;	/* its header's length */
	struct SwsContext	*sb_sws;	/* for sb_src_* pictures */
	int			 sb_src_w;
	int			 sb_src_h;
	int			 sb_src_fmt;
	struct AVFrame		*sb_scaled;	/* source orientation */
	struct AVFrame		*sb_tile;	/* upright */
	char			 sb_dir[4096];
	char			 sb_why[128];
};

/*
 * Seconds between tiles for a video of duration seconds (0: unknown):
 * about a hundred tiles, between STEP_MIN and STEP_MAX, longer when
 * TILES_MAX would not cover the video otherwise.
 */
int	 vs_storyboard_step(double);
/*
 * The size of a tile for a picture of w x h (upright, display pixels):
 * W wide or H high, the shape kept, even sizes of at least 2.
 */
void	 vs_storyboard_size(int, int, int *, int *);
/* Where tile i of tiles of w x h lies. */
void	 vs_storyboard_cell(int, int, int, struct vs_sb_cell *);
/*
 * The size of sheet s of n tiles of w x h: as many columns as its tiles
 * fill (at most COLS), as many rows as they need. 0, or -1 when the sheet
 * holds none of the n tiles.
 */
int	 vs_storyboard_sheet(int, int, int, int, int *, int *);
/*
 * The WebVTT thumbnails track of n tiles of w x h, one every step
 * seconds, of a video of duration seconds, appended to b: cue i runs from
 * i * step to the next one's start, the last to the end of the video, and
 * points into its sheet, "storyboard/sheet-<s>.jpg#xywh=x,y,w,h". 0, or
 * -1 without memory or for n out of 1..TILES_MAX.
 */
int	 vs_storyboard_vtt(int, int, int, int, double, struct vs_buf *);

/*
 * Set sb up to make the storyboard of a video of w x h (upright), turned
 * by rotation degrees, of duration seconds, into dir (dir/storyboard.tiles
 * as it goes, dir/storyboard/ at the end). A resumed attempt (resume
 * seconds > 0) keeps the tiles of the work file due before resume and
 * makes the rest; a new one starts it afresh. 0, or -1 with sb_why set;
 * sb must then still be freed.
 */
int	 vs_storyboard_open(struct vs_storyboard *, const char *, int, int,
	    int, double, double);
/*
 * A decoded frame at secs on the output timeline (which only grows): the
 * tiles due by then are made of it (only then is it scaled). 0, or -1
 * with sb_why set.
 */
int	 vs_storyboard_frame(struct vs_storyboard *, const struct AVFrame *,
	    double);
/*
 * The sheets (dir/storyboard/sheet-<n>.jpg) and the track
 * (dir/storyboard/storyboard.vtt) of the tiles made, for a video of
 * duration seconds; each file written under a temporary name first.
 * 0, or -1 with sb_why set.
 */
int	 vs_storyboard_finish(struct vs_storyboard *, double);
/* Release what sb holds; accepts a zeroed or already freed one. */
void	 vs_storyboard_free(struct vs_storyboard *);

#endif
