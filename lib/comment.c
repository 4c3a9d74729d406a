/* comment.c: comments under videos, their replies and their reports. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "admin.h"
#include "audit.h"
#include "comment.h"
#include "db.h"
#include "json.h"
#include "report.h"
#include "str.h"
#include "user.h"

/*
 * A comment as the API shows it; t is the row's alias, me the parameter
 * naming who asks. A deleted one tells neither its author nor its text.
 */
#define COMMENT_FIELDS(t, me) "'id', " t ".id, 'video_id', " t ".video_id, " \
	"'parent_id', " t ".parent_id, 'author', CASE WHEN " t ".deleted_at " \
	"IS NULL THEN (SELECT username FROM users WHERE id = " t \
	".author_id) END, 'body', " t ".body, 'created_at', " t \
	".created_at, 'edited', " t ".edited_at IS NOT NULL, 'edited_at', " \
	t ".edited_at, 'deleted', " t ".deleted_at IS NOT NULL, 'mine', " \
	t ".deleted_at IS NULL AND " t ".author_id IS NOT DISTINCT FROM " \
	me "::uuid"
/* A first comment with its replies, oldest first (each with none). */
#define COMMENT_JSON(me) "json_build_object(" COMMENT_FIELDS("c", me) \
	", 'replies', (SELECT coalesce(json_agg(json_build_object(" \
	COMMENT_FIELDS("r", me) ", 'replies', '[]'::json) ORDER BY " \
	"r.created_at, r.id), '[]') FROM comments r WHERE r.parent_id = " \
	"c.id))"
/* A cursor's key: microseconds since the epoch, exact both ways. */
#define COMMENT_KEY "(extract(epoch FROM c.created_at) * 1000000)::bigint"

/* Each order: its name, how the cursor compares, the direction. */
static const struct {
	const char	*s_name;
	const char	*s_cmp;
	const char	*s_dir;
} sorts[] = {
	{ "newest", "<", "DESC" },
	{ "oldest", ">", "ASC" },
};

static const char *const resolutions[] = {
	"dismissed", "comment_deleted", "user_banned"
};

/* Is byte p[0] (of a valid UTF-8 string) a character comments refuse? */
static int
control(const unsigned char *p)
{
	if (*p == '\n' || *p == '\t' || (*p == '\r' && p[1] == '\n'))
		return 0;
	/* C0, DEL, and C1 (U+0080 to U+009F: C2 80 to C2 9F). */
	return *p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] < 0xa0);
}

enum vs_err
vs_comment_clean(const char *s, size_t len, char **out, const char **why)
{
	const unsigned char	*p;
	char			*t;
	size_t			 n = 0, chars = 0;
	int			 blank = 1;

	*out = NULL;
	*why = "A comment is 1 to 5000 characters of text.";
	if (s == NULL || strlen(s) != len || !vs_str_utf8(s))
		return VS_EINVAL;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (control(p)) {
			*why = "A comment cannot hold control characters.";
			return VS_EINVAL;
		}
	if ((t = malloc(len + 1)) == NULL)
		return VS_ERR;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\r')
			continue;
		if ((*p & 0xc0) != 0x80)
			chars++;
		if (*p != ' ' && *p != '\n' && *p != '\t')
			blank = 0;
		t[n++] = (char)*p;
	}
	t[n] = '\0';
	if (blank || chars > VS_COMMENT_MAX) {
		free(t);
		return VS_EINVAL;
	}
	*out = t;
	return VS_OK;
}

/*
 * A cursor is "<key>.<uuid>", the key at most 17 digits (microseconds up
 * to the year 5000, well within what PostgreSQL's timestamps hold): split
 * it, or -1.
 */
static int
cursor_split(const char *c, char *key, size_t klen, char *id)
{
	const char	*dot = c ? strchr(c, '.') : NULL;
	size_t		 n;

	if (dot == NULL || (n = (size_t)(dot - c)) == 0 || n >= klen ||
	    strspn(c, "0123456789") != n || !vs_uuid_valid(dot + 1))
		return -1;
	memcpy(key, c, n);
	key[n] = '\0';
	snprintf(id, 37, "%s", dot + 1);
	return 0;
}

/* The index of q's sort in sorts[], or -1 for one not there. */
static int
sort_index(const char *name)
{
	size_t	 i;

	if (name == NULL)
		return 0;
	for (i = 0; i < sizeof(sorts) / sizeof(sorts[0]); i++)
		if (strcmp(sorts[i].s_name, name) == 0)
			return (int)i;
	return -1;
}

