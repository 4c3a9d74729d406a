/* upload.c: the upload store: quotas, reservations, upload files. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "str.h"
#include "upload.h"
#include "user.h"
#include "video.h"

/* A multipart upload's hold on its quota lasts this long unless renewed. */
#define HOLD_TTL	600
/* ... and is renewed this often while its body arrives (seconds). */
#define HOLD_RENEW	60

enum vs_err
vs_upload_quota(const struct vs_user *u, struct vs_quota *q)
{
	const char	*p[] = { u->u_id };
	PGresult	*res;
	int		 premium = u->u_role >= VS_ROLE_PREMIUM;

	res = vs_db_exec("SELECT (SELECT coalesce(sum(source_size), 0) FROM "
	    "videos WHERE owner_id = $1) + o.n, (SELECT coalesce("
	    "sum(source_size), 0) FROM videos WHERE owner_id = $1 AND "
	    "created_at > now() - interval '1 day') + o.n FROM (SELECT "
	    "(SELECT coalesce(sum(upload_length), 0) FROM upload_sessions "
	    "WHERE user_id = $1 AND state = 'open' AND expires_at > now()) + "
	    "(SELECT coalesce(sum(bytes), 0) FROM upload_reservations WHERE "
	    "user_id = $1 AND expires_at > now()) AS n) o", 1, p);
	if (res == NULL)
		return vs_db_error();
	q->q_used = vs_db_ll(res, 0, 0);
	q->q_today = vs_db_ll(res, 0, 1);
	PQclear(res);
	q->q_limit = vs_config_int(premium ? VS_CFG_QUOTA_PREMIUM :
	    VS_CFG_QUOTA_USER);
	q->q_daily = vs_config_int(premium ? VS_CFG_QUOTA_PREMIUM_DAILY :
	    VS_CFG_QUOTA_USER_DAILY);
	q->q_file = vs_config_int(VS_CFG_UPLOAD_MAX);
	return VS_OK;
}

/* The most bytes one more upload may bring: the tightest of the limits. */
static long long
room(const struct vs_quota *q)
{
	long long	 r = q->q_file;

	if (q->q_limit > 0 && q->q_limit - q->q_used < r)
		r = q->q_limit - q->q_used;
	if (q->q_daily > 0 && q->q_daily - q->q_today < r)
		r = q->q_daily - q->q_today;
	return r;
}

/* Do n more bytes fit? 0, or -1 with a message giving the numbers. */
static int
fits(const struct vs_quota *q, long long n, char *why, size_t len)
{
	if (n <= room(q))
		return 0;
	if (n > q->q_file)
		snprintf(why, len, "The file is %lld bytes; the largest "
		    "upload allowed is %lld bytes.", n, q->q_file);
	else if (q->q_limit > 0 && q->q_used + n > q->q_limit)
		snprintf(why, len, "Over your storage quota: %lld of %lld "
		    "bytes used, this upload needs %lld more.", q->q_used,
		    q->q_limit, n);
	else
		snprintf(why, len, "Over your daily upload quota: %lld of "
		    "%lld bytes uploaded in the last 24 hours, this upload "
		    "needs %lld more.", q->q_today, q->q_daily, n);
	return -1;
}

/* Room held for one upload, under its owner's quota lock. */
struct hold {
	const struct vs_user	*h_user;
	long long		 h_need;
	long long		 h_want;
	int			(*h_count)(void *, long long);
	void			*h_arg;
	char			*h_why;
	size_t			 h_len;
};

/* hold_tx's answer when the bytes do not fit. */
#define HOLD_REFUSED	1

static int
hold_tx(void *arg)
{
	struct hold	*h = arg;
	const char	*p[] = { h->h_user->u_id };
	struct vs_quota	 q;
	PGresult	*res;
	long long	 r;

	/* One at a time per user: the sum and the row that adds to it. */
	res = vs_db_exec("SELECT pg_advisory_xact_lock(hashtextextended("
	    "'quota ' || $1, 0))", 1, p);
	PQclear(res);
	if (res == NULL || vs_upload_quota(h->h_user, &q) != VS_OK)
		return -1;
	if (fits(&q, h->h_need, h->h_why, h->h_len) == -1)
		return HOLD_REFUSED;
	r = room(&q);
	return h->h_count(h->h_arg, h->h_want < r ? h->h_want : r);
}

