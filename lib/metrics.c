/* metrics.c: request counters in Redis and the Prometheus text format. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hiredis.h>

#include "extern.h"
#include "cache.h"
#include "db.h"
#include "health.h"
#include "metrics.h"
#include "str.h"

#define METRICS_KEY	"vstream:metrics"
#define PROGRAMS_MAX	16

/* Upper bounds of the duration histogram buckets, in seconds. */
static const double	 bounds[] = {
	0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
};
#define NBOUNDS		nitems(bounds)

struct prog_stats {
	char		 ps_name[32];
	long long	 ps_status[600];	/* requests by status code */
	long long	 ps_bucket[NBOUNDS + 1];	/* last: above all */
	double		 ps_sum;
};

/*
 * Counts wait in the process and go to Redis in one round trip at most once
 * a second (or every 64 requests), not once per request: the busiest
 * routes are the cheapest ones. What a process holds when it dies is lost,
 * like anything in Redis may be.
 */
#define FLUSH_EVERY	64

struct pending {
	char	 p_field[64];
	double	 p_add;		/* HINCRBYFLOAT for sums, else HINCRBY */
	int	 p_float;
};

static struct pending	 pend[3 * FLUSH_EVERY];
static int		 npend;
static time_t		 flushed;

static void
add(const char *field, double v, int isfloat)
{
	int	 i;

	for (i = 0; i < npend; i++)
		if (strcmp(pend[i].p_field, field) == 0) {
			pend[i].p_add += v;
			return;
		}
	snprintf(pend[npend].p_field, sizeof(pend[npend].p_field), "%s",
	    field);
	pend[npend].p_add = v;
	pend[npend].p_float = isfloat;
	npend++;
}

void
vs_metrics_flush(void)
{
	const char	*argv[3 * FLUSH_EVERY][4];
	const char	*const *argvs[3 * FLUSH_EVERY];
	char		 vals[3 * FLUSH_EVERY][32];
	int		 argcs[3 * FLUSH_EVERY], i;

	for (i = 0; i < npend; i++) {
		if (pend[i].p_float)
			snprintf(vals[i], sizeof(vals[i]), "%.6f", pend[i].p_add);
		else
			snprintf(vals[i], sizeof(vals[i]), "%lld",
			    (long long)pend[i].p_add);
		argv[i][0] = pend[i].p_float ? "HINCRBYFLOAT" : "HINCRBY";
		argv[i][1] = METRICS_KEY;
		argv[i][2] = pend[i].p_field;
		argv[i][3] = vals[i];
		argvs[i] = argv[i];
		argcs[i] = 4;
	}
	if (npend > 0)
		vs_cache_batch((size_t)npend, argcs, argvs);
	npend = 0;
	flushed = time(NULL);
}

void
vs_metrics_request(const char *program, int status, double secs)
{
	static int	 requests;
	char		 f[64];
	size_t		 i;

	for (i = 0; i < NBOUNDS && secs > bounds[i]; i++)
		;
	snprintf(f, sizeof(f), "req:%s:%d", program, status);
	add(f, 1, 0);
	snprintf(f, sizeof(f), "bucket:%s:%zu", program, i);
	add(f, 1, 0);
	snprintf(f, sizeof(f), "sum:%s", program);
	add(f, secs, 1);
	if (++requests % FLUSH_EVERY == 0 || time(NULL) != flushed ||
	    npend > 2 * FLUSH_EVERY)
		vs_metrics_flush();
}

