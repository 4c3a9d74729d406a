/* upload-tus.c: upload.fcgi: the tus 1.0 resumable upload routes. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include <vstream.h>

#include "upload.h"

/* The answer to each refusal of the protocol. */
static const struct {
	int		 status;
	const char	*code;
	const char	*msg;	/* when the refusal brings no text */
} refusals[VS_TUS_R__MAX] = {
	[VS_TUS_R_VERSION] = { 412, "tus_version",
	    "Send Tus-Resumable: " VS_TUS_VERSION "." },
	[VS_TUS_R_LENGTH] = { 400, "bad_length",
	    "Send the file's size in Upload-Length." },
	[VS_TUS_R_OFFSET] = { 400, "bad_offset", "Send Upload-Offset." },
	[VS_TUS_R_TYPE] = { 415, "bad_type",
	    "Send the bytes as " VS_TUS_TYPE "." },
	[VS_TUS_R_NO_LENGTH] = { 411, "length_required",
	    "Send a Content-Length." },
	[VS_TUS_R_CHECKSUM] = { 400, "bad_checksum",
	    "Upload-Checksum must be sha1 or sha256 and a base64 digest." },
	[VS_TUS_R_METADATA] = { 400, "bad_metadata",
	    "The Upload-Metadata header is malformed." },
	[VS_TUS_R_TOO_LARGE] = { 413, "too_large",
	    "The upload is larger than the size limit." },
	[VS_TUS_R_OVER_QUOTA] = { 413, "over_quota",
	    "The upload is larger than your remaining quota." },
	[VS_TUS_R_TOO_LONG] = { 413, "too_long",
	    "More bytes than the upload's Upload-Length." },
	[VS_TUS_R_NOT_FOUND] = { 404, "not_found", "No such upload." },
	[VS_TUS_R_COMPLETE] = { 409, "complete", "This upload is complete." },
	[VS_TUS_R_GONE] = { 410, "gone",
	    "This upload has expired or was refused; start a new one." },
	[VS_TUS_R_MISMATCH] = { 409, "offset_mismatch", "Upload-Offset is "
	    "not the upload's offset; ask with HEAD and resume there." },
	[VS_TUS_R_LOCKED] = { 423, "locked",
	    "Another request is writing to this upload; retry shortly." },
	[VS_TUS_R_SUM_MISMATCH] = { 460, "checksum_mismatch", "The chunk "
	    "does not match its Upload-Checksum; it was discarded." },
	[VS_TUS_R_TIMEOUT] = { 408, "timeout",
	    "The body came too slowly; resume from the upload's offset." },
	[VS_TUS_R_INCOMPLETE] = { 400, "incomplete",
	    "The body ended early; resume from the upload's offset." },
};

static void
number_header(struct vs_req *req, const char *name, long long n)
{
	char	 v[24];

	snprintf(v, sizeof(v), "%lld", n);
	vs_resp_header(req, name, v);
}

/* Upload-Expires as an HTTP date. */
static void
expires_header(struct vs_req *req, time_t t)
{
	char	 date[64];

	if (vs_tus_date(t, date, sizeof(date)) == 0)
		vs_resp_header(req, "Upload-Expires", date);
}

/* Where a finished upload's video is, for the client to follow. */
static void
video_header(struct vs_req *req, const struct vs_upsession *s)
{
	char	 loc[64];

	if (s->us_video[0] == '\0')
		return;
	snprintf(loc, sizeof(loc), "/api/v1/videos/%s", s->us_video);
	vs_resp_location(req, "Video-Location", loc);
}

/* Answer a refusal of the protocol, with the headers it calls for. */
static void
refuse(struct vs_req *req, const struct vs_tus_refusal *r)
{
	if (r->tr_reason == VS_TUS_R_VERSION)
		vs_resp_header(req, "Tus-Version", VS_TUS_VERSION);
	else if (r->tr_reason == VS_TUS_R_MISMATCH)
		number_header(req, "Upload-Offset", r->tr_offset);
	else if (r->tr_reason == VS_TUS_R_LOCKED)
		vs_resp_header(req, "Retry-After", "1");
	vs_resp_error(req, refusals[r->tr_reason].status,
	    refusals[r->tr_reason].code, r->tr_text[0] != '\0' ? r->tr_text :
	    refusals[r->tr_reason].msg);
}

/* Answer refusal reason, which has no text of its own. */
static void
refuse_for(struct vs_req *req, enum vs_tus_reason reason)
{
	struct vs_tus_refusal	 r;

	vs_tus_refuse(&r, reason, NULL);
	refuse(req, &r);
}

