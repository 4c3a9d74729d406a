/* admin.c: what moderators and administrators see and do. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "admin.h"
#include "audit.h"
#include "db.h"
#include "job.h"
#include "json.h"
#include "str.h"
#include "stream.h"
#include "upload.h"
#include "user.h"
#include "video.h"

enum vs_err
vs_admin_overview(struct json_object **out)
{
	return vs_db_json_row("SELECT json_build_object("
	    "'users', (SELECT count(*) FROM users), "
	    "'banned', (SELECT count(*) FROM users WHERE banned_at IS NOT NULL "
	    "AND (ban_until IS NULL OR ban_until > now())), "
	    "'videos', (SELECT coalesce(json_object_agg(status, n), '{}') FROM "
	    "(SELECT status, count(*) AS n FROM videos GROUP BY status) s), "
	    "'hidden', (SELECT count(*) FROM videos WHERE hidden), "
	    "'originals_bytes', (SELECT coalesce(sum(source_size), 0) FROM "
	    "videos), "
	    "'queue', " VS_JOB_QUEUE_JSON ", "
	    "'pending_reports', (SELECT count(*) FROM content_reports WHERE "
	    "status = 'pending'), "
	    "'per_day', (SELECT json_agg(json_build_object('day', d::date, "
	    "'uploads', (SELECT count(*) FROM videos WHERE created_at >= d AND "
	    "created_at < d + interval '1 day'), 'views', (SELECT "
	    "coalesce(sum(views), 0) FROM video_analytics WHERE day = "
	    "d::date)) "
	    "ORDER BY d) FROM generate_series(current_date - 13, current_date, "
	    "interval '1 day') d), "
	    "'top_videos', (SELECT coalesce(json_agg(t), '[]') FROM (SELECT "
	    "v.id, v.title, sum(a.views) AS views FROM video_analytics a JOIN "
	    "videos v ON v.id = a.video_id WHERE a.day > current_date - 7 "
	    "GROUP BY v.id ORDER BY 3 DESC LIMIT 10) t))", 0, NULL, out);
}

enum vs_err
vs_admin_users(const char *q, struct json_object **out)
{
	const char	*p[] = { q && *q ? q : NULL };

	return vs_db_json_rows("SELECT json_build_object('id', u.id, "
	    "'username', u.username, 'email', u.email, 'role', u.role, "
	    "'created_at', u.created_at, 'banned', u.banned_at IS NOT NULL AND "
	    "(u.ban_until IS NULL OR u.ban_until > now()), 'ban_reason', "
	    "u.ban_reason, 'ban_until', u.ban_until, 'videos', (SELECT "
	    "count(*) FROM videos v WHERE v.owner_id = u.id)) FROM users u "
	    "WHERE $1::text "
	    "IS NULL OR strpos(lower(u.username), lower($1)) > 0 OR "
	    "strpos(lower(u.email), lower($1)) > 0 ORDER BY u.created_at DESC "
	    "LIMIT 200", 1, p, out);
}

enum vs_err
vs_admin_videos(const char *status, const char *q, struct json_object **out)
{
	const char	*p[] = { status && *status ? status : NULL,
			    q && *q ? q : NULL };

	return vs_db_json_rows("SELECT json_build_object('id', v.id, 'title', "
	    "v.title, 'owner', u.username, 'status', v.status, 'visibility', "
	    "v.visibility, 'hidden', v.hidden, 'hidden_reason', "
	    "v.hidden_reason, 'views', v.view_count, 'source_size', "
	    "v.source_size, 'created_at', v.created_at, 'reports', (SELECT "
	    "count(*) FROM content_reports r WHERE r.video_id = v.id AND "
	    "r.status = 'pending'), 'attempts', j.attempts, 'max_attempts', "
	    "j.max_attempts, 'resumed_at', j.resumed_at) FROM videos v JOIN "
	    "users u ON u.id = v.owner_id LEFT JOIN LATERAL (SELECT attempts, "
	    "max_attempts, resumed_at FROM transcode_jobs WHERE video_id = "
	    "v.id ORDER BY created_at DESC LIMIT 1) j ON true "
	    "WHERE ($1::text IS NULL OR v.status = $1) AND "
	    "($2::text "
	    "IS NULL OR strpos(lower(v.title), lower($2)) > 0 OR "
	    "lower(u.username) = lower($2)) ORDER BY v.created_at DESC "
	    "LIMIT 200", 2, p, out);
}

/* The JSON row a statement gives for one id, or VS_ENOTFOUND. */
static enum vs_err
one_row(const char *sql, const char *id, struct json_object **out)
{
	const char	*p[] = { id };

	*out = NULL;
	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	return vs_db_json_row(sql, 1, p, out);
}

