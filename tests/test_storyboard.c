/* test_storyboard.c: seek previews: tile times, grid, track, resume, names. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavutil/frame.h>
#include <libavutil/log.h>

#include <vstream.h>

#include "storyboard.h"
#include "runner.h"

START_TEST(step)
{
	ck_assert_int_eq(vs_storyboard_step(0), VS_STORYBOARD_STEP_MAX);
	ck_assert_int_eq(vs_storyboard_step(-1), VS_STORYBOARD_STEP_MAX);
	ck_assert_int_eq(vs_storyboard_step(1e12), VS_STORYBOARD_STEP_MAX);
	ck_assert_int_eq(vs_storyboard_step(5), 2);
	ck_assert_int_eq(vs_storyboard_step(200), 2);
	ck_assert_int_eq(vs_storyboard_step(201), 3);
	ck_assert_int_eq(vs_storyboard_step(600), 6);
	ck_assert_int_eq(vs_storyboard_step(3600), 10);
	/* Ten hours: past what TILES_MAX covers at 10 s. */
	ck_assert_int_eq(vs_storyboard_step(36000), 36);
	ck_assert_int_le(36000 / vs_storyboard_step(36000),
	    VS_STORYBOARD_TILES_MAX);
}
END_TEST

START_TEST(size)
{
	int	 w, h;

	vs_storyboard_size(1920, 1080, &w, &h);
	ck_assert(w == 160 && h == 90);
	vs_storyboard_size(640, 480, &w, &h);
	ck_assert(w == 120 && h == 90);
	vs_storyboard_size(1080, 1920, &w, &h);
	ck_assert(w == 50 && h == 90);
	vs_storyboard_size(2560, 1080, &w, &h);
	ck_assert(w == 160 && h == 68);
	/* A sliver stays 2 pixels, never 0; no size at all: the box. */
	vs_storyboard_size(8000, 2, &w, &h);
	ck_assert(w == 160 && h == 2);
	vs_storyboard_size(0, 0, &w, &h);
	ck_assert(w == 160 && h == 90);
}
END_TEST

START_TEST(grid)
{
	struct vs_sb_cell c;
	int		 w, h;

	vs_storyboard_cell(0, 160, 90, &c);
	ck_assert(c.c_sheet == 0 && c.c_x == 0 && c.c_y == 0);
	vs_storyboard_cell(13, 160, 90, &c);
	ck_assert(c.c_sheet == 0 && c.c_x == 480 && c.c_y == 90);
	vs_storyboard_cell(99, 160, 90, &c);
	ck_assert(c.c_sheet == 0 && c.c_x == 1440 && c.c_y == 810);
	vs_storyboard_cell(100, 160, 90, &c);
	ck_assert(c.c_sheet == 1 && c.c_x == 0 && c.c_y == 0);
	/* A full sheet, a short last one, one of a single row. */
	ck_assert_int_eq(vs_storyboard_sheet(0, 250, 160, 90, &w, &h), 0);
	ck_assert(w == 1600 && h == 900);
	ck_assert_int_eq(vs_storyboard_sheet(2, 250, 160, 90, &w, &h), 0);
	ck_assert(w == 1600 && h == 450);
	ck_assert_int_eq(vs_storyboard_sheet(0, 3, 120, 90, &w, &h), 0);
	ck_assert(w == 360 && h == 90);
	ck_assert_int_eq(vs_storyboard_sheet(3, 250, 160, 90, &w, &h), -1);
	ck_assert_int_eq(vs_storyboard_sheet(-1, 250, 160, 90, &w, &h), -1);
	ck_assert_int_eq(vs_storyboard_sheet(0, 0, 160, 90, &w, &h), -1);
	ck_assert_int_eq(vs_storyboard_sheet(0, VS_STORYBOARD_TILES_MAX + 1,
	    160, 90, &w, &h), -1);
}
END_TEST

