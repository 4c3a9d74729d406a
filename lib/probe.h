/* probe.h: what a source file holds, examined in a bounded child. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_PROBE_H
#define VS_PROBE_H

#include <stddef.h>

#include "err.h"

struct json_object;

struct vs_probe {
	char		 p_container[32];	/* demuxer: "mov", "matroska" */
	char		 p_vcodec[32];
	char		 p_acodec[32];		/* "" without audio */
	int		 p_width;		/* as coded */
	int		 p_height;
	int		 p_rotation;		/* clockwise: 0, 90, 180, 270 */
	int		 p_fps_num;
	int		 p_fps_den;
	int		 p_tb_num;		/* the video stream's time base */
	int		 p_tb_den;
	int		 p_streams;		/* of every kind */
	double		 p_duration;		/* seconds */
	long long	 p_bitrate;		/* bits per second, 0 unknown */
};

/* What a source may be at most; the media_max_* keys. */
struct vs_probe_limits {
	int		 pl_width;	/* of the longer side... */
	int		 pl_height;	/* ...and of the shorter, as configured */
	long long	 pl_pixels;
	long long	 pl_duration;	/* seconds */
	long long	 pl_fps;
	long long	 pl_streams;
};

/* The limits as configured. */
void		 vs_probe_limits(struct vs_probe_limits *);
/*
 * Does p keep to lim, and are its time base and frame rate usable? The
 * picture may be turned: 4320x8192 passes 8192x4320. VS_OK, or VS_ELIMIT
 * with the numbers in why ("the picture is 16384x16384, larger than
 * 8192x4320").
 */
enum vs_err	 vs_probe_check(const struct vs_probe *,
		    const struct vs_probe_limits *, char *, size_t);
/*
 * The examiner's answer as a JSON object: p's fields, or with p NULL the
 * refusal {"error": why}. Caller frees; NULL without memory.
 */
struct json_object *vs_probe_json(const struct vs_probe *, const char *);
/*
 * Read the examiner's answer, len bytes of JSON, strictly: every field of
 * the right type and range, names short and plain. VS_OK with p filled,
 * VS_EINVAL with the refusal copied into why, or VS_ERR when it is no
 * answer at all.
 */
enum vs_err	 vs_probe_parse(const char *, size_t, struct vs_probe *,
		    char *, size_t);
/*
 * The examiner: media_helper when set, else the first of vstream-worker,
 * ../worker/vstream-worker and ../../bin/vstream-worker beside this
 * program (from a checkout and once installed). 0 with the path in buf,
 * or -1 when there is none.
 */
int		 vs_probe_helper(char *, size_t);
/*
 * Examine path: the examiner runs it as `--probe path` in a child bounded
 * by media_probe_memory and media_probe_timeout, with no network and no
 * secret in its environment; then the source limits apply. VS_OK with p
 * filled; VS_EINVAL when it is not a video this site takes; VS_ELIMIT
 * when it is over a limit or could not be examined (the child crashed,
 * took too long or answered nonsense); VS_ERR when there is no examiner.
 * Each failure leaves a reason for a person in why.
 */
enum vs_err	 vs_probe_file(const char *, struct vs_probe *, char *,
		    size_t);

#endif
