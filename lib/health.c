/* health.c: is each component the site needs up, and how fast. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/statvfs.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hiredis/hiredis.h>
#include <json-c/json.h>

#include "cache.h"
#include "config.h"
#include "db.h"
#include "doctor.h"
#include "health.h"
#include "job.h"

static const char *const names[VS_COMP__MAX] = {
	[VS_COMP_DATABASE] = "database",
	[VS_COMP_REDIS] = "redis",
	[VS_COMP_STORAGE] = "storage",
	[VS_COMP_QUEUE] = "queue",
};

const char *
vs_health_name(enum vs_component c)
{
	return names[c];
}

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
check_database(struct vs_health *h)
{
	PGresult	*res = vs_db_exec("SELECT 1", 0, NULL);

	(void)h;
	PQclear(res);
	return res != NULL;
}

static int
check_redis(struct vs_health *h)
{
	(void)h;
	return vs_cache_ping() == VS_OK;
}

/* A read-only or full file system shows when a file cannot be made. */
static int
check_storage(struct vs_health *h)
{
	char	 path[4096];
	int	 fd;

	(void)h;
	snprintf(path, sizeof(path), "%s/.health-XXXXXX",
	    vs_config_str(VS_CFG_DATA_DIR));
	if ((fd = mkstemp(path)) == -1)
		return 0;
	close(fd);
	unlink(path);
	return 1;
}

static int
check_queue(struct vs_health *h)
{
	PGresult	*res;

	res = vs_db_exec("SELECT count(*) FROM transcode_jobs "
	    "WHERE state = 'queued'", 0, NULL);
	if (res == NULL)
		return 0;
	h->h_queue = vs_db_ll(res, 0, 0);
	PQclear(res);
	return 1;
}

static int (*const checks[VS_COMP__MAX])(struct vs_health *) = {
	[VS_COMP_DATABASE] = check_database,
	[VS_COMP_REDIS] = check_redis,
	[VS_COMP_STORAGE] = check_storage,
	[VS_COMP_QUEUE] = check_queue,
};

int
vs_health_check(struct vs_health *h)
{
	double	 t;
	int	 c, all = 1;

	memset(h, 0, sizeof(*h));
	for (c = 0; c < VS_COMP__MAX; c++) {
		if (c == VS_COMP_QUEUE && !h->h_up[VS_COMP_DATABASE])
			continue;
		t = now_ms();
		h->h_up[c] = checks[c](h);
		h->h_ms[c] = now_ms() - t;
	}
	for (c = 0; c < VS_COMP__MAX; c++)
		all &= h->h_up[c];
	return all ? 0 : -1;
}

struct json_object *
vs_health_json(const struct vs_health *h)
{
	struct json_object	*o, *comps, *c;
	char			 ms[32];
	int			 i, all = 1;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	comps = json_object_new_object();
	for (i = 0; i < VS_COMP__MAX; i++) {
		c = json_object_new_object();
		json_object_object_add(c, "status",
		    json_object_new_string(h->h_up[i] ? "ok" : "down"));
		snprintf(ms, sizeof(ms), "%.3f", h->h_ms[i]);
		json_object_object_add(c, "latency_ms",
		    json_object_new_double_s(h->h_ms[i], ms));
		if (i == VS_COMP_QUEUE)
			json_object_object_add(c, "depth",
			    json_object_new_int64(h->h_queue));
		json_object_object_add(comps, names[i], c);
		all &= h->h_up[i];
	}
	json_object_object_add(o, "status",
	    json_object_new_string(all ? "ok" : "down"));
	json_object_object_add(o, "components", comps);
	return o;
}

/* One "Name: number kB" line of /proc/meminfo, in bytes; -1 unknown. */
static long long
meminfo(const char *name)
{
	FILE		*f = fopen("/proc/meminfo", "r");
	char		 line[128];
	long long	 kb = -1;
	size_t		 n = strlen(name);

	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, name, n) == 0 && line[n] == ':') {
			kb = strtoll(line + n + 1, NULL, 10);
			break;
		}
	if (f != NULL)
		fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}

