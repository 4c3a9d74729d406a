/* fuzz_media.c: the probe and a short transcode over any file. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/mman.h>
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <libavutil/log.h>

#include <vstream.h>
#include "media.h"
#include "transcode.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	 top[64];
static int	 reports;

static void
quiet(void *avcl, int level, const char *fmt, va_list ap)
{
	(void)avcl;
	(void)level;
	(void)fmt;
	(void)ap;
}

static void
remove_top(void)
{
	vs_fs_remove(top);
}

/* The second report comes a second or more in: stop there. */
static int
progress(void *arg, int pct)
{
	(void)arg;
	(void)pct;
	return reports++ > 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char	 err[256];

	(void)argc;
	(void)argv;
	if (vs_config_load("/dev/null", err, sizeof(err)) == -1) {
		fprintf(stderr, "fuzz_media: %s\n", err);
		abort();
	}
	av_log_set_callback(quiet);
	snprintf(top, sizeof(top), "/tmp/fuzz_media.XXXXXX");
	if (mkdtemp(top) == NULL)
		abort();
	atexit(remove_top);
	return 0;
}

/*
 * Whatever the bytes, the probe answers with a reason or a picture size,
 * and the transcode ends ready or with a reason; ASan and UBSan watch
 * every read and write on the way.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vs_tc_hooks	 hooks = { progress, NULL, NULL, NULL, NULL };
	struct vs_ladder_out	 out;
	struct vs_probe		 p;
	char			 src[64], dir[96], why[256] = "";
	int			 fd;

	if ((fd = memfd_create("source", 0)) == -1)
		return 0;
	snprintf(src, sizeof(src), "/proc/self/fd/%d", fd);
	snprintf(dir, sizeof(dir), "%s/out", top);
	if (write(fd, data, len) != (ssize_t)len || mkdir(dir, 0755) == -1)
		goto out;
	if (vs_media_probe(src, &p, why, sizeof(why)) != VS_OK) {
		if (why[0] == '\0')
			abort();
		goto out;
	}
	if (p.p_width <= 0 || p.p_height <= 0)
		abort();
	reports = 0;
	why[0] = '\0';
	if (vs_transcode(src, dir, "ultrafast", &hooks, &out, why,
	    sizeof(why)) == -1) {
		if (why[0] == '\0')
			abort();
	} else if (out.lo_count < 1 || out.lo_count > VS_LADDER_MAX)
		abort();
out:
	vs_fs_remove(dir);
	close(fd);
	return 0;
}
