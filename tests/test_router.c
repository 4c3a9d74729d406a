/* test_router.c: path splitting, route tables compiled once, and matching. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdlib.h>

#include <vstream.h>

#include "runner.h"

static void h(struct vs_req *req) { (void)req; }

static const struct vs_route routes[] = {
	VS_ROUTE(GET, "/", h),
	VS_ROUTE(GET, "/api/v1/videos", h),
	VS_ROUTE(POST, "/api/v1/videos", h),
	VS_ROUTE(GET, "/api/v1/videos/:id", h),
	VS_ROUTE(DELETE, "/api/v1/videos/:id", h),
	{ VS_METHOD_GET, "/api/videos/:id/hls/:quality/:segment", h, 0,
	    VS_RT_CORS_OPEN, 0, 0 },
	VS_ROUTE(OPTIONS, "/api/v1/uploads/:id", h),
	{ VS_METHOD_PATCH, "/api/v1/uploads/:id", h, 0, VS_RT_CORS, 0, 0 },
};
#define NROUTES	(sizeof(routes) / sizeof(routes[0]))

struct hit {
	enum vs_match		 match;
	const struct vs_route	*route;
	unsigned		 allow;
	struct vs_kvlist	 params;
};

static struct vs_router	*router;

static void
setup(void)
{
	router = vs_router_new(routes, NROUTES);
	ck_assert_ptr_nonnull(router);
}

static void
teardown(void)
{
	vs_router_free(router);
	router = NULL;
}

static void
match(enum vs_method m, const char *path, struct hit *r)
{
	char	*segv[VS_PATH_SEGMENTS];
	int	 n, i;

	if (router == NULL)
		setup();
	memset(r, 0, sizeof(*r));
	n = vs_router_split(path, segv, VS_PATH_SEGMENTS);
	ck_assert_int_ge(n, 0);
	r->match = vs_router_match(router, m, segv, (size_t)n, &r->params,
	    &r->route, &r->allow);
	for (i = 0; i < n; i++)
		free(segv[i]);
}

START_TEST(route_params)
{
	struct hit	 r;

	match(VS_METHOD_GET, "/api/videos/abc/hls/720p/3.m4s", &r);
	ck_assert_int_eq(r.match, VS_MATCH_OK);
	ck_assert_ptr_eq(r.route, &routes[5]);
	ck_assert_str_eq(vs_kv_get(&r.params, "id"), "abc");
	ck_assert_str_eq(vs_kv_get(&r.params, "quality"), "720p");
	ck_assert_str_eq(vs_kv_get(&r.params, "segment"), "3.m4s");
	vs_kv_free(&r.params);
	match(VS_METHOD_GET, "/api/v1/videos/a%20b", &r);
	ck_assert_str_eq(vs_kv_get(&r.params, "id"), "a b");
	vs_kv_free(&r.params);
	teardown();
}
END_TEST

START_TEST(route_methods)
{
	struct hit	 r;

	match(VS_METHOD_PUT, "/api/v1/videos/x", &r);
	ck_assert_int_eq(r.match, VS_MATCH_METHOD);
	ck_assert_uint_eq(r.allow, (1u << VS_METHOD_GET) |
	    (1u << VS_METHOD_HEAD) | (1u << VS_METHOD_DELETE));
	match(VS_METHOD_HEAD, "/", &r);
	ck_assert_int_eq(r.match, VS_MATCH_OK);
	ck_assert_ptr_eq(r.route, &routes[0]);
	match(VS_METHOD_POST, "/api/v1/videos", &r);
	ck_assert_ptr_eq(r.route, &routes[2]);
	teardown();
}
END_TEST

START_TEST(route_misses)
{
	struct hit	 r;

	match(VS_METHOD_GET, "/api/v1/nothing", &r);
	ck_assert_int_eq(r.match, VS_MATCH_NONE);
	match(VS_METHOD_GET, "/api/v1/videos/x/y", &r);
	ck_assert_int_eq(r.match, VS_MATCH_NONE);
	match(VS_METHOD_GET, "/api/v1/videos//", &r);
	ck_assert_int_eq(r.match, VS_MATCH_NONE);
	match(VS_METHOD_GET, "/api/v1/videos/", &r);
	ck_assert_int_eq(r.match, VS_MATCH_OK);
	teardown();
}
END_TEST

/* A preflight finds the route that allows other origins; others say 405. */
START_TEST(route_preflight)
{
	struct hit	 r;

	match(VS_METHOD_OPTIONS, "/api/videos/abc/hls/720p/3.m4s", &r);
	ck_assert_int_eq(r.match, VS_MATCH_OK);
	ck_assert_ptr_eq(r.route, &routes[5]);
	ck_assert_str_eq(vs_kv_get(&r.params, "id"), "abc");
	vs_kv_free(&r.params);
	match(VS_METHOD_POST, "/api/videos/abc/hls/720p/3.m4s", &r);
	ck_assert_int_eq(r.match, VS_MATCH_METHOD);
	ck_assert_uint_eq(r.allow, (1u << VS_METHOD_GET) |
	    (1u << VS_METHOD_HEAD) | (1u << VS_METHOD_OPTIONS));
	/* A route of its own for OPTIONS comes first, wherever it is. */
	match(VS_METHOD_OPTIONS, "/api/v1/uploads/u1", &r);
	ck_assert_ptr_eq(r.route, &routes[6]);
	vs_kv_free(&r.params);
	match(VS_METHOD_OPTIONS, "/api/v1/videos/x", &r);
	ck_assert_int_eq(r.match, VS_MATCH_METHOD);
	teardown();
}
END_TEST

/* Patterns are split at start; a table with a bad one is refused whole. */
START_TEST(router_compile)
{
	static const struct vs_route bad[] = {
		VS_ROUTE(GET, "/ok", h),
		VS_ROUTE(GET, "relative", h),
	};
	static const struct vs_route escaped[] = {
		VS_ROUTE(GET, "/a%2Fb", h),
	};
	struct vs_router	*r;

	ck_assert_ptr_null(vs_router_new(bad, 2));
	ck_assert_ptr_null(vs_router_new(escaped, 1));
	ck_assert_ptr_nonnull(r = vs_router_new(bad, 1));
	vs_router_free(r);
	ck_assert_ptr_nonnull(r = vs_router_new(bad, 0));
	vs_router_free(r);
	vs_router_free(NULL);
}
END_TEST

START_TEST(split_rejects)
{
	char	*segv[VS_PATH_SEGMENTS];

	ck_assert_int_eq(vs_router_split("relative", segv, 4), -1);
	ck_assert_int_eq(vs_router_split("/a/%2e%2e%2fetc", segv, 4), -1);
	ck_assert_int_eq(vs_router_split("/a/%00", segv, 4), -1);
	ck_assert_int_eq(vs_router_split("/a/%zz", segv, 4), -1);
	ck_assert_int_eq(vs_router_split("/a/b/c/d/e", segv, 4), -1);
	ck_assert_int_eq(vs_router_split("/", segv, 4), 0);
}
END_TEST

START_TEST(method_names)
{
	ck_assert_int_eq(vs_method_parse("PATCH"), VS_METHOD_PATCH);
	ck_assert_int_eq(vs_method_parse("get"), -1);
	ck_assert_int_eq(vs_method_parse("TRACE"), -1);
	ck_assert_int_eq(vs_method_parse(NULL), -1);
	ck_assert_str_eq(vs_method_name(VS_METHOD_OPTIONS), "OPTIONS");
}
END_TEST

int
main(void)
{
	RUN_TESTS("router", route_params, route_methods, route_misses,
	    route_preflight, router_compile, split_rejects, method_names);
}
