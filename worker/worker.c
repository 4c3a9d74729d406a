/* worker.c: vstream-worker, the process that runs transcode jobs. */
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>

#include <vstream.h>

#define CHILDREN_MAX	64

/* A job running in a child process. */
struct child {
	pid_t		 c_pid;
	struct vs_job	 c_job;
	time_t		 c_started;
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
	fprintf(stderr, "usage: vstream-worker [--once] [--concurrency N]\n"
	    "       vstream-worker --transcode SOURCE DIR\n"
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
	    NULL, &out, why, sizeof(why)) == -1) {
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
	pid_t	 pid;

	if ((pid = fork()) == -1) {
		vs_errx("%s: fork: %s", __func__, strerror(errno));
		vs_job_release(j, name);
		return -1;
	}
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_IGN);
		vs_db_forget();
		_exit((int)vs_worker_job(j, name));
	}
	children[nchildren].c_pid = pid;
	children[nchildren].c_job = *j;
	children[nchildren].c_started = time(NULL);
	nchildren++;
	return 0;
}

/* A child ended: a crash is recorded as a failed attempt. */
static void
ended(struct child *c, int status)
{
	char	 why[128];

	if (WIFEXITED(status) && WEXITSTATUS(status) < VS_ATTEMPT__MAX)
		return;
	if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "the transcoder crashed (signal %d)",
		    WTERMSIG(status));
	else
		snprintf(why, sizeof(why), "the transcoder stopped (status %d)",
		    WEXITSTATUS(status));
	vs_warnx("job %s: %s", c->c_job.j_id, why);
	vs_job_fail(&c->c_job, name, why);
}

/* Collect children that ended; with block set, wait for at least one. */
static void
reap(int block)
{
	pid_t	 pid;
	int	 status, i;

	while (nchildren > 0 &&
	    (pid = waitpid(-1, &status, block ? 0 : WNOHANG)) > 0) {
		block = 0;
		for (i = 0; i < nchildren; i++)
			if (children[i].c_pid == pid) {
				ended(&children[i], status);
				children[i] = children[--nchildren];
				break;
			}
	}
}

/* A job past job_timeout is killed; its end is then a failed attempt. */
static void
enforce_timeout(void)
{
	time_t	 limit = (time_t)vs_config_int(VS_CFG_JOB_TIMEOUT);
	int	 i;

	for (i = 0; i < nchildren; i++)
		if (time(NULL) - children[i].c_started > limit)
			kill(children[i].c_pid, SIGKILL);
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
		reap(0);
		if (nchildren > 0)
			sleep(1);
	}
	for (i = 0; i < nchildren; i++) {
		kill(children[i].c_pid, SIGKILL);
		waitpid(children[i].c_pid, NULL, 0);
		vs_job_release(&children[i].c_job, name);
	}
	nchildren = 0;
}

/*
 * The daemon: say we are alive, start what we can, then wait for a job to
 * be announced, a child to end or the poll interval to pass. The database
 * going away only slows the loop down.
 */
static int
serve(int concurrency, int once)
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
			reap(1);
		else if (vs_worker_wait(nchildren > 0 ? 1 : poll_secs) == -1)
			sleep(1);
		reap(0);
		enforce_timeout();
	}
	drain();
	vs_worker_leave(name);
	vs_log(VS_LOG_INFO, "stopped");
	return 0;
}

int
main(int argc, char *argv[])
{
	char		 host[256];
	const char	*err;
	long long	 conc = 1;
	int		 i, once = 0;

	vs_app_start("worker", 0);
	if (argc == 4 && strcmp(argv[1], "--transcode") == 0)
		return transcode_file(argv[2], argv[3]);
	if (argc == 2 && strcmp(argv[1], "--check") == 0)
		return check_encoders();
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--once") == 0)
			once = 1;
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
	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "unknown");
	host[sizeof(host) - 1] = '\0';
	snprintf(name, sizeof(name), "%s:%d", host, (int)getpid());
	signals();
	return serve((int)conc, once);
}