enum vs_err
vs_upload_hold(const struct vs_user *u, long long need, long long want,
    int (*count)(void *, long long), void *arg, char *why, size_t len)
{
	struct hold	 h = { u, need, want, count, arg, why, len };

	switch (vs_db_tx(hold_tx, &h)) {
	case 0:
		return VS_OK;
	case HOLD_REFUSED:
		return VS_EINVAL;
	default:
		return VS_EUNAVAIL;
	}
}

/* A reservation on its way in: whose, and where it goes. */
struct reserving {
	const char		*rv_user;
	struct vs_reservation	*rv_r;
};

/* The reservation row of n bytes, made under the quota lock. */
static int
reserve(void *arg, long long n)
{
	struct reserving	*rv = arg;
	struct vs_reservation	*r = rv->rv_r;
	char			 bytes[24], ttl[24];
	const char		*p[] = { rv->rv_user, bytes, ttl };
	PGresult		*res;
	int			 rc;

	snprintf(bytes, sizeof(bytes), "%lld", n);
	snprintf(ttl, sizeof(ttl), "%d", HOLD_TTL);
	res = vs_db_exec("INSERT INTO upload_reservations (user_id, bytes, "
	    "expires_at) VALUES ($1, $2, now() + $3 * interval '1 second') "
	    "RETURNING id", 3, p);
	if (res == NULL)
		return -1;
	rc = vs_db_str(res, 0, 0, r->rs_id, sizeof(r->rs_id));
	r->rs_bytes = n;
	r->rs_renewed = time(NULL);
	PQclear(res);
	return rc;
}

enum vs_err
vs_upload_reserve(const struct vs_user *u, long long need, long long want,
    struct vs_reservation *r, char *why, size_t len)
{
	struct reserving	 rv = { u->u_id, r };

	r->rs_id[0] = '\0';
	return vs_upload_hold(u, need, want, reserve, &rv, why, len);
}

enum vs_err
vs_upload_renew(struct vs_reservation *r)
{
	const char	*p[] = { r->rs_id, NULL };
	char		 ttl[24];
	PGresult	*res;
	int		 kept;

	if (time(NULL) - r->rs_renewed < HOLD_RENEW)
		return VS_OK;
	snprintf(ttl, sizeof(ttl), "%d", HOLD_TTL);
	p[1] = ttl;
	res = vs_db_exec("UPDATE upload_reservations SET expires_at = now() + "
	    "$2 * interval '1 second' WHERE id = $1 AND expires_at > now()",
	    2, p);
	if (res == NULL)
		return VS_EUNAVAIL;
	kept = strcmp(PQcmdTuples(res), "1") == 0;
	PQclear(res);
	if (!kept)
		return VS_ENOTFOUND;
	r->rs_renewed = time(NULL);
	return VS_OK;
}

void
vs_upload_release(const struct vs_reservation *r)
{
	const char	*p[] = { r->rs_id };

	if (r->rs_id[0] != '\0')
		PQclear(vs_db_exec("DELETE FROM upload_reservations WHERE "
		    "id = $1", 1, p));
}

struct json_object *
vs_upload_quota_json(const struct vs_quota *q)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "used", json_object_new_int64(q->q_used));
	json_object_object_add(o, "limit", json_object_new_int64(q->q_limit));
	json_object_object_add(o, "today", json_object_new_int64(q->q_today));
	json_object_object_add(o, "daily", json_object_new_int64(q->q_daily));
	json_object_object_add(o, "file", json_object_new_int64(q->q_file));
	return o;
}

