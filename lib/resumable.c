/* resumable.c: tus 1.0 resumable uploads under /api/v1/uploads/. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "auth.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "http.h"
#include "kv.h"
#include "log.h"
#include "resumable.h"
#include "str.h"
#include "tus.h"
#include "upload.h"
#include "user.h"
#include "video.h"

/* How long a PATCH waits for another one on the same upload (ms). */
#define LOCK_WAIT	5000

/* The metadata keys kept; any other key a client sends is dropped. */
enum meta_key {
	MK_FILENAME,
	MK_FILETYPE,
	MK_TITLE,
	MK_DESC,
	MK_VIS,
	MK__MAX
};

static const char *const meta_names[MK__MAX] = {
	[MK_FILENAME] = "filename",
	[MK_FILETYPE] = "filetype",
	[MK_TITLE] = "title",
	[MK_DESC] = "description",
	[MK_VIS] = "visibility",
};

/* An upload session row. */
struct session {
	char			 s_id[37];
	long long		 s_length;
	long long		 s_offset;
	char			 s_state[16];
	char			 s_video[37];
	time_t			 s_expires;
	struct json_object	*s_meta;
};

/* Every tus answer names the version; a request must speak it. */
static int
tus_request(struct vs_req *req)
{
	vs_resp_header(req, "Tus-Resumable", VS_TUS_VERSION);
	if (vs_tus_version_ok(vs_req_header(req, "Tus-Resumable")))
		return 0;
	vs_resp_header(req, "Tus-Version", VS_TUS_VERSION);
	vs_resp_error(req, 412, "tus_version", "Send Tus-Resumable: "
	    VS_TUS_VERSION ".");
	return -1;
}

/* Upload-Expires as an HTTP date. */
static void
expires_header(struct vs_req *req, time_t t)
{
	char		 date[64];
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	vs_resp_header(req, "Upload-Expires", date);
}

static void
number_header(struct vs_req *req, const char *name, long long n)
{
	char	 v[24];

	snprintf(v, sizeof(v), "%lld", n);
	vs_resp_header(req, name, v);
}

/* Fill s from the row of upload id owned by u: VS_OK, VS_ENOTFOUND... */
static enum vs_err
session_get(const char *id, const struct vs_user *u, struct session *s)
{
	const char	*p[] = { id, u->u_id };
	PGresult	*res;

	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	res = vs_db_exec("SELECT upload_length, upload_offset, state, "
	    "coalesce(video_id::text, ''), extract(epoch FROM expires_at)"
	    "::bigint, metadata::text, expires_at < now() FROM upload_sessions "
	    "WHERE id = $1 AND user_id = $2", 2, p);
	if (res == NULL)
		return vs_db_error();
	if (PQntuples(res) != 1) {
		PQclear(res);
		return VS_ENOTFOUND;
	}
	snprintf(s->s_id, sizeof(s->s_id), "%s", id);
	s->s_length = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	s->s_offset = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	snprintf(s->s_state, sizeof(s->s_state), "%s", PQgetvalue(res, 0, 2));
	if (strcmp(s->s_state, "open") == 0 && *PQgetvalue(res, 0, 6) == 't')
		snprintf(s->s_state, sizeof(s->s_state), "expired");
	snprintf(s->s_video, sizeof(s->s_video), "%s", PQgetvalue(res, 0, 3));
	s->s_expires = (time_t)strtoll(PQgetvalue(res, 0, 4), NULL, 10);
	s->s_meta = json_tokener_parse(PQgetvalue(res, 0, 5));
	PQclear(res);
	return VS_OK;
}

/*
 * The upload of the request's :id, for its owner; 0, or -1 after
 * answering: 404 for none (or somebody else's, or terminated), 410 for
 * an expired or refused one. A complete one passes when done_ok is set.
 */
