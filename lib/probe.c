/* probe.c: what a source file holds, examined in a bounded child. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "child.h"
#include "config.h"
#include "json.h"
#include "log.h"
#include "probe.h"
#include "str.h"

/* The examiner answers in one small object; anything longer is wrong. */
#define ANSWER_MAX	4096
/* Descriptors the examiner needs: its standard three and the file. */
#define PROBE_FILES	16

enum field_type {
	FT_NAME,	/* char[32]: lower case letters, digits, '_', '-' */
	FT_INT,		/* int, 0 to INT_MAX */
	FT_LONG,	/* long long, 0 or more */
	FT_SECONDS,	/* double, finite, 0 or more */
};

/* The answer's members, both ways: one table for writing and reading. */
static const struct field {
	const char	*f_key;
	enum field_type	 f_type;
	size_t		 f_off;
} fields[] = {
	{ "container", FT_NAME, offsetof(struct vs_probe, p_container) },
	{ "video_codec", FT_NAME, offsetof(struct vs_probe, p_vcodec) },
	{ "audio_codec", FT_NAME, offsetof(struct vs_probe, p_acodec) },
	{ "width", FT_INT, offsetof(struct vs_probe, p_width) },
	{ "height", FT_INT, offsetof(struct vs_probe, p_height) },
	{ "rotation", FT_INT, offsetof(struct vs_probe, p_rotation) },
	{ "fps_num", FT_INT, offsetof(struct vs_probe, p_fps_num) },
	{ "fps_den", FT_INT, offsetof(struct vs_probe, p_fps_den) },
	{ "time_base_num", FT_INT, offsetof(struct vs_probe, p_tb_num) },
	{ "time_base_den", FT_INT, offsetof(struct vs_probe, p_tb_den) },
	{ "streams", FT_INT, offsetof(struct vs_probe, p_streams) },
	{ "duration", FT_SECONDS, offsetof(struct vs_probe, p_duration) },
	{ "bitrate", FT_LONG, offsetof(struct vs_probe, p_bitrate) },
};
#define NFIELDS	(sizeof(fields) / sizeof(fields[0]))

void
vs_probe_limits(struct vs_probe_limits *pl)
{
	pl->pl_width = (int)vs_config_int(VS_CFG_MEDIA_MAX_WIDTH);
	pl->pl_height = (int)vs_config_int(VS_CFG_MEDIA_MAX_HEIGHT);
	pl->pl_pixels = vs_config_int(VS_CFG_MEDIA_MAX_PIXELS);
	pl->pl_duration = vs_config_int(VS_CFG_MEDIA_MAX_DURATION);
	pl->pl_fps = vs_config_int(VS_CFG_MEDIA_MAX_FPS);
	pl->pl_streams = vs_config_int(VS_CFG_MEDIA_MAX_STREAMS);
}

/* A tick between a nanosecond and a minute. */
static int
usable_rate(int num, int den, double least, double most)
{
	double	 q;

	if (num <= 0 || den <= 0)
		return 0;
	q = (double)num / den;
	return q >= least && q <= most;
}

/* The picture's sides against the limit's, either way round. */
static int
fits(int w, int h, int lw, int lh)
{
	int	 lng = w > h ? w : h, sht = w > h ? h : w;
	int	 llng = lw > lh ? lw : lh, lsht = lw > lh ? lh : lw;

	return lng <= llng && sht <= lsht;
}

