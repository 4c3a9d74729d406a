/* worker.c: vstream-worker, the process that runs transcode jobs. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vstream.h>

static volatile sig_atomic_t	 stopping;

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
	    "       vstream-worker --transcode SOURCE DIR\n");
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

static void
signals(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/*
 * The daemon: say we are alive, then sleep until a job is announced or the
 * poll interval passes. The database going away only slows the loop down.
 */
static int
serve(const char *name, int concurrency)
{
	int	 poll_secs = (int)vs_config_int(VS_CFG_WORKER_POLL);

	vs_log(VS_LOG_INFO, "started, concurrency %d", concurrency);
	while (!stopping) {
		if (vs_worker_beat(name, concurrency, 0) == -1 ||
		    vs_worker_wait(poll_secs) == -1) {
			vs_warnx("%s: database unavailable, waiting", __func__);
			sleep((unsigned)poll_secs);
		}
	}
	vs_worker_leave(name);
	vs_log(VS_LOG_INFO, "stopped");
	return 0;
}

int
main(int argc, char *argv[])
{
	char		 name[300], host[256];
	const char	*err;
	long long	 conc = 1;
	int		 i, once = 0;

	vs_app_start("worker", 0);
	if (argc == 4 && strcmp(argv[1], "--transcode") == 0)
		return transcode_file(argv[2], argv[3]);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--once") == 0)
			once = 1;
		else if (strcmp(argv[i], "--concurrency") == 0 && i + 1 < argc) {
			if (vs_str_tonum(argv[++i], 1, 64, &conc, &err) == -1) {
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
	if (once)
		return vs_worker_beat(name, (int)conc, 0) == 0 &&
		    vs_worker_leave(name) == 0 ? 0 : 1;
	return serve(name, (int)conc);
}