static struct prog_stats *
prog_find(struct prog_stats *ps, size_t *n, const char *name, size_t len)
{
	size_t	 i;

	if (len == 0 || len >= sizeof(ps->ps_name) ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz-") < len)
		return NULL;
	for (i = 0; i < *n; i++)
		if (strlen(ps[i].ps_name) == len &&
		    strncmp(ps[i].ps_name, name, len) == 0)
			return &ps[i];
	if (*n == PROGRAMS_MAX)
		return NULL;
	memset(&ps[*n], 0, sizeof(ps[*n]));
	memcpy(ps[*n].ps_name, name, len);
	return &ps[(*n)++];
}

/* Fold one "kind:program:n" field into the stats; unknown ones are junk. */
static void
fold(struct prog_stats *ps, size_t *n, const char *field, const char *val)
{
	const char		*prog = strchr(field, ':'), *idx, *err;
	struct prog_stats	*p;
	long long		 k, v;

	if (prog == NULL)
		return;
	prog++;
	idx = strchr(prog, ':');
	p = prog_find(ps, n, prog, idx ? (size_t)(idx - prog) : strlen(prog));
	if (p == NULL)
		return;
	if (strncmp(field, "sum:", 4) == 0 && idx == NULL) {
		p->ps_sum = strtod(val, NULL);
		return;
	}
	if (idx == NULL || vs_str_tonum(val, 0, LLONG_MAX, &v, &err) == -1)
		return;
	if (strncmp(field, "req:", 4) == 0 &&
	    vs_str_tonum(idx + 1, 100, 599, &k, &err) == 0)
		p->ps_status[k] = v;
	else if (strncmp(field, "bucket:", 7) == 0 &&
	    vs_str_tonum(idx + 1, 0, NBOUNDS, &k, &err) == 0)
		p->ps_bucket[k] = v;
}

static void
render_requests(struct vs_buf *b, const struct prog_stats *ps, size_t n)
{
	size_t	 i;
	int	 s;

	vs_buf_puts(b, "# HELP vstream_http_requests_total Requests answered."
	    "\n# TYPE vstream_http_requests_total counter\n");
	for (i = 0; i < n; i++)
		for (s = 100; s < 600; s++)
			if (ps[i].ps_status[s] > 0)
				vs_buf_printf(b, "vstream_http_requests_total"
				    "{program=\"%s\",status=\"%d\"} %lld\n",
				    ps[i].ps_name, s, ps[i].ps_status[s]);
}

static void
render_durations(struct vs_buf *b, const struct prog_stats *ps, size_t n)
{
	long long	 total;
	size_t		 i, k;

	vs_buf_puts(b, "# HELP vstream_http_request_duration_seconds Time to "
	    "answer a request.\n"
	    "# TYPE vstream_http_request_duration_seconds histogram\n");
	for (i = 0; i < n; i++) {
		for (k = 0, total = 0; k <= NBOUNDS; k++) {
			total += ps[i].ps_bucket[k];
			if (k < NBOUNDS)
				vs_buf_printf(b, "vstream_http_request_duration"
				    "_seconds_bucket{program=\"%s\",le=\"%g\"} "
				    "%lld\n", ps[i].ps_name, bounds[k], total);
		}
		vs_buf_printf(b, "vstream_http_request_duration_seconds_bucket"
		    "{program=\"%s\",le=\"+Inf\"} %lld\n"
		    "vstream_http_request_duration_seconds_sum{program=\"%s\"} "
		    "%.6f\n"
		    "vstream_http_request_duration_seconds_count{program=\"%s\"}"
		    " %lld\n", ps[i].ps_name, total, ps[i].ps_name,
		    ps[i].ps_sum, ps[i].ps_name, total);
	}
}

static void
render_health(struct vs_buf *b, const struct vs_health *h)
{
	int	 c;

	vs_buf_puts(b, "# HELP vstream_up Whether a component answers.\n"
	    "# TYPE vstream_up gauge\n");
	for (c = 0; c < VS_COMP__MAX; c++)
		vs_buf_printf(b, "vstream_up{component=\"%s\"} %d\n",
		    vs_health_name((enum vs_component)c), h->h_up[c]);
	vs_buf_printf(b, "# HELP vstream_queue_depth Transcode jobs waiting.\n"
	    "# TYPE vstream_queue_depth gauge\nvstream_queue_depth %lld\n",
	    h->h_queue);
}

/* What PostgreSQL knows: jobs by state, uploads, bytes, views. */
static void
render_database(struct vs_buf *b)
{
	static const char *const states[] = { "queued", "running", "done",
	    "failed", "cancelled" };
	PGresult	*res;
	size_t		 i;

	/* One pass over the jobs; columns in the order of states[]. */
	res = vs_db_exec("SELECT count(*) FILTER (WHERE state = 'queued'), "
	    "count(*) FILTER (WHERE state = 'running'), count(*) FILTER (WHERE "
	    "state = 'done'), count(*) FILTER (WHERE state = 'failed'), "
	    "count(*) FILTER (WHERE state = 'cancelled'), (SELECT "
	    "coalesce(sum(uploads), 0) FROM user_analytics), (SELECT "
	    "coalesce(sum(upload_bytes), 0) FROM user_analytics), (SELECT "
	    "coalesce(sum(view_count), 0) FROM videos) FROM transcode_jobs",
	    0, NULL);
	if (res == NULL)
		return;
	vs_buf_puts(b, "# HELP vstream_jobs Transcode jobs by state.\n"
	    "# TYPE vstream_jobs gauge\n");
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		vs_buf_printf(b, "vstream_jobs{state=\"%s\"} %s\n", states[i],
		    vs_db_get(res, 0, (int)i));
	vs_buf_printf(b, "# HELP vstream_uploads_total Videos uploaded.\n"
	    "# TYPE vstream_uploads_total counter\nvstream_uploads_total %s\n"
	    "# HELP vstream_upload_bytes_total Bytes of originals uploaded.\n"
	    "# TYPE vstream_upload_bytes_total counter\n"
	    "vstream_upload_bytes_total %s\n"
	    "# HELP vstream_views_total Views counted.\n"
	    "# TYPE vstream_views_total counter\nvstream_views_total %s\n",
	    vs_db_get(res, 0, 5), vs_db_get(res, 0, 6),
	    vs_db_get(res, 0, 7));
	PQclear(res);
}

int
vs_metrics_render(struct vs_buf *b, const struct vs_health *h)
{
	const char		*argv[] = { "HGETALL", METRICS_KEY };
	struct prog_stats	*ps;
	redisReply		*r;
	size_t			 n = 0, i;

	if ((ps = calloc(PROGRAMS_MAX, sizeof(*ps))) == NULL)
		return -1;
	if ((r = vs_cache_cmd(2, argv)) != NULL) {
		for (i = 0; r->type == REDIS_REPLY_ARRAY &&
		    i + 1 < r->elements; i += 2)
			if (r->element[i]->type == REDIS_REPLY_STRING &&
			    r->element[i + 1]->type == REDIS_REPLY_STRING)
				fold(ps, &n, r->element[i]->str,
				    r->element[i + 1]->str);
		freeReplyObject(r);
	}
	render_requests(b, ps, n);
	render_durations(b, ps, n);
	render_health(b, h);
	if (h->h_up[VS_COMP_DATABASE])
		render_database(b);
	free(ps);
	return b->b_data == NULL ? -1 : 0;
}