enum vs_err
vs_comment_list(const struct vs_comment_query *q, struct json_object **items,
    char **next)
{
	char		 sql[4096], key[18], id[37], limit[16];
	const char	*p[5];
	PGresult	*res;
	int		 s, n, i, want;

	*items = NULL;
	*next = NULL;
	if ((s = sort_index(q->cq_sort)) == -1 || (q->cq_after != NULL &&
	    cursor_split(q->cq_after, key, sizeof(key), id) == -1))
		return VS_EINVAL;
	if (!vs_uuid_valid(q->cq_video))
		return VS_ENOTFOUND;
	want = q->cq_limit > 0 && q->cq_limit <= VS_COMMENT_PAGE_MAX ?
	    q->cq_limit : VS_COMMENT_PAGE;
	snprintf(limit, sizeof(limit), "%d", want + 1);
	p[0] = q->cq_video;
	p[1] = q->cq_after ? key : NULL;
	p[2] = q->cq_after ? id : NULL;
	p[3] = limit;
	p[4] = q->cq_me;
	/* Only fixed fragments from the table above: user text is $n only. */
	snprintf(sql, sizeof(sql), "SELECT " COMMENT_JSON("$5") ", " COMMENT_KEY
	    "::text, c.id FROM comments c WHERE c.video_id = $1 AND "
	    "c.parent_id IS NULL AND ($2::bigint IS NULL OR (c.created_at, "
	    "c.id) %s ('epoch'::timestamptz + $2::bigint * interval "
	    "'1 microsecond', $3::uuid)) ORDER BY c.created_at %s, c.id %s "
	    "LIMIT $4::int", sorts[s].s_cmp, sorts[s].s_dir, sorts[s].s_dir);
	if ((res = vs_db_exec(sql, 5, p)) == NULL)
		return vs_db_error() == VS_EUNAVAIL ? VS_EUNAVAIL : VS_ERR;
	*items = json_object_new_array();
	n = PQntuples(res);
	for (i = 0; i < n && i < want; i++)
		json_object_array_add(*items, vs_json_parse(vs_db_get(res, i, 0),
		    (size_t)PQgetlength(res, i, 0)));
	if (n > want && asprintf(next, "%s.%s", vs_db_get(res, want - 1, 1),
	    vs_db_get(res, want - 1, 2)) == -1)
		*next = NULL;
	PQclear(res);
	return VS_OK;
}

enum vs_err
vs_comment_describe(const char *video, struct json_object *v)
{
	const char	*p[] = { video };
	PGresult	*res;
	enum vs_err	 rc = VS_ENOTFOUND;

	if (!vs_uuid_valid(video))
		return VS_ENOTFOUND;
	res = vs_db_exec("SELECT v.comments_enabled, (SELECT count(*) FROM "
	    "comments c WHERE c.video_id = v.id AND c.deleted_at IS NULL) "
	    "FROM videos v WHERE v.id = $1", 1, p);
	if (res == NULL)
		return vs_db_error();
	if (PQntuples(res) == 1) {
		json_object_object_add(v, "comments_enabled",
		    json_object_new_boolean(vs_db_bool(res, 0, 0)));
		json_object_object_add(v, "comment_count",
		    json_object_new_int64(vs_db_ll(res, 0, 1)));
		rc = VS_OK;
	}
	PQclear(res);
	return rc;
}

/* Run a statement about one id; VS_OK when it touched a row. */
static enum vs_err
one_change(const char *sql, int n, const char *const *p)
{
	PGresult	*res;
	enum vs_err	 rc;

	if (!vs_uuid_valid(p[0]))
		return VS_ENOTFOUND;
	if ((res = vs_db_exec(sql, n, p)) == NULL)
		return vs_db_error();
	rc = strcmp(PQcmdTuples(res), "0") == 0 ? VS_ENOTFOUND : VS_OK;
	PQclear(res);
	return rc;
}

enum vs_err
vs_comment_set_enabled(const char *video, int on)
{
	const char	*p[] = { video, on ? "true" : "false" };

	return one_change("UPDATE videos SET comments_enabled = $2::boolean, "
	    "updated_at = now() WHERE id = $1", 2, p);
}

enum vs_err
vs_comment_meta(const char *id, struct vs_comment_meta *m)
{
	const char	*p[] = { id };
	PGresult	*res;
	enum vs_err	 rc = VS_ENOTFOUND;

	memset(m, 0, sizeof(*m));
	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	res = vs_db_exec("SELECT c.video_id, c.author_id, c.deleted_at IS NOT "
	    "NULL, v.comments_enabled FROM comments c JOIN videos v ON v.id = "
	    "c.video_id WHERE c.id = $1", 1, p);
	if (res == NULL)
		return vs_db_error();
	if (PQntuples(res) == 1) {
		vs_db_str(res, 0, 0, m->cm_video, sizeof(m->cm_video));
		vs_db_str(res, 0, 1, m->cm_author, sizeof(m->cm_author));
		m->cm_deleted = vs_db_bool(res, 0, 2);
		m->cm_enabled = vs_db_bool(res, 0, 3);
		rc = VS_OK;
	}
	PQclear(res);
	return rc;
}

