/* worker.c: a worker process's presence in the workers table. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "caption.h"
#include "config.h"
#include "db.h"
#include "fs.h"
#include "job.h"
#include "log.h"
#include "path.h"
#include "stream.h"
#include "subtitle.h"
#include "transcode.h"
#include "worker.h"

#ifndef VS_VERSION
#define VS_VERSION	"0"
#endif

int
vs_worker_beat(const char *name, int concurrency, int running)
{
	char		 host[256], pid[16], conc[16], run[16];
	const char	*p[] = { name, host, pid, VS_VERSION, conc, run };
	PGresult	*res;

	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "unknown");
	host[sizeof(host) - 1] = '\0';
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	snprintf(conc, sizeof(conc), "%d", concurrency);
	snprintf(run, sizeof(run), "%d", running);
	res = vs_db_exec("INSERT INTO workers (name, hostname, pid, version, "
	    "concurrency, running) VALUES ($1, $2, $3, $4, $5, $6) "
	    "ON CONFLICT (name) DO UPDATE SET heartbeat_at = now(), "
	    "running = EXCLUDED.running, concurrency = EXCLUDED.concurrency",
	    6, p);
	PQclear(res);
	return res == NULL ? -1 : 0;
}

int
vs_worker_leave(const char *name)
{
	const char	*p[] = { name };
	PGresult	*res;

	res = vs_db_exec("DELETE FROM workers WHERE name = $1", 1, p);
	PQclear(res);
	return res == NULL ? -1 : 0;
}

int
vs_worker_wait(int secs)
{
	static PGconn	*listening;
	struct pollfd	 pfd;
	PGnotify	*n;
	PGresult	*res;
	int		 got = 0;

	if (vs_db_conn() != listening || listening == NULL) {
		if ((res = vs_db_exec("LISTEN vstream_jobs", 0, NULL)) == NULL)
			return -1;
		PQclear(res);
		listening = vs_db_conn();
	}
	pfd.fd = PQsocket(listening);
	pfd.events = POLLIN;
	if (poll(&pfd, 1, secs * 1000) > 0 && PQconsumeInput(listening) == 0)
		return -1;
	while ((n = PQnotifies(listening)) != NULL) {
		got = 1;
		PQfreemem(n);
	}
	return got;
}

static long long	 tree_bytes;

static int
add_size(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)path;
	(void)f;
	if (flag == FTW_F)
		tree_bytes += st->st_size;
	return 0;
}

/* Remove the leftovers of earlier attempts in one video's folder. */
static int
sweep_dir(const char *dir, const char *keep)
{
	DIR		*d;
	struct dirent	*de;
	char		 p[4400];
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, ".out-", 5) != 0 &&
		    strncmp(de->d_name, ".old-", 5) != 0)
			continue;
		if (keep != NULL && strcmp(de->d_name + 5, keep) == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		if (vs_fs_remove(p) == 0)
			n++;
	}
	closedir(d);
	return n;
}

/* Remove the live folder of a video no job will resume; 0 if there was one. */
static int
sweep_live(const char *dir)
{
	struct stat	 st;
	char		 p[4400];

	snprintf(p, sizeof(p), "%s/live", dir);
	if (stat(p, &st) == -1)
		return -1;
	return vs_fs_remove(p);
}

int
vs_worker_sweep(void)
{
	PGresult	*res;
	char		 dir[4096];
	int		 i, n = 0;

	/*
	 * Only videos no worker is transcoding right now; what a job's
	 * attempts published as they went stays while the job may resume.
	 */
	res = vs_db_exec("SELECT v.id, EXISTS (SELECT 1 FROM transcode_jobs j "
	    "WHERE j.video_id = v.id AND j.state IN ('queued', 'running')) "
	    "FROM videos v WHERE NOT EXISTS (SELECT 1 FROM transcode_jobs j "
	    "WHERE j.video_id = v.id AND j.state = 'running' AND "
	    "j.lease_until > now())", 0, NULL);
	if (res == NULL)
		return 0;
	for (i = 0; i < PQntuples(res); i++) {
		if (vs_path_video(vs_db_get(res, i, 0), dir, sizeof(dir)) == -1)
			continue;
		n += sweep_dir(dir, NULL);
		if (!vs_db_bool(res, i, 1) && sweep_live(dir) == 0)
			n++;
	}
	PQclear(res);
	return n;
}

