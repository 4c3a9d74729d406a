/* job.c: the transcode queue in PostgreSQL: claim, lease, finish, retry. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "config.h"
#include "db.h"
#include "job.h"
#include "json.h"
#include "transcode.h"
#include "str.h"

static enum vs_err
run(const char *sql, int n, const char *const *p)
{
	PGresult	*res = vs_db_exec(sql, n, p);

	if (res == NULL)
		return vs_db_error();
	PQclear(res);
	return VS_OK;
}

/* Run a statement; VS_OK when it touched a row, VS_ENOTFOUND when none. */
static enum vs_err
touch(const char *sql, int n, const char *const *p)
{
	PGresult	*res = vs_db_exec(sql, n, p);
	enum vs_err	 rc;

	if (res == NULL)
		return vs_db_error();
	rc = strcmp(PQcmdTuples(res), "0") == 0 ? VS_ENOTFOUND : VS_OK;
	PQclear(res);
	return rc;
}

enum vs_err
vs_job_claim(const char *worker, struct vs_job *j)
{
	char		 lease[16];
	const char	*p[] = { worker, lease };
	PGresult	*res;

	snprintf(lease, sizeof(lease), "%lld",
	    vs_config_int(VS_CFG_WORKER_LEASE));
	for (;;) {
		res = vs_db_exec("UPDATE transcode_jobs j SET state = 'running', "
		    "leased_by = $1, lease_until = now() + make_interval(secs "
		    "=> $2::int), attempts = attempts + 1, progress = 0, "
		    "started_at = coalesce(started_at, now()), updated_at = now() "
		    "FROM videos v WHERE v.id = j.video_id AND j.id = (SELECT id "
		    "FROM transcode_jobs WHERE (state = 'queued' AND run_after <= "
		    "now()) OR (state = 'running' AND lease_until < now()) "
		    "ORDER BY priority DESC, run_after, created_at "
		    "FOR UPDATE SKIP LOCKED LIMIT 1) "
		    "RETURNING j.id, j.video_id, coalesce(v.source_ext, ''), "
		    "j.attempts, j.max_attempts", 2, p);
		if (res == NULL)
			return vs_db_error();
		if (PQntuples(res) == 0) {
			PQclear(res);
			return VS_ENOTFOUND;
		}
		vs_db_str(res, 0, 0, j->j_id, sizeof(j->j_id));
		vs_db_str(res, 0, 1, j->j_video, sizeof(j->j_video));
		vs_db_str(res, 0, 2, j->j_ext, sizeof(j->j_ext));
		j->j_attempt = (int)vs_db_ll(res, 0, 3);
		j->j_max = (int)vs_db_ll(res, 0, 4);
		PQclear(res);
		if (j->j_attempt <= j->j_max)
			break;
		/* Its workers kept dying: no more tries. */
		j->j_attempt = j->j_max;
		if (vs_job_fail(j, worker, "the transcoder stopped without "
		    "finishing every time it tried") != VS_OK)
			return VS_EUNAVAIL;
	}
	return run("UPDATE videos SET status = 'processing', progress = 0, "
	    "updated_at = now() WHERE id = $1", 1, (const char *[]){
	    j->j_video }) == VS_OK ? VS_OK : VS_EUNAVAIL;
}

enum vs_err
vs_job_beat(const struct vs_job *j, const char *worker, int pct)
{
	char		 lease[16], p100[8];
	const char	*p[] = { j->j_id, worker, lease, p100 };
	enum vs_err	 rc;

	snprintf(lease, sizeof(lease), "%lld",
	    vs_config_int(VS_CFG_WORKER_LEASE));
	snprintf(p100, sizeof(p100), "%d", pct < 0 ? 0 : pct > 100 ? 100 : pct);
	rc = touch("UPDATE transcode_jobs SET lease_until = now() + "
	    "make_interval(secs => $3::int), progress = $4, updated_at = now() "
	    "WHERE id = $1 AND leased_by = $2 AND state = 'running'", 4, p);
	if (rc != VS_OK)
		return rc;
	return run("UPDATE videos SET progress = $2 WHERE id = $1", 2,
	    (const char *[]){ j->j_video, p100 });
}

enum vs_err
vs_job_playable(const struct vs_job *j, const char *worker)
{
	const char	*p[] = { j->j_id, worker };

	return run("UPDATE videos v SET playable = true, updated_at = now() "
	    "FROM transcode_jobs j WHERE j.id = $1 AND j.leased_by = $2 AND "
	    "j.state = 'running' AND v.id = j.video_id", 2, p);
}