enum vs_err
vs_comment_get(const char *id, const char *who, struct json_object **out)
{
	const char	*p[] = { id, who };

	*out = NULL;
	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	return vs_db_json_row("SELECT " COMMENT_JSON("$2") " FROM comments c "
	    "WHERE c.id = $1", 2, p, out);
}

/*
 * The first comment a reply to parent goes under: parent itself or its
 * own parent, a live comment of video with fewer than
 * VS_COMMENT_REPLIES_MAX replies. 0 with top filled, or -1 with rc.
 */
static int
reply_top(const char *video, const char *parent, char *top, enum vs_err *rc)
{
	const char	*p[] = { parent, video };
	PGresult	*res;

	*rc = VS_EINVAL;
	if (!vs_uuid_valid(parent))
		return -1;
	res = vs_db_exec("SELECT t.id, (SELECT count(*) FROM comments r WHERE "
	    "r.parent_id = t.id) FROM comments c JOIN comments t ON t.id = "
	    "coalesce(c.parent_id, c.id) WHERE c.id = $1 AND c.video_id = $2 "
	    "AND t.deleted_at IS NULL", 2, p);
	if (res == NULL) {
		*rc = vs_db_error();
		return -1;
	}
	if (PQntuples(res) == 1 && vs_db_str(res, 0, 0, top, 37) == 0)
		*rc = vs_db_ll(res, 0, 1) < VS_COMMENT_REPLIES_MAX ? VS_OK :
		    VS_ELIMIT;
	PQclear(res);
	return *rc == VS_OK ? 0 : -1;
}

enum vs_err
vs_comment_post(const char *video, const char *author, const char *parent,
    const char *body, char *id)
{
	char		 top[37];
	const char	*p[] = { video, NULL, author, body };
	PGresult	*res;
	enum vs_err	 rc;

	*id = '\0';
	if (!vs_uuid_valid(video))
		return VS_ENOTFOUND;
	if (parent != NULL && *parent != '\0') {
		if (reply_top(video, parent, top, &rc) == -1)
			return rc;
		p[1] = top;
	}
	res = vs_db_exec("INSERT INTO comments (video_id, parent_id, author_id, "
	    "body) SELECT v.id, $2::uuid, $3::uuid, $4 FROM videos v WHERE "
	    "v.id = $1 AND v.comments_enabled RETURNING id", 4, p);
	if (res == NULL)
		return vs_db_error();
	rc = PQntuples(res) == 1 ? VS_OK : VS_ECONFLICT;
	if (rc == VS_OK)
		vs_db_str(res, 0, 0, id, 37);
	PQclear(res);
	return rc;
}

enum vs_err
vs_comment_edit(const char *id, const char *body)
{
	const char	*p[] = { id, body };

	return one_change("UPDATE comments SET body = $2, edited_at = now() "
	    "WHERE id = $1 AND deleted_at IS NULL", 2, p);
}

enum vs_err
vs_comment_delete(const char *id)
{
	const char	*p[] = { id };
	PGresult	*res;
	enum vs_err	 rc;

	/* With replies: kept in its place, emptied. */
	rc = one_change("UPDATE comments SET body = '', edited_at = NULL, "
	    "deleted_at = now() WHERE id = $1 AND deleted_at IS NULL AND "
	    "EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = $1)", 1, p);
	if (rc != VS_ENOTFOUND || !vs_uuid_valid(id))
		return rc;
	/*
	 * Without: gone, and a deleted first comment with it once this was
	 * its last reply (the statement does not see its own deletion).
	 */
	res = vs_db_exec("WITH d AS (DELETE FROM comments WHERE id = $1 AND "
	    "deleted_at IS NULL RETURNING parent_id), t AS (DELETE FROM "
	    "comments c USING d WHERE c.id = d.parent_id AND c.deleted_at IS "
	    "NOT NULL AND NOT EXISTS (SELECT 1 FROM comments r WHERE "
	    "r.parent_id = c.id AND r.id <> $1) RETURNING c.id) "
	    "SELECT count(*) FROM d", 1, p);
	if (res == NULL)
		return vs_db_error();
	rc = vs_db_ll(res, 0, 0) == 1 ? VS_OK : VS_ENOTFOUND;
	PQclear(res);
	return rc;
}

