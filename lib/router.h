/* router.h: method + path pattern dispatch tables and what each route asks. */
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

/* What a route asks of a request before its handler runs (rt_flags). */
#define VS_RT_WHO	0x01	/* ask who is there, though anyone may come */
#define VS_RT_CSRF	0x02	/* a session's change carries its CSRF token */
#define VS_RT_CSRF_BODY	0x04	/* ... or in a body the handler checks */
#define VS_RT_CORS	0x08	/* readable from cors_origins */
#define VS_RT_CORS_ANY	0x10	/* readable from any origin */
#define VS_RT_CORS_OPEN	0x20	/* any origin when the site calls it open */
#define VS_RT_CORS_MASK	(VS_RT_CORS | VS_RT_CORS_ANY | VS_RT_CORS_OPEN)

/*
 * One row of a program's route table: "/api/v1/videos/:id", its handler
 * and its policy. The rank is the site's (the runtime only compares it);
 * so is the rate class.
 */
struct vs_route {
	enum vs_method	 rt_method;
	const char	*rt_pattern;
	vs_handler	 rt_handler;
	int		 rt_rank;	/* least rank of the caller; 0: anyone */
	unsigned	 rt_flags;	/* VS_RT_* */
	int		 rt_rate;	/* the site's rate class; 0: none */
	long long	 rt_body_max;	/* 413 past it; 0: the handler limits */
};

/* A row that asks nothing: its handler checks who, tokens and bodies. */
#define VS_ROUTE(m, p, h)	{ VS_METHOD_##m, (p), (h), 0, 0, 0, 0 }

enum vs_match {
	VS_MATCH_OK,		/* *hit and the params are set */
	VS_MATCH_NONE,		/* no pattern fits the path: 404 */
	VS_MATCH_METHOD,	/* patterns fit, methods do not: 405 */
};

/* Most path segments a request may have. */
#define VS_PATH_SEGMENTS	32

/* A route table with its patterns split once. */
struct vs_router;

/*
 * Split a raw path ("/a/b%20c") into percent-decoded segments. Returns the
 * segment count, or -1 for a path not starting with '/', a bad escape, an
 * encoded NUL or '/', or too many segments. The caller frees each segment
 * and nothing else.
 */
int		 vs_router_split(const char *, char **, size_t);
/*
 * Compile a route table: each pattern split into its segments, once. The
 * table must outlive the router. NULL for a pattern that does not split,
 * or out of memory; the caller frees the router with vs_router_free().
 */
struct vs_router *vs_router_new(const struct vs_route *, size_t);
void		 vs_router_free(struct vs_router *);
/*
 * Find the route for method and segments. HEAD matches GET routes; an
 * OPTIONS request with no route of its own matches a route that allows
 * other origins (a CORS preflight). On VS_MATCH_OK the :name parts are
 * appended to params; on VS_MATCH_METHOD *allow has one bit per method
 * that would have matched.
 */
enum vs_match	 vs_router_match(const struct vs_router *, enum vs_method,
		    char *const *, size_t, struct vs_kvlist *,
		    const struct vs_route **, unsigned *);
/* The method named by a request line, or -1 when it is not one we serve. */
int		 vs_method_parse(const char *);
/* The name of a method. */
const char	*vs_method_name(enum vs_method);

#endif
