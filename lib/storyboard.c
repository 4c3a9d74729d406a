/* storyboard.c: seek previews: small tiles of the decoded video in sheets. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

#include "fs.h"
#include "media.h"
#include "rendition.h"
#include "storyboard.h"

/* Tiles a video would have at the shortest step that allows. */
#define TILES_AIM	100
/* The sheets' JPEG quantiser: small tiles want less than the thumbnail. */
#define SHEET_QUALITY	5
/* A duration beyond this (as media.c takes it) is no duration. */
#define DURATION_MAX	10000000.0

int
vs_storyboard_step(double duration)
{
	int	 s;

	if (!(duration > 0) || duration > DURATION_MAX)
		return VS_STORYBOARD_STEP_MAX;
	s = (int)ceil(duration / TILES_AIM);
	s = s < VS_STORYBOARD_STEP_MIN ? VS_STORYBOARD_STEP_MIN :
	    s > VS_STORYBOARD_STEP_MAX ? VS_STORYBOARD_STEP_MAX : s;
	if (duration / s > VS_STORYBOARD_TILES_MAX)
		s = (int)ceil(duration / VS_STORYBOARD_TILES_MAX);
	return s;
}

/* n rounded to an even number of at least 2. */
static int
even(double n)
{
	long	 e = 2 * lround(n / 2);

	return e < 2 ? 2 : (int)e;
}

void
vs_storyboard_size(int w, int h, int *tw, int *th)
{
	*tw = VS_STORYBOARD_TILE_W;
	*th = VS_STORYBOARD_TILE_H;
	if (w <= 0 || h <= 0)
		return;
	if ((long long)w * VS_STORYBOARD_TILE_H >=
	    (long long)h * VS_STORYBOARD_TILE_W)
		*th = even((double)VS_STORYBOARD_TILE_W * h / w);
	else
		*tw = even((double)VS_STORYBOARD_TILE_H * w / h);
}

void
vs_storyboard_cell(int i, int w, int h, struct vs_sb_cell *c)
{
	int	 k = i % VS_STORYBOARD_PER_SHEET;

	c->c_sheet = i / VS_STORYBOARD_PER_SHEET;
	c->c_x = k % VS_STORYBOARD_COLS * w;
	c->c_y = k / VS_STORYBOARD_COLS * h;
}

int
vs_storyboard_sheet(int s, int n, int w, int h, int *sw, int *sh)
{
	int	 in;

	if (s < 0 || s >= VS_STORYBOARD_SHEETS_MAX || n <= 0 ||
	    n > VS_STORYBOARD_TILES_MAX || s * VS_STORYBOARD_PER_SHEET >= n)
		return -1;
	in = n - s * VS_STORYBOARD_PER_SHEET;
	in = in < VS_STORYBOARD_PER_SHEET ? in : VS_STORYBOARD_PER_SHEET;
	*sw = (in < VS_STORYBOARD_COLS ? in : VS_STORYBOARD_COLS) * w;
	*sh = (in + VS_STORYBOARD_COLS - 1) / VS_STORYBOARD_COLS * h;
	return 0;
}

