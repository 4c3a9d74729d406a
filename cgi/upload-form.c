/* upload-form.c: upload.fcgi: the multipart/form-data upload. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vstream.h>

#include "upload.h"

/* Room for a multipart body's boundaries and small fields. */
#define FORM_OVERHEAD	(64 * 1024)
/* Largest text field of a multipart form. */
#define FIELD_MAX	5000

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
	int		 m_fd;
	char		 m_path[4096];
	char		 m_name[256];	/* the file's name */
	long long	 m_size;
	struct vs_reservation m_hold;	/* its room; also the file's name */
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

/*
 * Renew the hold now and then while the body arrives; 0, or -1 when it
 * lapsed (the client stalled past its life, or the account went away).
 */
static int
keep_hold(struct mp *m)
{
	switch (vs_upload_renew(&m->m_hold)) {
	case VS_OK:
		return 0;
	case VS_ENOTFOUND:
		return stop(m, 408, "hold_lapsed", "The upload stalled so long "
		    "that its room in your quota was given up; nothing was "
		    "kept. Send it again.");
	default:
		return stop(m, 503, "unavailable", "The database is "
		    "unavailable; try again shortly.");
	}
}

/* The file part begins: check the CSRF token, open the file. */
static int
file_begins(struct mp *m, const struct vs_part *pt)
{
	if (!vs_site_csrf_body(m->m_req, m->m_val[F_CSRF].b_data))
		return stop(m, 403, "csrf", "Missing or wrong CSRF token "
		    "(the csrf_token field must come before the file).");
	/* Named after its reservation: housekeeping tells which are live. */
	if ((m->m_fd = vs_upload_create(m->m_hold.rs_id, ".mp", m->m_path,
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
		if ((m->m_size += (long long)len) > m->m_hold.rs_bytes)
			return stop(m, 413, "too_large", "The file is larger "
			    "than the size limit or your remaining quota.");
		if (vs_fs_write_all(m->m_fd, data, len) == -1) {
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
		reply_write_failed(req, vs_upload_errno(m->m_errno));
	else {
		snprintf(msg, sizeof(msg), "Malformed multipart body: %s.",
		    vs_multipart_error(p));
		vs_resp_error(req, 400, "bad_multipart", msg);
	}
}

/* Read the whole body through the parser; 0, or -1 after answering. */
static int
read_form_or_reply(struct vs_req *req, struct mp *m)
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

/* The form's fields as a new video; 0, or -1 after answering 400. */
static int
form_video_or_reply(struct vs_req *req, struct mp *m, struct vs_video_new *vn,
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
admit_or_reply(struct vs_req *req, const struct vs_user *u, struct mp *m)
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
	if (vs_site_limited_or_reply(req, VS_RATE_UPLOAD, u->u_id, NULL))
		return -1;
	/* The file is at most the body, and at least the body less a form. */
	need = req->rq_length > FORM_OVERHEAD ? req->rq_length - FORM_OVERHEAD :
	    0;
	switch (vs_upload_reserve(u, need, req->rq_length, &m->m_hold, why,
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
	vs_resp_location(req, "Location", loc);
	if (vs_video_get(id, &o) != VS_OK)
		o = json_object_new_object();
	vs_resp_json(req, 201, o);
}

/* The file is complete on disk: make the video and answer. */
static void
import_and_reply(struct vs_req *req, struct mp *m, struct vs_video_new *vn)
{
	char		 title[256], id[37], why[256];
	enum vs_err	 rc;

	if (form_video_or_reply(req, m, vn, title, sizeof(title)) == -1)
		return;
	rc = vs_upload_finish(m->m_path, vn, id, why, sizeof(why));
	m->m_path[0] = '\0';	/* moved in, or removed */
	if (rc == VS_OK)
		created(req, id);
	else
		reply_import_failed(req, rc, why);
}

void
form_upload(struct vs_req *req)
{
	const struct vs_user	*u;
	struct vs_video_new	 vn = { 0 };
	struct mp		 m = { .m_req = req, .m_fd = -1 };
	int			 i;

	u = vs_site_user(req);
	m.m_user = u->u_id;
	if (admit_or_reply(req, u, &m) == -1 ||
	    read_form_or_reply(req, &m) == -1)
		goto out;
	if (fdatasync(m.m_fd) == -1 || close(m.m_fd) == -1) {
		m.m_fd = -1;
		reply_write_failed(req, vs_upload_errno(errno));
		goto out;
	}
	m.m_fd = -1;
	vn.vn_owner = u->u_id;
	vn.vn_hold = m.m_hold.rs_id;
	import_and_reply(req, &m, &vn);
out:
	if (m.m_fd != -1)
		close(m.m_fd);
	if (m.m_path[0] != '\0')
		unlink(m.m_path);
	vs_upload_release(&m.m_hold);
	for (i = 0; i < F__MAX; i++)
		vs_buf_free(&m.m_val[i]);
}