static int
session_load(struct vs_req *req, const struct vs_user *u, struct session *s,
    int done_ok)
{
	switch (session_get(vs_req_param(req, "id"), u, s)) {
	case VS_OK:
		break;
	case VS_EUNAVAIL:
		vs_resp_unavailable(req, "database");
		return -1;
	default:
		vs_resp_error(req, 404, "not_found", "No such upload.");
		return -1;
	}
	if (strcmp(s->s_state, "open") == 0 ||
	    (done_ok && strcmp(s->s_state, "complete") == 0))
		return 0;
	if (strcmp(s->s_state, "terminated") == 0)
		vs_resp_error(req, 404, "not_found", "No such upload.");
	else if (strcmp(s->s_state, "complete") == 0)
		vs_resp_error(req, 409, "complete", "This upload is complete.");
	else
		vs_resp_error(req, 410, "gone", "This upload has expired or "
		    "was refused; start a new one.");
	json_object_put(s->s_meta);
	s->s_meta = NULL;
	return -1;
}

/*
 * Take the upload's advisory lock, waiting a little for a PATCH that
 * holds it. 0, or -1 after answering 423 (busy) or 503.
 */
static int
session_lock(struct vs_req *req, const char *id)
{
	const char	*p[] = { id };
	struct timespec	 nap = { 0, 100 * 1000 * 1000 };
	PGresult	*res;
	int		 waited, got = 0;

	for (waited = 0; !got && waited <= LOCK_WAIT; waited += 100) {
		res = vs_db_exec("SELECT pg_try_advisory_lock("
		    "hashtextextended($1, 0))", 1, p);
		if (res == NULL) {
			vs_resp_unavailable(req, "database");
			return -1;
		}
		got = *PQgetvalue(res, 0, 0) == 't';
		PQclear(res);
		if (!got)
			nanosleep(&nap, NULL);
	}
	if (got)
		return 0;
	vs_resp_header(req, "Retry-After", "1");
	vs_resp_error(req, 423, "locked", "Another request is writing to this "
	    "upload; retry shortly.");
	return -1;
}

static void
session_unlock(const char *id)
{
	const char	*p[] = { id };

	PQclear(vs_db_exec("SELECT pg_advisory_unlock(hashtextextended($1, "
	    "0))", 1, p));
}