int
vs_upload_path(const char *id, const char *suffix, char *buf, size_t len)
{
	int	 n;

	if (!vs_uuid_valid(id))
		return -1;
	n = snprintf(buf, len, "%s/uploads/%s%s",
	    vs_config_str(VS_CFG_DATA_DIR), id, suffix);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int
vs_upload_create(const char *id, const char *suffix, char *path, size_t len)
{
	char	 dir[4096];

	snprintf(dir, sizeof(dir), "%s/uploads",
	    vs_config_str(VS_CFG_DATA_DIR));
	if ((mkdir(dir, 0770) == -1 && errno != EEXIST) ||
	    vs_upload_path(id, suffix, path, len) == -1)
		return -1;
	return open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
}

enum vs_err
vs_upload_errno(int err)
{
	vs_errx("%s: %s", __func__, strerror(err));
	return err == ENOSPC || err == EDQUOT ? VS_ENOSPACE : VS_ERR;
}

enum vs_err
vs_upload_finish(const char *path, const struct vs_video_new *vn, char *id,
    char *why, size_t len)
{
	enum vs_err	 rc;

	if ((rc = vs_video_import(path, 1, vn, id, why, len)) != VS_OK)
		unlink(path);
	return rc;
}

void
vs_upload_title(const char *name, char *out, size_t len)
{
	const char	*dot = strrchr(name, '.');
	size_t		 n = dot && dot != name ? (size_t)(dot - name) :
			    strlen(name);

	if (n == 0 || n >= len || !vs_str_utf8(name))
		snprintf(out, len, "Untitled");
	else
		snprintf(out, len, "%.*s", (int)n, name);
}

/* Is the upload file name (<id>.mp or <id>.part) claimed by a live row? */
static int
claimed(const char *name)
{
	char		 id[37];
	const char	*p[] = { id };
	PGresult	*res;
	int		 yes;

	if (strlen(name) < 36)
		return 0;
	snprintf(id, sizeof(id), "%.36s", name);
	if (!vs_uuid_valid(id) || (strcmp(name + 36, ".mp") != 0 &&
	    strcmp(name + 36, ".part") != 0))
		return 0;
	res = vs_db_exec("SELECT EXISTS (SELECT 1 FROM upload_sessions WHERE "
	    "id = $1 AND state = 'open') OR EXISTS (SELECT 1 FROM "
	    "upload_reservations WHERE id = $1)", 1, p);
	/* When in doubt, keep it. */
	yes = res == NULL || vs_db_bool(res, 0, 0);
	PQclear(res);
	return yes;
}

/*
 * Remove upload files no row claims (a crashed process, an account
 * deleted behind our back) once they have been still for a while; a count.
 */
static int
sweep_orphans(void)
{
	char		 dir[4096], path[4400];
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	int		 count = 0;

	snprintf(dir, sizeof(dir), "%s/uploads",
	    vs_config_str(VS_CFG_DATA_DIR));
	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_name[0] != '.' && stat(path, &st) == 0 &&
		    S_ISREG(st.st_mode) &&
		    st.st_mtime < time(NULL) - HOLD_TTL &&
		    !claimed(e->d_name) && unlink(path) == 0)
			count++;
	}
	closedir(d);
	return count;
}

/* Remove the files of the rows a statement returns (id, suffix); a count. */
static int
remove_files(const char *sql, int n, const char *const *p)
{
	PGresult	*res;
	char		 path[4096], id[37], suffix[8];
	int		 i, count = 0;

	if ((res = vs_db_exec(sql, n, p)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++)
		if (vs_db_str(res, i, 0, id, sizeof(id)) == 0 &&
		    vs_db_str(res, i, 1, suffix, sizeof(suffix)) == 0 &&
		    vs_upload_path(id, suffix, path, sizeof(path)) == 0 &&
		    unlink(path) == 0)
			count++;
	PQclear(res);
	return count;
}

int
vs_upload_sweep(void)
{
	int	 n, m;

	n = remove_files("UPDATE upload_sessions SET state = 'expired', "
	    "updated_at = now() WHERE state = 'open' AND expires_at < now() "
	    "RETURNING id, '.part'", 0, NULL);
	m = remove_files("DELETE FROM upload_reservations WHERE expires_at < "
	    "now() RETURNING id, '.mp'", 0, NULL);
	if (n == -1 || m == -1)
		return -1;
	PQclear(vs_db_exec("DELETE FROM upload_sessions WHERE state <> 'open' "
	    "AND updated_at < now() - interval '7 days'", 0, NULL));
	return n + m + sweep_orphans();
}

int
vs_upload_drop_user(const char *user)
{
	const char	*p[] = { user };

	return remove_files("WITH s AS (DELETE FROM upload_sessions WHERE "
	    "user_id = $1 AND state = 'open' RETURNING id), r AS (DELETE FROM "
	    "upload_reservations WHERE user_id = $1 RETURNING id) "
	    "SELECT id, '.part' FROM s UNION ALL SELECT id, '.mp' FROM r", 1,
	    p) == -1 ? -1 : 0;
}
