/* test_ladder.c: rung selection, sizes, bitrates and frame rates. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <limits.h>
#include <string.h>

#include <vstream.h>

#include "runner.h"

static struct vs_rung	 r[VS_LADDER_MAX];

START_TEST(full_hd)
{
	ck_assert_int_eq(vs_ladder_plan(1920, 1080, 1080, r), 4);
	ck_assert_int_eq(r[0].r_width, 640);
	ck_assert_int_eq(r[0].r_height, 360);
	ck_assert_int_eq(r[0].r_bitrate, 365000);
	ck_assert_int_eq(r[1].r_width, 854);
	ck_assert_int_eq(r[1].r_height, 480);
	ck_assert_int_eq(r[2].r_width, 1280);
	ck_assert_int_eq(r[2].r_height, 720);
	ck_assert_int_eq(r[2].r_bitrate, 3000000);
	ck_assert_int_eq(r[3].r_width, 1920);
	ck_assert_int_eq(r[3].r_height, 1080);
	ck_assert_int_eq(r[3].r_bitrate, 6000000);
	ck_assert_int_eq(r[3].r_maxrate, 6600000);
}
END_TEST

START_TEST(never_upscale)
{
	ck_assert_int_eq(vs_ladder_plan(854, 480, 1080, r), 2);
	ck_assert_int_eq(r[1].r_name, 480);
	ck_assert_int_eq(vs_ladder_plan(3840, 2160, 1080, r), 4);
	ck_assert_int_eq(r[3].r_name, 1080);
	ck_assert_int_eq(r[3].r_width, 1920);
}
END_TEST

START_TEST(between_rungs)
{
	ck_assert_int_eq(vs_ladder_plan(1024, 576, 1080, r), 3);
	ck_assert_int_eq(r[2].r_name, 576);
	ck_assert_int_eq(r[2].r_width, 1024);
	ck_assert(r[2].r_bitrate > r[1].r_bitrate);
	ck_assert(r[2].r_bitrate < 3000000);
	ck_assert_int_eq(vs_ladder_plan(320, 240, 1080, r), 1);
	ck_assert_int_eq(r[0].r_name, 240);
	ck_assert_int_eq(r[0].r_width, 320);
	ck_assert(r[0].r_bitrate < 365000);
	ck_assert_int_eq(vs_ladder_plan(721, 405, 1080, r), 2);
	ck_assert_int_eq(r[1].r_name, 404);
	ck_assert_int_eq(r[1].r_width % 2, 0);
}
END_TEST

START_TEST(portrait)
{
	ck_assert_int_eq(vs_ladder_plan(1080, 1920, 1080, r), 4);
	ck_assert_int_eq(r[0].r_width, 360);
	ck_assert_int_eq(r[0].r_height, 640);
	ck_assert_int_eq(r[3].r_width, 1080);
	ck_assert_int_eq(r[3].r_height, 1920);
}
END_TEST

START_TEST(absurd)
{
	ck_assert_int_eq(vs_ladder_plan(0, 0, 1080, r), 0);
	ck_assert_int_eq(vs_ladder_plan(8, 8, 1080, r), 0);
	ck_assert_int_eq(vs_ladder_plan(100000, 1080, 1080, r), 0);
}
END_TEST

START_TEST(ladder_max)
{
	ck_assert_int_eq(vs_ladder_plan(3840, 2160, 2160, r), 6);
	ck_assert_int_eq(r[4].r_name, 1440);
	ck_assert_int_eq(r[4].r_width, 2560);
	ck_assert_int_eq(r[5].r_name, 2160);
	ck_assert_int_eq(r[5].r_width, 3840);
	ck_assert(r[5].r_bitrate > r[4].r_bitrate);
	ck_assert_int_eq(vs_ladder_plan(7680, 4320, 1440, r), 5);
	ck_assert_int_eq(r[4].r_height, 1440);
	/* Past the last step: 2160p is the most. */
	ck_assert_int_eq(vs_ladder_plan(7680, 4320, 4320, r), 6);
	ck_assert_int_eq(r[5].r_name, 2160);
	/* A top between two steps is a rung of its own. */
	ck_assert_int_eq(vs_ladder_plan(1920, 1080, 900, r), 4);
	ck_assert_int_eq(r[3].r_name, 900);
	ck_assert_int_eq(r[3].r_width, 1600);
}
END_TEST

