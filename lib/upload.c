/* upload.c: taking videos in: bodies to disk, quotas, the multipart path. */
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

#include "auth.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "multipart.h"
#include "str.h"
#include "upload.h"
#include "user.h"
#include "video.h"

/* Room for a multipart body's boundaries and small fields. */
#define FORM_OVERHEAD	(64 * 1024)
/* Largest text field of a multipart form. */
#define FIELD_MAX	5000
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
	q->q_used = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	q->q_today = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
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
	if ((mkdir(dir, 0750) == -1 && errno != EEXIST) ||
	    vs_upload_path(id, suffix, path, len) == -1)
		return -1;
	return open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
}

int
vs_upload_write(int fd, const void *buf, size_t len)
{
	const char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

void
vs_upload_write_failed(struct vs_req *req, int err)
{
	vs_errx("%s: %s", __func__, strerror(err));
	if (err == ENOSPC || err == EDQUOT)
		vs_resp_error(req, 507, "storage_full", "The server has no "
		    "room left for this upload; nothing was kept. Try again "
		    "later.");
	else
		vs_resp_error(req, 500, "storage", "The upload could not be "
		    "written; nothing was kept.");
}

enum vs_err
vs_upload_finish(struct vs_req *req, const char *path,
    const struct vs_video_new *vn, char *id)
{
	char		 why[256], msg[320];
	enum vs_err	 rc;

	rc = vs_video_import(path, 1, vn, id, why, sizeof(why));
	switch (rc) {
	case VS_OK:
		return VS_OK;
	case VS_EINVAL:
		snprintf(msg, sizeof(msg), "Not a video this site accepts: %s.",
		    why);
		vs_resp_error(req, 415, "not_a_video", msg);
		break;
	case VS_ELIMIT:
		snprintf(msg, sizeof(msg), "This video cannot be taken: %s.",
		    why);
		vs_resp_error(req, 422, "not_accepted", msg);
		break;
	case VS_ENOSPACE:
		vs_upload_write_failed(req, ENOSPC);
		break;
	case VS_EUNAVAIL:
		vs_resp_unavailable(req, "database");
		break;
	default:
		vs_resp_error(req, 500, "import", "The video could not be "
		    "stored; nothing was kept.");
		break;
	}
	unlink(path);
	return rc;
}

/* The fields a multipart upload may carry. */
enum mp_field {
	F_FILE,
	F_TITLE,
	F_DESC,
	F_VIS,
	F_CSRF,
	F__MAX
};

static const char *const field_names[F__MAX] = {
	[F_FILE] = "file",
	[F_TITLE] = "title",
	[F_DESC] = "description",
	[F_VIS] = "visibility",
	[F_CSRF] = "csrf_token",
};

/* A multipart upload as it streams by. */
struct mp {
	struct vs_req	*m_req;
	const char	*m_user;	/* the owner's id */
	int		 m_csrf;	/* the body must carry the token */
	int		 m_fd;
	char		 m_path[4096];
	char		 m_name[256];	/* the file's name */
	long long	 m_size;
	long long	 m_room;	/* most file bytes accepted: the hold */
	char		 m_hold[37];	/* its reservation; also the file's name */
	time_t		 m_renewed;
	int		 m_field;	/* the part being read, or -1 */
	int		 m_seen[F__MAX];
	struct vs_buf	 m_val[F__MAX];
	/* why it stopped: the answer, or a failed write's errno */
	int		 m_status;
	int		 m_errno;
	const char	*m_code;
	char		 m_msg[320];
};

static int
stop(struct mp *m, int status, const char *code, const char *msg)
{
	m->m_status = status;
	m->m_code = code;
	snprintf(m->m_msg, sizeof(m->m_msg), "%s", msg);
	return -1;
}

/* The reservation row of n bytes for m, made under the quota lock. */
static int
reserve(void *arg, long long n)
{
	struct mp	*m = arg;
	char		 bytes[24], ttl[24];
	const char	*p[] = { m->m_user, bytes, ttl };
	PGresult	*res;

	snprintf(bytes, sizeof(bytes), "%lld", n);
	snprintf(ttl, sizeof(ttl), "%d", HOLD_TTL);
	res = vs_db_exec("INSERT INTO upload_reservations (user_id, bytes, "
	    "expires_at) VALUES ($1, $2, now() + $3 * interval '1 second') "
	    "RETURNING id", 3, p);
	if (res == NULL)
		return -1;
	snprintf(m->m_hold, sizeof(m->m_hold), "%s", PQgetvalue(res, 0, 0));
	m->m_room = n;
	m->m_renewed = time(NULL);
	PQclear(res);
	return 0;
}

/*
 * Renew the hold now and then while the body arrives; 0, or -1 when it
 * lapsed (the client stalled past HOLD_TTL, or the account went away).
 */
static int
keep_hold(struct mp *m)
{
	const char	*p[] = { m->m_hold, NULL };
	char		 ttl[24];
	PGresult	*res;
	int		 kept;

	if (time(NULL) - m->m_renewed < HOLD_RENEW)
		return 0;
	snprintf(ttl, sizeof(ttl), "%d", HOLD_TTL);
	p[1] = ttl;
	res = vs_db_exec("UPDATE upload_reservations SET expires_at = now() + "
	    "$2 * interval '1 second' WHERE id = $1 AND expires_at > now()",
	    2, p);
	kept = res != NULL && strcmp(PQcmdTuples(res), "1") == 0;
	PQclear(res);
	if (res == NULL)
		return stop(m, 503, "unavailable", "The database is "
		    "unavailable; try again shortly.");
	if (!kept)
		return stop(m, 408, "hold_lapsed", "The upload stalled so long "
		    "that its room in your quota was given up; nothing was "
		    "kept. Send it again.");
	m->m_renewed = time(NULL);
	return 0;
}

/* Give the hold back (the video, when made, took its place already). */
static void
release(struct mp *m)
{
	const char	*p[] = { m->m_hold };

	if (m->m_hold[0] != '\0')
		PQclear(vs_db_exec("DELETE FROM upload_reservations WHERE "
		    "id = $1", 1, p));
}

/* The file part begins: check the CSRF token, open the file. */
static int
file_begins(struct mp *m, const struct vs_part *pt)
{
	if (m->m_csrf && !vs_auth_csrf(m->m_req, m->m_val[F_CSRF].b_data))
		return stop(m, 403, "csrf", "Missing or wrong CSRF token "
		    "(the csrf_token field must come before the file).");
	/* Named after its reservation: housekeeping tells which are live. */
	if ((m->m_fd = vs_upload_create(m->m_hold, ".mp", m->m_path,
	    sizeof(m->m_path))) == -1) {
		m->m_path[0] = '\0';
		vs_errx("%s: %s", __func__, strerror(errno));
		return stop(m, 500, "storage", "The upload could not be "
		    "stored.");
	}
	snprintf(m->m_name, sizeof(m->m_name), "%s", pt->pt_filename);
	return 0;
}

static int
part_begins(void *arg, const struct vs_part *pt)
{
	struct mp	*m = arg;
	char		 msg[160];

	m->m_field = vs_str_index(field_names, F__MAX, pt->pt_name);
	if (m->m_field < 0) {
		snprintf(msg, sizeof(msg), "Unknown field \"%.64s\"; the "
		    "fields are file, title, description, visibility.",
		    pt->pt_name);
		return stop(m, 400, "bad_field", msg);
	}
	if (m->m_seen[m->m_field]++)
		return stop(m, 400, "bad_field", "A field was sent twice.");
	if (m->m_field == F_FILE)
		return file_begins(m, pt);
	return 0;
}

static int
part_data(void *arg, const char *data, size_t len)
{
	struct mp	*m = arg;
	struct vs_buf	*b;

	if (m->m_field == F_FILE) {
		if ((m->m_size += (long long)len) > m->m_room)
			return stop(m, 413, "too_large", "The file is larger "
			    "than the size limit or your remaining quota.");
		if (vs_upload_write(m->m_fd, data, len) == -1) {
			m->m_errno = errno;
			return -1;
		}
		return 0;
	}
	b = &m->m_val[m->m_field];
	if (b->b_len + len > FIELD_MAX)
		return stop(m, 400, "field_too_long", "A text field is longer "
		    "than 5000 bytes.");
	return vs_buf_add(b, data, len);
}

static int
part_ends(void *arg)
{
	struct mp	*m = arg;

	/* An empty field still counts as given. */
	if (m->m_field != F_FILE && m->m_val[m->m_field].b_data == NULL)
		return vs_buf_add(&m->m_val[m->m_field], "", 0);
	return 0;
}

static const struct vs_multipart_cb mp_cb = {
	part_begins, part_data, part_ends
};

/* Answer why the parse stopped. */
static void
answer_stop(struct vs_req *req, struct mp *m, struct vs_multipart *p)
{
	char	 msg[320];

	if (m->m_status > 0)
		vs_resp_error(req, m->m_status, m->m_code, m->m_msg);
	else if (m->m_errno > 0)
		vs_upload_write_failed(req, m->m_errno);
	else {
		snprintf(msg, sizeof(msg), "Malformed multipart body: %s.",
		    vs_multipart_error(p));
		vs_resp_error(req, 400, "bad_multipart", msg);
	}
}

/* Read the whole body through the parser; 0, or -1 after answering. */
static int
read_form(struct vs_req *req, struct mp *m)
{
	struct vs_multipart	*p;
	char			*buf = NULL;
	long			 n = 0;
	int			 rc = -1;

	p = vs_multipart_new(vs_req_header(req, "Content-Type"), &mp_cb, m);
	if (p == NULL || (buf = malloc(VS_UPLOAD_READ)) == NULL) {
		vs_resp_error(req, 415, "bad_type", "Send multipart/form-data "
		    "with a file field (curl -F file=@video.mp4).");
		goto out;
	}
	while ((n = vs_req_read(req, buf, VS_UPLOAD_READ)) > 0)
		if (keep_hold(m) == -1 ||
		    vs_multipart_feed(p, buf, (size_t)n) == -1) {
			answer_stop(req, m, p);
			goto out;
		}
	if (n < 0 && req->rq_late)
		vs_resp_body_late(req);
	else if (n < 0)
		vs_resp_error(req, 400, "incomplete", "The client went away "
		    "before the body was complete.");
	else if (!vs_multipart_done(p))
		vs_resp_error(req, 400, "incomplete", "The body ended before "
		    "the closing boundary.");
	else if (m->m_fd == -1 || m->m_size == 0)
		vs_resp_error(req, 400, "no_file", "No file: send a non-empty "
		    "file field (curl -F file=@video.mp4).");
	else
		rc = 0;
out:
	vs_multipart_free(p);
	free(buf);
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

/* The form's fields as a new video; 0, or -1 after answering 400. */
static int
form_video(struct vs_req *req, struct mp *m, struct vs_video_new *vn,
    char *title, size_t len)
{
	const char	*why;

	vs_upload_title(m->m_name, title, len);
	/* A form's empty title field means "name it after the file". */
	vn->vn_title = m->m_val[F_TITLE].b_len > 0 ? m->m_val[F_TITLE].b_data :
	    title;
	vn->vn_desc = m->m_val[F_DESC].b_data ? m->m_val[F_DESC].b_data : "";
	vn->vn_vis = m->m_val[F_VIS].b_data ? m->m_val[F_VIS].b_data :
	    "public";
	vn->vn_name = vs_str_utf8(m->m_name) && m->m_name[0] ? m->m_name :
	    "upload";
	if (vs_video_check(vn->vn_title, vn->vn_desc, vn->vn_vis, &why) ==
	    VS_OK)
		return 0;
	vs_resp_error(req, 400, "bad_field", why);
	return -1;
}

/*
 * Check the request before reading its body and hold room for it in the
 * quota; 0, or -1 after answering.
 */
static int
admit(struct vs_req *req, const struct vs_user *u, struct mp *m)
{
	long long	 max = vs_config_int(VS_CFG_UPLOAD_MAX), need;
	char		 why[256];

	if (req->rq_length < 0) {
		vs_resp_error(req, 411, "length_required", "Send the body "
		    "with a Content-Length.");
		return -1;
	}
	if (req->rq_length - FORM_OVERHEAD > max) {
		snprintf(why, sizeof(why), "The body is %lld bytes; one "
		    "request may carry a file of at most %lld bytes. Larger "
		    "files: use the resumable upload (tus) at /api/v1/uploads/.",
		    req->rq_length, max);
		vs_resp_error(req, 413, "too_large", why);
		return -1;
	}
	if (vs_auth_limited(req, VS_RATE_UPLOAD, u->u_id, NULL))
		return -1;
	/* The file is at most the body, and at least the body less a form. */
	need = req->rq_length > FORM_OVERHEAD ? req->rq_length - FORM_OVERHEAD :
	    0;
	switch (vs_upload_hold(u, need, req->rq_length, reserve, m, why,
	    sizeof(why))) {
	case VS_OK:
		return 0;
	case VS_EINVAL:
		vs_resp_error(req, 413, "over_quota", why);
		return -1;
	default:
		vs_resp_unavailable(req, "database");
		return -1;
	}
}

/* 201 with the new video. */
static void
created(struct vs_req *req, const char *id)
{
	struct json_object	*o = NULL;
	char			 loc[64];

	if (vs_req_accepts_html(req)) {
		/* The page's form without JavaScript: on to the video. */
		snprintf(loc, sizeof(loc), "/videos/%s", id);
		vs_resp_redirect(req, 303, loc);
		return;
	}
	snprintf(loc, sizeof(loc), "/api/v1/videos/%s", id);
	vs_resp_header(req, "Location", loc);
	if (vs_video_get(id, &o) != VS_OK)
		o = json_object_new_object();
	vs_resp_json(req, 201, o);
}

void
vs_upload_multipart(struct vs_req *req)
{
	const struct vs_user	*u;
	struct vs_video_new	 vn = { 0 };
	struct mp		 m = { .m_req = req, .m_fd = -1 };
	char			 title[256], id[37];
	enum vs_err		 rc;
	int			 i;

	if ((u = vs_auth_require_later(req, VS_ROLE_USER, &m.m_csrf)) == NULL)
		return;
	m.m_user = u->u_id;
	if (admit(req, u, &m) == -1 || read_form(req, &m) == -1)
		goto out;
	if (fdatasync(m.m_fd) == -1 || close(m.m_fd) == -1) {
		m.m_fd = -1;
		vs_upload_write_failed(req, errno);
		goto out;
	}
	m.m_fd = -1;
	vn.vn_owner = u->u_id;
	vn.vn_hold = m.m_hold;
	if (form_video(req, &m, &vn, title, sizeof(title)) == -1)
		goto out;
	rc = vs_upload_finish(req, m.m_path, &vn, id);
	m.m_path[0] = '\0';	/* moved in, or removed */
	if (rc == VS_OK)
		created(req, id);
out:
	if (m.m_fd != -1)
		close(m.m_fd);
	if (m.m_path[0] != '\0')
		unlink(m.m_path);
	release(&m);
	for (i = 0; i < F__MAX; i++)
		vs_buf_free(&m.m_val[i]);
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
	yes = res == NULL || *PQgetvalue(res, 0, 0) == 't';
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
	char		 path[4096];
	int		 i, count = 0;

	if ((res = vs_db_exec(sql, n, p)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++)
		if (vs_upload_path(PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
		    path, sizeof(path)) == 0 && unlink(path) == 0)
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
