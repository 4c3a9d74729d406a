/* worker.h: a worker process's presence in the workers table. */
#ifndef VS_WORKER_H
#define VS_WORKER_H

/*
 * Record (or refresh) this worker's row: name, host, pid, version,
 * concurrency and the jobs it runs, with the time of this heartbeat.
 * Returns 0, or -1 when the database is out of reach.
 */
int	 vs_worker_beat(const char *, int, int);
/* Remove this worker's row on a clean exit; 0 / -1. */
int	 vs_worker_leave(const char *);
/*
 * LISTEN for new-job notifications (channel vstream_jobs) and wait up to
 * secs seconds for one. Returns 1 when one came, 0 on time-out or a
 * signal, -1 when the database is out of reach.
 */
int	 vs_worker_wait(int);

#endif
