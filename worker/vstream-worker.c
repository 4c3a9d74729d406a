/* vstream-worker.c: vstream-worker, the process that runs transcode jobs. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/file.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>

#include <vstream.h>

#include "media.h"
#include "transcode.h"
#include "worker.h"

#define CHILDREN_MAX	64

/* Descriptors a transcode may hold: its rungs' files and the database. */
#define JOB_FILES	256

/*
 * An attempt's child exits ATTEMPT_EXIT + its enum vs_attempt, so that an
 * exit of its own by a library or a sanitizer (status 1) reads as a crash,
 * not as an outcome the child recorded.
 */
#define ATTEMPT_EXIT	16

/* A job running in a child process. */
struct child {
	pid_t		 c_pid;
	struct vs_job	 c_job;
	time_t		 c_started;
	time_t		 c_heard;	/* its last sign of progress */
	int		 c_beat;	/* read end of its progress pipe */
	char		 c_why[128];	/* why we killed it, "" if we did not */
};

static volatile sig_atomic_t	 stopping;
static struct child		 children[CHILDREN_MAX];
static int			 nchildren;
static char			 name[300];

static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static int
usage(void)
{
	fprintf(stderr, "usage: vstream-worker [--once [--lock FILE]] "
	    "[--concurrency N]\n"
	    "       vstream-worker --transcode SOURCE DIR\n"
	    "       vstream-worker --probe FILE\n"
	    "       vstream-worker --check\n");
	return 64;
}

/*
 * Transcode one file into an empty folder, outside the queue: to try an
 * installation's codecs on a file, and for the benchmark.
 */
static int
transcode_file(const char *src, const char *dir)
{
	struct vs_ladder_out	 out;
	char			 why[256];
	int			 i;

	if (vs_transcode(src, dir, vs_config_str(VS_CFG_WORKER_PRESET), NULL,
	    &out, why, sizeof(why)) == -1) {
		fprintf(stderr, "vstream-worker: %s: %s\n", src, why);
		return 1;
	}
	for (i = 0; i < out.lo_count; i++)
		printf("%4dp %4dx%-4d %8lld b/s peak %8lld b/s average %s\n",
		    out.lo_variants[i].v_name, out.lo_variants[i].v_width,
		    out.lo_variants[i].v_height, out.lo_variants[i].v_peak,
		    out.lo_variants[i].v_average, out.lo_variants[i].v_codecs);
	printf("duration %.3f s, thumbnail %lld bytes\n", out.lo_duration,
	    out.lo_thumb_size);
	return 0;
}

/*
 * Examine one file for an upload and print the answer as one JSON object:
 * what it holds, or {"error": why}. The FastCGI programs run this in a
 * bounded child (vs_probe_file), so that they never map libav*.
 */
static int
probe_file(const char *path)
{
	struct vs_probe		 p;
	struct json_object	*o;
	char			 why[256];

	if (vs_media_probe(path, &p, why, sizeof(why)) == VS_OK)
		o = vs_probe_json(&p, NULL);
	else
		o = vs_probe_json(NULL, why);
	if (o == NULL)
		return 1;
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return fflush(stdout) == 0 ? 0 : 1;
}

/*
 * The attempt's bounds: address space (job_memory), processor time worth
 * job_timeout on every processor, descriptors, and no core dump.
 */
static void
limit_attempt(void)
{
	long			 cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct vs_limits	 lim = { vs_config_int(VS_CFG_JOB_MEMORY),
				    vs_config_int(VS_CFG_JOB_TIMEOUT) *
				    (cpus > 0 ? cpus : 1), JOB_FILES, 0 };

	if (vs_child_limit(&lim) == -1)
		vs_warnx("%s: %s", __func__, strerror(errno));
}

/*
 * The encoders the transcoder needs, as the FFmpeg libraries this binary
 * links offer them (vstreamctl doctor asks here): 0 when all are there.
 */
static int
check_encoders(void)
{
	const AVCodec	*h264 = avcodec_find_encoder_by_name("libx264");
	const AVCodec	*aac = avcodec_find_encoder(AV_CODEC_ID_AAC);

	printf("libx264 %s\n", h264 != NULL ? "found" : "missing");
	printf("aac %s\n", aac != NULL ? "found" : "missing");
	printf("libavcodec %s\n", av_version_info());
	return h264 != NULL && aac != NULL ? 0 : 1;
}