struct attempt {
	const struct vs_job	*a_job;
	const char		*a_worker;
	int			 a_beat;
	int			 a_lost;
};

/* Every rung has a segment: the video can be watched while it goes on. */
static void
playable(void *arg)
{
	struct attempt	*a = arg;

	vs_job_playable(a->a_job, a->a_worker);
}

/* The attempt goes on from secs into the source. */
static void
resumed(void *arg, double secs)
{
	struct attempt	*a = arg;

	vs_log(VS_LOG_INFO, "job %s: resumed at %.3f s", a->a_job->j_id, secs);
	vs_job_resumed(a->a_job, a->a_worker, secs);
}

/*
 * The transcoder's master playlists, the first one and the measured one,
 * are written with the video's caption tracks under the lock the caption
 * code rewrites them under, so that a track added while the video
 * transcodes is in the master a viewer gets.
 */
static int
master(void *arg, const char *path, const struct vs_variant *v, int n)
{
	struct attempt	*a = arg;

	return vs_caption_master(a->a_job->j_video, path, v, n);
}

static int
progress(void *arg, int pct)
{
	struct attempt	*a = arg;

	/* Never waits: a full pipe (EAGAIN) already says alive. */
	if (a->a_beat != -1 && write(a->a_beat, "", 1) == -1 &&
	    errno != EAGAIN)
		vs_debug("%s: %s", __func__, strerror(errno));
	if (vs_job_beat(a->a_job, a->a_worker, pct) == VS_ENOTFOUND) {
		a->a_lost = 1;
		return -1;
	}
	return 0;
}

/*
 * Move each part of the finished ladder from live into place: the MP4s,
 * the thumbnail and the storyboard with the old ones set aside first,
 * then the HLS folder in one rename (exchanged with the old one, so that
 * hls/ never goes missing); last live itself, which now holds the old
 * hls/, goes beside the old parts in .old-JOB, for drop_old() to remove
 * once the lock is let go (if it stays, the sweep removes it). Each
 * rename is atomic, and the video is marked ready only after this.
 */
static int
publish(const char *dir, const char *live, const char *job)
{
	static const char *const parts[] = { "mp4", "thumb.jpg", "storyboard" };
	char		 from[4400], to[4400], old[4400];
	size_t		 i;

	snprintf(old, sizeof(old), "%s/.old-%s", dir, job);
	if (mkdir(old, 0777) == -1 && errno != EEXIST)
		return -1;
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		snprintf(from, sizeof(from), "%s/%s", live, parts[i]);
		snprintf(to, sizeof(to), "%s/%s", dir, parts[i]);
		snprintf(old, sizeof(old), "%s/.old-%s/%s", dir, job, parts[i]);
		if (rename(to, old) == -1 && errno != ENOENT)
			return -1;
		if (rename(from, to) == -1)
			return -1;
	}
	snprintf(from, sizeof(from), "%s/hls", live);
	snprintf(to, sizeof(to), "%s/hls", dir);
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE) == -1 &&
	    (errno != ENOENT || rename(from, to) == -1))
		return -1;
	snprintf(old, sizeof(old), "%s/.old-%s/live", dir, job);
	if (rename(live, old) == -1)
		vs_warnx("%s: %s: %s", __func__, live, strerror(errno));
	return 0;
}

/*
 * Remove what publish() set aside. Outside the caption lock: a tree of
 * many segments takes a while, and nothing else reads .old-JOB; what a
 * crash leaves, sweep_dir() removes.
 */
static void
drop_old(const char *dir, const char *job)
{
	char	 old[4400];

	snprintf(old, sizeof(old), "%s/.old-%s", dir, job);
	if (vs_fs_remove(old) == -1)
		vs_warnx("%s: %s: %s", __func__, old, strerror(errno));
}

/*
 * The folder where job's attempts publish as they go, per video so that
 * the next attempt finds what the last one left; left by another job (a
 * new transcode of the video), it is emptied first. 0 / -1.
 */