enum vs_err
vs_admin_video_stats(const char *id, struct json_object **out)
{
	return one_row("SELECT json_build_object('id', v.id, 'title', "
	    "v.title, 'views', v.view_count, 'unique_viewers', (SELECT "
	    "count(DISTINCT viewer_key) FROM video_views WHERE video_id = "
	    "v.id), "
	    "'watch_seconds', (SELECT coalesce(sum(watch_seconds), 0) FROM "
	    "video_views WHERE video_id = v.id), 'days', (SELECT "
	    "coalesce(json_agg(json_build_object('day', day, 'views', views, "
	    "'unique_viewers', unique_viewers, 'watch_seconds', watch_seconds) "
	    "ORDER BY day), '[]') FROM video_analytics WHERE video_id = v.id "
	    "AND day > current_date - 30)) FROM videos v WHERE v.id = $1",
	    id, out);
}

enum vs_err
vs_admin_user_stats(const char *id, struct json_object **out)
{
	return one_row("SELECT json_build_object('id', u.id, 'username', "
	    "u.username, 'uploads', (SELECT count(*) FROM videos WHERE "
	    "owner_id "
	    "= u.id), 'views_received', (SELECT coalesce(sum(view_count), 0) "
	    "FROM videos WHERE owner_id = u.id), 'days', (SELECT "
	    "coalesce(json_agg(json_build_object('day', day, 'uploads', "
	    "uploads, 'upload_bytes', upload_bytes, 'views_received', "
	    "views_received) ORDER BY day), '[]') FROM user_analytics WHERE "
	    "user_id = u.id AND day > current_date - 30)) FROM users u "
	    "WHERE u.id = $1", id, out);
}

/* The number of administrators not banned. */
static long long
admins_left(void)
{
	PGresult	*res;
	long long	 n = -1;

	res = vs_db_exec("SELECT count(*) FROM users WHERE role = 'admin' AND "
	    "NOT (banned_at IS NOT NULL AND (ban_until IS NULL OR ban_until > "
	    "now()))", 0, NULL);
	if (res != NULL)
		n = vs_db_ll(res, 0, 0);
	PQclear(res);
	return n;
}

/*
 * Load the target account and check the rules for acting on it: VS_OK
 * with t filled; VS_EINVAL with *why for a moderator against an
 * administrator, or, when last_admin is set, for the last administrator.
 */
static enum vs_err
target(const struct vs_actor *a, const char *id, struct vs_user *t,
    int last_admin, const char **why)
{
	enum vs_err	 rc;

	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	if ((rc = vs_user_get(id, t)) != VS_OK)
		return rc;
	if (t->u_role == VS_ROLE_ADMIN && a->ac_user->u_role < VS_ROLE_ADMIN) {
		*why = "Moderators cannot act on administrators.";
		return VS_EINVAL;
	}
	if (last_admin && t->u_role == VS_ROLE_ADMIN && !t->u_banned &&
	    admins_left() <= 1) {
		*why = "This is the last administrator: make another one "
		    "first.";
		return VS_EINVAL;
	}
	return VS_OK;
}

/* An audit entry about an account, before and after (JSON of both). */
static void
audit_user(const struct vs_actor *a, const char *action,
    const struct vs_user *before, const char *id)
{
	struct vs_user		 after;
	struct json_object	*b = vs_user_json(before), *n = NULL;

	json_object_object_add(b, "banned", json_object_new_boolean(
	    before->u_banned));
	if (vs_user_get(id, &after) == VS_OK) {
		n = vs_user_json(&after);
		json_object_object_add(n, "banned", json_object_new_boolean(
		    after.u_banned));
	}
	vs_audit(a->ac_user, action, "user", id, a->ac_addr, b, n);
	json_object_put(b);
	json_object_put(n);
}

