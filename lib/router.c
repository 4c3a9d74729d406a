/* router.c: method + path pattern dispatch tables. */
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

/* Does the pattern fit the segments? Params are added only on a fit. */
static int
pattern_fits(const char *pat, char *const *segv, size_t segc,
    struct vs_kvlist *params)
{
	char		*pv[VS_PATH_SEGMENTS];
	int		 pc, i, fits = 1;

	if ((pc = vs_router_split(pat, pv, VS_PATH_SEGMENTS)) < 0)
		return 0;
	if ((size_t)pc != segc)
		fits = 0;
	for (i = 0; fits && i < pc; i++)
		if (pv[i][0] == ':' ? segv[i][0] == '\0' :
		    strcmp(pv[i], segv[i]) != 0)
			fits = 0;
	for (i = 0; fits && params != NULL && i < pc; i++)
		if (pv[i][0] == ':' &&
		    vs_kv_add(params, pv[i] + 1, segv[i]) == -1)
			fits = 0;
	for (i = 0; i < pc; i++)
		free(pv[i]);
	return fits;
}

enum vs_match
vs_router_match(const struct vs_route *routes, size_t n, enum vs_method m,
    char *const *segv, size_t segc, struct vs_kvlist *params,
    const struct vs_route **hit, unsigned *allow)
{
	enum vs_method	 want = m == VS_METHOD_HEAD ? VS_METHOD_GET : m;
	size_t		 i;

	*allow = 0;
	for (i = 0; i < n; i++) {
		if (!pattern_fits(routes[i].rt_pattern, segv, segc, NULL))
			continue;
		if (routes[i].rt_method == m || routes[i].rt_method == want) {
			*hit = &routes[i];
			pattern_fits(routes[i].rt_pattern, segv, segc, params);
			return VS_MATCH_OK;
		}
		*allow |= 1u << routes[i].rt_method;
		if (routes[i].rt_method == VS_METHOD_GET)
			*allow |= 1u << VS_METHOD_HEAD;
	}
	return *allow ? VS_MATCH_METHOD : VS_MATCH_NONE;
}
