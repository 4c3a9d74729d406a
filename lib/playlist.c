/* playlist.c: users' ordered lists of videos, positions kept 1..n. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "config.h"
#include "db.h"
#include "playlist.h"
#include "str.h"
#include "url.h"
#include "user.h"
#include "video.h"

/* An owner's ban in force now, over users u. */
#define BANNED	"(u.banned_at IS NOT NULL AND (u.ban_until IS NULL OR " \
	"u.ban_until > now()))"

/* One change to a list, made under the lock of its row. */
struct change {
	const char	*c_list;
	const char	*c_video;
	long long	 c_pos;		/* wanted position, 0: the end */
	enum vs_err	 c_rc;		/* a refusal, which rolls back */
	const char	*c_who;		/* the owner, for a new list */
	const char	*c_title, *c_desc, *c_vis;
	char		*c_id;
};

/* Is id a playlist's or a video's id, as sent (NULL: absent)? */
static int
known(const char *id)
{
	return id != NULL && vs_uuid_valid(id);
}

/* Run a statement; 0, or -1 with the result gone. */
static int
run(const char *sql, int n, const char *const *p)
{
	PGresult	*res = vs_db_exec(sql, n, p);

	PQclear(res);
	return res == NULL ? -1 : 0;
}

/* The first column of a one-row, one-column answer as a number; -1. */
static long long
number(const char *sql, int n, const char *const *p)
{
	PGresult	*res = vs_db_exec(sql, n, p);
	long long	 v = -1;

	if (res != NULL && PQntuples(res) == 1)
		v = vs_db_ll(res, 0, 0);
	PQclear(res);
	return v;
}

/*
 * Lock playlist c_list and count its items: the count, or -1 after
 * setting c_rc (VS_ENOTFOUND) or a failed statement.
 */
static long long
lock_list(struct change *c)
{
	const char	*p[] = { c->c_list };
	PGresult	*res;
	int		 found;

	res = vs_db_exec("SELECT 1 FROM playlists WHERE id = $1 FOR UPDATE",
	    1, p);
	if (res == NULL)
		return -1;
	found = PQntuples(res) == 1;
	PQclear(res);
	if (!found) {
		c->c_rc = VS_ENOTFOUND;
		return -1;
	}
	return number("SELECT count(*) FROM playlist_items WHERE "
	    "playlist_id = $1", 1, p);
}

/* The position of c_video in the locked list, or -1 (c_rc set). */
static long long
position_of(struct change *c)
{
	const char	*p[] = { c->c_list, c->c_video };
	long long	 at;

	at = number("SELECT position FROM playlist_items WHERE "
	    "playlist_id = $1 AND video_id = $2", 2, p);
	if (at == -1)
		c->c_rc = VS_ENOTFOUND;
	return at;
}

/* Mark list id as changed now. */
static int
touch(const char *id)
{
	const char	*p[] = { id };

	return run("UPDATE playlists SET updated_at = now() WHERE id = $1",
	    1, p);
}

/* Run fn under a transaction: c_rc after a refusal, else what it came to. */
static enum vs_err
under_lock(int (*fn)(void *), struct change *c)
{
	c->c_rc = VS_OK;
	if (vs_db_tx(fn, c) == 0)
		return VS_OK;
	if (c->c_rc != VS_OK)
		return c->c_rc;
	return vs_db_error() == VS_EUNAVAIL ? VS_EUNAVAIL : VS_ERR;
}