/* Answer a failed step: a refusal in r, the database, or the disk. */
static void
fail(struct vs_req *req, enum vs_err e, const struct vs_tus_refusal *r)
{
	if (e == VS_EINVAL)
		refuse(req, r);
	else if (e == VS_EUNAVAIL)
		vs_resp_unavailable(req, "database");
	else
		reply_write_failed(req, e);
}

/* Every tus answer names the version; a request must speak it. */
static int
tus_request(struct vs_req *req)
{
	vs_resp_header(req, "Tus-Resumable", VS_TUS_VERSION);
	if (vs_tus_version_ok(vs_req_header(req, "Tus-Resumable")))
		return 0;
	refuse_for(req, VS_TUS_R_VERSION);
	return -1;
}

/*
 * The upload of :id for user u (see vs_upsession_load); 0, or -1 after
 * answering.
 */
static int
load_or_reply(struct vs_req *req, const struct vs_user *u, int done_ok,
    struct vs_upsession *s)
{
	struct vs_tus_refusal	 r;
	enum vs_err		 e;

	e = vs_upsession_load(vs_req_param(req, "id"), u, done_ok, s, &r);
	if (e == VS_OK)
		return 0;
	fail(req, e, &r);
	return -1;
}

/* The user of a request that speaks tus, or NULL after answering. */
static const struct vs_user *
user_or_reply(struct vs_req *req)
{
	const struct vs_user	*u;

	if ((u = vs_site_user(req)) == NULL || tus_request(req) == -1)
		return NULL;
	return u;
}

/* The body's headers; 0 with sum set, or -1 after answering. */
static int
body_or_reply(struct vs_req *req, struct vs_tus_sum *sum)
{
	struct vs_tus_refusal	 r;

	if (vs_tus_body(vs_req_header(req, "Content-Type"), req->rq_length,
	    vs_req_header(req, "Upload-Checksum"), sum, &r) == VS_OK)
		return 0;
	refuse(req, &r);
	return -1;
}

/* The request's body as the upload-session store reads it. */
static long
body_read(void *arg, void *buf, size_t len, int *late)
{
	struct vs_req	*req = arg;
	long		 n = vs_req_read(req, buf, len);

	*late = req->rq_late;
	return n;
}

/* Append the body, and import the video when the upload is whole. */
static int
write_unlocked_or_reply(struct vs_req *req, const struct vs_user *u,
    struct vs_upsession *s, const struct vs_tus_sum *sum)
{
	struct vs_upsession_body b = { req->rq_length, body_read, req, 0 };
	struct vs_tus_refusal	 r;
	char			 why[256];
	enum vs_err		 e;

	if ((e = vs_upsession_append(&b, s, sum, &r)) != VS_OK) {
		fail(req, e, &r);
		return -1;
	}
	if (s->us_offset == s->us_length &&
	    (e = vs_upsession_finish(u, s, why, sizeof(why))) != VS_OK) {
		reply_import_failed(req, e, why);
		return -1;
	}
	return 0;
}

/*
 * Write the body under the upload's lock, and finish the upload when it
 * is whole. 0 with the offset answered in a header, or -1 after answering.
 */
static int
write_or_reply(struct vs_req *req, const struct vs_user *u,
    struct vs_upsession *s, const struct vs_tus_sum *sum)
{
	struct vs_tus_refusal	 r;
	enum vs_err		 e;
	int			 rc;

	if ((e = vs_upsession_lock(s->us_id, &r)) != VS_OK) {
		fail(req, e, &r);
		return -1;
	}
	rc = write_unlocked_or_reply(req, u, s, sum);
	vs_upsession_unlock(s->us_id);
	if (rc == 0) {
		number_header(req, "Upload-Offset", s->us_offset);
		video_header(req, s);
	}
	return rc;
}

void
tus_options(struct vs_req *req)
{
	vs_resp_header(req, "Tus-Resumable", VS_TUS_VERSION);
	vs_resp_header(req, "Tus-Version", VS_TUS_VERSION);
	vs_resp_header(req, "Tus-Extension", VS_TUS_EXTENSIONS);
	vs_resp_header(req, "Tus-Checksum-Algorithm", VS_TUS_ALGORITHMS);
	number_header(req, "Tus-Max-Size", vs_config_int(VS_CFG_UPLOAD_MAX));
	vs_resp_empty(req, 204);
}

/*
 * The headers of a creation, in the order they are checked, with the
 * upload's rate limit among them; 0 with s's length and metadata set, or
 * -1 after answering.
 */
static int
creation_or_reply(struct vs_req *req, const struct vs_user *u,
    struct vs_upsession *s, struct vs_tus_sum *sum)
{
	struct vs_tus_refusal	 r;