static int
live_dir(const char *dir, const struct vs_job *j, char *live, size_t len)
{
	char	 mark[4400], had[40] = "";
	FILE	*f;

	snprintf(live, len, "%s/live", dir);
	snprintf(mark, sizeof(mark), "%s/job", live);
	if ((f = fopen(mark, "r")) != NULL) {
		if (fgets(had, sizeof(had), f) == NULL)
			had[0] = '\0';
		fclose(f);
	}
	if (strcmp(had, j->j_id) == 0)
		return 0;
	if (vs_fs_remove(live) == -1 ||
	    (mkdir(live, 0777) == -1 && errno != EEXIST) ||
	    (f = fopen(mark, "w")) == NULL)
		return -1;
	fputs(j->j_id, f);
	return fclose(f) == 0 ? 0 : -1;
}

/* Bytes of the published ladder, for the video row. */
static long long
ladder_bytes(const char *dir)
{
	static const char *const parts[] = { "hls", "mp4", "thumb.jpg",
	    "storyboard" };
	char	 p[4400];
	size_t	 i;

	tree_bytes = 0;
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, parts[i]);
		nftw(p, add_size, 16, FTW_PHYS);
	}
	return tree_bytes;
}

/*
 * A long read of the subtitles is progress too: it renews the lease and
 * tells the worker the attempt is alive; the transcode's first beat puts
 * back the progress of a resumed attempt.
 */
static int
alive(void *arg)
{
	return progress(arg, 0);
}

/* The source's tag as the skips table keeps it: letters, digits, "-". */
static void
plain_tag(const char *s, char *out, size_t len)
{
	size_t	 n = 0;

	for (; *s != '\0' && n + 1 < len && n < 35; s++)
		if (isalnum((unsigned char)*s) || *s == '-')
			out[n++] = *s;
	out[n] = '\0';
}

/*
 * The BCP 47 tag of track k's language in lang and its name in *name; or
 * the reason it is not taken in why: it has none vstream takes, or one of
 * the n tags of taken (the streams before it that were stored).
 */
static void
track_lang(const struct vs_sub_track *k, char taken[][36], size_t n,
    char *lang, size_t len, const char **name, char *why, size_t whylen)
{
	size_t	 i;

	if (vs_subtitle_lang(k->st_lang, lang, len, name) == -1) {
		snprintf(why, whylen, "no language tag");
		lang[0] = '\0';
	} else if (!vs_caption_lang_valid(lang)) {
		snprintf(why, whylen, "the language tag is not one vstream "
		    "takes");
		lang[0] = '\0';
	}
	for (i = 0; why[0] == '\0' && i < n; i++)
		if (strcmp(taken[i], lang) == 0)
			snprintf(why, whylen, "a stream before it has the "
			    "language %s", lang);
}

/*
 * Store track k of the source as its language's caption, and add the
 * language to taken (n tags so far); or record it skipped with the reason.
 * 1 when it was stored, else 0.
 */
static int
embed_track(const struct vs_job *j, const struct vs_sub_track *k,
    char taken[][36], size_t n)
{
	struct vs_caption_in	 in = { .ci_video = j->j_video };
	const char		*name = NULL;
	char			 lang[36] = "", why[256], msg[200];
	enum vs_err		 rc;

	snprintf(why, sizeof(why), "%s", k->st_why);
	if (why[0] == '\0')
		track_lang(k, taken, n, lang, sizeof(lang), &name, why,
		    sizeof(why));
	if (why[0] == '\0') {
		in.ci_lang = lang;
		in.ci_label = vs_caption_label_valid(k->st_title) ?
		    k->st_title : name;
		in.ci_data = k->st_vtt.b_data;
		in.ci_len = k->st_vtt.b_len;
		if ((rc = vs_caption_embed(&in, msg, sizeof(msg))) == VS_OK) {
			snprintf(taken[n], sizeof(taken[n]), "%s", lang);
			return 1;
		}
		snprintf(why, sizeof(why), "%s%s", rc == VS_EINVAL ? "the "
		    "cues are refused: " : "", rc == VS_EINVAL || rc ==
		    VS_ECONFLICT ? msg : "the track could not be stored");
	}
	if (lang[0] == '\0')
		plain_tag(k->st_lang, lang, sizeof(lang));
	vs_caption_skip(j->j_video, k->st_index, k->st_codec, lang, why);
	return 0;
}