enum vs_err
vs_comment_remove(const struct vs_actor *a, const char *id)
{
	struct json_object	*before;
	enum vs_err		 rc;

	if ((rc = vs_comment_get(id, NULL, &before)) != VS_OK)
		return rc;
	/* The comment as it was; its replies are not what was judged. */
	json_object_object_del(before, "replies");
	if ((rc = vs_comment_delete(id)) == VS_OK)
		vs_audit(a->ac_user, "comment.delete", "comment", id,
		    a->ac_addr, before, NULL);
	json_object_put(before);
	return rc;
}

/* The author of a live comment id into author (37 bytes). */
static enum vs_err
author_of(const char *id, char *author)
{
	struct vs_comment_meta	 m;
	enum vs_err		 rc;

	if ((rc = vs_comment_meta(id, &m)) != VS_OK)
		return rc;
	if (m.cm_deleted)
		return VS_ENOTFOUND;
	memcpy(author, m.cm_author, 37);
	return VS_OK;
}

enum vs_err
vs_comment_ban(const struct vs_actor *a, const char *id, const char *reason,
    const char *until, const char **why)
{
	char		 author[37];
	enum vs_err	 rc;

	if ((rc = author_of(id, author)) != VS_OK)
		return rc;
	return vs_admin_ban(a, author, reason, until, why);
}

enum vs_err
vs_comment_report(const char *id, const char *reporter, const char *reason,
    const char *details)
{
	const char	*p[] = { id, reporter, reason, details ? details : "" };
	char		 author[37];
	PGresult	*res;
	enum vs_err	 rc;

	if (!vs_report_reason_valid(reason) || (details != NULL &&
	    (strlen(details) > 2000 || !vs_str_utf8(details))))
		return VS_EINVAL;
	if ((rc = author_of(id, author)) != VS_OK)
		return rc;
	res = vs_db_exec("INSERT INTO comment_reports (comment_id, reporter_id, "
	    "reason, details) VALUES ($1, $2, $3, $4)", 4, p);
	if (res == NULL)
		return vs_db_error();
	PQclear(res);
	return VS_OK;
}

enum vs_err
vs_comment_report_queue(struct json_object **out)
{
	return vs_db_json_rows("SELECT json_build_object('comment_id', c.id, "
	    "'video_id', c.video_id, 'title', v.title, 'author', u.username, "
	    "'body', left(c.body, 300), 'reports', count(*), 'first_at', "
	    "min(r.created_at), 'reasons', array_agg(DISTINCT r.reason)) FROM "
	    "comment_reports r JOIN comments c ON c.id = r.comment_id JOIN "
	    "videos v ON v.id = c.video_id JOIN users u ON u.id = c.author_id "
	    "WHERE r.status = 'pending' AND c.deleted_at IS NULL GROUP BY c.id, "
	    "v.title, u.username ORDER BY count(*) DESC, min(r.created_at) "
	    "LIMIT 200", 0, NULL, out);
}

/* Act on a resolution (its index in resolutions[]). */
static enum vs_err
resolve(const struct vs_actor *a, const char *id, int how, const char *note,
    const char **why)
{
	char	 reason[600];

	if (how == 1)
		return vs_comment_remove(a, id);
	if (how != 2)
		return VS_OK;
	snprintf(reason, sizeof(reason), "Reported comment%s%.500s",
	    note && *note ? ": " : "", note ? note : "");
	return vs_comment_ban(a, id, reason, NULL, why);
}

enum vs_err
vs_comment_review(const struct vs_actor *a, const char *id,
    const char *status, const char *resolution, const char *note,
    const char **why)
{
	const char		*p[] = { id, status, resolution, note,
				    a->ac_user->u_id };
	struct json_object	*before;
	enum vs_err		 rc;
	int			 how = vs_str_index(resolutions, 3, resolution);

	if (status == NULL || (strcmp(status, "reviewed") != 0 &&
	    (strcmp(status, "resolved") != 0 || how < 0)) ||
	    (strcmp(status, "reviewed") == 0 && resolution != NULL) ||
	    (note != NULL && (strlen(note) > 2000 || !vs_str_utf8(note)))) {
		*why = "Send status reviewed, or resolved with a resolution "
		    "(dismissed, comment_deleted, user_banned), and an optional "
		    "note.";
		return VS_EINVAL;
	}
	if ((rc = vs_comment_get(id, NULL, &before)) != VS_OK)
		return rc;
	json_object_object_del(before, "replies");
	rc = one_change("UPDATE comment_reports SET status = $2, resolution = "
	    "$3, note = $4, reviewed_by = $5, reviewed_at = now() WHERE "
	    "comment_id = $1 AND status IN ('pending', 'reviewed')", 5, p);
	if (rc == VS_OK) {
		vs_audit(a->ac_user, "report.review", "comment", id, a->ac_addr,
		    before, NULL);
		rc = resolve(a, id, how, note, why);
	}
	json_object_put(before);
	return rc;
}