enum vs_err
vs_probe_check(const struct vs_probe *p, const struct vs_probe_limits *pl,
    char *why, size_t len)
{
	if (p->p_streams > pl->pl_streams)
		snprintf(why, len, "the file holds %d streams, more than %lld",
		    p->p_streams, pl->pl_streams);
	else if (!usable_rate(p->p_tb_num, p->p_tb_den, 1e-9, 60))
		snprintf(why, len, "the video's time base %d/%d is not usable",
		    p->p_tb_num, p->p_tb_den);
	else if (!usable_rate(p->p_fps_num, p->p_fps_den, 1e-3, 1e6))
		snprintf(why, len, "the frame rate %d/%d is not usable",
		    p->p_fps_num, p->p_fps_den);
	else if ((double)p->p_fps_num / p->p_fps_den > (double)pl->pl_fps)
		snprintf(why, len, "the frame rate is %.6g fps, more than %lld",
		    (double)p->p_fps_num / p->p_fps_den, pl->pl_fps);
	else if (p->p_width <= 0 || p->p_height <= 0)
		snprintf(why, len, "the video has no picture size");
	else if (!fits(p->p_width, p->p_height, pl->pl_width, pl->pl_height))
		snprintf(why, len, "the picture is %dx%d, larger than %dx%d",
		    p->p_width, p->p_height, pl->pl_width, pl->pl_height);
	else if ((long long)p->p_width * p->p_height > pl->pl_pixels)
		snprintf(why, len, "the picture has %lld pixels, more than "
		    "%lld", (long long)p->p_width * p->p_height, pl->pl_pixels);
	else if (p->p_duration > (double)pl->pl_duration)
		snprintf(why, len, "the video lasts %.0f s, longer than %lld s",
		    p->p_duration, pl->pl_duration);
	else
		return VS_OK;
	return VS_ELIMIT;
}

static struct json_object *
field_json(const struct vs_probe *p, const struct field *f)
{
	const char	*at = (const char *)p + f->f_off;

	switch (f->f_type) {
	case FT_NAME:
		return json_object_new_string(at);
	case FT_INT:
		return json_object_new_int(*(const int *)at);
	case FT_LONG:
		return json_object_new_int64(*(const long long *)at);
	case FT_SECONDS:
		return json_object_new_double(*(const double *)at);
	}
	return NULL;
}

struct json_object *
vs_probe_json(const struct vs_probe *p, const char *why)
{
	struct json_object	*o = json_object_new_object(), *v;
	size_t			 i;

	if (o == NULL)
		return NULL;
	if (p == NULL) {
		json_object_object_add(o, "error", json_object_new_string(why));
		return o;
	}
	for (i = 0; i < NFIELDS; i++) {
		if ((v = field_json(p, &fields[i])) == NULL) {
			json_object_put(o);
			return NULL;
		}
		json_object_object_add(o, fields[i].f_key, v);
	}
	return o;
}

static int
plain_name(const char *s)
{
	return strlen(s) < 32 && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789_-") == strlen(s);
}

/* One member into p; 0, or -1 when it is missing or out of its range. */
static int
field_read(struct json_object *o, const struct field *f, struct vs_probe *p)
{
	struct json_object	*v;
	char			*at = (char *)p + f->f_off;
	const char		*s;
	int64_t			 n;
	double			 d;

	if (!json_object_object_get_ex(o, f->f_key, &v))
		return -1;
	switch (f->f_type) {
	case FT_NAME:
		if ((s = vs_json_str(o, f->f_key)) == NULL || !plain_name(s))
			return -1;
		memcpy(at, s, strlen(s) + 1);
		return 0;
	case FT_INT:
	case FT_LONG:
		if (!json_object_is_type(v, json_type_int) ||
		    (n = json_object_get_int64(v)) < 0 ||
		    (f->f_type == FT_INT && n > INT_MAX))
			return -1;
		if (f->f_type == FT_INT)
			*(int *)at = (int)n;
		else
			*(long long *)at = n;
		return 0;
	case FT_SECONDS:
		if ((!json_object_is_type(v, json_type_double) &&
		    !json_object_is_type(v, json_type_int)) ||
		    !isfinite(d = json_object_get_double(v)) || d < 0)
			return -1;
		*(double *)at = d;
		return 0;
	}
	return -1;
}

/* A refusal is short, valid UTF-8 and one line. */
static enum vs_err
refusal(const char *s, char *why, size_t len)
{
	if (s == NULL || strlen(s) > 200 || !vs_str_utf8(s) ||
	    strpbrk(s, "\r\n") != NULL)
		return VS_ERR;
	snprintf(why, len, "%s", s);
	return VS_EINVAL;
}