enum vs_err
vs_admin_set_role(const struct vs_actor *a, const char *id, const char *role,
    const char **why)
{
	struct vs_user	 t;
	enum vs_err	 rc;
	int		 r = vs_role_parse(role);

	if (r < 0) {
		*why = "The role is user, premium, moderator or admin.";
		return VS_EINVAL;
	}
	if ((rc = target(a, id, &t, r != VS_ROLE_ADMIN, why)) != VS_OK)
		return rc;
	if ((rc = vs_user_set_role(t.u_name, (enum vs_role)r)) == VS_OK)
		audit_user(a, "user.role", &t, id);
	return rc;
}

enum vs_err
vs_admin_ban(const struct vs_actor *a, const char *id, const char *reason,
    const char *until, const char **why)
{
	struct vs_user	 t;
	enum vs_err	 rc;

	if (reason == NULL || *reason == '\0' || strlen(reason) > 500 ||
	    !vs_str_utf8(reason)) {
		*why = "Give a reason (at most 500 characters).";
		return VS_EINVAL;
	}
	if ((rc = target(a, id, &t, 1, why)) != VS_OK)
		return rc;
	if (strcmp(t.u_id, a->ac_user->u_id) == 0) {
		*why = "You cannot ban yourself.";
		return VS_EINVAL;
	}
	rc = vs_user_ban(t.u_name, reason, until);
	if (rc == VS_ERR) {
		*why = "The end of the ban is not a time (2027-01-31 12:00).";
		return VS_EINVAL;
	}
	if (rc == VS_OK)
		audit_user(a, "user.ban", &t, id);
	return rc;
}

enum vs_err
vs_admin_unban(const struct vs_actor *a, const char *id, const char **why)
{
	struct vs_user	 t;
	enum vs_err	 rc;

	if ((rc = target(a, id, &t, 0, why)) != VS_OK)
		return rc;
	if ((rc = vs_user_unban(t.u_name)) == VS_OK)
		audit_user(a, "user.unban", &t, id);
	return rc;
}

enum vs_err
vs_admin_remove_user(const char *id)
{
	struct json_object	*vids = NULL;
	const char		*p[] = { id };
	PGresult		*res;
	enum vs_err		 rc;
	size_t			 i;

	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	/* Their videos first, files and caches with them. */
	rc = vs_db_json_rows("SELECT to_json(id) FROM videos WHERE owner_id = "
	    "$1", 1, p, &vids);
	for (i = 0; rc == VS_OK && i < json_object_array_length(vids); i++)
		rc = vs_video_delete(json_object_get_string(
		    json_object_array_get_idx(vids, i)));
	json_object_put(vids);
	if (rc != VS_OK && rc != VS_ENOTFOUND)
		return rc;
	/* Then what they were still sending, or its files stay behind. */
	if (vs_upload_drop_user(id) == -1)
		return VS_EUNAVAIL;
	res = vs_db_exec("DELETE FROM users WHERE id = $1", 1, p);
	if (res == NULL)
		return vs_db_error();
	rc = strcmp(PQcmdTuples(res), "1") == 0 ? VS_OK : VS_ENOTFOUND;
	PQclear(res);
	return rc;
}

enum vs_err
vs_admin_delete_user(const struct vs_actor *a, const char *id,
    const char **why)
{
	struct vs_user		 t;
	struct json_object	*before;
	enum vs_err		 rc;

	if ((rc = target(a, id, &t, 1, why)) != VS_OK ||
	    (rc = vs_admin_remove_user(id)) != VS_OK)
		return rc;
	before = vs_user_json(&t);
	vs_audit(a->ac_user, "user.delete", "user", id, a->ac_addr, before,
	    NULL);
	json_object_put(before);
	return VS_OK;
}

/* The moderation facts of video id as JSON in *o (caller frees). */
static enum vs_err
video_facts(const char *id, struct json_object **o)
{
	return one_row("SELECT json_build_object('id', id, 'title', title, "
	    "'owner_id', owner_id, 'status', status, 'hidden', hidden, "
	    "'hidden_reason', hidden_reason) FROM videos WHERE id = $1", id, o);
}

/* Write an audit entry about video id, with before and its state now. */
static void
audit_video(const struct vs_actor *a, const char *action, const char *id,
    struct json_object *before)
{
	struct json_object	*after = NULL;

