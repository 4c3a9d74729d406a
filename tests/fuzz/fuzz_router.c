/* fuzz_router.c: request paths split and matched against a route table. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdint.h>
#include <stdlib.h>

#include <vstream.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void h(struct vs_req *req) { (void)req; }

static const struct vs_route routes[] = {
	VS_ROUTE(GET, "/", h),
	VS_ROUTE(GET, "/api/v1/videos/:id", h),
	VS_ROUTE(PATCH, "/api/v1/videos/:id", h),
	{ VS_METHOD_GET, "/api/videos/:id/hls/:quality/:segment", h, 0,
	    VS_RT_CORS_OPEN, 0, 0 },
};

/* Compiled once, as a program does at start. */
static struct vs_router	*router;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const struct vs_route	*hit;
	struct vs_kvlist	 params = { 0 };
	char			*segv[VS_PATH_SEGMENTS], *s;
	unsigned		 allow;
	int			 n, i;

	if (router == NULL && (router = vs_router_new(routes,
	    sizeof(routes) / sizeof(routes[0]))) == NULL)
		abort();
	if (len == 0 || (s = vs_str_ndup((const char *)data + 1,
	    len - 1)) == NULL)
		return 0;
	if ((n = vs_router_split(s, segv, VS_PATH_SEGMENTS)) >= 0) {
		vs_router_match(router, (enum vs_method)(data[0] %
		    VS_METHOD__MAX), segv, (size_t)n, &params, &hit, &allow);
		for (i = 0; i < n; i++)
			free(segv[i]);
	}
	vs_kv_free(&params);
	free(s);
	return 0;
}