	if (vs_req_header(req, "Upload-Defer-Length") != NULL ||
	    vs_tus_size(vs_req_header(req, "Upload-Length"), LLONG_MAX,
	    &s->us_length) == -1) {
		refuse_for(req, VS_TUS_R_LENGTH);
		return -1;
	}
	if ((req->rq_length > 0 && body_or_reply(req, sum) == -1) ||
	    vs_site_limited_or_reply(req, VS_RATE_UPLOAD, u->u_id, NULL))
		return -1;
	if (vs_tus_meta(vs_req_header(req, "Upload-Metadata"), &s->us_meta,
	    &r) == VS_OK)
		return 0;
	refuse(req, &r);
	return -1;
}

/* 201 for the new upload s. */
static void
created(struct vs_req *req, const struct vs_upsession *s, int with_body)
{
	char	 loc[64];

	snprintf(loc, sizeof(loc), "/api/v1/uploads/%s", s->us_id);
	vs_resp_location(req, "Location", loc);
	expires_header(req, s->us_expires);
	if (!with_body)
		number_header(req, "Upload-Offset", 0);
	vs_resp_empty(req, 201);
}

void
tus_create(struct vs_req *req)
{
	const struct vs_user	*u;
	struct vs_upsession	 s = { 0 };
	struct vs_tus_sum	 sum = { 0 };
	struct vs_tus_refusal	 r;
	enum vs_err		 e;
	int			 with_body = req->rq_length > 0;

	if ((u = user_or_reply(req)) == NULL ||
	    creation_or_reply(req, u, &s, &sum) == -1)
		goto out;
	if ((e = vs_upsession_create(u, &s, &r)) != VS_OK) {
		fail(req, e, &r);
		goto out;
	}
	if (with_body && write_or_reply(req, u, &s, sum.ts_algo != NULL ?
	    &sum : NULL) == -1) {
		if (s.us_video[0] == '\0')
			vs_upsession_undo(&s);
		goto out;
	}
	created(req, &s, with_body);
out:
	vs_upsession_free(&s);
}

void
tus_head(struct vs_req *req)
{
	const struct vs_user	*u;
	struct vs_upsession	 s;

	vs_resp_header(req, "Cache-Control", "no-store");
	if ((u = user_or_reply(req)) == NULL || load_or_reply(req, u, 1, &s) ==
	    -1)
		return;
	number_header(req, "Upload-Offset", s.us_offset);
	number_header(req, "Upload-Length", s.us_length);
	if (s.us_state == VS_UPS_OPEN)
		expires_header(req, s.us_expires);
	video_header(req, &s);
	vs_upsession_free(&s);
	vs_resp_empty(req, 200);
}

void
tus_patch(struct vs_req *req)
{
	const struct vs_user	*u;
	struct vs_upsession	 s;
	struct vs_tus_sum	 sum;
	struct vs_tus_refusal	 r;
	long long		 off;

	if ((u = user_or_reply(req)) == NULL || body_or_reply(req, &sum) == -1)
		return;
	if (vs_tus_size(vs_req_header(req, "Upload-Offset"), LLONG_MAX,
	    &off) == -1) {
		refuse_for(req, VS_TUS_R_OFFSET);
		return;
	}
	if (load_or_reply(req, u, 0, &s) == -1)
		return;
	if (off != s.us_offset) {
		vs_tus_refuse(&r, VS_TUS_R_MISMATCH, NULL);
		r.tr_offset = s.us_offset;
		refuse(req, &r);
	} else if (write_or_reply(req, u, &s, sum.ts_algo != NULL ? &sum :
	    NULL) == 0) {
		expires_header(req, s.us_expires);
		vs_resp_empty(req, 204);
	}
	vs_upsession_free(&s);
}

void
tus_delete(struct vs_req *req)
{
	const struct vs_user	*u;
	struct vs_upsession	 s;
	struct vs_tus_refusal	 r;
	enum vs_err		 e;

	if ((u = user_or_reply(req)) == NULL || load_or_reply(req, u, 0, &s) ==
	    -1)
		return;
	vs_upsession_free(&s);
	if ((e = vs_upsession_lock(s.us_id, &r)) != VS_OK) {
		fail(req, e, &r);
		return;
	}
	vs_upsession_terminate(&s);
	vs_upsession_unlock(s.us_id);
	vs_resp_empty(req, 204);
}

void
tus_list(struct vs_req *req)
{
	const struct vs_user	*u;
	struct vs_quota		 q;
	struct json_object	*rows, *o;

	u = vs_site_user(req);
	if (vs_upload_quota(u, &q) != VS_OK ||
	    vs_upsession_list(u, &rows) != VS_OK) {
		vs_resp_unavailable(req, "database");
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "quota", vs_upload_quota_json(&q));
	json_object_object_add(o, "uploads", rows);
	vs_resp_json(req, 200, o);
}
