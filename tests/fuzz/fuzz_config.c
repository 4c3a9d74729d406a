/* fuzz_config.c: the configuration file parser and validation. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/mman.h>

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include <vstream.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char	 path[64], err[512];
	int	 fd;

	if ((fd = memfd_create("vstream.conf", 0)) == -1)
		return 0;
	if (write(fd, data, len) == (ssize_t)len) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		vs_config_load(path, err, sizeof(err));
	}
	close(fd);
	return 0;
}
