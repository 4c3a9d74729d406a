/* metrics.h: request counters in Redis and the Prometheus text format. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_METRICS_H
#define VS_METRICS_H

struct vs_buf;
struct vs_health;

/*
 * Count one answered request of program with its status and duration.
 * Counters live in Redis so that every process of every program adds to
 * the same numbers; a process sends what it counted at most once a second
 * (or every 64 requests). When Redis is down the requests are not counted.
 */
void	 vs_metrics_request(const char *, int, double);
/* Send what this process counted and has not sent yet. */
void	 vs_metrics_flush(void);
/*
 * Append every metric in the Prometheus text exposition format: request
 * counters and duration histograms from Redis, then the component gauges
 * and queue depth from h. Returns 0, or -1 without memory.
 */
int	 vs_metrics_render(struct vs_buf *, const struct vs_health *);

#endif