enum vs_err
vs_job_resumed(const struct vs_job *j, const char *worker, double secs)
{
	char		 at[32];
	const char	*p[] = { j->j_id, worker, at };

	snprintf(at, sizeof(at), "%.3f", secs < 0 ? 0 : secs);
	return run("UPDATE transcode_jobs SET resumed_at = $3, updated_at = "
	    "now() WHERE id = $1 AND leased_by = $2 AND state = 'running'",
	    3, p);
}

/* The renditions as the JSON array stored with the video; caller frees. */
static struct json_object *
renditions_json(const struct vs_ladder_out *o)
{
	struct json_object	*arr = json_object_new_array(), *r;
	const struct vs_variant	*v;
	char			 fps[16];
	int			 i;

	for (i = 0; i < o->lo_count; i++) {
		v = &o->lo_variants[i];
		r = json_object_new_object();
		snprintf(fps, sizeof(fps), "%.3f", v->v_fps);
		json_object_object_add(r, "name", json_object_new_int(v->v_name));
		json_object_object_add(r, "width", json_object_new_int(v->v_width));
		json_object_object_add(r, "height",
		    json_object_new_int(v->v_height));
		json_object_object_add(r, "frame_rate",
		    json_object_new_double_s(v->v_fps, fps));
		json_object_object_add(r, "codecs",
		    json_object_new_string(v->v_codecs));
		json_object_object_add(r, "bandwidth",
		    json_object_new_int64(v->v_peak));
		json_object_object_add(r, "average_bandwidth",
		    json_object_new_int64(v->v_average));
		json_object_object_add(r, "segments",
		    json_object_new_int(v->v_segments));
		json_object_object_add(r, "mp4_size",
		    json_object_new_int64(o->lo_mp4_size[i]));
		json_object_array_add(arr, r);
	}
	return arr;
}

struct done {
	const struct vs_job		*d_job;
	const char			*d_worker;
	const struct vs_ladder_out	*d_out;
	long long			 d_bytes;
	enum vs_err			 d_rc;
};

static int
done_tx(void *arg)
{
	struct done		*d = arg;
	struct json_object	*r = renditions_json(d->d_out);
	char			 dur[32], thumb[24], bytes[24];
	const char		*p[] = { d->d_job->j_id, d->d_worker };
	const char		*q[6];

	d->d_rc = touch("UPDATE transcode_jobs SET state = 'done', progress = "
	    "100, finished_at = now(), lease_until = NULL, last_error = NULL, "
	    "updated_at = now() WHERE id = $1 AND leased_by = $2 AND "
	    "state = 'running'", 2, p);
	if (d->d_rc == VS_OK) {
		snprintf(dur, sizeof(dur), "%.3f", d->d_out->lo_duration);
		snprintf(thumb, sizeof(thumb), "%lld", d->d_out->lo_thumb_size);
		snprintf(bytes, sizeof(bytes), "%lld", d->d_bytes);
		q[0] = d->d_job->j_video;
		q[1] = json_object_to_json_string_ext(r, JSON_C_TO_STRING_PLAIN);
		q[2] = dur;
		q[3] = thumb;
		q[4] = bytes;
		q[5] = d->d_out->lo_has_audio ? "true" : "false";
		d->d_rc = touch("UPDATE videos SET status = 'ready', progress = "
		    "100, playable = true, renditions = $2::jsonb, duration = $3, "
		    "thumbnail_size "
		    "= $4, storage_bytes = $5, has_audio = $6, failure_reason = "
		    "NULL, ready_at = now(), updated_at = now() WHERE id = $1",
		    6, q);
	}
	json_object_put(r);
	return d->d_rc == VS_OK ? 0 : -1;
}

enum vs_err
vs_job_done(const struct vs_job *j, const char *worker,
    const struct vs_ladder_out *out, long long bytes)
{
	struct done	 d = { j, worker, out, bytes, VS_ERR };

	if (vs_db_tx(done_tx, &d) != 0)
		return d.d_rc == VS_ENOTFOUND ? VS_ENOTFOUND : VS_EUNAVAIL;
	return VS_OK;
}

