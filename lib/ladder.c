/* ladder.c: which renditions a source gets, and their bitrates. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <limits.h>

#include "ladder.h"

/*
 * Average bitrates after Apple's HLS authoring specification (H.264):
 * 640x360 at 365 kb/s, 960x540 at 2000, 1280x720 at 3000, 1920x1080 at
 * 6000; 480p (854x480) sits between 768x432 at 1100 and 960x540 at 2000.
 * A source-sized rung between two gets a rate in proportion to its pixels.
 */
static const struct {
	int	 s_name;
	int	 s_bitrate;
} steps[] = {
	{ 360, 365000 }, { 480, 1400000 }, { 720, 3000000 },
	{ 1080, 6000000 },
};
#define NSTEPS	(int)(sizeof(steps) / sizeof(steps[0]))

#define DIM_MIN		16
#define DIM_MAX		8192

static int
even(long v)
{
	return (int)(v + (v & 1));
}

static int
rate_for(int name)
{
	int	 i;

	if (name <= steps[0].s_name)
		return (int)((long long)steps[0].s_bitrate * name * name /
		    (steps[0].s_name * steps[0].s_name));
	for (i = 1; i < NSTEPS; i++)
		if (name <= steps[i].s_name)
			return steps[i - 1].s_bitrate +
			    (int)((long long)(steps[i].s_bitrate -
			    steps[i - 1].s_bitrate) *
			    (name * name - steps[i - 1].s_name * steps[i - 1].s_name) /
			    (steps[i].s_name * steps[i].s_name -
			    steps[i - 1].s_name * steps[i - 1].s_name));
	return steps[NSTEPS - 1].s_bitrate;
}

static void
rung(struct vs_rung *r, int name, int w, int h)
{
	long	 s = w < h ? w : h, l = w < h ? h : w;
	int	 shortside = name, longside = even(l * name / s);

	r->r_name = name;
	r->r_width = w < h ? shortside : longside;
	r->r_height = w < h ? longside : shortside;
	r->r_bitrate = rate_for(name);
	/* Peaks may reach 1.1x the average; the buffer holds two seconds. */
	r->r_maxrate = r->r_bitrate + r->r_bitrate / 10;
	r->r_bufsize = 2 * r->r_bitrate;
}

int
vs_ladder_plan(int w, int h, struct vs_rung *rungs)
{
	int	 s = w < h ? w : h, n = 0, i, top;

	if (w < DIM_MIN || h < DIM_MIN || w > DIM_MAX || h > DIM_MAX)
		return 0;
	top = s > steps[NSTEPS - 1].s_name ? steps[NSTEPS - 1].s_name : s & ~1;
	for (i = 0; i < NSTEPS && steps[i].s_name <= top; i++)
		rung(&rungs[n++], steps[i].s_name, w, h);
	if (n == 0 || rungs[n - 1].r_name < top)
		rung(&rungs[n++], top, w, h);
	return n;
}

void
vs_ladder_rate(int num, int den, int *onum, int *oden)
{
	/* In long long, and never past INT_MAX: a file's rate is any int. */
	while (den > 0 && den <= INT_MAX / 2 && num > 60LL * den)
		den *= 2;
	*onum = num;
	*oden = den;
}
