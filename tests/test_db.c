/* test_db.c: the PostgreSQL layer against the real server of make check. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/wait.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <vstream.h>

#include "db.h"

#include "runner.h"

static void
setup(void)
{
	char	 err[512];

	ck_assert_msg(vs_config_load(NULL, err, sizeof(err)) == 0, "%s", err);
}

static void
exec_ok(const char *sql)
{
	PGresult	*res = vs_db_exec(sql, 0, NULL);

	ck_assert_ptr_nonnull(res);
	PQclear(res);
}

START_TEST(parameters)
{
	const char	*p[] = { "O'Brien; DROP TABLE users; --" };
	PGresult	*res;

	setup();
	res = vs_db_exec("SELECT $1::text || '!'", 1, p);
	ck_assert_ptr_nonnull(res);
	ck_assert_str_eq(PQgetvalue(res, 0, 0),
	    "O'Brien; DROP TABLE users; --!");
	PQclear(res);
	ck_assert_ptr_null(vs_db_exec("SELECT nonsense FROM nowhere", 0,
	    NULL));
	ck_assert_int_eq(vs_db_error(), VS_ERR);
}
END_TEST

/* The row helpers read what the server sent, NULL as nothing. */
START_TEST(rows)
{
	PGresult	*res;
	char		 buf[4];

	setup();
	res = vs_db_exec("SELECT 'abc', -9007199254740993::bigint, true, "
	    "false, NULL, 1.5::float8, 'abcd', '12x'", 0, NULL);
	ck_assert_ptr_nonnull(res);
	ck_assert_str_eq(vs_db_get(res, 0, 0), "abc");
	ck_assert_int_eq(vs_db_str(res, 0, 0, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "abc");
	ck_assert_int_eq(vs_db_str(res, 0, 6, buf, sizeof(buf)), -1);
	ck_assert_str_eq(buf, "abc");
	ck_assert(vs_db_ll(res, 0, 1) == -9007199254740993LL);
	ck_assert_int_eq(vs_db_bool(res, 0, 2), 1);
	ck_assert_int_eq(vs_db_bool(res, 0, 3), 0);
	ck_assert_str_eq(vs_db_get(res, 0, 4), "");
	ck_assert_int_eq(vs_db_bool(res, 0, 4), 0);
	ck_assert(vs_db_ll(res, 0, 4) == 0);
	ck_assert(vs_db_double(res, 0, 5) == 1.5);
	ck_assert(vs_db_ll(res, 0, 7) == 0);
	ck_assert(vs_db_double(res, 0, 7) == 0);
	PQclear(res);
}
END_TEST

static int
insert_two(void *arg)
{
	const char	*p[] = { arg };
	PGresult	*res;

	res = vs_db_exec("INSERT INTO t_tx VALUES ($1)", 1, p);
	PQclear(res);
	res = vs_db_exec("INSERT INTO t_tx VALUES ($1)", 1, p);
	PQclear(res);
	return res == NULL ? -1 : 0;
}

START_TEST(transactions)
{
	PGresult	*res;

	setup();
	exec_ok("CREATE TEMP TABLE t_tx (k text PRIMARY KEY)");
	ck_assert_int_eq(vs_db_tx(insert_two, "dup"), -1);
	ck_assert_int_eq(vs_db_error(), VS_ECONFLICT);
	res = vs_db_exec("SELECT count(*) FROM t_tx", 0, NULL);
	ck_assert_str_eq(PQgetvalue(res, 0, 0), "0");
	PQclear(res);
	exec_ok("INSERT INTO t_tx VALUES ('one')");
	res = vs_db_exec("SELECT count(*) FROM t_tx", 0, NULL);
	ck_assert_str_eq(PQgetvalue(res, 0, 0), "1");
	PQclear(res);
}
END_TEST

START_TEST(reconnects)
{
	PGresult	*res;
	char		 before[16];

	setup();
	res = vs_db_exec("SELECT pg_backend_pid()", 0, NULL);
	ck_assert_ptr_nonnull(res);
	snprintf(before, sizeof(before), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	/* The server drops the connection, as on a restart. */
	ck_assert_ptr_null(vs_db_exec("SELECT pg_terminate_backend("
	    "pg_backend_pid())", 0, NULL));
	res = vs_db_exec("SELECT pg_backend_pid()", 0, NULL);
	ck_assert_ptr_nonnull(res);
	ck_assert_str_ne(PQgetvalue(res, 0, 0), before);
	PQclear(res);
}
END_TEST

START_TEST(unavailable)
{
	setenv("VSTREAM_DB_URL", "postgresql://x@127.0.0.1:1/none", 1);
	setup();
	vs_db_close();
	ck_assert_ptr_null(vs_db_exec("SELECT 1", 0, NULL));
	ck_assert_int_eq(vs_db_error(), VS_EUNAVAIL);
	unsetenv("VSTREAM_DB_URL");
}
END_TEST

START_TEST(migrations_idempotent)
{
	PGresult	*res;

	setup();
	ck_assert_int_eq(vs_migrate(vs_config_str(VS_CFG_SCHEMA_DIR)), 0);
	res = vs_db_exec("SELECT count(*) FROM schema_migrations", 0, NULL);
	ck_assert_ptr_nonnull(res);
	ck_assert_int_ge(atoi(PQgetvalue(res, 0, 0)), 1);
	PQclear(res);
	/* The CHECK constraints hold: an unknown role is refused. */
	ck_assert_ptr_null(vs_db_exec("INSERT INTO users (username, email, "
	    "password_hash, role) VALUES ('zed', 'z@x', '$2b$x', 'root')", 0,
	    NULL));
}
END_TEST

START_TEST(users)
{
	char		 name[40], email[64], hex[9];
	struct vs_user	 u, v;

	setenv("VSTREAM_BCRYPT_COST", "4", 1);
	setup();
	ck_assert_int_eq(vs_random_hex(hex, 4), 0);
	snprintf(name, sizeof(name), "t_%s", hex);
	snprintf(email, sizeof(email), "%s@example.org", name);
	ck_assert_int_eq(vs_user_create(name, email, "a long password",
	    VS_ROLE_PREMIUM, &u), VS_OK);
	ck_assert(vs_uuid_valid(u.u_id));
	ck_assert_int_eq(u.u_role, VS_ROLE_PREMIUM);
	ck_assert_int_eq(vs_user_create(name, "other@example.org",
	    "a long password", VS_ROLE_USER, NULL), VS_ECONFLICT);
	ck_assert_int_eq(vs_user_create("Bad Name", "b@example.org",
	    "a long password", VS_ROLE_USER, NULL), VS_EINVAL);
	ck_assert_int_eq(vs_user_login(name, "a long password", &v), VS_OK);
	ck_assert_str_eq(v.u_id, u.u_id);
	ck_assert_int_eq(vs_user_login(name, "wrong", &v), VS_ENOTFOUND);
	ck_assert_int_eq(vs_user_login("nobody_here", "x", &v), VS_ENOTFOUND);
	ck_assert_int_eq(vs_user_set_password(u.u_id, "another password"),
	    VS_OK);
	ck_assert_int_eq(vs_user_login(name, "another password", &v), VS_OK);
	ck_assert_int_eq(vs_user_ban(name, "spam", "2999-01-01T00:00:00Z"),
	    VS_OK);
	ck_assert_int_eq(vs_user_get(u.u_id, &v), VS_OK);
	ck_assert(v.u_banned);
	ck_assert_str_eq(v.u_ban_reason, "spam");
	ck_assert_str_eq(v.u_ban_until, "2999-01-01T00:00:00Z");
	ck_assert_int_eq(vs_user_ban(name, "spam", "not a time"), VS_ERR);
	ck_assert_int_eq(vs_user_unban(name), VS_OK);
	ck_assert_int_eq(vs_user_get(u.u_id, &v), VS_OK);
	ck_assert(!v.u_banned);
	ck_assert_int_eq(vs_user_ban(name, "over", "2000-01-01T00:00:00Z"),
	    VS_OK);
	ck_assert_int_eq(vs_user_get(u.u_id, &v), VS_OK);
	ck_assert_msg(!v.u_banned, "a ban that ended is not in force");
	ck_assert_int_eq(vs_user_get("not-a-uuid", &v), VS_ENOTFOUND);
	ck_assert_int_eq(vs_user_set_role(name, VS_ROLE_ADMIN), VS_OK);
	ck_assert_int_eq(vs_user_set_role("nobody_here", VS_ROLE_ADMIN),
	    VS_ENOTFOUND);
	unsetenv("VSTREAM_BCRYPT_COST");
}
END_TEST

START_TEST(refresh_rotation)
{
	char		 t1[VS_REFRESH_LEN + 1], t2[VS_REFRESH_LEN + 1],
			 t3[VS_REFRESH_LEN + 1], uid[64];
	struct vs_user	 u;
	char		 name[40], email[64], hex[9];

	setenv("VSTREAM_BCRYPT_COST", "4", 1);
	setup();
	vs_random_hex(hex, 4);
	snprintf(name, sizeof(name), "r_%s", hex);
	snprintf(email, sizeof(email), "%s@example.org", name);
	ck_assert_int_eq(vs_user_create(name, email, "a long password",
	    VS_ROLE_USER, &u), VS_OK);
	ck_assert_int_eq(vs_refresh_issue(u.u_id, "127.0.0.1", "test", t1),
	    VS_OK);
	ck_assert_int_eq(vs_refresh_rotate(t1, "", "", uid, t2), VS_OK);
	ck_assert_str_eq(uid, u.u_id);
	ck_assert_str_ne(t1, t2);
	/* t1 again: stolen. The family, t2 with it, is revoked. */
	ck_assert_int_eq(vs_refresh_rotate(t1, "", "", uid, t3), VS_ENOTFOUND);
	ck_assert_int_eq(vs_refresh_rotate(t2, "", "", uid, t3), VS_ENOTFOUND);
	ck_assert_int_eq(vs_refresh_rotate("junk", "", "", uid, t3),
	    VS_ENOTFOUND);
	ck_assert_int_eq(vs_refresh_issue(u.u_id, NULL, NULL, t1), VS_OK);
	ck_assert_int_eq(vs_refresh_revoke(t1), VS_OK);
	ck_assert_int_eq(vs_refresh_rotate(t1, "", "", uid, t3), VS_ENOTFOUND);
	unsetenv("VSTREAM_BCRYPT_COST");
}
END_TEST

/* Rounds of the race, and the refreshes each round's racer may make. */
#define RACE_ROUNDS	20
#define RACE_REFRESHES	400

/*
 * The racer: refreshes its chain, saying so on fd after the first, until
 * refused (exit 0) or done (exit 1: its chain outlived the revocation).
 */
static void
refresh_until_refused(const char *token, int fd)
{
	char	 cur[VS_REFRESH_LEN + 1], next[VS_REFRESH_LEN + 1], uid[64];
	int	 i;

	vs_db_forget();
	snprintf(cur, sizeof(cur), "%s", token);
	for (i = 0; i < RACE_REFRESHES; i++) {
		if (vs_refresh_rotate(cur, "", "", uid, next) != VS_OK)
			_exit(i == 0 ? 2 : 0);
		if (i == 0 && write(fd, "r", 1) != 1)
			_exit(2);
		memcpy(cur, next, sizeof(cur));
	}
	_exit(1);
}

/*
 * Revoking a user's tokens (password change, ban) or a family (logout)
 * while a refresh of one of them is under way must not leave the new
 * token alive.
 */
START_TEST(refresh_revoke_race)
{
	char		 t[VS_REFRESH_LEN + 1], name[40], email[64], hex[9], c;
	struct timespec	 pause = { 0, 0 };
	struct vs_user	 u;
	pid_t		 pid;
	int		 round, st, fds[2];

	setenv("VSTREAM_BCRYPT_COST", "4", 1);
	setup();
	vs_random_hex(hex, 4);
	snprintf(name, sizeof(name), "q_%s", hex);
	snprintf(email, sizeof(email), "%s@example.org", name);
	ck_assert_int_eq(vs_user_create(name, email, "a long password",
	    VS_ROLE_USER, &u), VS_OK);
	for (round = 0; round < RACE_ROUNDS; round++) {
		ck_assert_int_eq(vs_refresh_issue(u.u_id, NULL, NULL, t),
		    VS_OK);
		ck_assert_int_eq(pipe(fds), 0);
		if ((pid = fork()) == 0)
			refresh_until_refused(t, fds[1]);
		ck_assert_int_ne(pid, -1);
		close(fds[1]);
		ck_assert_int_eq(read(fds[0], &c, 1), 1);
		close(fds[0]);
		pause.tv_nsec = (round % 5) * 700000L;
		nanosleep(&pause, NULL);
		/* By account (password, ban), or by family (logout). */
		ck_assert_int_eq(round % 2 ? vs_refresh_revoke(t) :
		    vs_refresh_revoke_user(u.u_id), VS_OK);
		ck_assert_int_eq(waitpid(pid, &st, 0), pid);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		    "round %d: a refresh outlived the revocation", round);
	}
	unsetenv("VSTREAM_BCRYPT_COST");
}
END_TEST

/* Input the rules refuse is VS_EINVAL (a 4xx), never VS_ERR (a 500). */
START_TEST(rules_refused)
{
	static const char	 id[] = "4d7a4131-6a8e-4632-8277-c6dee8602b5b";
	struct vs_video_query	 q = { .vq_after = "not a cursor" };
	struct json_object	*items = NULL;
	char			*next = NULL;

	setup();
	ck_assert_int_eq(vs_video_update(id, "", NULL, NULL), VS_EINVAL);
	ck_assert_int_eq(vs_video_update(id, NULL, NULL, "secret"), VS_EINVAL);
	ck_assert_int_eq(vs_report_create(id, id, "boring", NULL), VS_EINVAL);
	ck_assert_int_eq(vs_video_search(&q, &items, &next), VS_EINVAL);
	ck_assert_ptr_null(items);
	ck_assert_ptr_null(next);
}
END_TEST

/*
 * The newest page of 100 000 videos comes from videos_listing_idx, its
 * rows the only ones made into JSON: fast (a sort of the table took a
 * second); the next page carries on where it ended, ties on created_at
 * broken by id. All in a transaction rolled back.
 */
static int
listing_big(void *arg)
{
	struct vs_video_query	 q = { 0 };
	struct json_object	*items = NULL, *more = NULL;
	struct timespec		 t0, t1;
	PGresult		*res;
	char			*next = NULL, *next2 = NULL;
	const char		*id;
	double			 ms;

	(void)arg;
	exec_ok("SET LOCAL statement_timeout = '120s'");
	exec_ok("INSERT INTO users (username, email, password_hash) VALUES "
	    "('listing_big', 'lb@example.org', '$2b$x')");
	exec_ok("INSERT INTO videos (owner_id, title, status, created_at) "
	    "SELECT (SELECT id FROM users WHERE username = 'listing_big'), "
	    "'clip ' || g, 'ready', now() + interval '1 day' - "
	    "(g / 2) * interval '1 millisecond' "
	    "FROM generate_series(1, 100000) g");
	exec_ok("ANALYZE videos");
	ck_assert_int_eq(vs_video_search(&q, &items, &next), VS_OK);
	json_object_put(items);
	free(next);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(vs_video_search(&q, &items, &next), VS_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	ck_assert_msg(ms < 100, "the newest page took %.1f ms", ms);
	ck_assert_ptr_nonnull(next);
	q.vq_after = next;
	ck_assert_int_eq(vs_video_search(&q, &more, &next2), VS_OK);
	res = vs_db_exec("SELECT id FROM videos ORDER BY created_at DESC, "
	    "id DESC OFFSET 20 LIMIT 1", 0, NULL);
	ck_assert_ptr_nonnull(res);
	id = json_object_get_string(json_object_object_get(
	    json_object_array_get_idx(more, 0), "id"));
	ck_assert_str_eq(id, PQgetvalue(res, 0, 0));
	PQclear(res);
	json_object_put(items);
	json_object_put(more);
	free(next);
	free(next2);
	return -1;
}

START_TEST(listing_indexed)
{
	setup();
	ck_assert_int_eq(vs_db_tx(listing_big, NULL), -1);
}
END_TEST

int
main(void)
{
	RUN_TESTS("db", parameters, rows, transactions, reconnects, unavailable,
	    migrations_idempotent, users, refresh_rotation,
	    refresh_revoke_race, rules_refused, listing_indexed);
}
