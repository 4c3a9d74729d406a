/* views.c: views counted in Redis, flushed into PostgreSQL by the worker. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hiredis.h>

#include "cache.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "views.h"

#define VIEW_LOG	"vs:viewlog"	/* "video|viewer|user|time" entries */
#define WATCH		"vs:watch"	/* hash "video|day" -> seconds */
#define REACH		"vs:reach"	/* hash "video|bucket" -> views */
#define REFS		"vs:refs"	/* hash "video|origin" -> views */

/* A number macro as a string, for SQL. */
#define STRING(n)	#n
#define NUMBER(n)	STRING(n)

/* The hex digest a viewer is known by: 33 bytes. */
static void
viewer_hash(const char *viewer, char *hex)
{
	unsigned char	 h[VS_SHA256_LEN];

	vs_sha256(viewer, strlen(viewer), h);
	vs_hex(hex, h, 16);
}

int
vs_views_hit(const char *video, const char *viewer, const char *user)
{
	char		 key[160], hex[VS_SHA256_HEX], entry[256], win[16];
	const char	*set[] = { "SET", key, "1", "NX", "EX", win };
	const char	*push[] = { "RPUSH", VIEW_LOG, entry };
	redisReply	*r;
	int		 counted;

	viewer_hash(viewer, hex);
	snprintf(key, sizeof(key), "vs:seen:%s:%s", video, hex);
	snprintf(win, sizeof(win), "%d", VS_VIEW_WINDOW);
	if ((r = vs_cache_cmd(6, set)) == NULL)
		return -1;
	counted = r->type == REDIS_REPLY_STATUS;
	freeReplyObject(r);
	if (!counted)
		return 0;
	snprintf(entry, sizeof(entry), "%s|%s|%s|%ld", video, hex,
	    user ? user : "", (long)time(NULL));
	if ((r = vs_cache_cmd(3, push)) == NULL)
		return -1;
	freeReplyObject(r);
	return 1;
}

int
vs_views_watch(const char *video, int secs)
{
	char		 field[80], n[16], day[16];
	const char	*argv[] = { "HINCRBY", WATCH, field, n };
	time_t		 now = time(NULL);
	struct tm	 tm;
	redisReply	*r;

	if (secs <= 0 || secs > 3600)
		return 0;
	gmtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	snprintf(field, sizeof(field), "%s|%s", video, day);
	snprintf(n, sizeof(n), "%d", secs);
	if ((r = vs_cache_cmd(4, argv)) == NULL)
		return -1;
	freeReplyObject(r);
	return 0;
}

/* The part this viewer reached before, -1 for none; -2 when Redis is down. */
static int
reached(const char *key)
{
	const char	*get[] = { "GET", key };
	redisReply	*r;
	int		 n = -1;

	if ((r = vs_cache_cmd(2, get)) == NULL)
		return -2;
	if (r->type == REDIS_REPLY_STRING && r->str != NULL)
		n = atoi(r->str);
	freeReplyObject(r);
	return n >= -1 && n < VS_VIEW_BUCKETS ? n : -1;
}

int
vs_views_reach(const char *video, const char *viewer, int bucket)
{
	char		 key[160], hex[VS_SHA256_HEX], b[8], win[16];
	char		 fields[VS_VIEW_BUCKETS][48];
	const char	*set[] = { "SET", key, b, "EX", win };
	const char	*incr[VS_VIEW_BUCKETS][4];
	const char *const *argvs[VS_VIEW_BUCKETS];
	int		 argcs[VS_VIEW_BUCKETS], from, i, n = 0;
	redisReply	*r;

	if (bucket < 0 || bucket >= VS_VIEW_BUCKETS)
		return 0;
	viewer_hash(viewer, hex);
	snprintf(key, sizeof(key), "vs:far:%s:%s", video, hex);
	if ((from = reached(key)) == -2)
		return -1;
	if (bucket <= from)
		return 0;
	snprintf(b, sizeof(b), "%d", bucket);
	snprintf(win, sizeof(win), "%d", VS_VIEW_WINDOW);
	if ((r = vs_cache_cmd(5, set)) == NULL)
		return -1;
	freeReplyObject(r);
	for (i = from + 1; i <= bucket; i++, n++) {
		snprintf(fields[n], sizeof(fields[n]), "%s|%d", video, i);
		incr[n][0] = "HINCRBY";
		incr[n][1] = REACH;
		incr[n][2] = fields[n];
		incr[n][3] = "1";
		argvs[n] = incr[n];
		argcs[n] = 4;
	}
	return vs_cache_batch((size_t)n, argcs, argvs) == VS_OK ? 0 : -1;
}