/* A cue time of ms milliseconds, HH:MM:SS.mmm. */
static int
cue_time(struct vs_buf *b, long long ms)
{
	return vs_buf_printf(b, "%02lld:%02lld:%02lld.%03lld", ms / 3600000,
	    ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
}

int
vs_storyboard_vtt(int n, int w, int h, int step, double duration,
    struct vs_buf *b)
{
	struct vs_sb_cell c;
	long long	 start, end, last;
	int		 i, rc;

	if (n <= 0 || n > VS_STORYBOARD_TILES_MAX || step <= 0 ||
	    step > (int)DURATION_MAX || !(duration < DURATION_MAX))
		return -1;
	last = duration > 0 ? llround(duration * 1000) : 0;
	rc = vs_buf_puts(b, "WEBVTT\n");
	for (i = 0; rc == 0 && i < n; i++) {
		start = (long long)i * step * 1000;
		end = start + (long long)step * 1000;
		if (i == n - 1 && last > start)
			end = last;
		vs_storyboard_cell(i, w, h, &c);
		if (vs_buf_puts(b, "\n") == -1 || cue_time(b, start) == -1 ||
		    vs_buf_puts(b, " --> ") == -1 || cue_time(b, end) == -1 ||
		    vs_buf_printf(b, "\nstoryboard/sheet-%d.jpg#xywh=%d,%d,%d,%d"
		    "\n", c.c_sheet, c.c_x, c.c_y, w, h) == -1)
			rc = -1;
	}
	return rc;
}

static int
fail(struct vs_storyboard *sb, const char *what)
{
	snprintf(sb->sb_why, sizeof(sb->sb_why), "the storyboard: %s", what);
	return -1;
}

/* A writable yuvj420p frame of w x h, or NULL. The caller frees it. */
static AVFrame *
picture(int w, int h)
{
	AVFrame	*f = av_frame_alloc();

	if (f == NULL)
		return NULL;
	f->format = AV_PIX_FMT_YUVJ420P;
	f->color_range = AVCOL_RANGE_JPEG;
	f->width = w;
	f->height = h;
	if (av_frame_get_buffer(f, 0) < 0)
		av_frame_free(&f);
	return f;
}

/* Bytes of one tile in the work file: its three planes, unpadded. */
static long
tile_bytes(const struct vs_storyboard *sb)
{
	return (long)sb->sb_w * sb->sb_h * 3 / 2;
}

/*
 * The tiles of the work file at path a resumed attempt keeps: those of
 * the same size and step, due before resume, and whole.
 */
static int
kept_tiles(struct vs_storyboard *sb, const char *path, const char *head,
    double resume)
{
	struct stat	 st;
	char		 got[64];
	FILE		*f;
	long		 have = 0;
	double		 due = ceil(resume / sb->sb_step);

	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fstat(fileno(f), &st) == 0 && st.st_size >= sb->sb_head &&
	    fread(got, 1, (size_t)sb->sb_head, f) == (size_t)sb->sb_head &&
	    memcmp(got, head, (size_t)sb->sb_head) == 0)
		have = (long)((st.st_size - sb->sb_head) / tile_bytes(sb));
	fclose(f);
	if (have > VS_STORYBOARD_TILES_MAX)
		have = VS_STORYBOARD_TILES_MAX;
	return due < have ? (int)due : (int)have;
}

/* The work file: the kept tiles after its header, open for more. */
static int
open_work(struct vs_storyboard *sb, double resume)
{
	char	 path[4200], head[64];
	int	 keep = 0;

	snprintf(path, sizeof(path), "%s/storyboard.tiles", sb->sb_dir);
	sb->sb_head = snprintf(head, sizeof(head), "vstream storyboard %d %d "
	    "%d\n", sb->sb_w, sb->sb_h, sb->sb_step);
	if (resume > 0)
		keep = kept_tiles(sb, path, head, resume);
	if (keep > 0) {
		if ((sb->sb_work = fopen(path, "r+")) == NULL ||
		    ftruncate(fileno(sb->sb_work), sb->sb_head +
		    keep * tile_bytes(sb)) == -1 ||
		    fseek(sb->sb_work, 0, SEEK_END) == -1)
			return fail(sb, "cannot reopen its work file");
	} else if ((sb->sb_work = fopen(path, "w+")) == NULL ||
	    fputs(head, sb->sb_work) == EOF || fflush(sb->sb_work) == EOF)
		return fail(sb, "cannot write its work file");
	sb->sb_n = keep;
	return 0;
}

