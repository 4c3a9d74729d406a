/* health.c: is each component the site needs up, and how fast. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cache.h"
#include "config.h"
#include "db.h"
#include "health.h"

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
	h->h_queue = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
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