/* Busy and total jiffies of all CPUs since boot; 0 / -1. */
static int
cpu_times(long long *busy, long long *total)
{
	FILE		*f = fopen("/proc/stat", "r");
	long long	 v[8] = { 0 };
	int		 n = 0;

	if (f != NULL)
		n = fscanf(f, "cpu %lld %lld %lld %lld %lld %lld %lld %lld",
		    &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	if (f != NULL)
		fclose(f);
	if (n != 8)
		return -1;
	*total = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
	*busy = *total - v[3] - v[4];
	return 0;
}

/* The machine: CPU use over a tenth of a second, load, memory, disk. */
static struct json_object *
system_json(void)
{
	struct json_object	*o = json_object_new_object();
	struct timespec		 tenth = { 0, 100 * 1000 * 1000 };
	struct statvfs		 fs;
	long long		 b0, t0, b1, t1;
	double			 load[3];

	if (cpu_times(&b0, &t0) == 0 && nanosleep(&tenth, NULL) == 0 &&
	    cpu_times(&b1, &t1) == 0 && t1 > t0)
		json_object_object_add(o, "cpu_percent", json_object_new_double(
		    round(1000.0 * (double)(b1 - b0) / (double)(t1 - t0)) / 10));
	if (getloadavg(load, 3) == 3)
		json_object_object_add(o, "load", json_object_new_double(
		    round(load[0] * 100) / 100));
	json_object_object_add(o, "cpus", json_object_new_int(
	    (int)sysconf(_SC_NPROCESSORS_ONLN)));
	json_object_object_add(o, "memory_total", json_object_new_int64(
	    meminfo("MemTotal")));
	json_object_object_add(o, "memory_available", json_object_new_int64(
	    meminfo("MemAvailable")));
	if (statvfs(vs_config_str(VS_CFG_DATA_DIR), &fs) == 0) {
		json_object_object_add(o, "disk_total", json_object_new_int64(
		    (long long)fs.f_blocks * (long long)fs.f_frsize));
		json_object_object_add(o, "disk_free", json_object_new_int64(
		    (long long)fs.f_bavail * (long long)fs.f_frsize));
	}
	return o;
}

/*
 * PostgreSQL: its version, connections and the database's size; the
 * workers seen within a day, marked stale when their heartbeat is older
 * than the doctor allows.
 */
static struct json_object *
database_json(void)
{
	struct json_object	*o = NULL;
	char			 secs[16];
	const char		*p[] = { secs };

	snprintf(secs, sizeof(secs), "%d", vs_doctor_stale_secs());
	if (vs_db_json_row("SELECT json_build_object('version', "
	    "current_setting('server_version'), 'connections', (SELECT "
	    "count(*) FROM pg_stat_activity WHERE datname = current_database()),"
	    " 'size', pg_database_size(current_database()), 'workers', (SELECT "
	    "coalesce(json_agg(json_build_object('name', name, 'running', "
	    "running, 'concurrency', concurrency, 'heartbeat_at', heartbeat_at, "
	    "'stale', heartbeat_at < now() - make_interval(secs => $1::int), "
	    "'version', version) ORDER BY name), '[]') FROM workers WHERE "
	    "heartbeat_at > now() - interval '1 day'), 'queue', "
	    VS_JOB_QUEUE_JSON ")", 1, p, &o) != VS_OK)
		return NULL;
	return o;
}

/* A "name:value" field of Redis's INFO text, as a string; NULL absent. */
static struct json_object *
info_field(const char *info, const char *name)
{
	const char	*p = strstr(info, name);
	size_t		 n;

	if (p == NULL || p[strlen(name)] != ':')
		return NULL;
	p += strlen(name) + 1;
	n = strcspn(p, "\r\n");
	return json_object_new_string_len(p, (int)n);
}

/* Redis: version, memory, keys. NULL when it does not answer. */
static struct json_object *
redis_json(void)
{
	const char		*info[] = { "INFO", "server" }, *mem[] = {
				    "INFO", "memory" }, *size[] = { "DBSIZE" };
	struct redisReply	*r;
	struct json_object	*o;

	if ((r = vs_cache_cmd(2, info)) == NULL)
		return NULL;
	o = json_object_new_object();
	if (r->type == REDIS_REPLY_STRING)
		json_object_object_add(o, "version",
		    info_field(r->str, "redis_version"));
	freeReplyObject(r);
	if ((r = vs_cache_cmd(2, mem)) != NULL && r->type == REDIS_REPLY_STRING)
		json_object_object_add(o, "memory",
		    info_field(r->str, "used_memory_human"));
	freeReplyObject(r);
	if ((r = vs_cache_cmd(1, size)) != NULL &&
	    r->type == REDIS_REPLY_INTEGER)
		json_object_object_add(o, "keys",
		    json_object_new_int64(r->integer));
	freeReplyObject(r);
	return o;
}

struct json_object *
vs_health_detail(const struct vs_health *h, int web)
{
	struct json_object	*o = vs_health_json(h);
	struct vs_doc		 d = { 0 };

	d.d_web = web;
	vs_doctor_run(&d);
	json_object_object_add(o, "doctor", vs_doctor_json(&d));
	json_object_object_add(o, "system", system_json());
	if (h->h_up[VS_COMP_DATABASE])
		json_object_object_add(o, "postgresql", database_json());
	if (h->h_up[VS_COMP_REDIS])
		json_object_object_add(o, "redis", redis_json());
	return o;
}
