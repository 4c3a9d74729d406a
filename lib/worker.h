/* worker.h: a worker process's presence in the workers table. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
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
struct vs_job;

/* How an attempt at a job ended. */
enum vs_attempt {
	VS_ATTEMPT_DONE,	/* ladder published, video ready */
	VS_ATTEMPT_FAILED,	/* recorded: retried later or failed for good */
	VS_ATTEMPT_LOST,	/* the lease is no longer ours: nothing written */
	VS_ATTEMPT__MAX
};

/*
 * Run one attempt at job as worker: clear what a crashed attempt left,
 * transcode the source into media/<video>/.out-<job>/ renewing the lease
 * as progress is made, then rename the renditions into place and mark the
 * video ready, or record why it failed. A reader never sees a partial
 * ladder: the video is ready only once every part is in place. Each time
 * the transcode makes progress (at most once a second) one byte goes to
 * beat unless it is -1: a non-blocking pipe the worker watches for stalls.
 * Called in a child the worker forked: the parent's database connection
 * is forgotten, not closed, and the attempt opens its own.
 */
enum vs_attempt	 vs_worker_job(const struct vs_job *, const char *, int);
/*
 * Remove media/<video>/.out-* and .old-* folders that no running job owns
 * (crashed attempts). Returns the number removed.
 */
int		 vs_worker_sweep(void);
/*
 * LISTEN for new-job notifications (channel vstream_jobs) and wait up to
 * secs seconds for one. Returns 1 when one came, 0 on time-out or a
 * signal, -1 when the database is out of reach.
 */
int	 vs_worker_wait(int);

#endif
