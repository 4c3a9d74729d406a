/* ladder.c: which renditions a source gets, their bitrates and the look. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ladder.h"

/*
 * Average bitrates after Apple's HLS authoring specification (H.264):
 * 640x360 at 365 kb/s, 960x540 at 2000, 1280x720 at 3000, 1920x1080 at
 * 6000; 480p (854x480) sits between 768x432 at 1100 and 960x540 at 2000.
 * Above 1080p, which Apple lists for HEVC only, the H.264 rates grow by
 * less than the pixels do: 1440p at 9000, 2160p at 16000. A source-sized
 * rung between two gets a rate in proportion to its pixels.
 */
static const struct {
	int	 s_name;
	int	 s_bitrate;
} steps[] = {
	{ 360, 365000 }, { 480, 1400000 }, { 720, 3000000 },
	{ 1080, 6000000 }, { 1440, 9000000 }, { 2160, 16000000 },
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
vs_ladder_plan(int w, int h, int most, struct vs_rung *rungs)
{
	int	 s = w < h ? w : h, n = 0, i, top;

	if (w < DIM_MIN || h < DIM_MIN || w > DIM_MAX || h > DIM_MAX)
		return 0;
	if (most > steps[NSTEPS - 1].s_name)
		most = steps[NSTEPS - 1].s_name;
	top = (s < most ? s : most) & ~1;
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

void
vs_ladder_display(int w, int h, int sar_num, int sar_den, int rotation,
    int *dw, int *dh)
{
	double	 sar = sar_num > 0 && sar_den > 0 ?
		    (double)sar_num / sar_den : 1;
	long	 x = w;

	if (sar >= 0.25 && sar <= 4)
		x = lround(w * sar);
	*dw = rotation == 90 || rotation == 270 ? h : (int)x;
	*dh = rotation == 90 || rotation == 270 ? (int)x : h;
}

/*
 * The colour names the pipeline knows, as FFmpeg writes them, which
 * zscale takes as they are: no other name reaches a graph. An SDR transfer
 * has BT.709's curve; OTHER is converted to it; HDR is tone-mapped.
 */
enum curve { SDR, OTHER, HDR };

static const char *const primaries[] = { "bt709", "smpte170m", "bt470bg",
    "bt2020", "smpte432", "smpte431", NULL };
static const char *const matrices[] = { "bt709", "smpte170m", "bt470bg",
    "bt2020nc", NULL };
static const struct {
	const char	*t_name;
	enum curve	 t_curve;
} transfers[] = {
	{ "bt709", SDR }, { "smpte170m", SDR }, { "bt2020-10", SDR },
	{ "bt2020-12", SDR }, { "iec61966-2-1", OTHER }, { "linear", OTHER },
	{ "smpte2084", HDR }, { "arib-std-b67", HDR },
};
#define NTRANSFERS	(int)(sizeof(transfers) / sizeof(transfers[0]))

/* Pictures up to this many lines are SD: BT.601 when they do not say. */
#define SD_LINES	576

/* name when it is one of known, else fallback. */
static const char *
known(const char *name, const char *const *list, const char *fallback)
{
	for (; name != NULL && *list != NULL; list++)
		if (strcmp(name, *list) == 0)
			return name;
	return fallback;
}

static int
transfer_of(const char *name)
{
	int	 i;

	for (i = 0; name != NULL && i < NTRANSFERS; i++)
		if (strcmp(name, transfers[i].t_name) == 0)
			return i;
	return 0;
}

/* After zscale's input: to BT.709 directly, or through a tone map. */
static const char to_bt709[] = ":p=bt709:t=bt709:m=bt709:r=limited";
static const char tone_map[] = ":t=linear:npl=100,format=gbrpf32le,"
    "zscale=p=bt709,tonemap=tonemap=hable:desat=0,"
    "zscale=t=bt709:m=bt709:r=limited";

int
vs_ladder_filters(const struct vs_look *lk, char *buf, size_t len)
{
	int		 sd = lk->lk_height <= SD_LINES, t, n;
	const char	*pri, *mat;
	char		 deint[64] = "";

	pri = known(lk->lk_primaries, primaries, !sd ? "bt709" :
	    lk->lk_height == SD_LINES ? "bt470bg" : "smpte170m");
	mat = known(lk->lk_matrix, matrices, sd ? "smpte170m" : "bt709");
	t = transfer_of(lk->lk_transfer);
	if (lk->lk_fields != 0)
		snprintf(deint, sizeof(deint), "bwdif=mode=send_frame:"
		    "parity=%s:deint=all", lk->lk_fields == 1 ? "tff" : "bff");
	if (!lk->lk_full && strcmp(pri, "bt709") == 0 &&
	    strcmp(mat, "bt709") == 0 && transfers[t].t_curve == SDR)
		n = snprintf(buf, len, "%s", deint);
	else
		n = snprintf(buf, len, "%s%szscale=pin=%s:tin=%s:min=%s:rin=%s"
		    "%s,format=yuv420p", deint, *deint != '\0' ? "," : "", pri,
		    transfers[t].t_name, mat, lk->lk_full ? "full" : "limited",
		    transfers[t].t_curve == HDR ? tone_map : to_bt709);
	return n < 0 || (size_t)n >= len ? -1 : n;
}