START_TEST(track)
{
	struct vs_buf	 b = { 0 };

	ck_assert_int_eq(vs_storyboard_vtt(3, 160, 90, 2, 5.5, &b), 0);
	ck_assert_str_eq(b.b_data, "WEBVTT\n"
	    "\n00:00:00.000 --> 00:00:02.000\n"
	    "storyboard/sheet-0.jpg#xywh=0,0,160,90\n"
	    "\n00:00:02.000 --> 00:00:04.000\n"
	    "storyboard/sheet-0.jpg#xywh=160,0,160,90\n"
	    "\n00:00:04.000 --> 00:00:05.500\n"
	    "storyboard/sheet-0.jpg#xywh=320,0,160,90\n");
	vs_buf_free(&b);
	/* The last tile lasts to the end, past its step when capped. */
	ck_assert_int_eq(vs_storyboard_vtt(101, 160, 90, 10, 3725, &b), 0);
	ck_assert_ptr_nonnull(strstr(b.b_data, "\n00:16:40.000 --> 01:02:05.000\n"
	    "storyboard/sheet-1.jpg#xywh=0,0,160,90\n"));
	ck_assert_uint_le(b.b_len, VS_STORYBOARD_VTT_MAX);
	vs_buf_free(&b);
	ck_assert_int_eq(vs_storyboard_vtt(0, 160, 90, 2, 5, &b), -1);
	ck_assert_int_eq(vs_storyboard_vtt(VS_STORYBOARD_TILES_MAX + 1, 160,
	    90, 2, 5, &b), -1);
	ck_assert_int_eq(vs_storyboard_vtt(1, 160, 90, 0, 5, &b), -1);
	vs_buf_free(&b);
	/* The longest track fits the bound the server reads. */
	ck_assert_int_eq(vs_storyboard_vtt(VS_STORYBOARD_TILES_MAX, 160, 90,
	    9999, 9999999, &b), 0);
	ck_assert_uint_le(b.b_len, VS_STORYBOARD_VTT_MAX);
	vs_buf_free(&b);
}
END_TEST

/* A grey 320x180 picture whose brightness says its number. */
static AVFrame *
frame_of(int k)
{
	AVFrame	*f = av_frame_alloc();

	ck_assert_ptr_nonnull(f);
	f->format = AV_PIX_FMT_YUV420P;
	f->width = 320;
	f->height = 180;
	ck_assert_int_ge(av_frame_get_buffer(f, 0), 0);
	memset(f->data[0], 16 + k * 8, (size_t)f->linesize[0] * 180);
	memset(f->data[1], 128, (size_t)f->linesize[1] * 90);
	memset(f->data[2], 128, (size_t)f->linesize[2] * 90);
	return f;
}

/* Frames at 2 per second from second from to second to into sb. */
static void
feed(struct vs_storyboard *sb, double from, double to)
{
	AVFrame	*f;
	double	 t;

	for (t = from; t < to; t += 0.5) {
		f = frame_of((int)t);
		ck_assert_int_eq(vs_storyboard_frame(sb, f, t), 0);
		av_frame_free(&f);
	}
}

