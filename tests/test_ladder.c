/* test_ladder.c: rung selection, sizes, bitrates and frame rates. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <limits.h>

#include <vstream.h>

#include "runner.h"

static struct vs_rung	 r[VS_LADDER_MAX];

START_TEST(full_hd)
{
	ck_assert_int_eq(vs_ladder_plan(1920, 1080, r), 4);
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
	ck_assert_int_eq(vs_ladder_plan(854, 480, r), 2);
	ck_assert_int_eq(r[1].r_name, 480);
	ck_assert_int_eq(vs_ladder_plan(3840, 2160, r), 4);
	ck_assert_int_eq(r[3].r_name, 1080);
	ck_assert_int_eq(r[3].r_width, 1920);
}
END_TEST

START_TEST(between_rungs)
{
	ck_assert_int_eq(vs_ladder_plan(1024, 576, r), 3);
	ck_assert_int_eq(r[2].r_name, 576);
	ck_assert_int_eq(r[2].r_width, 1024);
	ck_assert(r[2].r_bitrate > r[1].r_bitrate);
	ck_assert(r[2].r_bitrate < 3000000);
	ck_assert_int_eq(vs_ladder_plan(320, 240, r), 1);
	ck_assert_int_eq(r[0].r_name, 240);
	ck_assert_int_eq(r[0].r_width, 320);
	ck_assert(r[0].r_bitrate < 365000);
	ck_assert_int_eq(vs_ladder_plan(721, 405, r), 2);
	ck_assert_int_eq(r[1].r_name, 404);
	ck_assert_int_eq(r[1].r_width % 2, 0);
}
END_TEST

START_TEST(portrait)
{
	ck_assert_int_eq(vs_ladder_plan(1080, 1920, r), 4);
	ck_assert_int_eq(r[0].r_width, 360);
	ck_assert_int_eq(r[0].r_height, 640);
	ck_assert_int_eq(r[3].r_width, 1080);
	ck_assert_int_eq(r[3].r_height, 1920);
}
END_TEST

START_TEST(absurd)
{
	ck_assert_int_eq(vs_ladder_plan(0, 0, r), 0);
	ck_assert_int_eq(vs_ladder_plan(8, 8, r), 0);
	ck_assert_int_eq(vs_ladder_plan(100000, 1080, r), 0);
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
	    absurd, rates);
}
