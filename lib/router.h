/* router.h: method + path pattern dispatch tables. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_ROUTER_H
#define VS_ROUTER_H

#include <stddef.h>

struct vs_kvlist;
struct vs_req;

enum vs_method {
	VS_METHOD_GET,
	VS_METHOD_HEAD,
	VS_METHOD_POST,
	VS_METHOD_PUT,
	VS_METHOD_PATCH,
	VS_METHOD_DELETE,
	VS_METHOD_OPTIONS,
	VS_METHOD__MAX
};

typedef void	(*vs_handler)(struct vs_req *);

/* One row of a program's route table: "/api/v1/videos/:id". */
struct vs_route {
	enum vs_method	 rt_method;
	const char	*rt_pattern;
	vs_handler	 rt_handler;
};

enum vs_match {
	VS_MATCH_OK,		/* *hit and the params are set */
	VS_MATCH_NONE,		/* no pattern fits the path: 404 */
	VS_MATCH_METHOD,	/* patterns fit, methods do not: 405 */
};

/* Most path segments a request may have. */
#define VS_PATH_SEGMENTS	32

/*
 * Split a raw path ("/a/b%20c") into percent-decoded segments. Returns the
 * segment count, or -1 for a path not starting with '/', a bad escape, an
 * encoded NUL or '/', or too many segments. The caller frees each segment
 * and nothing else.
 */
int		 vs_router_split(const char *, char **, size_t);
/*
 * Find the route for method and segments. HEAD matches GET routes. On
 * VS_MATCH_OK the :name parts are appended to params; on VS_MATCH_METHOD
 * *allow has one bit per method that would have matched.
 */
enum vs_match	 vs_router_match(const struct vs_route *, size_t,
		    enum vs_method, char *const *, size_t, struct vs_kvlist *,
		    const struct vs_route **, unsigned *);
/* The method named by a request line, or -1 when it is not one we serve. */
int		 vs_method_parse(const char *);
/* The name of a method. */
const char	*vs_method_name(enum vs_method);

#endif