/* The number of cues of dir's track. */
static int
cues(const char *dir)
{
	char	 path[512], line[256];
	FILE	*f;
	int	 n = 0;

	snprintf(path, sizeof(path), "%s/storyboard/storyboard.vtt", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	while (fgets(line, sizeof(line), f) != NULL)
		n += strstr(line, " --> ") != NULL;
	fclose(f);
	return n;
}

START_TEST(resume)
{
	struct vs_storyboard sb;
	struct stat	 st;
	char		 dir[] = "/tmp/test_storyboard.XXXXXX", path[512];

	av_log_set_level(AV_LOG_ERROR);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* Whole: 13 s at 2 s a tile, seven tiles. */
	ck_assert_int_eq(vs_storyboard_open(&sb, dir, 1920, 1080, 0, 13, 0), 0);
	feed(&sb, 0, 13);
	ck_assert_int_eq(sb.sb_n, 7);
	ck_assert_int_eq(vs_storyboard_finish(&sb, 13), 0);
	vs_storyboard_free(&sb);
	ck_assert_int_eq(cues(dir), 7);
	snprintf(path, sizeof(path), "%s/storyboard/sheet-0.jpg", dir);
	ck_assert_int_eq(stat(path, &st), 0);
	/* Killed after 9 s; resumed at the 6 s boundary: 0, 2, 4 kept. */
	ck_assert_int_eq(vs_storyboard_open(&sb, dir, 1920, 1080, 0, 13, 0), 0);
	feed(&sb, 0, 9);
	vs_storyboard_free(&sb);
	ck_assert_int_eq(vs_storyboard_open(&sb, dir, 1920, 1080, 0, 13, 6), 0);
	ck_assert_int_eq(sb.sb_n, 3);
	feed(&sb, 6, 13);
	ck_assert_int_eq(vs_storyboard_finish(&sb, 13), 0);
	vs_storyboard_free(&sb);
	ck_assert_int_eq(cues(dir), 7);
	/* A work file that lost its tiles: the first frame after stands in. */
	snprintf(path, sizeof(path), "%s/storyboard.tiles", dir);
	ck_assert_int_eq(truncate(path, 10), 0);
	ck_assert_int_eq(vs_storyboard_open(&sb, dir, 1920, 1080, 0, 13, 6), 0);
	ck_assert_int_eq(sb.sb_n, 0);
	feed(&sb, 6, 13);
	ck_assert_int_eq(sb.sb_n, 7);
	ck_assert_int_eq(vs_storyboard_finish(&sb, 13), 0);
	vs_storyboard_free(&sb);
	ck_assert_int_eq(cues(dir), 7);
	/* A turned video: tiles upright, 90 wide for a 16:9 portrait. */
	ck_assert_int_eq(vs_storyboard_open(&sb, dir, 180, 320, 90, 3, 0), 0);
	ck_assert(sb.sb_w == 50 && sb.sb_h == 90);
	feed(&sb, 0, 3);
	ck_assert_int_eq(vs_storyboard_finish(&sb, 3), 0);
	vs_storyboard_free(&sb);
	vs_storyboard_free(&sb);
	ck_assert_int_eq(cues(dir), 2);
	ck_assert_int_eq(vs_fs_remove(dir), 0);
}
END_TEST

START_TEST(sheet_names)
{
	ck_assert(vs_stream_valid_sheet("sheet-0.jpg"));
	ck_assert(vs_stream_valid_sheet("sheet-9.jpg"));
	ck_assert(!vs_stream_valid_sheet("sheet-10.jpg"));
	ck_assert(!vs_stream_valid_sheet("sheet-00.jpg"));
	ck_assert(!vs_stream_valid_sheet("sheet-01.jpg"));
	ck_assert(!vs_stream_valid_sheet("sheet--1.jpg"));
	ck_assert(!vs_stream_valid_sheet("sheet-.jpg"));
	ck_assert(!vs_stream_valid_sheet("sheet-1.jpeg"));
	ck_assert(!vs_stream_valid_sheet("sheet-1.jpg/"));
	ck_assert(!vs_stream_valid_sheet("sheet-99999999999999999999.jpg"));
	ck_assert(!vs_stream_valid_sheet("../thumb.jpg"));
	ck_assert(!vs_stream_valid_sheet("storyboard.vtt"));
	ck_assert(!vs_stream_valid_sheet(""));
}
END_TEST

START_TEST(signed_track)
{
	struct vs_buf	 b = { 0 };

	ck_assert_int_eq(vs_stream_sign_storyboard("WEBVTT\n\n"
	    "00:00:00.000 --> 00:00:02.000\n"
	    "storyboard/sheet-0.jpg#xywh=0,0,160,90\n", "TOK", &b), 0);
	ck_assert_str_eq(b.b_data, "WEBVTT\n\n"
	    "00:00:00.000 --> 00:00:02.000\n"
	    "storyboard/sheet-0.jpg?t=TOK#xywh=0,0,160,90\n");
	vs_buf_free(&b);
}
END_TEST

int
main(void)
{
	RUN_TESTS("storyboard", step, size, grid, track, resume, sheet_names,
	    signed_track);
}
