/* test_playlist.c: playlists against the real PostgreSQL of make check. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include <vstream.h>

#include "db.h"

#include "runner.h"

#define VIDEOS		6
#define WRITERS		4
#define ROUNDS		40

static struct vs_user	 owner;
static char		 videos[VIDEOS][37];

/*
 * A user with VIDEOS ready videos, made once per process; private, so
 * that the site's listings stay as the behaviour tests expect them.
 */
static void
setup(void)
{
	char		 err[512], name[40], email[64], hex[9];
	const char	*p[] = { owner.u_id };
	PGresult	*res;
	int		 i;

	setenv("VSTREAM_BCRYPT_COST", "4", 1);
	ck_assert_msg(vs_config_load(NULL, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(vs_random_hex(hex, 4), 0);
	snprintf(name, sizeof(name), "pl_%s", hex);
	snprintf(email, sizeof(email), "%s@example.org", name);
	ck_assert_int_eq(vs_user_create(name, email, "a long password",
	    VS_ROLE_USER, &owner), VS_OK);
	res = vs_db_exec("INSERT INTO videos (owner_id, title, status, "
	    "visibility) SELECT $1, 'v' || g, 'ready', 'private' FROM "
	    "generate_series(1, 6) g RETURNING id", 1, p);
	ck_assert_ptr_nonnull(res);
	ck_assert_int_eq(PQntuples(res), VIDEOS);
	for (i = 0; i < VIDEOS; i++)
		vs_db_str(res, i, 0, videos[i], sizeof(videos[i]));
	PQclear(res);
}

/* The index in videos[] of each item of list id, in order, as "3,0,1". */
static void
order(const char *id, char *out, size_t len)
{
	struct json_object	*o, *items;
	const char		*v;
	size_t			 i, n, at = 0;
	int			 k;

	ck_assert_int_eq(vs_playlist_get(id, &owner, &o), VS_OK);
	items = json_object_object_get(o, "items");
	n = json_object_array_length(items);
	out[0] = '\0';
	for (i = 0; i < n && at + 4 < len; i++) {
		v = vs_json_str(json_object_array_get_idx(items, i), "id");
		for (k = 0; k < VIDEOS && strcmp(videos[k], v) != 0; k++)
			;
		at += (size_t)snprintf(out + at, len - at, "%s%d", i ? "," : "",
		    k);
	}
	json_object_put(o);
}

/* 1 when the positions of list id are 1..n. */
static int
dense(const char *id)
{
	const char	*p[] = { id };
	PGresult	*res;
	int		 ok;

	res = vs_db_exec("SELECT count(*) = coalesce(max(position), 0) AND "
	    "count(*) = count(DISTINCT position) AND coalesce(min(position), "
	    "1) = 1 FROM playlist_items WHERE playlist_id = $1", 1, p);
	ck_assert_ptr_nonnull(res);
	ok = vs_db_bool(res, 0, 0);
	PQclear(res);
	return ok;
}

START_TEST(positions)
{
	char		 id[37], got[64];
	const char	*why;
	int		 i;

	setup();
	ck_assert_int_eq(vs_playlist_create(owner.u_id, "", NULL, NULL, id,
	    &why), VS_EINVAL);
	ck_assert_int_eq(vs_playlist_create(owner.u_id, "t", NULL, "friends",
	    id, &why), VS_EINVAL);
	ck_assert_int_eq(vs_playlist_create(owner.u_id, "list", "", "unlisted",
	    id, &why), VS_OK);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(vs_playlist_add(id, videos[i], 0), VS_OK);
	ck_assert_int_eq(vs_playlist_add(id, videos[0], 0), VS_ECONFLICT);
	ck_assert_int_eq(vs_playlist_add(id, videos[4], 2), VS_OK);
	ck_assert_int_eq(vs_playlist_add(id, videos[5], 99), VS_OK);
	order(id, got, sizeof(got));
	ck_assert_str_eq(got, "0,4,1,2,3,5");
	ck_assert_int_eq(vs_playlist_move(id, videos[0], 4), VS_OK);
	order(id, got, sizeof(got));
	ck_assert_str_eq(got, "4,1,2,0,3,5");
	ck_assert_int_eq(vs_playlist_move(id, videos[5], 1), VS_OK);
	ck_assert_int_eq(vs_playlist_move(id, videos[3], 1000), VS_OK);
	order(id, got, sizeof(got));
	ck_assert_str_eq(got, "5,4,1,2,0,3");
	ck_assert_int_eq(vs_playlist_remove(id, videos[1]), VS_OK);
	ck_assert_int_eq(vs_playlist_remove(id, videos[1]), VS_ENOTFOUND);
	order(id, got, sizeof(got));
	ck_assert_str_eq(got, "5,4,2,0,3");
	ck_assert(dense(id));
	ck_assert_int_eq(vs_video_delete(videos[4]), VS_OK);
	order(id, got, sizeof(got));
	ck_assert_str_eq(got, "5,2,0,3");
	ck_assert(dense(id));
	ck_assert_int_eq(vs_playlist_add("not-a-uuid", videos[0], 0),
	    VS_ENOTFOUND);
	ck_assert_int_eq(vs_playlist_move(id, "not-a-uuid", 1), VS_ENOTFOUND);
	ck_assert_int_eq(vs_playlist_delete(id), VS_OK);
	ck_assert_int_eq(vs_playlist_delete(id), VS_ENOTFOUND);
	ck_assert_int_eq(vs_playlist_add(id, videos[0], 0), VS_ENOTFOUND);
}
END_TEST

/* One writer: moves, removes and adds in an order of its own. */
static void
writer(const char *id, int seed)
{
	int	 i, v, ok = 1;

	vs_db_forget();
	srand((unsigned)seed);
	for (i = 0; i < ROUNDS && ok; i++) {
		v = rand() % VIDEOS;
		switch (rand() % 3) {
		case 0:
			ok = vs_playlist_move(id, videos[v], rand() % 8 + 1) !=
			    VS_ERR;
			break;
		case 1:
			ok = vs_playlist_remove(id, videos[v]) != VS_ERR;
			break;
		default:
			ok = vs_playlist_add(id, videos[v], rand() % 8) !=
			    VS_ERR;
		}
	}
	_exit(ok ? 0 : 1);
}

/* Writers at once on one list: every change whole, the positions dense. */
START_TEST(concurrent)
{
	char		 id[37];
	const char	*why;
	pid_t		 pid[WRITERS];
	int		 i, st;

	setup();
	ck_assert_int_eq(vs_playlist_create(owner.u_id, "busy", NULL, NULL, id,
	    &why), VS_OK);
	for (i = 0; i < VIDEOS; i++)
		ck_assert_int_eq(vs_playlist_add(id, videos[i], 0), VS_OK);
	for (i = 0; i < WRITERS; i++) {
		if ((pid[i] = fork()) == 0)
			writer(id, i + 1);
		ck_assert_int_ne(pid[i], -1);
	}
	for (i = 0; i < WRITERS; i++) {
		ck_assert_int_eq(waitpid(pid[i], &st, 0), pid[i]);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		    "writer %d failed a change", i);
	}
	ck_assert(dense(id));
}
END_TEST

int
main(void)
{
	RUN_TESTS("playlist", positions, concurrent);
}