START_TEST(display)
{
	int	 w, h;

	/* PAL 16:9 and 4:3, NTSC 16:9 and 4:3, HDV. */
	vs_ladder_display(720, 576, 64, 45, 0, &w, &h);
	ck_assert(w == 1024 && h == 576);
	vs_ladder_display(720, 576, 16, 15, 0, &w, &h);
	ck_assert(w == 768 && h == 576);
	vs_ladder_display(720, 480, 32, 27, 0, &w, &h);
	ck_assert(w == 853 && h == 480);
	vs_ladder_display(720, 480, 8, 9, 0, &w, &h);
	ck_assert(w == 640 && h == 480);
	vs_ladder_display(1440, 1080, 4, 3, 0, &w, &h);
	ck_assert(w == 1920 && h == 1080);
	/* Turned: the sides swap after the pixel shape is applied. */
	vs_ladder_display(720, 576, 64, 45, 90, &w, &h);
	ck_assert(w == 576 && h == 1024);
	/* Unknown or absurd shapes are square. */
	vs_ladder_display(640, 360, 0, 1, 0, &w, &h);
	ck_assert(w == 640 && h == 360);
	vs_ladder_display(640, 360, 1000, 1, 0, &w, &h);
	ck_assert(w == 640 && h == 360);
	vs_ladder_display(640, 360, 1, -3, 0, &w, &h);
	ck_assert(w == 640 && h == 360);
	/* The SD rung of a 16:9 PAL source has the right shape. */
	vs_ladder_display(720, 576, 64, 45, 0, &w, &h);
	ck_assert_int_eq(vs_ladder_plan(w, h, 1080, r), 3);
	ck_assert(r[0].r_width == 640 && r[0].r_height == 360);
}
END_TEST

/* The graph for a look, or "" when nothing is to be done. */
static const char *
graph(int height, int fields, int full, const char *pri, const char *trc,
    const char *mat)
{
	static char	 buf[512];
	struct vs_look	 lk = { height, fields, full, pri, trc, mat };

	ck_assert_int_ge(vs_ladder_filters(&lk, buf, sizeof(buf)), 0);
	return buf;
}

START_TEST(filters)
{
	char		 small[16];
	struct vs_look	 hlg = { 2160, 0, 0, "bt2020", "arib-std-b67", "bt2020nc" };

	/* SDR BT.709 progressive: no graph, whether tagged or not. */
	ck_assert_str_eq(graph(1080, 0, 0, "bt709", "bt709", "bt709"), "");
	ck_assert_str_eq(graph(720, 0, 0, "unknown", "unknown", "unknown"), "");
	ck_assert_str_eq(graph(1080, 0, 0, NULL, NULL, NULL), "");
	ck_assert_str_eq(graph(1080, 0, 0, "bt709", "bt2020-10", "bt709"), "");
	/* Interlaced only: bwdif in the stream's field order. */
	ck_assert_str_eq(graph(1080, 2, 0, "bt709", "bt709", "bt709"),
	    "bwdif=mode=send_frame:parity=bff:deint=all");
	/* Untagged SD is BT.601: PAL's primaries at 576 lines, NTSC's below. */
	ck_assert_str_eq(graph(576, 1, 0, "unknown", "unknown", "unknown"),
	    "bwdif=mode=send_frame:parity=tff:deint=all,zscale=pin=bt470bg:"
	    "tin=bt709:min=smpte170m:rin=limited:p=bt709:t=bt709:m=bt709:"
	    "r=limited,format=yuv420p");
	ck_assert_str_eq(graph(480, 0, 0, "smpte170m", "smpte170m",
	    "smpte170m"), "zscale=pin=smpte170m:tin=smpte170m:min=smpte170m:"
	    "rin=limited:p=bt709:t=bt709:m=bt709:r=limited,format=yuv420p");
	/* Full range. */
	ck_assert(strstr(graph(1080, 0, 1, "bt709", "bt709", "bt709"),
	    ":rin=full:") != NULL);
	/* HDR is tone-mapped; an unknown matrix with it is taken by size. */
	ck_assert(strstr(graph(2160, 0, 0, "bt2020", "smpte2084", "bt2020nc"),
	    "zscale=pin=bt2020:tin=smpte2084:min=bt2020nc:rin=limited:"
	    "t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap="
	    "tonemap=hable") != NULL);
	ck_assert(strstr(graph(1080, 0, 0, "bt2020", "arib-std-b67",
	    "gbr"), "min=bt709:") != NULL);
	/* Names that are not in the table never reach the graph. */
	ck_assert_str_eq(graph(1080, 0, 0, "bt709:x=1", "bt709,crop",
	    "bt709"), "");
	ck_assert_int_eq(vs_ladder_filters(&hlg, small, sizeof(small)), -1);
}
END_TEST

START_TEST(rates)
{
	int	 n, d;

	vs_ladder_rate(30000, 1001, &n, &d);
	ck_assert(n == 30000 && d == 1001);
	vs_ladder_rate(60, 1, &n, &d);
	ck_assert(n == 60 && d == 1);
	vs_ladder_rate(120, 1, &n, &d);
	ck_assert(n == 120 && d == 2);
	vs_ladder_rate(240, 1, &n, &d);
	ck_assert(n == 240 && d == 4);
	/* A file may claim any rate: no overflow, den stays an int. */
	vs_ladder_rate(INT_MAX, 1, &n, &d);
	ck_assert(n == INT_MAX && d == 1 << 26);
	vs_ladder_rate(INT_MAX, 40000000, &n, &d);
	ck_assert(n == INT_MAX && d == 40000000);
	vs_ladder_rate(INT_MAX, INT_MAX / 2 + 1, &n, &d);
	ck_assert(n == INT_MAX && d == INT_MAX / 2 + 1);
	vs_ladder_rate(61, 1, &n, &d);
	ck_assert(n == 61 && d == 2);
}
END_TEST

int
main(void)
{
	RUN_TESTS("ladder", full_hd, never_upscale, between_rungs, portrait,
	    absurd, ladder_max, display, filters, rates);
}
