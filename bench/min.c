/* min.c: the floor of FastCGI: answers a fixed 1 KB playlist, nothing else. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <string.h>

#include <fcgi_stdio.h>

int
main(void)
{
	static char	 body[1024];
	size_t		 i;

	memcpy(body, "#EXTM3U\n", 8);
	for (i = 8; i < sizeof(body) - 1; i++)
		body[i] = i % 64 == 63 ? '\n' : '#';
	body[sizeof(body) - 1] = '\n';
	while (FCGI_Accept() >= 0) {
		/* libfcgi's own printf knows no %zu. */
		printf("Status: 200 OK\r\nContent-Type: "
		    "application/vnd.apple.mpegurl\r\nContent-Length: %d\r\n\r\n",
		    (int)sizeof(body));
		fwrite(body, 1, sizeof(body), stdout);
	}
	return 0;
}