static int
offset_save(const struct session *s)
{
	const char	*p[] = { s->s_id, NULL };
	char		 off[24];
	PGresult	*res;

	snprintf(off, sizeof(off), "%lld", s->s_offset);
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
body_copy(struct vs_req *req, struct body *b)
{
	char	*buf = malloc(VS_UPLOAD_READ);
	long	 n = 0;

	if (buf == NULL) {
		b->b_errno = ENOMEM;
		return -1;
	}
	while ((n = vs_req_read(req, buf, VS_UPLOAD_READ)) > 0) {
		if (vs_upload_write(b->b_fd, buf, (size_t)n) == -1) {
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

/*
 * After a body that did not make it: keep what arrived of a plain one
 * (the client resumes from there), drop a checksummed or failed one.
 * Answers the request.
 */
static void
body_failed(struct vs_req *req, struct session *s, struct body *b)
{
	if (b->b_gone && b->b_sum == NULL && b->b_errno == 0 &&
	    fdatasync(b->b_fd) == 0) {
		s->s_offset += b->b_got;
		offset_save(s);
	} else if (ftruncate(b->b_fd, s->s_offset) == -1)
		vs_errx("%s: %s: %s", __func__, s->s_id, strerror(errno));
	if (b->b_errno != 0)
		vs_upload_write_failed(req, b->b_errno);
	else if (req->rq_late)
		vs_resp_error(req, 408, "timeout", "The body came too slowly; "
		    "resume from the upload's offset.");
	else
		vs_resp_error(req, 400, "incomplete", "The body ended early; "
		    "resume from the upload's offset.");
}

/*
 * Append the request body at the session's offset (which the caller has
 * checked, holding the lock). 0 with s_offset advanced, or -1 after
 * answering; the file never keeps bytes the database does not count.
 */
static int
append(struct vs_req *req, struct session *s, const struct vs_tus_sum *sum)
{
	struct body	 b = { .b_fd = -1 };
	char		 path[4096];
	int		 rc = -1;

	if (!vs_tus_fits(s->s_offset, req->rq_length, s->s_length)) {
		vs_resp_error(req, 413, "too_long", "More bytes than the "
		    "upload's Upload-Length.");
		return -1;
	}
	if (vs_upload_path(s->s_id, ".part", path, sizeof(path)) == -1 ||
	    (b.b_fd = open(path, O_WRONLY | O_CLOEXEC)) == -1 ||
	    ftruncate(b.b_fd, s->s_offset) == -1 ||
	    lseek(b.b_fd, s->s_offset, SEEK_SET) == -1 ||
	    (sum != NULL && (b.b_sum = vs_digest_new(sum->ts_algo)) == NULL)) {
		vs_upload_write_failed(req, errno);
		goto out;
	}
	if (body_copy(req, &b) == -1) {
		body_failed(req, s, &b);
		goto out;
	}
	if (sum != NULL && !sum_matches(&b, sum)) {
		if (ftruncate(b.b_fd, s->s_offset) == -1)
			vs_errx("%s: %s", __func__, strerror(errno));
		vs_resp_error(req, 460, "checksum_mismatch", "The chunk does "
		    "not match its Upload-Checksum; it was discarded.");
		goto out;
	}
	if (fdatasync(b.b_fd) == -1) {
		vs_upload_write_failed(req, errno);
		goto out;
	}
	s->s_offset += b.b_got;
	if (offset_save(s) == -1)
		vs_resp_unavailable(req, "database");
	else
		rc = 0;
out:
	if (b.b_fd != -1)
		close(b.b_fd);
	vs_digest_free(b.b_sum);
	return rc;
}

/* A metadata value kept in o, or dflt when it is not there. */
static const char *
meta_get(struct json_object *o, enum meta_key k, const char *dflt)
{
	struct json_object	*v;

	return json_object_object_get_ex(o, meta_names[k], &v) ?
	    json_object_get_string(v) : dflt;
}


/*
 * All bytes are in: import the video. 0 with the video's id in s_video,
 * or -1 after answering (the upload is then marked failed).
 */
static int
complete(struct vs_req *req, const struct vs_user *u, struct session *s)
{
	const char		*p[] = { s->s_id };
	struct vs_video_new	 vn = { 0 };
	char			 path[4096], title[256];

	vn.vn_owner = u->u_id;
	vn.vn_name = meta_get(s->s_meta, MK_FILENAME, "upload");
	vs_upload_title(vn.vn_name, title, sizeof(title));
	vn.vn_title = meta_get(s->s_meta, MK_TITLE, title);
	vn.vn_desc = meta_get(s->s_meta, MK_DESC, "");
	vn.vn_vis = meta_get(s->s_meta, MK_VIS, "public");
	vn.vn_upload = s->s_id;
	if (vs_upload_path(s->s_id, ".part", path, sizeof(path)) == -1 ||
	    vs_upload_finish(req, path, &vn, s->s_video) != VS_OK) {
		PQclear(vs_db_exec("UPDATE upload_sessions SET state = "
		    "'failed', updated_at = now() WHERE id = $1", 1, p));
		return -1;
	}
	return 0;
}

/* Where a finished upload's video is, for the client to follow. */
static void
video_header(struct vs_req *req, const struct session *s)
{
	char	 loc[64];

	if (s->s_video[0] == '\0')
		return;
	snprintf(loc, sizeof(loc), "/api/v1/videos/%s", s->s_video);
	vs_resp_header(req, "Video-Location", loc);
}

/*
 * Write the body, locked, and finish the upload when it is whole.
 * 0 with the offset answered in a header, or -1 after answering.
 */
static int
write_locked(struct vs_req *req, const struct vs_user *u, struct session *s,
    const struct vs_tus_sum *sum)
{
	int	 rc;

	if (session_lock(req, s->s_id) == -1)
		return -1;
	rc = append(req, s, sum);
	if (rc == 0 && s->s_offset == s->s_length)
		rc = complete(req, u, s);
	session_unlock(s->s_id);
	if (rc == 0) {
		number_header(req, "Upload-Offset", s->s_offset);
		video_header(req, s);
	}
	return rc;
}

void
vs_resumable_options(struct vs_req *req)
{
	vs_resp_header(req, "Tus-Resumable", VS_TUS_VERSION);
	vs_resp_header(req, "Tus-Version", VS_TUS_VERSION);
	vs_resp_header(req, "Tus-Extension", VS_TUS_EXTENSIONS);
	vs_resp_header(req, "Tus-Checksum-Algorithm", VS_TUS_ALGORITHMS);
	number_header(req, "Tus-Max-Size", vs_config_int(VS_CFG_UPLOAD_MAX));
	vs_resp_empty(req, 204);
}

/*
 * The metadata of a new upload as the JSON kept with it: known keys only,
 * checked like an edit. NULL after answering 400.
 */
static struct json_object *
creation_meta(struct vs_req *req)
{
	const char		*h = vs_req_header(req, "Upload-Metadata");
	struct vs_kvlist	 l = { 0 };
	struct json_object	*o = json_object_new_object();
	const char		*why = "The Upload-Metadata header is malformed.";
	const char		*name, *title, *desc;
	size_t			 i;

	if (h != NULL && vs_tus_metadata(h, &l) == -1)
		goto bad;
	/* Known keys only; an empty value counts as not given. */
	for (i = 0; i < l.kl_len; i++)
		if (vs_str_index(meta_names, MK__MAX, l.kl_items[i].kv_key) >= 0 &&
		    *l.kl_items[i].kv_val != '\0')
			json_object_object_add(o, l.kl_items[i].kv_key,
			    json_object_new_string(l.kl_items[i].kv_val));
	vs_kv_free(&l);
	name = meta_get(o, MK_FILENAME, "");
	if (strlen(name) > 255 || !vs_str_utf8(name)) {
		why = "The file name must be at most 255 bytes of UTF-8.";
		goto bad;
	}
	title = meta_get(o, MK_TITLE, NULL);
	desc = meta_get(o, MK_DESC, NULL);
	if (vs_video_check(title, desc, meta_get(o, MK_VIS, NULL), &why) ==
	    VS_OK)
		return o;
bad:
	vs_kv_free(&l);
	json_object_put(o);
	vs_resp_error(req, 400, "bad_metadata", why);
	return NULL;
}

/* A new upload as the quota counts it: its owner and its row. */
struct creation {
	const struct vs_user	*c_user;
	struct session		*c_s;
};

/* Insert the session row (under the quota lock: it counts the bytes). */
static int
creation_row(void *arg, long long held)
{
	struct creation	*c = arg;
	char		 len[24], ttl[24];
	const char	*p[] = { c->c_user->u_id, len,
			    json_object_to_json_string(c->c_s->s_meta), ttl };
	PGresult	*res;

	(void)held;	/* all of Upload-Length, or nothing */
	snprintf(len, sizeof(len), "%lld", c->c_s->s_length);
	snprintf(ttl, sizeof(ttl), "%lld", vs_config_int(VS_CFG_UPLOAD_EXPIRY));
	res = vs_db_exec("INSERT INTO upload_sessions (user_id, upload_length, "
	    "metadata, expires_at) VALUES ($1, $2, $3, now() + $4 * interval "
	    "'1 second') RETURNING id, extract(epoch FROM expires_at)::bigint",
	    4, p);
	if (res == NULL)
		return -1;
	snprintf(c->c_s->s_id, sizeof(c->c_s->s_id), "%s",
	    PQgetvalue(res, 0, 0));
	c->c_s->s_expires = (time_t)strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	return 0;
}

/*
 * Hold Upload-Length in u's quota with the session's row, and make the
 * empty file; 0, or -1 after answering (413 over the size or the quota).
 */
static int
creation_store(struct vs_req *req, const struct vs_user *u,
    struct session *s)
{
	struct creation	 c = { u, s };
	char		 why[256], path[4096];
	const char	*p[1];
	int		 fd;

	switch (vs_upload_hold(u, s->s_length, s->s_length, creation_row, &c,
	    why, sizeof(why))) {
	case VS_OK:
		break;
	case VS_EINVAL:
		vs_resp_error(req, 413, s->s_length > vs_config_int(
		    VS_CFG_UPLOAD_MAX) ? "too_large" : "over_quota", why);
		return -1;
	default:
		vs_resp_unavailable(req, "database");
		return -1;
	}
	if ((fd = vs_upload_create(s->s_id, ".part", path, sizeof(path))) !=
	    -1 && close(fd) == 0)
		return 0;
	vs_upload_write_failed(req, errno);
	p[0] = s->s_id;
	PQclear(vs_db_exec("DELETE FROM upload_sessions WHERE id = $1", 1, p));
	return -1;
}

/* Drop an upload whose first bytes failed at creation. */
static void
creation_undo(const struct session *s)
{
	const char	*p[] = { s->s_id };
	char		 path[4096];

	if (vs_upload_path(s->s_id, ".part", path, sizeof(path)) == 0)
		unlink(path);
	PQclear(vs_db_exec("DELETE FROM upload_sessions WHERE id = $1 AND "
	    "state = 'open'", 1, p));
}

/* The body of a request that carries bytes; 0, or -1 after answering. */
static int
body_ok(struct vs_req *req, struct vs_tus_sum *sum, int *has_sum)
{
	const char	*h = vs_req_header(req, "Upload-Checksum");

	if (!vs_str_type_is(vs_req_header(req, "Content-Type"), VS_TUS_TYPE)) {
		vs_resp_error(req, 415, "bad_type", "Send the bytes as "
		    VS_TUS_TYPE ".");
		return -1;
	}
	if (req->rq_length < 0) {
		vs_resp_error(req, 411, "length_required", "Send a "
		    "Content-Length.");
		return -1;
	}
	if ((*has_sum = h != NULL) && vs_tus_checksum(h, sum) == -1) {
		vs_resp_error(req, 400, "bad_checksum", "Upload-Checksum must "
		    "be sha1 or sha256 and a base64 digest.");
		return -1;
	}
	return 0;
}

void
vs_resumable_create(struct vs_req *req)
{
	const struct vs_user	*u;
	struct session		 s = { 0 };
	struct vs_tus_sum	 sum;
	char			 loc[64];
	int			 has_sum = 0, with_body;

	if ((u = vs_auth_require(req, VS_ROLE_USER)) == NULL ||
	    tus_request(req) == -1)
		return;
	with_body = req->rq_length > 0;
	if (vs_req_header(req, "Upload-Defer-Length") != NULL ||
	    vs_tus_size(vs_req_header(req, "Upload-Length"), LLONG_MAX,
	    &s.s_length) == -1) {
		vs_resp_error(req, 400, "bad_length", "Send the file's size in "
		    "Upload-Length.");
		return;
	}
	if ((with_body && body_ok(req, &sum, &has_sum) == -1) ||
	    vs_auth_limited(req, VS_RATE_UPLOAD, u->u_id, NULL) ||
	    (s.s_meta = creation_meta(req)) == NULL)
		return;
	if (creation_store(req, u, &s) == -1)
		goto out;
	if (with_body && write_locked(req, u, &s, has_sum ? &sum : NULL) ==
	    -1) {
		if (s.s_video[0] == '\0')
			creation_undo(&s);
		goto out;
	}
	snprintf(loc, sizeof(loc), "/api/v1/uploads/%s", s.s_id);
	vs_resp_header(req, "Location", loc);
	expires_header(req, s.s_expires);
	if (!with_body)
		number_header(req, "Upload-Offset", 0);
	vs_resp_empty(req, 201);
out:
	json_object_put(s.s_meta);
}

void
vs_resumable_head(struct vs_req *req)
{
	const struct vs_user	*u;
	struct session		 s;

	vs_resp_header(req, "Cache-Control", "no-store");
	if ((u = vs_auth_require(req, VS_ROLE_USER)) == NULL ||
	    tus_request(req) == -1 || session_load(req, u, &s, 1) == -1)
		return;
	number_header(req, "Upload-Offset", s.s_offset);
	number_header(req, "Upload-Length", s.s_length);
	if (strcmp(s.s_state, "open") == 0)
		expires_header(req, s.s_expires);
	video_header(req, &s);
	json_object_put(s.s_meta);
	vs_resp_empty(req, 200);
}

void
vs_resumable_patch(struct vs_req *req)
{
	const struct vs_user	*u;
	struct session		 s;
	struct vs_tus_sum	 sum;
	long long		 off;
	int			 has_sum;

	if ((u = vs_auth_require(req, VS_ROLE_USER)) == NULL ||
	    tus_request(req) == -1 || body_ok(req, &sum, &has_sum) == -1)
		return;
	if (vs_tus_size(vs_req_header(req, "Upload-Offset"), LLONG_MAX,
	    &off) == -1) {
		vs_resp_error(req, 400, "bad_offset", "Send Upload-Offset.");
		return;
	}
	if (session_load(req, u, &s, 0) == -1)
		return;
	if (off != s.s_offset) {
		number_header(req, "Upload-Offset", s.s_offset);
		vs_resp_error(req, 409, "offset_mismatch", "Upload-Offset is "
		    "not the upload's offset; ask with HEAD and resume there.");
	} else if (write_locked(req, u, &s, has_sum ? &sum : NULL) == 0) {
		expires_header(req, s.s_expires);
		vs_resp_empty(req, 204);
	}
	json_object_put(s.s_meta);
}

void
vs_resumable_delete(struct vs_req *req)
{
	const struct vs_user	*u;
	struct session		 s;
	const char		*p[1];
	char			 path[4096];

	if ((u = vs_auth_require(req, VS_ROLE_USER)) == NULL ||
	    tus_request(req) == -1 || session_load(req, u, &s, 0) == -1)
		return;
	json_object_put(s.s_meta);
	if (session_lock(req, s.s_id) == -1)
		return;
	p[0] = s.s_id;
	PQclear(vs_db_exec("UPDATE upload_sessions SET state = 'terminated', "
	    "updated_at = now() WHERE id = $1", 1, p));
	if (vs_upload_path(s.s_id, ".part", path, sizeof(path)) == 0)
		unlink(path);
	session_unlock(s.s_id);
	vs_resp_empty(req, 204);
}

void
vs_resumable_list(struct vs_req *req)
{
	const struct vs_user	*u;
	struct vs_quota		 q;
	struct json_object	*rows, *o;
	const char		*p[1];

	if ((u = vs_auth_require(req, VS_ROLE_USER)) == NULL)
		return;
	p[0] = u->u_id;
	if (vs_upload_quota(u, &q) != VS_OK || vs_db_json_rows("SELECT "
	    "json_build_object('id', id, 'length', upload_length, 'offset', "
	    "upload_offset, 'metadata', metadata - 'filetype', 'expires_at', "
	    "expires_at, 'created_at', created_at) FROM upload_sessions "
	    "WHERE user_id = $1 AND state = 'open' AND expires_at > now() "
	    "ORDER BY created_at DESC", 1, p, &rows) != VS_OK) {
		vs_resp_unavailable(req, "database");
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "quota", vs_upload_quota_json(&q));
	json_object_object_add(o, "uploads", rows);
	vs_resp_json(req, 200, o);
}
