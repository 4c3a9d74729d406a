/* test_session.c: browser sessions against the real Redis of make check. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <vstream.h>

#include "runner.h"

/* Rounds of the race, and the uses each round's racer may make at most. */
#define ROUNDS		30
#define USES_MAX	20000

static void
setup(void)
{
	char	 err[512];

	ck_assert_msg(vs_config_load(NULL, err, sizeof(err)) == 0, "%s", err);
}

START_TEST(create_get_drop)
{
	struct vs_session	 s, got;
	char			 id[VS_SESSION_ID_LEN + 1], uid[64];

	setup();
	snprintf(uid, sizeof(uid), "test-basic-%ld", (long)getpid());
	ck_assert_int_eq(vs_session_create(uid, "192.0.2.1", "agent", id, &s),
	    VS_OK);
	ck_assert_int_eq(vs_session_get(id, &got), VS_OK);
	ck_assert_str_eq(got.s_uid, uid);
	ck_assert_str_eq(got.s_csrf, s.s_csrf);
	ck_assert_str_eq(got.s_addr, "192.0.2.1");
	/* Another account cannot end it. */
	ck_assert_int_eq(vs_session_drop("someone-else", s.s_key), VS_OK);
	ck_assert_int_eq(vs_session_get(id, &got), VS_OK);
	ck_assert_int_eq(vs_session_drop(uid, s.s_key), VS_OK);
	ck_assert_int_eq(vs_session_get(id, &got), VS_ENOTFOUND);
}
END_TEST

/* The racer: uses the session until it is ended, then exits. */
static void
use_until_ended(const char *id)
{
	struct vs_session	 s;
	int			 i;

	vs_cache_close();
	for (i = 0; i < USES_MAX; i++)
		if (vs_session_get(id, &s) == VS_ENOTFOUND)
			_exit(0);
	_exit(1);
}

/*
 * Requests that use a session while it is ended must not bring it back:
 * a racer process uses it in a tight loop while this one ends it; then it
 * must be gone, from its key and from the user's set, every round.
 */
START_TEST(ended_stays_ended)
{
	struct vs_session	 s, *list;
	struct timespec		 pause = { 0, 0 };
	char			 id[VS_SESSION_ID_LEN + 1], uid[64];
	size_t			 n;
	pid_t			 pid;
	int			 round, st, back;

	setup();
	for (round = 0; round < ROUNDS; round++) {
		snprintf(uid, sizeof(uid), "test-race-%ld-%d", (long)getpid(),
		    round);
		ck_assert_int_eq(vs_session_create(uid, "192.0.2.1", "race",
		    id, &s), VS_OK);
		if ((pid = fork()) == 0)
			use_until_ended(id);
		ck_assert_int_ne(pid, -1);
		pause.tv_nsec = 1000000L + (round % 7) * 700000L;
		nanosleep(&pause, NULL);
		ck_assert_int_eq(vs_session_drop(uid, s.s_key), VS_OK);
		ck_assert_int_eq(waitpid(pid, &st, 0), pid);
		ck_assert_int_eq(vs_session_list(uid, &list, &n), VS_OK);
		free(list);
		back = !WIFEXITED(st) || WEXITSTATUS(st) != 0 || n != 0 ||
		    vs_session_get(id, &s) != VS_ENOTFOUND;
		ck_assert_msg(!back, "round %d: the ended session came back",
		    round);
	}
}
END_TEST

int
main(void)
{
	RUN_TESTS("session", create_get_drop, ended_stays_ended);
}