int
vs_storyboard_open(struct vs_storyboard *sb, const char *dir, int w, int h,
    int rotation, double duration, double resume)
{
	int	 turned = rotation == 90 || rotation == 270;

	memset(sb, 0, sizeof(*sb));
	vs_storyboard_size(w, h, &sb->sb_w, &sb->sb_h);
	sb->sb_rotation = rotation;
	sb->sb_step = vs_storyboard_step(duration);
	if ((size_t)snprintf(sb->sb_dir, sizeof(sb->sb_dir), "%s", dir) >=
	    sizeof(sb->sb_dir))
		return fail(sb, "the folder's name is too long");
	sb->sb_scaled = picture(turned ? sb->sb_h : sb->sb_w,
	    turned ? sb->sb_w : sb->sb_h);
	sb->sb_tile = picture(sb->sb_w, sb->sb_h);
	if (sb->sb_scaled == NULL || sb->sb_tile == NULL)
		return fail(sb, "out of memory");
	return open_work(sb, resume);
}

/* A scaler for pictures like f: the one we have while they stay alike. */
static int
scaler_for(struct vs_storyboard *sb, const AVFrame *f)
{
	const AVFrame	*s = sb->sb_scaled;

	if (sb->sb_sws != NULL && f->width == sb->sb_src_w &&
	    f->height == sb->sb_src_h && f->format == sb->sb_src_fmt)
		return 0;
	if (f->width <= 0 || f->height <= 0 ||
	    sws_isSupportedInput(f->format) <= 0 ||
	    (sb->sb_sws = sws_getCachedContext(sb->sb_sws, f->width, f->height,
	    f->format, s->width, s->height, AV_PIX_FMT_YUVJ420P, SWS_AREA,
	    NULL, NULL, NULL)) == NULL)
		return fail(sb, "cannot scale the picture");
	sb->sb_src_w = f->width;
	sb->sb_src_h = f->height;
	sb->sb_src_fmt = f->format;
	return 0;
}

/* f at the tile's size, upright; NULL with sb_why set. */
static const AVFrame *
make_tile(struct vs_storyboard *sb, const AVFrame *f)
{
	AVFrame	*s = sb->sb_scaled;

	if (scaler_for(sb, f) == -1)
		return NULL;
	if (av_frame_make_writable(s) < 0 || sws_scale(sb->sb_sws,
	    (const uint8_t *const *)f->data, f->linesize, 0, f->height,
	    s->data, s->linesize) <= 0) {
		fail(sb, "scaling failed");
		return NULL;
	}
	if (sb->sb_rotation == 0)
		return s;
	if (av_frame_make_writable(sb->sb_tile) < 0) {
		fail(sb, "out of memory");
		return NULL;
	}
	vs_rendition_turn(s, sb->sb_tile, sb->sb_rotation);
	return sb->sb_tile;
}

/* Plane p of a w x h 4:2:0 picture: its width and height. */
static void
plane_size(int p, int w, int h, int *pw, int *ph)
{
	*pw = p == 0 ? w : w / 2;
	*ph = p == 0 ? h : h / 2;
}

/* Append tile t to the work file, plane after plane, row after row. */
static int
put_tile(struct vs_storyboard *sb, const AVFrame *t)
{
	int	 p, y, pw, ph;

	for (p = 0; p < 3; p++) {
		plane_size(p, sb->sb_w, sb->sb_h, &pw, &ph);
		for (y = 0; y < ph; y++)
			if (fwrite(t->data[p] + (ptrdiff_t)y * t->linesize[p], 1,
			    (size_t)pw, sb->sb_work) != (size_t)pw)
				return fail(sb, "cannot write its work file");
	}
	return 0;
}

int
vs_storyboard_frame(struct vs_storyboard *sb, const AVFrame *f, double secs)
{
	const AVFrame	*t;

	if (sb->sb_n >= VS_STORYBOARD_TILES_MAX ||
	    (sb->sb_n > 0 && secs < (double)sb->sb_n * sb->sb_step))
		return 0;
	if ((t = make_tile(sb, f)) == NULL)
		return -1;
	/* A frame after a gap stands for every tile due in it. */
	do {
		if (put_tile(sb, t) == -1)
			return -1;
		sb->sb_n++;
	} while (sb->sb_n < VS_STORYBOARD_TILES_MAX &&
	    secs >= (double)sb->sb_n * sb->sb_step);
	if (fflush(sb->sb_work) == EOF)
		return fail(sb, "cannot write its work file");
	return 0;
}