enum vs_err
vs_probe_parse(const char *buf, size_t len, struct vs_probe *p, char *why,
    size_t whylen)
{
	struct json_object	*o;
	enum vs_err		 rc = VS_OK;
	size_t			 i;

	memset(p, 0, sizeof(*p));
	if (len > ANSWER_MAX || (o = vs_json_parse(buf, len)) == NULL)
		return VS_ERR;
	if (!json_object_is_type(o, json_type_object))
		rc = VS_ERR;
	else if (json_object_object_get_ex(o, "error", NULL))
		rc = refusal(vs_json_str(o, "error"), why, whylen);
	else
		for (i = 0; rc == VS_OK && i < NFIELDS; i++)
			if (field_read(o, &fields[i], p) == -1)
				rc = VS_ERR;
	json_object_put(o);
	return rc;
}

int
vs_probe_helper(char *buf, size_t len)
{
	static const char *const beside[] = { "vstream-worker",
	    "../worker/vstream-worker", "../../bin/vstream-worker" };
	const char	*set = vs_config_str(VS_CFG_MEDIA_HELPER);
	char		 exe[PATH_MAX], *slash;
	ssize_t		 n;
	size_t		 i;

	if (*set != '\0') {
		snprintf(buf, len, "%s", set);
		return access(buf, X_OK);
	}
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return -1;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return -1;
	*slash = '\0';
	for (i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
		snprintf(buf, len, "%s/%s", exe, beside[i]);
		if (access(buf, X_OK) == 0)
			return 0;
	}
	return -1;
}

/* Run the examiner; VS_OK with its answer in out, else VS_ELIMIT/VS_ERR. */
static enum vs_err
examine(const char *helper, const char *path, char *out, size_t *outlen,
    char *why, size_t len)
{
	char			 conts[4200], codecs[4200], how[160];
	const char		*argv[] = { helper, "--probe", path, NULL };
	const char		*envp[] = { "VSTREAM_CONFIG=/dev/null", conts,
				    codecs, NULL };
	int			 secs = (int)vs_config_int(
				    VS_CFG_MEDIA_PROBE_TIMEOUT);
	struct vs_limits	 lim = { vs_config_int(
				    VS_CFG_MEDIA_PROBE_MEMORY), secs,
				    PROBE_FILES, 1 };
	struct vs_child_run	 r;

	snprintf(conts, sizeof(conts), "VSTREAM_UPLOAD_CONTAINERS=%s",
	    vs_config_str(VS_CFG_UPLOAD_CONTAINERS));
	snprintf(codecs, sizeof(codecs), "VSTREAM_UPLOAD_CODECS=%s",
	    vs_config_str(VS_CFG_UPLOAD_CODECS));
	if (vs_child_run(argv, envp, &lim, secs, out, *outlen, &r) ==
	    VS_CHILD_EXITED && r.cr_code == 0) {
		*outlen = r.cr_len;
		return VS_OK;
	}
	vs_child_why(&r, secs, how, sizeof(how));
	snprintf(why, len, "the file could not be examined: %s", how);
	vs_warnx("%s: %s: %s", __func__, path, how);
	return r.cr_end == VS_CHILD_ERR ? VS_ERR : VS_ELIMIT;
}

enum vs_err
vs_probe_file(const char *path, struct vs_probe *p, char *why, size_t len)
{
	struct vs_probe_limits	 pl;
	char			 helper[PATH_MAX], out[ANSWER_MAX + 1];
	size_t			 n = sizeof(out);
	enum vs_err		 rc;

	memset(p, 0, sizeof(*p));
	if (vs_probe_helper(helper, sizeof(helper)) == -1) {
		vs_errx("%s: no vstream-worker to examine uploads with (see "
		    "media_helper)", __func__);
		snprintf(why, len, "the file could not be examined");
		return VS_ERR;
	}
	if ((rc = examine(helper, path, out, &n, why, len)) != VS_OK)
		return rc;
	if ((rc = vs_probe_parse(out, n, p, why, len)) == VS_ERR) {
		vs_warnx("%s: %s: the examiner's answer is not understood",
		    __func__, path);
		snprintf(why, len, "the file could not be examined: its "
		    "answer was not understood");
		return VS_ELIMIT;
	}
	if (rc != VS_OK)
		return rc;
	vs_probe_limits(&pl);
	return vs_probe_check(p, &pl, why, len);
}
