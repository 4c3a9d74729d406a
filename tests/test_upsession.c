/* test_upsession.c: the upload-session store against the real PostgreSQL. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include <vstream.h>
#include <db.h>

#include "runner.h"

/*
 * Load the stack's configuration, with a data directory of our own in its
 * own: the web servers' processes own uploads/ there.
 */
static void
setup(void)
{
	char	 err[512], dir[4096];

	ck_assert_msg(vs_config_load(NULL, err, sizeof(err)) == 0, "%s", err);
	snprintf(dir, sizeof(dir), "%s/test_upsession",
	    vs_config_str(VS_CFG_DATA_DIR));
	ck_assert(mkdir(dir, 0700) == 0 || errno == EEXIST);
	setenv("VSTREAM_DATA_DIR", dir, 1);
	ck_assert_msg(vs_config_load(NULL, err, sizeof(err)) == 0, "%s", err);
}

/* A new account of role user, named after tag and this process. */
static void
user_new(const char *tag, struct vs_user *u)
{
	char	 name[33], email[64];

	snprintf(name, sizeof(name), "ups_%s_%ld", tag, (long)getpid());
	snprintf(email, sizeof(email), "%s@example.org", name);
	ck_assert_int_eq(vs_user_create(name, email, "a good long password",
	    VS_ROLE_USER, u), VS_OK);
}

/* Open an upload of len bytes for u, without metadata. */
static void
open_upload(const struct vs_user *u, long long len, struct vs_upsession *s)
{
	struct vs_tus_refusal	 r;

	memset(s, 0, sizeof(*s));
	s->us_length = len;
	ck_assert_int_eq(vs_tus_meta(NULL, &s->us_meta, &r), VS_OK);
	ck_assert_int_eq(vs_upsession_create(u, s, &r), VS_OK);
	vs_upsession_free(s);
}

static int
part_exists(const struct vs_upsession *s)
{
	char		 path[4096];
	struct stat	 st;

	ck_assert_int_eq(vs_upload_path(s->us_id, ".part", path, sizeof(path)),
	    0);
	return stat(path, &st) == 0;
}

/* Read the rest of the string *arg, at most len bytes at a time. */
static long
str_read(void *arg, void *buf, size_t len, int *late)
{
	const char	**p = arg;
	size_t		  n = strlen(*p);

	*late = 0;
	if (n > len)
		n = len;
	memcpy(buf, *p, n);
	*p += n;
	return (long)n;
}

/* A body whose bytes are data's. */
static void
str_body(struct vs_upsession_body *b, const char **data)
{
	b->ub_length = (long long)strlen(*data);
	b->ub_read = str_read;
	b->ub_arg = data;
	b->ub_late = 0;
}

START_TEST(create_load)
{
	struct vs_user		 u, other;
	struct vs_upsession	 s, got;
	struct vs_tus_refusal	 r;
	struct vs_quota		 q;

	setup();
	user_new("load", &u);
	user_new("other", &other);
	open_upload(&u, 1000, &s);
	ck_assert(vs_uuid_valid(s.us_id));
	ck_assert(part_exists(&s));
	ck_assert_int_eq(vs_upsession_load(s.us_id, &u, 0, &got, &r), VS_OK);
	ck_assert_int_eq(got.us_length, 1000);
	ck_assert_int_eq(got.us_offset, 0);
	ck_assert_int_eq(got.us_state, VS_UPS_OPEN);
	ck_assert_str_eq(got.us_video, "");
	ck_assert_ptr_nonnull(got.us_meta);
	vs_upsession_free(&got);
	/* The open upload counts in the quota. */
	ck_assert_int_eq(vs_upload_quota(&u, &q), VS_OK);
	ck_assert_int_eq(q.q_used, 1000);
	/* Nobody else sees it; nor is a bad id anything. */
	ck_assert_int_eq(vs_upsession_load(s.us_id, &other, 0, &got, &r),
	    VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_NOT_FOUND);
	ck_assert_int_eq(vs_upsession_load("../etc", &u, 0, &got, &r),
	    VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_NOT_FOUND);
	ck_assert_ptr_null(got.us_meta);
}
END_TEST