/* Copy tile i of the work file into sheet at (x, y). */
static int
get_tile(struct vs_storyboard *sb, int i, AVFrame *sheet, int x, int y)
{
	uint8_t	*row;
	int	 p, r, pw, ph, d;

	if (fseek(sb->sb_work, sb->sb_head + i * tile_bytes(sb), SEEK_SET) == -1)
		return -1;
	for (p = 0; p < 3; p++) {
		plane_size(p, sb->sb_w, sb->sb_h, &pw, &ph);
		d = p == 0 ? 1 : 2;
		for (r = 0; r < ph; r++) {
			row = sheet->data[p] + (ptrdiff_t)(y / d + r) *
			    sheet->linesize[p] + x / d;
			if (fread(row, 1, (size_t)pw, sb->sb_work) != (size_t)pw)
				return -1;
		}
	}
	return 0;
}

/* Sheet s, from the work file, as dir/storyboard/sheet-<s>.jpg. */
static int
make_sheet(struct vs_storyboard *sb, int s)
{
	struct vs_sb_cell c;
	AVFrame		*f = NULL;
	char		 path[4400];
	long long	 size;
	int		 i, w, h, rc = -1;

	if (vs_storyboard_sheet(s, sb->sb_n, sb->sb_w, sb->sb_h, &w, &h) == -1 ||
	    (f = picture(w, h)) == NULL)
		goto out;
	memset(f->data[0], 0, (size_t)f->linesize[0] * h);
	memset(f->data[1], 128, (size_t)f->linesize[1] * (h / 2));
	memset(f->data[2], 128, (size_t)f->linesize[2] * (h / 2));
	for (i = s * VS_STORYBOARD_PER_SHEET; i < sb->sb_n &&
	    i < (s + 1) * VS_STORYBOARD_PER_SHEET; i++) {
		vs_storyboard_cell(i, sb->sb_w, sb->sb_h, &c);
		if (get_tile(sb, i, f, c.c_x, c.c_y) == -1)
			goto out;
	}
	snprintf(path, sizeof(path), "%s/storyboard/sheet-%d.jpg", sb->sb_dir, s);
	if (vs_media_jpeg(f, SHEET_QUALITY, path, &size) == 0)
		rc = 0;
out:
	av_frame_free(&f);
	return rc;
}

int
vs_storyboard_finish(struct vs_storyboard *sb, double duration)
{
	struct vs_buf	 b = { 0 };
	char		 path[4400];
	int		 s, rc = -1;

	snprintf(path, sizeof(path), "%s/storyboard", sb->sb_dir);
	if (sb->sb_n == 0)
		return fail(sb, "no picture came");
	if (vs_fs_remove(path) == -1 || mkdir(path, 0777) == -1)
		return fail(sb, "cannot create its folder");
	for (s = 0; s * VS_STORYBOARD_PER_SHEET < sb->sb_n; s++)
		if (make_sheet(sb, s) == -1)
			return fail(sb, "a sheet could not be made");
	snprintf(path, sizeof(path), "%s/storyboard/storyboard.vtt", sb->sb_dir);
	if (vs_storyboard_vtt(sb->sb_n, sb->sb_w, sb->sb_h, sb->sb_step,
	    duration, &b) == 0 && vs_fs_write(path, b.b_data, b.b_len) == 0)
		rc = 0;
	vs_buf_free(&b);
	return rc == 0 ? 0 : fail(sb, "cannot write its track");
}

void
vs_storyboard_free(struct vs_storyboard *sb)
{
	if (sb == NULL)
		return;
	if (sb->sb_work != NULL)
		fclose(sb->sb_work);
	sb->sb_work = NULL;
	sws_freeContext(sb->sb_sws);
	sb->sb_sws = NULL;
	av_frame_free(&sb->sb_scaled);
	av_frame_free(&sb->sb_tile);
}
