/* random.c: bytes from the kernel's random source. */
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
