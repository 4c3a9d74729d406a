/* random.c: bytes from the kernel's random source. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <sys/random.h>

#include <errno.h>

#include "crypto.h"
#include "random.h"

int
vs_random_bytes(void *buf, size_t len)
{
	unsigned char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		if ((n = getrandom(p, len, 0)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
vs_random_hex(char *out, size_t n)
{
	unsigned char	 b[64];

	if (n > sizeof(b) || vs_random_bytes(b, n) == -1)
		return -1;
	vs_hex(out, b, n);
	return 0;
}

int
vs_random_uuid(char out[37])
{
	unsigned char	 b[16];

	if (vs_random_bytes(b, sizeof(b)) == -1)
		return -1;
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5],
	    b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
	return 0;
}