static void
signals(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

/*
 * Each attempt runs in its own process: a decoder that crashes takes one
 * attempt with it, never the worker. The child opens its own database
 * connection; the parent's is left alone.
 */
static int
spawn(const struct vs_job *j)
{
	struct child	*c = &children[nchildren];
	int		 beat[2] = { -1, -1 };
	pid_t		 pid;

	if (pipe2(beat, O_CLOEXEC | O_NONBLOCK) == -1 ||
	    (pid = fork()) == -1) {
		vs_errx("%s: %s", __func__, strerror(errno));
		if (beat[0] != -1) {
			close(beat[0]);
			close(beat[1]);
		}
		vs_job_release(j, name);
		return -1;
	}
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_IGN);
		close(beat[0]);
		limit_attempt();
		_exit(ATTEMPT_EXIT + (int)vs_worker_job(j, name, beat[1]));
	}
	close(beat[1]);
	memset(c, 0, sizeof(*c));
	c->c_pid = pid;
	c->c_job = *j;
	c->c_started = c->c_heard = time(NULL);
	c->c_beat = beat[0];
	nchildren++;
	return 0;
}

/*
 * A child ended: a crash, a limit it hit or our kill is recorded as a
 * failed attempt. One that finished on its own recorded its end itself.
 */
static void
ended(struct child *c, int status)
{
	char	 why[192], sig[64];

	if (c->c_beat != -1)
		close(c->c_beat);
	if (WIFEXITED(status) && WEXITSTATUS(status) >= ATTEMPT_EXIT &&
	    WEXITSTATUS(status) < ATTEMPT_EXIT + VS_ATTEMPT__MAX)
		return;
	if (c->c_why[0] != '\0')
		snprintf(why, sizeof(why), "%s", c->c_why);
	else if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "the transcoder was stopped by %s",
		    vs_child_signal(WTERMSIG(status), sig, sizeof(sig)));
	else
		snprintf(why, sizeof(why), "the transcoder stopped (status %d)",
		    WEXITSTATUS(status));
	vs_warnx("job %s: %s", c->c_job.j_id, why);
	vs_job_fail(&c->c_job, name, why);
}

/* Collect the children that ended. */
static void
reap(void)
{
	pid_t	 pid;
	int	 status, i;

	while (nchildren > 0 && (pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < nchildren; i++)
			if (children[i].c_pid == pid) {
				ended(&children[i], status);
				children[i] = children[--nchildren];
				break;
			}
	}
}

/*
 * Wait up to ms milliseconds for signs of progress from the children; a
 * pipe at its end is closed (its child is ending).
 */
static void
listen_children(int ms)
{
	struct pollfd	 pfd[CHILDREN_MAX];
	char		 buf[64];
	ssize_t		 n;
	int		 i;

	for (i = 0; i < nchildren; i++)
		pfd[i] = (struct pollfd){ children[i].c_beat, POLLIN, 0 };
	if (poll(pfd, (nfds_t)nchildren, ms) <= 0)
		return;
	for (i = 0; i < nchildren; i++) {
		if (pfd[i].revents == 0)
			continue;
		while ((n = read(children[i].c_beat, buf, sizeof(buf))) > 0)
			children[i].c_heard = time(NULL);
		if (n == 0) {
			close(children[i].c_beat);
			children[i].c_beat = -1;
		}
	}
}

/*
 * A job past job_timeout, or without progress for job_stall seconds, is
 * killed; its end is then a failed attempt with that reason.
 */
static void
enforce_limits(void)
{
	long long	 limit = vs_config_int(VS_CFG_JOB_TIMEOUT);
	long long	 stall = vs_config_int(VS_CFG_JOB_STALL);
	time_t		 now = time(NULL);
	struct child	*c;
	int		 i;

	for (i = 0; i < nchildren; i++) {
		c = &children[i];
		if (c->c_why[0] != '\0')
			continue;
		if (now - c->c_started > limit)
			snprintf(c->c_why, sizeof(c->c_why), "it took longer "
			    "than job_timeout (%lld s)", limit);
		else if (now - c->c_heard > stall)
			snprintf(c->c_why, sizeof(c->c_why), "no progress for "
			    "%lld s", stall);
		else
			continue;
		vs_warnx("job %s: %s; stopping it", c->c_job.j_id, c->c_why);
		kill(c->c_pid, SIGKILL);
	}
}

/* Start jobs while there is room and work; 1 when one was started. */
static int
fill(int concurrency)
{
	struct vs_job	 j;
	int		 started = 0;

	while (!stopping && nchildren < concurrency &&
	    vs_job_claim(name, &j) == VS_OK)
		if (spawn(&j) == 0)
			started = 1;
	return started;
}

/*
 * SIGTERM: claim nothing more, let running jobs finish within the grace
 * period, then stop them and give their jobs back to the queue.
 */