/*
 * Take the source's text subtitle streams into the caption store, each
 * language once, and record the streams that were not taken and why. It
 * runs on every attempt, before the transcode: a resumed attempt seeks
 * past the start and would miss the cues before it. It fails no job: a
 * source whose subtitles cannot be read is transcoded without them.
 */
static void
embed_subtitles(const struct vs_job *j, const char *src, struct attempt *a)
{
	struct vs_sub_hook	 h = { alive, a };
	struct vs_sub		 s;
	char			 taken[VS_SUB_TRACKS_MAX][36], why[256];
	size_t			 i, n = 0;

	if (vs_subtitle_extract(src, &h, &s, why, sizeof(why)) == -1) {
		vs_warnx("job %s: subtitles: %s", j->j_id, why);
		return;
	}
	if (vs_caption_skips_clear(j->j_video) != VS_OK)
		goto out;
	for (i = 0; i < s.su_n; i++)
		if (embed_track(j, &s.su_tracks[i], taken, n))
			n++;
	if (s.su_n > 0)
		vs_log(VS_LOG_INFO, "job %s: %zu of %zu subtitle streams taken "
		    "as captions", j->j_id, n, s.su_n);
out:
	vs_subtitle_free(&s);
}

enum vs_attempt
vs_worker_job(const struct vs_job *j, const char *worker, int beat)
{
	struct attempt		 a = { j, worker, beat, 0 };
	struct vs_tc_hooks	 hooks = { progress, playable, resumed, master,
				    &a };
	struct vs_ladder_out	 out;
	char			 dir[4096], src[4200], live[4200], why[256];
	int			 lock;

	vs_db_forget();
	if (vs_path_video(j->j_video, dir, sizeof(dir)) == -1)
		return VS_ATTEMPT_LOST;
	sweep_dir(dir, NULL);
	snprintf(src, sizeof(src), "%s/source.%s", dir, j->j_ext);
	if (live_dir(dir, j, live, sizeof(live)) == -1) {
		snprintf(why, sizeof(why), "cannot write to the media folder");
		goto failed;
	}
	vs_log(VS_LOG_INFO, "job %s: video %s, attempt %d of %d", j->j_id,
	    j->j_video, j->j_attempt, j->j_max);
	embed_subtitles(j, src, &a);
	if (a.a_lost)
		goto lost;
	if (vs_transcode(src, live, vs_config_str(VS_CFG_WORKER_PRESET),
	    &hooks, &out, why, sizeof(why)) == -1) {
		if (a.a_lost)
			goto lost;
		goto failed;
	}
	/* Ours still? Then publish, and only then say ready. */
	if (vs_job_beat(j, worker, 100) == VS_ENOTFOUND)
		goto lost;
	/*
	 * Under the caption lock: a track change in flight rewrites the
	 * master before the ladder moves or after, never one of a ladder
	 * halfway through the swap. The old ladder is removed after.
	 */
	if ((lock = vs_caption_lock(j->j_video)) == -1 ||
	    publish(dir, live, j->j_id) == -1) {
		snprintf(why, sizeof(why), "cannot move the renditions into "
		    "place: %s", strerror(errno));
		vs_caption_unlock(lock);
		goto failed;
	}
	vs_caption_unlock(lock);
	drop_old(dir, j->j_id);
	vs_stream_forget(j->j_video);
	if (vs_job_done(j, worker, &out, ladder_bytes(dir)) != VS_OK)
		return VS_ATTEMPT_LOST;
	vs_log(VS_LOG_INFO, "job %s: done, %d renditions, %.1f s", j->j_id,
	    out.lo_count, out.lo_duration);
	return VS_ATTEMPT_DONE;
failed:
	vs_warnx("job %s: failed: %s", j->j_id, why);
	vs_job_fail(j, worker, why);
	return VS_ATTEMPT_FAILED;
lost:
	vs_warnx("job %s: lost its lease; stopping", j->j_id);
	return VS_ATTEMPT_LOST;
}