/* Insert the list unless its owner has VS_PLAYLIST_USER_MAX. */
static int
create_tx(void *arg)
{
	struct change	*c = arg;
	const char	*p[] = { c->c_who, c->c_title, c->c_desc ? c->c_desc :
			    "", c->c_vis ? c->c_vis : "public" };
	PGresult	*res;

	/* The owner's row is the lock that keeps the count honest. */
	if (number("SELECT count(*) FROM (SELECT 1 FROM users WHERE id = $1 "
	    "FOR UPDATE) u", 1, p) != 1)
		return -1;
	if (number("SELECT count(*) FROM playlists WHERE owner_id = $1", 1,
	    p) >= VS_PLAYLIST_USER_MAX) {
		c->c_rc = VS_ELIMIT;
		return -1;
	}
	res = vs_db_exec("INSERT INTO playlists (owner_id, title, description, "
	    "visibility) VALUES ($1, $2, $3, $4) RETURNING id", 4, p);
	if (res == NULL || PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	vs_db_str(res, 0, 0, c->c_id, 37);
	PQclear(res);
	return 0;
}

enum vs_err
vs_playlist_create(const char *owner, const char *title, const char *desc,
    const char *vis, char *id, const char **why)
{
	struct change	 c = { .c_who = owner, .c_title = title, .c_desc = desc,
			    .c_vis = vis, .c_id = id };

	*why = "The title must be 1 to 200 characters of UTF-8 text.";
	if (title == NULL || vs_video_check(title, desc, vis, why) != VS_OK)
		return VS_EINVAL;
	if (!known(owner))
		return VS_ENOTFOUND;
	return under_lock(create_tx, &c);
}

enum vs_err
vs_playlist_meta(const char *id, struct vs_playlist_meta *m)
{
	const char	*p[] = { id };
	PGresult	*res;
	enum vs_err	 rc = VS_ENOTFOUND;

	memset(m, 0, sizeof(*m));
	if (!known(id))
		return VS_ENOTFOUND;
	res = vs_db_exec("SELECT p.owner_id, p.visibility, " BANNED " FROM "
	    "playlists p JOIN users u ON u.id = p.owner_id WHERE p.id = $1",
	    1, p);
	if (res == NULL)
		return vs_db_error();
	if (PQntuples(res) == 1) {
		vs_db_str(res, 0, 0, m->pm_owner, sizeof(m->pm_owner));
		vs_db_str(res, 0, 1, m->pm_visibility,
		    sizeof(m->pm_visibility));
		m->pm_owner_banned = vs_db_bool(res, 0, 2);
		rc = VS_OK;
	}
	PQclear(res);
	return rc;
}

int
vs_playlist_may_view(const struct vs_playlist_meta *m, const struct vs_user *u)
{
	if (u != NULL && (strcmp(u->u_id, m->pm_owner) == 0 ||
	    u->u_role >= VS_ROLE_MODERATOR))
		return 1;
	return strcmp(m->pm_visibility, "private") != 0 && !m->pm_owner_banned;
}

/*
 * The items as u sees them: what u may watch is as the player page's
 * rule (ready, and shown to u), the rest only its position (and its id
 * for the list's owner).
 */
static enum vs_err
items(const char *id, const struct vs_user *u, struct json_object **out)
{
	char		 base[256];
	const char	*p[] = { id, u ? u->u_id : NULL, u && u->u_role >=
			    VS_ROLE_MODERATOR ? "t" : "f", base };

	if (vs_url_base_path(vs_config_str(VS_CFG_BASE_URL), base,
	    sizeof(base)) == -1)
		base[0] = '\0';
	return vs_db_json_rows("SELECT CASE WHEN a.ok THEN json_build_object("
	    "'position', i.position, 'available', true, 'id', v.id, 'title', "
	    "v.title, 'owner', u.username, 'duration', v.duration, "
	    "'thumbnail', $4::text || '/api/videos/' || v.id || "
	    "'/thumbnail.jpg') ELSE json_build_object('position', i.position, "
	    "'available', false, 'id', CASE WHEN p.owner_id = $2::uuid THEN "
	    "v.id END) END FROM playlist_items i JOIN playlists p ON p.id = "
	    "i.playlist_id JOIN videos v ON v.id = i.video_id JOIN users u ON "
	    "u.id = v.owner_id CROSS JOIN LATERAL (SELECT v.status = 'ready' "
	    "AND (v.owner_id = $2::uuid OR $3::boolean OR (v.visibility <> "
	    "'private' AND NOT v.hidden AND NOT " BANNED ")) AS ok) a "
	    "WHERE i.playlist_id = $1 ORDER BY i.position", 4, p, out);
}

enum vs_err
vs_playlist_get(const char *id, const struct vs_user *u,
    struct json_object **out)
{
	const char	*p[] = { id };
	struct json_object *list;
	enum vs_err	 rc;

	if (!known(id))
		return VS_ENOTFOUND;
	if ((rc = vs_db_json_row("SELECT json_build_object('id', p.id, "
	    "'title', p.title, 'description', p.description, 'visibility', "
	    "p.visibility, 'owner', u.username, 'created_at', p.created_at, "
	    "'updated_at', p.updated_at) FROM playlists p JOIN users u ON "
	    "u.id = p.owner_id WHERE p.id = $1", 1, p, out)) != VS_OK)
		return rc;
	if ((rc = items(id, u, &list)) != VS_OK) {
		json_object_put(*out);
		*out = NULL;
		return rc;
	}
	json_object_object_add(*out, "items", list);
	return VS_OK;
}

enum vs_err
vs_playlist_list(const char *name, const struct vs_user *u,
    struct json_object **out)
{
	char		 limit[16];
	const char	*p[] = { name, u ? u->u_id : NULL, limit };

	snprintf(limit, sizeof(limit), "%d", VS_PLAYLIST_USER_MAX);
	return vs_db_json_rows("SELECT json_build_object('id', p.id, 'title', "
	    "p.title, 'description', p.description, 'visibility', "
	    "p.visibility, 'owner', u.username, 'item_count', (SELECT count(*) "
	    "FROM playlist_items i WHERE i.playlist_id = p.id), 'created_at', "
	    "p.created_at) FROM playlists p JOIN users u ON u.id = p.owner_id "
	    "WHERE CASE WHEN $1::text IS NULL THEN p.owner_id = $2::uuid ELSE "
	    "u.username = $1 AND (p.owner_id = $2::uuid OR (p.visibility = "
	    "'public' AND NOT " BANNED ")) END ORDER BY p.created_at DESC, "
	    "p.id DESC LIMIT $3::int", 3, p, out);
}

enum vs_err
vs_playlist_update(const char *id, const char *title, const char *desc,
    const char *vis, const char **why)
{
	const char	*p[] = { id, title, desc, vis };
	PGresult	*res;
	enum vs_err	 rc;

	if (!known(id))
		return VS_ENOTFOUND;
	if (vs_video_check(title, desc, vis, why) != VS_OK)
		return VS_EINVAL;
	res = vs_db_exec("UPDATE playlists SET title = coalesce($2, title), "
	    "description = coalesce($3, description), visibility = "
	    "coalesce($4, visibility), updated_at = now() WHERE id = $1", 4, p);
	if (res == NULL)
		return vs_db_error();
	rc = strcmp(PQcmdTuples(res), "1") == 0 ? VS_OK : VS_ENOTFOUND;
	PQclear(res);
	return rc;
}

enum vs_err
vs_playlist_delete(const char *id)
{
	const char	*p[] = { id };
	PGresult	*res;
	enum vs_err	 rc;

	if (!known(id))
		return VS_ENOTFOUND;
	if ((res = vs_db_exec("DELETE FROM playlists WHERE id = $1", 1, p)) ==
	    NULL)
		return vs_db_error();
	rc = strcmp(PQcmdTuples(res), "1") == 0 ? VS_OK : VS_ENOTFOUND;
	PQclear(res);
	return rc;
}

/* Make room at the position wanted and put the video there. */
static int
add_tx(void *arg)
{
	struct change	*c = arg;
	char		 at[24];
	const char	*p[] = { c->c_list, c->c_video, at };
	const char	*q[] = { c->c_list, at };
	long long	 n;

	if ((n = lock_list(c)) == -1)
		return -1;
	if (number("SELECT count(*) FROM playlist_items WHERE playlist_id = "
	    "$1 AND video_id = $2", 2, p) != 0) {
		c->c_rc = VS_ECONFLICT;
		return -1;
	}
	if (n >= VS_PLAYLIST_ITEMS_MAX) {
		c->c_rc = VS_ELIMIT;
		return -1;
	}
	snprintf(at, sizeof(at), "%lld", c->c_pos < 1 || c->c_pos > n ?
	    n + 1 : c->c_pos);
	if (run("UPDATE playlist_items SET position = position + 1 WHERE "
	    "playlist_id = $1 AND position >= $2::int", 2, q) == -1 ||
	    run("INSERT INTO playlist_items (playlist_id, video_id, position) "
	    "VALUES ($1, $2, $3::int)", 3, p) == -1)
		return -1;
	return touch(c->c_list);
}

enum vs_err
vs_playlist_add(const char *id, const char *video, long long pos)
{
	struct change	 c = { .c_list = id, .c_video = video, .c_pos = pos };

	if (!known(id) || !known(video))
		return VS_ENOTFOUND;
	return under_lock(add_tx, &c);
}

/* The trigger of the table numbers the rest again (schema 0011). */
static int
remove_tx(void *arg)
{
	struct change	*c = arg;
	const char	*p[] = { c->c_list, c->c_video };

	if (lock_list(c) == -1 || position_of(c) == -1)
		return -1;
	if (run("DELETE FROM playlist_items WHERE playlist_id = $1 AND "
	    "video_id = $2", 2, p) == -1)
		return -1;
	return touch(c->c_list);
}

enum vs_err
vs_playlist_remove(const char *id, const char *video)
{
	struct change	 c = { .c_list = id, .c_video = video };

	if (!known(id) || !known(video))
		return VS_ENOTFOUND;
	return under_lock(remove_tx, &c);
}

/* Take the item to its new place; those between shift by one. */
static int
move_tx(void *arg)
{
	struct change	*c = arg;
	char		 from[24], to[24];
	const char	*p[] = { c->c_list, c->c_video, from, to };
	long long	 n, at;

	if ((n = lock_list(c)) == -1 || (at = position_of(c)) == -1)
		return -1;
	snprintf(from, sizeof(from), "%lld", at);
	snprintf(to, sizeof(to), "%lld", c->c_pos < 1 || c->c_pos > n ? n :
	    c->c_pos);
	/* Those between the two places take one step towards the old one. */
	if (run("UPDATE playlist_items SET position = CASE WHEN video_id = "
	    "$2 THEN $4::int WHEN $4::int < $3::int THEN position + 1 ELSE "
	    "position - 1 END WHERE playlist_id = $1 AND position BETWEEN "
	    "least($3::int, $4::int) AND greatest($3::int, $4::int)", 4, p) ==
	    -1)
		return -1;
	return touch(c->c_list);
}

enum vs_err
vs_playlist_move(const char *id, const char *video, long long pos)
{
	struct change	 c = { .c_list = id, .c_video = video, .c_pos = pos };

	if (!known(id) || !known(video))
		return VS_ENOTFOUND;
	return under_lock(move_tx, &c);
}