static void
drain(void)
{
	time_t	 until = time(NULL) + (time_t)vs_config_int(VS_CFG_WORKER_GRACE);
	int	 i;

	while (nchildren > 0 && time(NULL) < until) {
		reap();
		if (nchildren > 0)
			sleep(1);
	}
	for (i = 0; i < nchildren; i++) {
		kill(children[i].c_pid, SIGKILL);
		waitpid(children[i].c_pid, NULL, 0);
		if (children[i].c_beat != -1)
			close(children[i].c_beat);
		vs_job_release(&children[i].c_job, name);
	}
	nchildren = 0;
}

/*
 * For cron: hold an exclusive lock on path for the rest of the process, so
 * that a run started while the last one still works ends at once. Returns
 * 1 when this process holds it, 0 when another does, -1 on an error.
 */
static int
take_lock(const char *path)
{
	int	 fd;

	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		vs_errx("%s: %s: %s", __func__, path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 1;
	if (errno != EWOULDBLOCK) {
		vs_errx("%s: %s: %s", __func__, path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * The daemon: say we are alive, start what we can, then wait for a job to
 * be announced, a child to end or the poll interval to pass. The database
 * going away only slows the loop down. Once: until nothing is left to
 * start or running; cron: its row stays after it, see main().
 */
static int
serve(int concurrency, int once, int cron)
{
	int	 poll_secs = (int)vs_config_int(VS_CFG_WORKER_POLL), n;
	time_t	 swept = 0, housekept = 0;

	vs_log(VS_LOG_INFO, "started, concurrency %d%s", concurrency,
	    once ? ", once" : "");
	while (!stopping) {
		if (vs_worker_beat(name, concurrency, nchildren) == -1) {
			if (once) {
				vs_errx("%s: database unavailable", __func__);
				return 1;
			}
			vs_warnx("%s: database unavailable, waiting", __func__);
			sleep((unsigned)poll_secs);
			continue;
		}
		vs_views_flush();
		if (time(NULL) - housekept > 600) {
			if ((n = vs_upload_sweep()) > 0)
				vs_log(VS_LOG_INFO, "removed %d abandoned "
				    "upload files", n);
			housekept = time(NULL);
		}
		if (time(NULL) - swept > 600 && nchildren == 0) {
			vs_worker_sweep();
			swept = time(NULL);
		}
		if (!fill(concurrency) && once && nchildren == 0)
			break;
		if (once || nchildren == concurrency)
			listen_children(1000);
		else if (vs_worker_wait(nchildren > 0 ? 1 : poll_secs) == -1)
			sleep(1);
		listen_children(0);
		reap();
		enforce_limits();
	}
	drain();
	/* A cron run keeps its row: its heartbeat says the line still runs. */
	if (!cron)
		vs_worker_leave(name);
	vs_log(VS_LOG_INFO, "stopped");
	return 0;
}

int
main(int argc, char *argv[])
{
	char		 host[256];
	const char	*err, *lock = NULL;
	long long	 conc = 1;
	int		 i, once = 0, held;

	vs_app_start("worker", 0);
	if (argc == 4 && strcmp(argv[1], "--transcode") == 0)
		return transcode_file(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "--probe") == 0)
		return probe_file(argv[2]);
	if (argc == 2 && strcmp(argv[1], "--check") == 0)
		return check_encoders();
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--once") == 0)
			once = 1;
		else if (strcmp(argv[i], "--lock") == 0 && i + 1 < argc)
			lock = argv[++i];
		else if (strcmp(argv[i], "--concurrency") == 0 && i + 1 < argc) {
			if (vs_str_tonum(argv[++i], 1, CHILDREN_MAX, &conc,
			    &err) == -1) {
				fprintf(stderr, "vstream-worker: concurrency "
				    "%s: %s\n", argv[i], err);
				return 64;
			}
		} else
			return usage();
	}
	if (lock != NULL && !once)
		return usage();
	if (lock != NULL && (held = take_lock(lock)) != 1) {
		if (held == 0)
			vs_log(VS_LOG_INFO, "%s is held: the last run still "
			    "works", lock);
		return held == 0 ? 0 : 1;
	}
	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "unknown");
	host[sizeof(host) - 1] = '\0';
	/* Runs under one lock take turns: they are one worker, one row. */
	if (lock != NULL)
		snprintf(name, sizeof(name), "%s:cron", host);
	else
		snprintf(name, sizeof(name), "%s:%d", host, (int)getpid());
	signals();
	return serve((int)conc, once, lock != NULL);
}
