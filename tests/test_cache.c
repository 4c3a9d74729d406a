/* test_cache.c: the Redis layer against the real server of make check. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hiredis.h>
#include <vstream.h>

#include "runner.h"

static void
setup(void)
{
	char	 err[512];

	ck_assert_msg(vs_config_load(NULL, err, sizeof(err)) == 0, "%s", err);
}

START_TEST(set_get_del)
{
	char	*v;
	size_t	 len;

	setup();
	ck_assert_int_eq(vs_cache_ping(), VS_OK);
	ck_assert_int_eq(vs_cache_set("t:bin", "a\0b", 3, 60), VS_OK);
	ck_assert_int_eq(vs_cache_get("t:bin", &v, &len), VS_OK);
	ck_assert_uint_eq(len, 3);
	ck_assert(memcmp(v, "a\0b", 3) == 0);
	free(v);
	ck_assert_int_eq(vs_cache_del("t:bin"), VS_OK);
	ck_assert_int_eq(vs_cache_get("t:bin", &v, &len), VS_ENOTFOUND);
	ck_assert_ptr_null(v);
}
END_TEST

START_TEST(batch)
{
	const char	*a[] = { "SET", "t:n", "5" };
	const char	*b[] = { "INCRBY", "t:n", "2" };
	const char	*const *argvs[] = { a, b };
	const int	 argcs[] = { 3, 3 };
	char		*v;
	size_t		 len;

	setup();
	ck_assert_int_eq(vs_cache_batch(2, argcs, argvs), VS_OK);
	ck_assert_int_eq(vs_cache_get("t:n", &v, &len), VS_OK);
	ck_assert_str_eq(v, "7");
	free(v);
	vs_cache_del("t:n");
}
END_TEST

START_TEST(metrics_render)
{
	struct vs_health	 h = { .h_up = { 1, 1, 1, 1 }, .h_queue = 3 };
	struct vs_buf		 b = { 0 };

	setup();
	vs_metrics_request("testprog", 200, 0.003);
	vs_metrics_request("testprog", 404, 7.0);
	ck_assert_int_eq(vs_metrics_render(&b, &h), 0);
	ck_assert_ptr_nonnull(strstr(b.b_data, "vstream_http_requests_total"
	    "{program=\"testprog\",status=\"404\"}"));
	ck_assert_ptr_nonnull(strstr(b.b_data, "vstream_http_request_duration"
	    "_seconds_bucket{program=\"testprog\",le=\"0.005\"}"));
	ck_assert_ptr_nonnull(strstr(b.b_data, "vstream_queue_depth 3\n"));
	ck_assert_ptr_nonnull(strstr(b.b_data,
	    "vstream_up{component=\"redis\"} 1\n"));
	vs_buf_free(&b);
}
END_TEST

START_TEST(unavailable_fast)
{
	struct timespec	 t0, t1;
	char		*v;
	size_t		 len;
	int		 i;

	setenv("VSTREAM_REDIS_URL", "redis://127.0.0.1:1/0", 1);
	setup();
	vs_cache_close();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 100; i++)
		ck_assert_int_eq(vs_cache_get("k", &v, &len), VS_EUNAVAIL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* One refused connect, then no new attempt within the second. */
	ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 2);
	ck_assert_int_eq(vs_cache_ping(), VS_EUNAVAIL);
	unsetenv("VSTREAM_REDIS_URL");
}
END_TEST

int
main(void)
{
	RUN_TESTS("cache", set_get_del, batch, metrics_render,
	    unavailable_fast);
}