/* Past upload_max, or past the quota: refused, nothing kept. */
START_TEST(refused)
{
	struct vs_user		 u;
	struct vs_upsession	 s = { 0 };
	struct vs_tus_refusal	 r;
	struct vs_quota		 q;

	setup();
	user_new("quota", &u);
	s.us_length = vs_config_int(VS_CFG_UPLOAD_MAX) + 1;
	ck_assert_int_eq(vs_upsession_create(&u, &s, &r), VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_TOO_LARGE);
	ck_assert(strstr(r.tr_text, "largest upload") != NULL);
	ck_assert_int_eq(vs_upload_quota(&u, &q), VS_OK);
	ck_assert_int_eq(q.q_used, 0);
	if (q.q_limit == 0 || q.q_limit > 2 * q.q_file)
		return;
	open_upload(&u, q.q_file, &s);
	s.us_length = q.q_file;
	ck_assert_int_eq(vs_upsession_create(&u, &s, &r), VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_OVER_QUOTA);
	ck_assert(strstr(r.tr_text, "storage quota") != NULL);
}
END_TEST

/* Complete, terminated, expired, undone: each loads as it should. */
START_TEST(states)
{
	struct vs_user		 u;
	struct vs_upsession	 s, got;
	struct vs_tus_refusal	 r;
	const char		*p[1];

	setup();
	user_new("states", &u);
	open_upload(&u, 10, &s);
	p[0] = s.us_id;
	PQclear(vs_db_exec("UPDATE upload_sessions SET state = 'complete' "
	    "WHERE id = $1", 1, p));
	ck_assert_int_eq(vs_upsession_load(s.us_id, &u, 0, &got, &r),
	    VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_COMPLETE);
	ck_assert_int_eq(vs_upsession_load(s.us_id, &u, 1, &got, &r), VS_OK);
	ck_assert_int_eq(got.us_state, VS_UPS_COMPLETE);
	vs_upsession_free(&got);

	open_upload(&u, 10, &s);
	p[0] = s.us_id;
	PQclear(vs_db_exec("UPDATE upload_sessions SET expires_at = now() - "
	    "interval '1 second' WHERE id = $1", 1, p));
	ck_assert_int_eq(vs_upsession_load(s.us_id, &u, 1, &got, &r),
	    VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_GONE);

	open_upload(&u, 10, &s);
	vs_upsession_terminate(&s);
	ck_assert(!part_exists(&s));
	ck_assert_int_eq(vs_upsession_load(s.us_id, &u, 1, &got, &r),
	    VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_NOT_FOUND);

	open_upload(&u, 10, &s);
	vs_upsession_undo(&s);
	ck_assert(!part_exists(&s));
	ck_assert_int_eq(vs_upsession_load(s.us_id, &u, 1, &got, &r),
	    VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_NOT_FOUND);
}
END_TEST

/* Bytes in at the offset, checked against Upload-Length and a checksum. */
START_TEST(append)
{
	struct vs_user		 u;
	struct vs_upsession	 s, got;
	struct vs_tus_refusal	 r;
	struct vs_tus_sum	 sum;
	struct vs_upsession_body body;
	const char		*data;

	setup();
	user_new("append", &u);
	open_upload(&u, 10, &s);
	ck_assert_int_eq(vs_upsession_load(s.us_id, &u, 0, &got, &r), VS_OK);
	data = "abcd";
	str_body(&body, &data);
	ck_assert_int_eq(vs_upsession_append(&body, &got, NULL, &r), VS_OK);
	ck_assert_int_eq(got.us_offset, 4);
	/* sha1("") for bytes that are not "": discarded. */
	ck_assert_int_eq(vs_tus_checksum("sha1 2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
	    &sum), 0);
	data = "efg";
	str_body(&body, &data);
	ck_assert_int_eq(vs_upsession_append(&body, &got, &sum, &r), VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_SUM_MISMATCH);
	ck_assert_int_eq(got.us_offset, 4);
	data = "efghijk";
	str_body(&body, &data);
	ck_assert_int_eq(vs_upsession_append(&body, &got, NULL, &r), VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_TOO_LONG);
	vs_upsession_free(&got);
	ck_assert_int_eq(vs_upsession_load(s.us_id, &u, 0, &got, &r), VS_OK);
	ck_assert_int_eq(got.us_offset, 4);
	vs_upsession_free(&got);
}
END_TEST

