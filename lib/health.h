/* health.h: is each component the site needs up, and how fast. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_HEALTH_H
#define VS_HEALTH_H

struct json_object;

enum vs_component {
	VS_COMP_DATABASE,
	VS_COMP_REDIS,
	VS_COMP_STORAGE,
	VS_COMP_QUEUE,
	VS_COMP__MAX
};

struct vs_health {
	int		 h_up[VS_COMP__MAX];
	double		 h_ms[VS_COMP__MAX];	/* time each check took */
	long long	 h_queue;		/* jobs waiting */
};

/*
 * Check every component: the database answers, Redis answers, the data
 * folder takes a new file, the job queue can be read. Each check is bounded
 * by the configured time-outs. Returns 0 when all are up, -1 otherwise.
 */
int			 vs_health_check(struct vs_health *);
/* The name of a component ("database"). */
const char		*vs_health_name(enum vs_component);
/*
 * {"status":"ok"|"down","components":{name:{"status","latency_ms"}}};
 * the caller frees it with json_object_put(); NULL without memory.
 */
struct json_object	*vs_health_json(const struct vs_health *);

/*
 * vs_health_json() and, for administrators: the doctor's checks
 * (vs_doctor_run(), as this process's user; with web, also those that send
 * requests through the web server to base_url: its body limit, the
 * Authorization header, X-Sendfile), the machine (CPU use, load, memory, disk of the data folder),
 * PostgreSQL (version, connections, size, queue, workers' heartbeats, a
 * stale one marked) and Redis (version, memory, keys), each only when it
 * answers. Caller frees.
 */
struct json_object	*vs_health_detail(const struct vs_health *, int web);

#endif
