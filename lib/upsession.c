/* upsession.c: the upload-session store: tus uploads' rows and files. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "config.h"
#include "crypto.h"
#include "db.h"
#include "fs.h"
#include "log.h"
#include "str.h"
#include "tus.h"
#include "upload.h"
#include "upsession.h"
#include "user.h"
#include "video.h"

/* How long a PATCH waits for another one on the same upload (ms). */
#define LOCK_WAIT	5000

static const char *const state_names[VS_UPS__MAX] = {
	[VS_UPS_OPEN] = "open",
	[VS_UPS_COMPLETE] = "complete",
	[VS_UPS_TERMINATED] = "terminated",
	[VS_UPS_EXPIRED] = "expired",
	[VS_UPS_FAILED] = "failed",
};

/* Run a statement on upload s's id alone, for its effect. */
static void
exec_on(const char *sql, const char *id)
{
	const char	*p[] = { id };

	PQclear(vs_db_exec(sql, 1, p));
}

/* s from the row res holds (see session_get); 0, or -1 for a bad row. */
static int
session_row(const PGresult *res, struct vs_upsession *s)
{
	int	 st;

	s->us_length = vs_db_ll(res, 0, 0);
	s->us_offset = vs_db_ll(res, 0, 1);
	if ((st = vs_str_index(state_names, VS_UPS__MAX, vs_db_get(res, 0,
	    2))) < 0)
		return -1;
	s->us_state = st;
	if (s->us_state == VS_UPS_OPEN && vs_db_bool(res, 0, 6))
		s->us_state = VS_UPS_EXPIRED;
	if (vs_db_str(res, 0, 3, s->us_video, sizeof(s->us_video)) == -1)
		return -1;
	s->us_expires = (time_t)vs_db_ll(res, 0, 4);
	s->us_meta = json_tokener_parse(vs_db_get(res, 0, 5));
	return 0;
}

/* Fill s from the row of upload id owned by u: VS_OK, VS_ENOTFOUND... */
static enum vs_err
session_get(const char *id, const struct vs_user *u, struct vs_upsession *s)
{
	const char	*p[] = { id, u->u_id };
	PGresult	*res;
	enum vs_err	 rc = VS_ENOTFOUND;

	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	res = vs_db_exec("SELECT upload_length, upload_offset, state, "
	    "coalesce(video_id::text, ''), extract(epoch FROM expires_at)"
	    "::bigint, metadata::text, expires_at < now() FROM upload_sessions "
	    "WHERE id = $1 AND user_id = $2", 2, p);
	if (res == NULL)
		return vs_db_error();
	if (PQntuples(res) == 1 && session_row(res, s) == 0) {
		snprintf(s->us_id, sizeof(s->us_id), "%s", id);
		rc = VS_OK;
	}
	PQclear(res);
	return rc;
}

enum vs_err
vs_upsession_load(const char *id, const struct vs_user *u, int done_ok,
    struct vs_upsession *s, struct vs_tus_refusal *r)
{
	enum vs_err	 rc;

	memset(s, 0, sizeof(*s));
	if ((rc = session_get(id, u, s)) == VS_EUNAVAIL)
		return rc;
	if (rc != VS_OK)
		return vs_tus_refuse(r, VS_TUS_R_NOT_FOUND, NULL);
	if (s->us_state == VS_UPS_OPEN ||
	    (done_ok && s->us_state == VS_UPS_COMPLETE))
		return VS_OK;
	if (s->us_state == VS_UPS_TERMINATED)
		vs_tus_refuse(r, VS_TUS_R_NOT_FOUND, NULL);
	else if (s->us_state == VS_UPS_COMPLETE)
		vs_tus_refuse(r, VS_TUS_R_COMPLETE, NULL);
	else
		vs_tus_refuse(r, VS_TUS_R_GONE, NULL);
	vs_upsession_free(s);
	return VS_EINVAL;
}

void
vs_upsession_free(struct vs_upsession *s)
{
	if (s == NULL)
		return;
	json_object_put(s->us_meta);
	s->us_meta = NULL;
}

/* A new upload as the quota counts it: its owner and its row. */
struct creation {
	const struct vs_user	*c_user;
	struct vs_upsession	*c_s;
};

/* Insert the session row (under the quota lock: it counts the bytes). */
static int
creation_row(void *arg, long long held)
{
	struct creation		*c = arg;
	struct vs_upsession	*s = c->c_s;
	char			 len[24], ttl[24];
	const char		*p[] = { c->c_user->u_id, len,
				    json_object_to_json_string(s->us_meta),
				    ttl };
	PGresult		*res;
	int			 rc;

	(void)held;	/* all of Upload-Length, or nothing */
	snprintf(len, sizeof(len), "%lld", s->us_length);
	snprintf(ttl, sizeof(ttl), "%lld", vs_config_int(VS_CFG_UPLOAD_EXPIRY));
	res = vs_db_exec("INSERT INTO upload_sessions (user_id, upload_length, "
	    "metadata, expires_at) VALUES ($1, $2, $3, now() + $4 * interval "
	    "'1 second') RETURNING id, extract(epoch FROM expires_at)::bigint",
	    4, p);
	if (res == NULL)
		return -1;
	rc = vs_db_str(res, 0, 0, s->us_id, sizeof(s->us_id));
	s->us_expires = (time_t)vs_db_ll(res, 0, 1);
	PQclear(res);
	return rc;
}

