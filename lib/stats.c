/* stats.c: what a video's owner learns of its viewers. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "db.h"
#include "stats.h"
#include "str.h"
#include "views.h"

/* The host of an origin: a name or IPv4 address, or [IPv6]; its length. */
static size_t
origin_host(const char *s)
{
	size_t	 n;

	if (*s == '[') {
		n = 1 + strspn(s + 1, "0123456789abcdef:.");
		return s[n] == ']' && n > 2 ? n + 1 : 0;
	}
	n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789.-");
	return n > 0 && s[0] != '.' && s[0] != '-' ? n : 0;
}

int
vs_stats_origin(const char *s, char *out, size_t len)
{
	const char	*p;
	size_t		 i, n;
	long long	 port;
	const char	*err;

	if (s == NULL || (n = strlen(s)) > VS_STATS_ORIGIN_MAX || n >= len)
		return -1;
	for (i = 0; i <= n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	if (strncmp(out, "https://", 8) == 0)
		p = out + 8;
	else if (strncmp(out, "http://", 7) == 0)
		p = out + 7;
	else
		return -1;
	if ((i = origin_host(p)) == 0)
		return -1;
	p += i;
	if (*p == '\0')
		return 0;
	if (*p != ':' || strspn(p + 1, "0123456789") != strlen(p + 1) ||
	    vs_str_tonum(p + 1, 1, 65535, &port, &err) == -1)
		return -1;
	return 0;
}

/* The duration of video id in seconds, or 0 when unknown. */
static double
duration(const char *id)
{
	const char	*p[] = { id };
	PGresult	*res;
	double		 d = 0;

	res = vs_db_exec("SELECT coalesce(duration, 0) FROM videos WHERE id = "
	    "$1", 1, p);
	if (res != NULL && PQntuples(res) == 1)
		d = vs_db_double(res, 0, 0);
	PQclear(res);
	return d;
}

/* The part of video id that position o is in, or -1 for a bad position. */
static int
bucket(const char *id, struct json_object *o)
{
	double	 pos, d;
	int	 b;

	if (!json_object_is_type(o, json_type_int) &&
	    !json_object_is_type(o, json_type_double))
		return -1;
	pos = json_object_get_double(o);
	if (!isfinite(pos) || pos < 0 || (d = duration(id)) <= 0 ||
	    pos > d + VS_STATS_SLACK)
		return -1;
	b = (int)(pos / d * VS_VIEW_BUCKETS);
	return b < VS_VIEW_BUCKETS ? b : VS_VIEW_BUCKETS - 1;
}

void
vs_stats_report(const char *id, const char *viewer, int counted,
    struct json_object *in)
{
	struct json_object	*o;
	char			 origin[VS_STATS_ORIGIN_MAX + 1];
	int			 b;

	if (in == NULL || !json_object_is_type(in, json_type_object))
		return;
	if (json_object_object_get_ex(in, "position", &o) &&
	    (b = bucket(id, o)) >= 0)
		vs_views_reach(id, viewer, b);
	if (counted == 1 && json_object_object_get_ex(in, "referrer", &o) &&
	    json_object_is_type(o, json_type_string) &&
	    vs_stats_origin(json_object_get_string(o), origin,
	    sizeof(origin)) == 0)
		vs_views_referrer(id, origin);
}

enum vs_err
vs_stats_video(const char *id, struct json_object **out)
{
	const char	*p[] = { id };

	*out = NULL;
	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	return vs_db_json_row("SELECT json_build_object('id', v.id, 'title', "
	    "v.title, 'duration', v.duration, 'views', v.view_count, "
	    "'unique_viewers', (SELECT count(DISTINCT viewer_key) FROM "
	    "video_views WHERE video_id = v.id), 'watch_seconds', w.total, "
	    "'average_watch_seconds', CASE WHEN v.view_count > 0 THEN "
	    "round(w.total::numeric / v.view_count, 1) ELSE 0 END, 'days', "
	    "(SELECT json_agg(json_build_object('day', d::date, 'views', "
	    "coalesce(a.views, 0), 'unique_viewers', coalesce("
	    "a.unique_viewers, 0), 'watch_seconds', coalesce(a.watch_seconds, "
	    "0)) ORDER BY d) FROM generate_series(current_date - 29, "
	    "current_date, interval '1 day') d LEFT JOIN video_analytics a ON "
	    "a.video_id = v.id AND a.day = d::date), 'retention', (SELECT "
	    "json_agg(coalesce(r.views, 0) ORDER BY b) FROM generate_series(0, "
	    "99) b LEFT JOIN video_retention r ON r.video_id = v.id AND "
	    "r.bucket = b), 'referrers', (SELECT coalesce(json_agg("
	    "json_build_object('origin', origin, 'views', views) ORDER BY "
	    "views DESC, origin), '[]') FROM (SELECT origin, views FROM "
	    "video_referrers WHERE video_id = v.id ORDER BY views DESC, origin "
	    "LIMIT 20) t)) FROM videos v, LATERAL (SELECT coalesce(sum("
	    "watch_seconds), 0) AS total FROM video_analytics WHERE video_id = "
	    "v.id) w WHERE v.id = $1", 1, p, out);
}