int
vs_views_referrer(const char *video, const char *origin)
{
	char		 field[300];
	const char	*argv[] = { "HINCRBY", REFS, field, "1" };
	redisReply	*r;

	if (snprintf(field, sizeof(field), "%s|%s", video, origin) >=
	    (int)sizeof(field))
		return 0;
	if ((r = vs_cache_cmd(4, argv)) == NULL)
		return -1;
	freeReplyObject(r);
	return 0;
}

/* Take a key away from the writers (RENAME is atomic), then read it. */
static redisReply *
take(const char *key, const char *cmd)
{
	char		 taken[64];
	const char	*exists[] = { "EXISTS", key };
	const char	*ren[] = { "RENAME", key, taken };
	const char	*get[] = { cmd, taken, "0", "-1" };
	const char	*del[] = { "DEL", taken };
	redisReply	*r;
	int		 some;

	snprintf(taken, sizeof(taken), "%s:flush", key);
	if ((r = vs_cache_cmd(2, exists)) == NULL)
		return NULL;
	some = r->type == REDIS_REPLY_INTEGER && r->integer > 0;
	freeReplyObject(r);
	if (!some || (r = vs_cache_cmd(3, ren)) == NULL)
		return NULL;
	freeReplyObject(r);
	r = vs_cache_cmd(strcmp(cmd, "LRANGE") == 0 ? 4 : 2, get);
	freeReplyObject(vs_cache_cmd(2, del));
	return r;
}

struct view {
	const char	*v_video;
	const char	*v_user;	/* NULL: anonymous */
	const char	*v_viewer;
	const char	*v_time;
};

/* One view into the row, the counter and the day's analytics. */
static int
view_tx(void *arg)
{
	struct view	*v = arg;
	const char	*p[] = { v->v_video, v->v_user, v->v_viewer, v->v_time };
	const char	*q[] = { v->v_video, v->v_time };
	PGresult	*res;
	int		 skip;

	/* A video deleted since is skipped, not an error. */
	res = vs_db_exec("INSERT INTO video_views (video_id, viewer_id, "
	    "viewer_key, viewed_at) SELECT id, $2::uuid, $3, "
	    "to_timestamp($4::bigint) FROM videos WHERE id = $1::uuid", 4, p);
	if (res == NULL)
		return -1;
	skip = strcmp(PQcmdTuples(res), "0") == 0;
	PQclear(res);
	if (skip)
		return 0;
	res = vs_db_exec("UPDATE videos SET view_count = view_count + 1 "
	    "WHERE id = $1", 1, q);
	PQclear(res);
	if (res == NULL)
		return -1;
	res = vs_db_exec("INSERT INTO video_analytics (video_id, day, views, "
	    "unique_viewers) SELECT $1::uuid, d, 1, (SELECT count(DISTINCT "
	    "viewer_key) FROM video_views WHERE video_id = $1::uuid AND "
	    "viewed_at::date = d) FROM (SELECT to_timestamp($2::bigint)::date "
	    "AS d) t ON CONFLICT (video_id, day) DO UPDATE SET views = "
	    "video_analytics.views + 1, unique_viewers = "
	    "EXCLUDED.unique_viewers", 2, q);
	PQclear(res);
	if (res == NULL)
		return -1;
	res = vs_db_exec("INSERT INTO user_analytics (user_id, day, "
	    "views_received) SELECT owner_id, to_timestamp($2::bigint)::date, 1 "
	    "FROM videos WHERE id = $1::uuid ON CONFLICT (user_id, day) DO "
	    "UPDATE SET views_received = user_analytics.views_received + 1", 2,
	    q);
	PQclear(res);
	return res == NULL ? -1 : 0;
}