enum vs_err
vs_upsession_create(const struct vs_user *u, struct vs_upsession *s,
    struct vs_tus_refusal *r)
{
	struct creation	 c = { u, s };
	char		 path[4096];
	enum vs_err	 rc;
	int		 fd;

	rc = vs_upload_hold(u, s->us_length, s->us_length, creation_row, &c,
	    r->tr_text, sizeof(r->tr_text));
	if (rc == VS_EINVAL)
		r->tr_reason = s->us_length > vs_config_int(VS_CFG_UPLOAD_MAX) ?
		    VS_TUS_R_TOO_LARGE : VS_TUS_R_OVER_QUOTA;
	if (rc != VS_OK)
		return rc;
	if ((fd = vs_upload_create(s->us_id, ".part", path, sizeof(path))) !=
	    -1 && close(fd) == 0)
		return VS_OK;
	rc = vs_upload_errno(errno);
	exec_on("DELETE FROM upload_sessions WHERE id = $1", s->us_id);
	return rc;
}

void
vs_upsession_undo(const struct vs_upsession *s)
{
	char	 path[4096];

	if (vs_upload_path(s->us_id, ".part", path, sizeof(path)) == 0)
		unlink(path);
	exec_on("DELETE FROM upload_sessions WHERE id = $1 AND state = 'open'",
	    s->us_id);
}

/* Try the upload's advisory lock once: 1 taken, 0 busy, -1 no database. */
static int
lock_try(const char *id)
{
	const char	*p[] = { id };
	PGresult	*res;
	int		 got;

	res = vs_db_exec("SELECT pg_try_advisory_lock(hashtextextended($1, 0))",
	    1, p);
	if (res == NULL)
		return -1;
	got = vs_db_bool(res, 0, 0);
	PQclear(res);
	return got;
}

enum vs_err
vs_upsession_lock(const char *id, struct vs_tus_refusal *r)
{
	struct timespec	 nap = { 0, 100 * 1000 * 1000 };
	int		 waited, got = 0;

	for (waited = 0; got == 0 && waited <= LOCK_WAIT; waited += 100)
		if ((got = lock_try(id)) == 0)
			nanosleep(&nap, NULL);
	if (got == -1)
		return VS_EUNAVAIL;
	if (got == 0)
		return vs_tus_refuse(r, VS_TUS_R_LOCKED, NULL);
	return VS_OK;
}

void
vs_upsession_unlock(const char *id)
{
	exec_on("SELECT pg_advisory_unlock(hashtextextended($1, 0))", id);
}

static int
offset_save(const struct vs_upsession *s)
{
	const char	*p[] = { s->us_id, NULL };
	char		 off[24];
	PGresult	*res;

	snprintf(off, sizeof(off), "%lld", s->us_offset);
	p[1] = off;
	res = vs_db_exec("UPDATE upload_sessions SET upload_offset = $2, "
	    "updated_at = now() WHERE id = $1 AND state = 'open'", 2, p);
	PQclear(res);
	return res == NULL ? -1 : 0;
}

/* Bytes of one PATCH body on their way to the file. */
struct body {
	int			 b_fd;
	long long		 b_got;
	struct vs_digest	*b_sum;
	int			 b_errno;	/* a failed write */
	int			 b_gone;	/* the client went away */
};

/* Copy the body to the file; 0 when all of it arrived and was written. */
static int
body_copy(struct vs_upsession_body *src, struct body *b)
{
	char	*buf = malloc(VS_UPLOAD_READ);
	long	 n = 0;

	if (buf == NULL) {
		b->b_errno = ENOMEM;
		return -1;
	}
	while ((n = src->ub_read(src->ub_arg, buf, VS_UPLOAD_READ,
	    &src->ub_late)) > 0) {
		if (vs_fs_write_all(b->b_fd, buf, (size_t)n) == -1) {
			b->b_errno = errno;
			break;
		}
		if (b->b_sum != NULL)
			vs_digest_add(b->b_sum, buf, (size_t)n);
		b->b_got += n;
	}
	free(buf);
	b->b_gone = n < 0;
	return n == 0 && b->b_errno == 0 ? 0 : -1;
}

/* Does the body's digest match the client's Upload-Checksum? */
static int
sum_matches(struct body *b, const struct vs_tus_sum *want)
{
	unsigned char	 got[VS_DIGEST_MAX];
	size_t		 n = vs_digest_end(b->b_sum, got);

	return n == want->ts_len && memcmp(got, want->ts_digest, n) == 0;
}

/* Cut the file back to the bytes the row counts. */
static void
body_drop(const struct vs_upsession *s, struct body *b)
{
	if (ftruncate(b->b_fd, s->us_offset) == -1)
		vs_errx("%s: %s: %s", __func__, s->us_id, strerror(errno));
}

