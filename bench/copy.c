/* copy.c: the floor of a FastCGI upload: copies the request body to a file
 * (appending with ?append, for chunked runs), syncs it like vstream does,
 * and answers 201. Usage: behind a web server, with COPY_FILE set. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

int
main(void)
{
	FCGX_Stream	*in, *out, *err;
	FCGX_ParamArray	 env;
	static char	 buf[256 * 1024];
	const char	*path = getenv("COPY_FILE"), *q;
	int		 fd, n, flags;

	while (FCGX_Accept(&in, &out, &err, &env) >= 0) {
		q = FCGX_GetParam("QUERY_STRING", env);
		flags = O_WRONLY | O_CREAT | (q != NULL &&
		    strstr(q, "append") != NULL ? O_APPEND : O_TRUNC);
		if (path == NULL || (fd = open(path, flags, 0644)) == -1) {
			FCGX_FPrintF(out, "Status: 500\r\n\r\n");
			continue;
		}
		while ((n = FCGX_GetStr(buf, sizeof(buf), in)) > 0)
			if (write(fd, buf, (size_t)n) != n)
				break;
		fdatasync(fd);
		close(fd);
		FCGX_FPrintF(out, "Status: 201 Created\r\nContent-Length: 0\r\n\r\n");
	}
	return 0;
}
