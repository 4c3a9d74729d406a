/* test_cache.c: the Redis layer against the real server of make check. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
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

/* GET through vs_cache_cmd(): a string reply, or NULL for a nil one. */
static char *
get(const char *key)
{
	const char	*argv[] = { "GET", key };
	redisReply	*r = vs_cache_cmd(2, argv);
	char		*v = NULL;

	ck_assert_ptr_nonnull(r);
	if (r->type == REDIS_REPLY_STRING)
		v = strdup(r->str);
	freeReplyObject(r);
	return v;
}

START_TEST(command_del)
{
	const char	*set[] = { "SET", "t:k", "value", "EX", "60" };
	char		*v;

	setup();
	ck_assert_int_eq(vs_cache_ping(), VS_OK);
	freeReplyObject(vs_cache_cmd(5, set));
	v = get("t:k");
	ck_assert_str_eq(v, "value");
	free(v);
	ck_assert_int_eq(vs_cache_del("t:k"), VS_OK);
	ck_assert_ptr_null(get("t:k"));
}
END_TEST

START_TEST(batch)
{
	const char	*a[] = { "SET", "t:n", "5" };
	const char	*b[] = { "INCRBY", "t:n", "2" };
	const char	*const *argvs[] = { a, b };
	const int	 argcs[] = { 3, 3 };
	char		*v;

	setup();
	ck_assert_int_eq(vs_cache_batch(2, argcs, argvs), VS_OK);
	v = get("t:n");
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
	vs_metrics_flush();
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
	int		 i;

	setenv("VSTREAM_REDIS_URL", "redis://127.0.0.1:1/0", 1);
	setup();
	vs_cache_close();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 100; i++)
		ck_assert_int_eq(vs_cache_del("k"), VS_EUNAVAIL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* One refused connect, then no new attempt within the second. */
	ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 2);
	ck_assert_int_eq(vs_cache_ping(), VS_EUNAVAIL);
	unsetenv("VSTREAM_REDIS_URL");
}
END_TEST

START_TEST(sessions)
{
	struct vs_session	 s, t, *list;
	char			 id[VS_SESSION_ID_LEN + 1], id2[VS_SESSION_ID_LEN + 1];
	size_t			 n;

	setup();
	ck_assert_int_eq(vs_session_create("uid-s", "127.0.0.1", "agent", id,
	    &s), VS_OK);
	ck_assert_uint_eq(strlen(id), VS_SESSION_ID_LEN);
	ck_assert_str_ne(s.s_key, id);
	ck_assert_int_eq(vs_session_get(id, &t), VS_OK);
	ck_assert_str_eq(t.s_uid, "uid-s");
	ck_assert_str_eq(t.s_csrf, s.s_csrf);
	ck_assert_int_eq(vs_session_create("uid-s", "::1", "other", id2, &t),
	    VS_OK);
	ck_assert_int_eq(vs_session_list("uid-s", &list, &n), VS_OK);
	ck_assert_uint_eq(n, 2);
	free(list);
	/* Another user cannot end it, even knowing its key. */
	ck_assert_int_eq(vs_session_drop("uid-other", s.s_key), VS_OK);
	ck_assert_int_eq(vs_session_get(id, &t), VS_OK);
	ck_assert_int_eq(vs_session_drop_all("uid-s", s.s_key), VS_OK);
	ck_assert_int_eq(vs_session_get(id2, &t), VS_ENOTFOUND);
	ck_assert_int_eq(vs_session_get(id, &t), VS_OK);
	ck_assert_int_eq(vs_session_drop("uid-s", s.s_key), VS_OK);
	ck_assert_int_eq(vs_session_get(id, &t), VS_ENOTFOUND);
	ck_assert_int_eq(vs_session_get("short", &t), VS_ENOTFOUND);
}
END_TEST

START_TEST(session_absolute_end)
{
	struct vs_session	 s, t;
	char			 id[VS_SESSION_ID_LEN + 1];

	setenv("VSTREAM_SESSION_MAX", "60", 1);
	setup();
	ck_assert_int_eq(vs_session_create("uid-old", "", "", id, &s), VS_OK);
	s.s_created -= 120;
	{
		char		 rk[80], created[24];
		const char	*argv[] = { "HSET", rk, "created", created };
		snprintf(rk, sizeof(rk), "vs:sess:%s", s.s_key);
		snprintf(created, sizeof(created), "%ld", s.s_created);
		freeReplyObject(vs_cache_cmd(4, argv));
	}
	ck_assert_int_eq(vs_session_get(id, &t), VS_ENOTFOUND);
	unsetenv("VSTREAM_SESSION_MAX");
}
END_TEST

START_TEST(rate_window)
{
	char	 who[40];
	int	 retry, i;

	setenv("VSTREAM_RATE_LOGIN", "3", 1);
	setup();
	ck_assert_int_eq(vs_random_hex(who, 16), 0);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(vs_rate_hit(VS_RATE_LOGIN, who, &retry), VS_OK);
	ck_assert_int_eq(vs_rate_hit(VS_RATE_LOGIN, who, &retry),
	    VS_ECONFLICT);
	ck_assert_int_ge(retry, 1);
	ck_assert_int_le(retry, 60);
	ck_assert_int_eq(vs_rate_hit(VS_RATE_LOGIN, "someone else", &retry),
	    VS_OK);
	unsetenv("VSTREAM_RATE_LOGIN");
}
END_TEST

int
main(void)
{
	RUN_TESTS("cache", command_del, batch, metrics_render, sessions,
	    session_absolute_end, rate_window, unavailable_fast);
}
