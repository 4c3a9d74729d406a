/* router.c: method + path pattern dispatch tables, compiled once. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdlib.h>
#include <string.h>

#include "kv.h"
#include "router.h"
#include "str.h"
#include "url.h"

static const char *const method_names[VS_METHOD__MAX] = {
	[VS_METHOD_GET] = "GET",
	[VS_METHOD_HEAD] = "HEAD",
	[VS_METHOD_POST] = "POST",
	[VS_METHOD_PUT] = "PUT",
	[VS_METHOD_PATCH] = "PATCH",
	[VS_METHOD_DELETE] = "DELETE",
	[VS_METHOD_OPTIONS] = "OPTIONS",
};

int
vs_method_parse(const char *s)
{
	return vs_str_index(method_names, VS_METHOD__MAX, s);
}

const char *
vs_method_name(enum vs_method m)
{
	return method_names[m];
}

int
vs_router_split(const char *path, char **segv, size_t max)
{
	size_t	 n = 0, len;
	char	*seg;

	if (*path != '/')
		return -1;
	while (*path == '/') {
		path++;
		len = strcspn(path, "/");
		if (len == 0 && *path == '\0')
			break;
		if (n == max || (seg = vs_url_decode(path, len, 0)) == NULL)
			goto bad;
		if (strchr(seg, '/') != NULL) {
			free(seg);
			goto bad;
		}
		segv[n++] = seg;
		path += len;
	}
	return (int)n;
bad:
	while (n > 0)
		free(segv[--n]);
	return -1;
}

/* A route with its pattern split. */
struct row {
	const struct vs_route	*rw_route;
	char			*rw_segv[VS_PATH_SEGMENTS];
	size_t			 rw_segc;
};

struct vs_router {
	struct row	*ro_rows;
	size_t		 ro_len;
};

struct vs_router *
vs_router_new(const struct vs_route *routes, size_t n)
{
	struct vs_router	*r;
	int			 segc;

	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->ro_rows = calloc(n ? n : 1, sizeof(*r->ro_rows))) == NULL)
		goto bad;
	for (r->ro_len = 0; r->ro_len < n; r->ro_len++) {
		segc = vs_router_split(routes[r->ro_len].rt_pattern,
		    r->ro_rows[r->ro_len].rw_segv, VS_PATH_SEGMENTS);
		if (segc < 0)
			goto bad;
		r->ro_rows[r->ro_len].rw_route = &routes[r->ro_len];
		r->ro_rows[r->ro_len].rw_segc = (size_t)segc;
	}
	return r;
bad:
	vs_router_free(r);
	return NULL;
}

void
vs_router_free(struct vs_router *r)
{
	size_t	 i, j;

	if (r == NULL)
		return;
	for (i = 0; i < r->ro_len; i++)
		for (j = 0; j < r->ro_rows[i].rw_segc; j++)
			free(r->ro_rows[i].rw_segv[j]);
	free(r->ro_rows);
	free(r);
}

/* Does the row's pattern fit the segments? */
static int
fits(const struct row *rw, char *const *segv, size_t segc)
{
	size_t	 i;

	if (rw->rw_segc != segc)
		return 0;
	for (i = 0; i < segc; i++)
		if (rw->rw_segv[i][0] == ':' ? segv[i][0] == '\0' :
		    strcmp(rw->rw_segv[i], segv[i]) != 0)
			return 0;
	return 1;
}

/* Add the row's :name parts; VS_MATCH_NONE when out of memory. */
static enum vs_match
take_params(const struct row *rw, char *const *segv, struct vs_kvlist *params)
{
	size_t	 i;

	for (i = 0; params != NULL && i < rw->rw_segc; i++)
		if (rw->rw_segv[i][0] == ':' &&
		    vs_kv_add(params, rw->rw_segv[i] + 1, segv[i]) == -1)
			return VS_MATCH_NONE;
	return VS_MATCH_OK;
}

/* The methods a route answers, as bits. */
static unsigned
methods(const struct vs_route *rt)
{
	unsigned	 m = 1u << rt->rt_method;

	if (rt->rt_method == VS_METHOD_GET)
		m |= 1u << VS_METHOD_HEAD;
	if (rt->rt_flags & VS_RT_CORS_MASK)
		m |= 1u << VS_METHOD_OPTIONS;
	return m;
}

enum vs_match
vs_router_match(const struct vs_router *r, enum vs_method m,
    char *const *segv, size_t segc, struct vs_kvlist *params,
    const struct vs_route **hit, unsigned *allow)
{
	enum vs_method		 want = m == VS_METHOD_HEAD ? VS_METHOD_GET : m;
	const struct row	*preflight = NULL;
	const struct vs_route	*rt;
	size_t			 i;

	*allow = 0;
	for (i = 0; i < r->ro_len; i++) {
		if (!fits(&r->ro_rows[i], segv, segc))
			continue;
		rt = r->ro_rows[i].rw_route;
		if (rt->rt_method == m || rt->rt_method == want) {
			*hit = rt;
			return take_params(&r->ro_rows[i], segv, params);
		}
		if (m == VS_METHOD_OPTIONS && preflight == NULL &&
		    (rt->rt_flags & VS_RT_CORS_MASK))
			preflight = &r->ro_rows[i];
		*allow |= methods(rt);
	}
	if (preflight != NULL) {
		*hit = preflight->rw_route;
		return take_params(preflight, segv, params);
	}
	return *allow ? VS_MATCH_METHOD : VS_MATCH_NONE;
}