enum vs_err
vs_job_fail(const struct vs_job *j, const char *worker, const char *why)
{
	const char	*p[] = { j->j_id, worker, why };
	const char	*q[] = { j->j_video, why };

	if (j->j_attempt < j->j_max) {
		if (run("UPDATE transcode_jobs SET state = 'queued', "
		    "leased_by = NULL, lease_until = NULL, last_error = $3, "
		    "run_after = now() + make_interval(secs => least(3600, 30 * "
		    "power(2, attempts - 1))), updated_at = now() "
		    "WHERE id = $1 AND (leased_by = $2 OR leased_by IS NULL)",
		    3, p) != VS_OK)
			return VS_EUNAVAIL;
		return run("UPDATE videos SET status = 'queued', progress = 0, "
		    "failure_reason = $2, updated_at = now() WHERE id = $1", 2,
		    q);
	}
	if (run("UPDATE transcode_jobs SET state = 'failed', lease_until = "
	    "NULL, last_error = $3, finished_at = now(), updated_at = now() "
	    "WHERE id = $1 AND (leased_by = $2 OR leased_by IS NULL OR "
	    "lease_until < now())", 3, p) != VS_OK)
		return VS_EUNAVAIL;
	return run("UPDATE videos SET status = 'failed', failure_reason = $2, "
	    "playable = false, updated_at = now() WHERE id = $1", 2, q);
}

enum vs_err
vs_job_release(const struct vs_job *j, const char *worker)
{
	const char	*p[] = { j->j_id, worker };

	return run("UPDATE transcode_jobs SET state = 'queued', attempts = "
	    "greatest(attempts - 1, 0), leased_by = NULL, lease_until = NULL, "
	    "updated_at = now() WHERE id = $1 AND leased_by = $2 AND "
	    "state = 'running'", 2, p);
}

static enum vs_err
announce(void)
{
	return run("NOTIFY vstream_jobs", 0, NULL);
}

enum vs_err
vs_job_requeue(const char *id)
{
	const char	*p[] = { id, NULL };
	char		 attempts[16], video[37];
	PGresult	*res;
	enum vs_err	 rc;

	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	/* A job's id names its video. */
	res = vs_db_exec("SELECT coalesce((SELECT video_id FROM transcode_jobs "
	    "WHERE id = $1), $1)", 1, p);
	if (res == NULL)
		return vs_db_error();
	vs_db_str(res, 0, 0, video, sizeof(video));
	PQclear(res);
	p[0] = video;
	snprintf(attempts, sizeof(attempts), "%lld",
	    vs_config_int(VS_CFG_JOB_ATTEMPTS));
	p[1] = attempts;
	rc = touch("UPDATE videos SET status = 'queued', progress = 0, "
	    "failure_reason = NULL, updated_at = now() WHERE id = $1", 1, p);
	if (rc != VS_OK)
		return rc;
	rc = run("INSERT INTO transcode_jobs (video_id, max_attempts) "
	    "VALUES ($1, $2) ON CONFLICT (video_id) WHERE state IN ('queued', "
	    "'running') DO NOTHING", 2, p);
	return rc == VS_OK ? announce() : rc;
}

enum vs_err
vs_job_cancel(const char *id)
{
	const char	*p[] = { id };
	enum vs_err	 rc;

	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	rc = touch("UPDATE transcode_jobs SET state = 'cancelled', "
	    "lease_until = NULL, finished_at = now(), updated_at = now() "
	    "WHERE id = $1 AND state IN ('queued', 'running')", 1, p);
	if (rc != VS_OK)
		return rc;
	return run("UPDATE videos SET status = 'failed', failure_reason = "
	    "'Transcoding was cancelled.', playable = false, updated_at = now() WHERE id = "
	    "(SELECT video_id FROM transcode_jobs WHERE id = $1)", 1, p);
}

enum vs_err
vs_job_retry_failed(int *n)
{
	PGresult	*res;
	enum vs_err	 rc = VS_OK;
	int		 i;

	*n = 0;
	res = vs_db_exec("SELECT id FROM videos WHERE status = 'failed'", 0,
	    NULL);
	if (res == NULL)
		return vs_db_error();
	for (i = 0; rc == VS_OK && i < PQntuples(res); i++)
		if ((rc = vs_job_requeue(vs_db_get(res, i, 0))) == VS_OK)
			(*n)++;
	PQclear(res);
	return rc;
}

enum vs_err
vs_job_list(struct json_object **out)
{
	return vs_db_json_rows("SELECT json_build_object('id', j.id, "
	    "'video_id', j.video_id, 'title', v.title, 'state', j.state, "
	    "'attempts', j.attempts, 'max_attempts', j.max_attempts, "
	    "'resumed_at', j.resumed_at, 'progress', j.progress, 'worker', j.leased_by, 'error', "
	    "j.last_error, 'created_at', j.created_at) FROM transcode_jobs j "
	    "JOIN videos v ON v.id = j.video_id ORDER BY j.created_at DESC "
	    "LIMIT 100", 0, NULL, out);
}