	video_facts(id, &after);
	vs_audit(a->ac_user, action, "video", id, a->ac_addr, before, after);
	json_object_put(after);
}

enum vs_err
vs_admin_hide(const struct vs_actor *a, const char *id, int hide,
    const char *reason)
{
	const char		*p[] = { id, hide ? "true" : "false",
				    hide ? (reason && *reason ? reason :
				    "hidden by a moderator") : NULL };
	struct json_object	*before;
	PGresult		*res;
	enum vs_err		 rc;

	if ((rc = video_facts(id, &before)) != VS_OK)
		return rc;
	res = vs_db_exec("UPDATE videos SET hidden = $2::boolean, "
	    "hidden_reason = $3, updated_at = now() WHERE id = $1", 3, p);
	if (res == NULL) {
		json_object_put(before);
		return vs_db_error();
	}
	PQclear(res);
	vs_stream_forget(id);
	audit_video(a, hide ? "video.hide" : "video.unhide", id, before);
	json_object_put(before);
	return VS_OK;
}

enum vs_err
vs_admin_requeue(const struct vs_actor *a, const char *id)
{
	struct json_object	*before;
	enum vs_err		 rc;

	if ((rc = video_facts(id, &before)) != VS_OK)
		return rc;
	if ((rc = vs_job_requeue(id)) == VS_OK)
		audit_video(a, "video.requeue", id, before);
	json_object_put(before);
	return rc;
}

static const char *const resolutions[] = {
	"dismissed", "video_hidden", "video_deleted", "user_banned"
};

/* Act on a resolution; VS_OK or the action's failure. */
static enum vs_err
resolve(const struct vs_actor *a, const char *id, int how, const char *note,
    const char **why)
{
	struct json_object	*v, *owner;
	enum vs_err		 rc = VS_OK;
	char			 reason[600];

	if (how == 1)
		rc = vs_admin_hide(a, id, 1, "reported");
	else if (how == 2) {
		video_facts(id, &v);
		if ((rc = vs_video_delete(id)) == VS_OK)
			vs_audit(a->ac_user, "video.delete", "video", id,
			    a->ac_addr, v, NULL);
		json_object_put(v);
	} else if (how == 3 && video_facts(id, &v) == VS_OK) {
		snprintf(reason, sizeof(reason), "Reported content%s%.500s",
		    note && *note ? ": " : "", note ? note : "");
		json_object_object_get_ex(v, "owner_id", &owner);
		rc = vs_admin_ban(a, json_object_get_string(owner), reason,
		    NULL, why);
		json_object_put(v);
	}
	return rc;
}

enum vs_err
vs_admin_review(const struct vs_actor *a, const char *id, const char *status,
    const char *resolution, const char *note, const char **why)
{
	const char		*p[] = { id, status, resolution, note,
				    a->ac_user->u_id };
	struct json_object	*before;
	PGresult		*res;
	enum vs_err		 rc;
	int			 how = vs_str_index(resolutions, 4, resolution);

	if (status == NULL || (strcmp(status, "reviewed") != 0 &&
	    (strcmp(status, "resolved") != 0 || how < 0)) ||
	    (strcmp(status, "reviewed") == 0 && resolution != NULL) ||
	    (note != NULL && (strlen(note) > 2000 || !vs_str_utf8(note)))) {
		*why = "Send status reviewed, or resolved with a resolution "
		    "(dismissed, video_hidden, video_deleted, user_banned), "
		    "and an optional note.";
		return VS_EINVAL;
	}
	if ((rc = video_facts(id, &before)) != VS_OK)
		return rc;
	res = vs_db_exec("UPDATE content_reports SET status = $2, resolution = "
	    "$3, note = $4, reviewed_by = $5, reviewed_at = now() WHERE "
	    "video_id = $1 AND status IN ('pending', 'reviewed')", 5, p);
	rc = res == NULL ? vs_db_error() : strcmp(PQcmdTuples(res), "0") == 0 ?
	    VS_ENOTFOUND : VS_OK;
	PQclear(res);
	if (rc == VS_OK) {
		vs_audit(a->ac_user, "report.review", "video", id, a->ac_addr,
		    before, NULL);
		rc = resolve(a, id, how, note, why);
	}
	json_object_put(before);
	return rc;
}