/* Bytes that are no video: refused, and the upload is gone. */
START_TEST(finish_refused)
{
	struct vs_user		 u;
	struct vs_upsession	 s, got;
	struct vs_tus_refusal	 r;
	struct vs_upsession_body body;
	const char		*data;
	char			 why[256];

	setup();
	user_new("finish", &u);
	open_upload(&u, 10, &s);
	ck_assert_int_eq(vs_upsession_load(s.us_id, &u, 0, &got, &r), VS_OK);
	data = "0123456789";
	str_body(&body, &data);
	ck_assert_int_eq(vs_upsession_append(&body, &got, NULL, &r), VS_OK);
	ck_assert_int_eq(vs_upsession_finish(&u, &got, why, sizeof(why)),
	    VS_EINVAL);
	ck_assert(!part_exists(&got));
	vs_upsession_free(&got);
	ck_assert_int_eq(vs_upsession_load(s.us_id, &u, 1, &got, &r),
	    VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_GONE);
}
END_TEST

/* Hold upload id's lock in a child until hold closes; say so on ready. */
static pid_t
lock_holder(const char *id, int ready[2], int hold[2])
{
	struct vs_tus_refusal	 r;
	pid_t			 pid;
	char			 c;

	/* Each side opens its own connection. */
	vs_db_close();
	if ((pid = fork()) != 0)
		return pid;
	close(ready[0]);
	close(hold[1]);
	if (vs_upsession_lock(id, &r) != VS_OK || write(ready[1], "1", 1) != 1)
		_exit(1);
	while (read(hold[0], &c, 1) > 0)
		continue;
	_exit(0);
}

/* A lock another connection holds: refused as locked after the wait. */
START_TEST(locked)
{
	struct vs_user		 u;
	struct vs_upsession	 s;
	struct vs_tus_refusal	 r;
	int			 ready[2], hold[2], status;
	char			 c;
	pid_t			 pid;

	setup();
	user_new("lock", &u);
	open_upload(&u, 10, &s);
	ck_assert_int_eq(pipe(ready), 0);
	ck_assert_int_eq(pipe(hold), 0);
	ck_assert_int_ne(pid = lock_holder(s.us_id, ready, hold), -1);
	close(ready[1]);
	close(hold[0]);
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	ck_assert_int_eq(vs_upsession_lock(s.us_id, &r), VS_EINVAL);
	ck_assert_int_eq(r.tr_reason, VS_TUS_R_LOCKED);
	close(hold[1]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* The holder's connection is gone, and its lock with it. */
	ck_assert_int_eq(vs_upsession_lock(s.us_id, &r), VS_OK);
	vs_upsession_unlock(s.us_id);
}
END_TEST

/* A multipart reservation counts until given back or lapsed. */
START_TEST(reservation)
{
	struct vs_user		 u;
	struct vs_reservation	 r;
	struct vs_quota		 q;
	const char		*p[1];
	char			 why[256];

	setup();
	user_new("reserve", &u);
	ck_assert_int_eq(vs_upload_reserve(&u, 100, 5000, &r, why,
	    sizeof(why)), VS_OK);
	ck_assert(vs_uuid_valid(r.rs_id));
	ck_assert_int_eq(r.rs_bytes, 5000);
	ck_assert_int_eq(vs_upload_quota(&u, &q), VS_OK);
	ck_assert_int_eq(q.q_used, 5000);
	ck_assert_int_eq(vs_upload_renew(&r), VS_OK);
	/* Stalled past its life: renewing it is too late. */
	p[0] = r.rs_id;
	PQclear(vs_db_exec("UPDATE upload_reservations SET expires_at = now() "
	    "- interval '1 second' WHERE id = $1", 1, p));
	r.rs_renewed = 0;
	ck_assert_int_eq(vs_upload_renew(&r), VS_ENOTFOUND);
	vs_upload_release(&r);
	ck_assert_int_eq(vs_upload_quota(&u, &q), VS_OK);
	ck_assert_int_eq(q.q_used, 0);
	ck_assert_int_eq(vs_upload_reserve(&u, q.q_file + 1, q.q_file + 1, &r,
	    why, sizeof(why)), VS_EINVAL);
	ck_assert_str_eq(r.rs_id, "");
	ck_assert(strstr(why, "largest upload") != NULL);
}
END_TEST

int
main(void)
{
	RUN_TESTS("upsession", create_load, refused, states, append,
	    finish_refused, locked, reservation);
}