static int
flush_view(const char *entry)
{
	char		 buf[256], *f[4], *s = buf;
	struct view	 v;
	int		 i;

	snprintf(buf, sizeof(buf), "%s", entry);
	for (i = 0; i < 4; i++)
		f[i] = strsep(&s, "|");
	if (f[3] == NULL)
		return -1;
	v = (struct view){ f[0], *f[2] ? f[2] : NULL, f[1], f[3] };
	return vs_db_tx(view_tx, &v) == 0 ? 1 : -1;
}

/* One counter of a "video|what" field into the table its statement names. */
static void
flush_count(const char *sql, const char *field, const char *n)
{
	char		 buf[300], *bar;
	const char	*p[3];
	PGresult	*res;

	snprintf(buf, sizeof(buf), "%s", field);
	if ((bar = strchr(buf, '|')) == NULL)
		return;
	*bar = '\0';
	p[0] = buf;
	p[1] = bar + 1;
	p[2] = n;
	res = vs_db_exec(sql, 3, p);
	PQclear(res);
}

/*
 * The Redis hashes of "video|what" counters and the statement adding each
 * to its table: watch time per day, the video's parts reached, and its
 * referrers while there is room.
 */
static const char *const counters[][2] = {
	{ WATCH, "INSERT INTO video_analytics (video_id, day, watch_seconds) "
	    "SELECT id, $2::date, $3::bigint FROM videos WHERE id = $1::uuid "
	    "ON CONFLICT (video_id, day) DO UPDATE SET watch_seconds = "
	    "video_analytics.watch_seconds + $3::bigint" },
	{ REACH, "INSERT INTO video_retention (video_id, bucket, views) "
	    "SELECT id, $2::smallint, $3::bigint FROM videos WHERE id = "
	    "$1::uuid ON CONFLICT (video_id, bucket) DO UPDATE SET views = "
	    "video_retention.views + $3::bigint" },
	{ REFS, "INSERT INTO video_referrers (video_id, origin, views) "
	    "SELECT id, $2, $3::bigint FROM videos WHERE id = $1::uuid AND "
	    "(EXISTS (SELECT 1 FROM video_referrers WHERE video_id = $1::uuid "
	    "AND origin = $2) OR (SELECT count(*) FROM video_referrers WHERE "
	    "video_id = $1::uuid) < " NUMBER(VS_VIEW_REFERRERS) ") ON CONFLICT "
	    "(video_id, origin) DO UPDATE SET views = video_referrers.views + "
	    "$3::bigint" },
};

int
vs_views_flush(void)
{
	redisReply	*r;
	size_t		 i, j;
	int		 n = 0;

	if ((r = take(VIEW_LOG, "LRANGE")) != NULL) {
		for (i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; i++)
			if (r->element[i]->str != NULL &&
			    flush_view(r->element[i]->str) == 1)
				n++;
		freeReplyObject(r);
	}
	for (j = 0; j < sizeof(counters) / sizeof(counters[0]); j++) {
		if ((r = take(counters[j][0], "HGETALL")) == NULL)
			continue;
		for (i = 0; r->type == REDIS_REPLY_ARRAY && i + 1 < r->elements;
		    i += 2)
			flush_count(counters[j][1], r->element[i]->str,
			    r->element[i + 1]->str);
		freeReplyObject(r);
	}
	if (n > 0)
		vs_log(VS_LOG_INFO, "flushed %d views", n);
	return n;
}