/*
 * After a body that did not make it: keep what arrived of a plain one
 * (the client resumes from there), drop a checksummed or failed one.
 */
static enum vs_err
body_failed(const struct vs_upsession_body *src, struct vs_upsession *s,
    struct body *b, struct vs_tus_refusal *r)
{
	if (b->b_gone && b->b_sum == NULL && b->b_errno == 0 &&
	    fdatasync(b->b_fd) == 0) {
		s->us_offset += b->b_got;
		offset_save(s);
	} else
		body_drop(s, b);
	if (b->b_errno != 0)
		return vs_upload_errno(b->b_errno);
	if (src->ub_late)
		return vs_tus_refuse(r, VS_TUS_R_TIMEOUT, NULL);
	return vs_tus_refuse(r, VS_TUS_R_INCOMPLETE, NULL);
}

/* Open s's file at its offset, with a digest for sum; 0, or -1 (errno). */
static int
body_open(const struct vs_upsession *s, const struct vs_tus_sum *sum,
    struct body *b)
{
	char	 path[4096];

	if (vs_upload_path(s->us_id, ".part", path, sizeof(path)) == -1) {
		errno = EINVAL;
		return -1;
	}
	if ((b->b_fd = open(path, O_WRONLY | O_CLOEXEC)) == -1 ||
	    ftruncate(b->b_fd, s->us_offset) == -1 ||
	    lseek(b->b_fd, s->us_offset, SEEK_SET) == -1)
		return -1;
	if (sum != NULL && (b->b_sum = vs_digest_new(sum->ts_algo)) == NULL)
		return -1;
	return 0;
}

enum vs_err
vs_upsession_append(struct vs_upsession_body *src, struct vs_upsession *s,
    const struct vs_tus_sum *sum, struct vs_tus_refusal *r)
{
	struct body	 b = { .b_fd = -1 };
	enum vs_err	 rc;

	if (!vs_tus_fits(s->us_offset, src->ub_length, s->us_length))
		return vs_tus_refuse(r, VS_TUS_R_TOO_LONG, NULL);
	if (body_open(s, sum, &b) == -1)
		rc = vs_upload_errno(errno);
	else if (body_copy(src, &b) == -1)
		rc = body_failed(src, s, &b, r);
	else if (sum != NULL && !sum_matches(&b, sum)) {
		body_drop(s, &b);
		rc = vs_tus_refuse(r, VS_TUS_R_SUM_MISMATCH, NULL);
	} else if (fdatasync(b.b_fd) == -1)
		rc = vs_upload_errno(errno);
	else {
		s->us_offset += b.b_got;
		rc = offset_save(s) == -1 ? VS_EUNAVAIL : VS_OK;
	}
	if (b.b_fd != -1)
		close(b.b_fd);
	vs_digest_free(b.b_sum);
	return rc;
}

enum vs_err
vs_upsession_finish(const struct vs_user *u, struct vs_upsession *s,
    char *why, size_t len)
{
	struct vs_video_new	 vn = { 0 };
	char			 path[4096], title[256];
	enum vs_err		 rc = VS_ERR;

	vn.vn_owner = u->u_id;
	vn.vn_name = vs_tus_meta_get(s->us_meta, VS_TUS_M_FILENAME, "upload");
	vs_upload_title(vn.vn_name, title, sizeof(title));
	vn.vn_title = vs_tus_meta_get(s->us_meta, VS_TUS_M_TITLE, title);
	vn.vn_desc = vs_tus_meta_get(s->us_meta, VS_TUS_M_DESC, "");
	vn.vn_vis = vs_tus_meta_get(s->us_meta, VS_TUS_M_VIS, "public");
	vn.vn_upload = s->us_id;
	snprintf(why, len, "the upload has no file");
	if (vs_upload_path(s->us_id, ".part", path, sizeof(path)) == -1 ||
	    (rc = vs_upload_finish(path, &vn, s->us_video, why, len)) != VS_OK)
		exec_on("UPDATE upload_sessions SET state = 'failed', "
		    "updated_at = now() WHERE id = $1", s->us_id);
	return rc;
}

void
vs_upsession_terminate(const struct vs_upsession *s)
{
	char	 path[4096];

	exec_on("UPDATE upload_sessions SET state = 'terminated', updated_at "
	    "= now() WHERE id = $1", s->us_id);
	if (vs_upload_path(s->us_id, ".part", path, sizeof(path)) == 0)
		unlink(path);
}

enum vs_err
vs_upsession_list(const struct vs_user *u, struct json_object **out)
{
	const char	*p[] = { u->u_id };

	return vs_db_json_rows("SELECT json_build_object('id', id, 'length', "
	    "upload_length, 'offset', upload_offset, 'metadata', metadata - "
	    "'filetype', 'expires_at', expires_at, 'created_at', created_at) "
	    "FROM upload_sessions WHERE user_id = $1 AND state = 'open' AND "
	    "expires_at > now() ORDER BY created_at DESC", 1, p, out);
}
