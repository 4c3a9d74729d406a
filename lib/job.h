/* job.h: the transcode queue in PostgreSQL: claim, lease, finish, retry. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_JOB_H
#define VS_JOB_H

#include "err.h"

struct json_object;
struct vs_ladder_out;

struct vs_job {
	char	 j_id[37];
	char	 j_video[37];
	char	 j_ext[9];	/* of the source file */
	int	 j_attempt;	/* this one, from 1 */
	int	 j_max;
};

/*
 * Claim the next job: a queued one whose time has come, or a running one
 * whose lease ran out (its worker died), with FOR UPDATE SKIP LOCKED so
 * that any number of workers can share the queue. Takes a lease of
 * worker_lease seconds for worker. VS_OK, VS_ENOTFOUND (nothing to do),
 * VS_EUNAVAIL. A job past its attempts is failed instead of returned.
 */
enum vs_err	 vs_job_claim(const char *, struct vs_job *);
/*
 * Renew the lease and record progress (0-100) on the job and its video.
 * VS_OK, VS_ENOTFOUND when the job is no longer ours (lease taken over,
 * cancelled): the caller must stop. VS_EUNAVAIL.
 */
enum vs_err	 vs_job_beat(const struct vs_job *, const char *, int);
/*
 * The attempt published a segment of every rung and the master playlist:
 * the video can be watched while it transcodes, if the job is still ours.
 * VS_OK, VS_ENOTFOUND (not ours), VS_EUNAVAIL.
 */
enum vs_err	 vs_job_playable(const struct vs_job *, const char *);
/*
 * The attempt resumed an interrupted one from secs into the source, as
 * the job's resumed_at. VS_OK, VS_ENOTFOUND (not ours), VS_EUNAVAIL.
 */
enum vs_err	 vs_job_resumed(const struct vs_job *, const char *, double);
/*
 * The job is done: in one transaction the job is marked done and the
 * video ready with its renditions, duration and sizes, if the lease is
 * still ours. VS_OK, VS_ENOTFOUND (not ours), VS_EUNAVAIL.
 */
enum vs_err	 vs_job_done(const struct vs_job *, const char *,
		    const struct vs_ladder_out *, long long);
/*
 * The attempt failed for a reason a person can read: queued again after
 * an exponential backoff (30 s, 60 s, ... at most an hour), or, after its
 * last attempt, failed together with its video. VS_OK / VS_EUNAVAIL.
 */
enum vs_err	 vs_job_fail(const struct vs_job *, const char *,
		    const char *);
/* Give the job back untouched (the worker is stopping); VS_OK/VS_EUNAVAIL. */
enum vs_err	 vs_job_release(const struct vs_job *, const char *);
/*
 * Queue a video (named by its id or by one of its jobs' ids) for
 * transcoding again, from its kept source: reuses an open job, else adds
 * one, and announces it. VS_OK, VS_ENOTFOUND, VS_EUNAVAIL.
 */
enum vs_err	 vs_job_requeue(const char *);
/* Cancel a queued or running job; its video fails. VS_OK/ENOTFOUND/EUNAVAIL. */
enum vs_err	 vs_job_cancel(const char *);
/* Requeue every failed video; the count in *n. VS_OK / VS_EUNAVAIL. */
enum vs_err	 vs_job_retry_failed(int *);
/* The latest jobs as a JSON array; caller frees. VS_OK / VS_EUNAVAIL. */
enum vs_err	 vs_job_list(struct json_object **);

/*
 * The queue at a glance, as an SQL expression giving a JSON object:
 * queued, running, failed, oldest_queued_seconds. For the statements of
 * the overview and of the health page.
 */
#define VS_JOB_QUEUE_JSON "(SELECT json_build_object('queued', count(*) " \
	"FILTER (WHERE state = 'queued'), 'running', count(*) FILTER (WHERE " \
	"state = 'running'), 'failed', count(*) FILTER (WHERE state = " \
	"'failed'), 'oldest_queued_seconds', coalesce(extract(epoch FROM " \
	"now() - min(created_at) FILTER (WHERE state = 'queued'))::int, 0)) " \
	"FROM transcode_jobs)"

#endif
