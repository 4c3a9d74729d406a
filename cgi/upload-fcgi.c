/* upload-fcgi.c: upload.fcgi: multipart and resumable (tus) uploads. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>

#include <vstream.h>

#include "upload.h"

void
reply_write_failed(struct vs_req *req, enum vs_err e)
{
	if (e == VS_ENOSPACE)
		vs_resp_error(req, vs_err_status(e), "storage_full", "The "
		    "server has no room left for this upload; nothing was "
		    "kept. Try again later.");
	else
		vs_resp_error(req, 500, "storage", "The upload could not be "
		    "written; nothing was kept.");
}

void
reply_import_failed(struct vs_req *req, enum vs_err e, const char *why)
{
	char	 msg[320];

	switch (e) {
	case VS_EINVAL:
		snprintf(msg, sizeof(msg), "Not a video this site accepts: %s.",
		    why);
		vs_resp_error(req, 415, "not_a_video", msg);
		break;
	case VS_ELIMIT:
		snprintf(msg, sizeof(msg), "This video cannot be taken: %s.",
		    why);
		vs_resp_error(req, vs_err_status(e), "not_accepted", msg);
		break;
	case VS_ENOSPACE:
		reply_write_failed(req, e);
		break;
	case VS_EUNAVAIL:
		vs_resp_unavailable(req, "database");
		break;
	default:
		vs_resp_error(req, 500, "import", "The video could not be "
		    "stored; nothing was kept.");
		break;
	}
}

/* The upload page: quota, the form, the user's unfinished uploads. */
static void
page_upload(struct vs_req *req)
{
	const struct vs_user	*me;
	struct vs_quota		 q;
	struct json_object	*ctx;

	me = vs_site_user(req);
	if (vs_upload_quota(me, &q) != VS_OK) {
		vs_resp_unavailable(req, "database");
		return;
	}
	ctx = json_object_new_object();
	json_object_object_add(ctx, "title", json_object_new_string("Upload"));
	json_object_object_add(ctx, "quota", vs_upload_quota_json(&q));
	json_object_object_add(ctx, "chunk",
	    json_object_new_int64(vs_config_int(VS_CFG_UPLOAD_CHUNK)));
	vs_resp_page(req, 200, "upload", ctx);
}

/*
 * For vstreamctl doctor: read and drop a body of at most upload_chunk
 * bytes, and say how many arrived and whether an Authorization header
 * came with them. Only with a current doctor token, made from secret_key,
 * and rate limited per address: no open sink for anyone's bandwidth.
 */
static void
limits_check(struct vs_req *req)
{
	struct json_object	*o;
	char			 buf[64 * 1024], who[96];
	long long		 got = 0;
	long			 n;

	if (!vs_doctor_token_valid(vs_req_header(req, "X-Vstream-Doctor"))) {
		vs_resp_error(req, 403, "forbidden", "This is for vstreamctl "
		    "doctor only.");
		return;
	}
	snprintf(who, sizeof(who), "doctor:%s", req->rq_addr);
	if (vs_site_limited_or_reply(req, VS_RATE_API_ANON, who, "redis"))
		return;
	if (req->rq_length < 0 ||
	    req->rq_length > vs_config_int(VS_CFG_UPLOAD_CHUNK)) {
		vs_resp_error(req, 413, "too_large", "Send a Content-Length of "
		    "at most upload_chunk.");
		return;
	}
	while ((n = vs_req_read(req, buf, sizeof(buf))) > 0)
		got += n;
	o = json_object_new_object();
	json_object_object_add(o, "received", json_object_new_int64(got));
	json_object_object_add(o, "authorization", json_object_new_boolean(
	    vs_req_header(req, "Authorization") != NULL));
	vs_resp_json(req, 200, o);
}

/* A signed-in user's upload call: the handlers limit the body. */
#define UPLOAD(m, p, h, csrf)	{ VS_METHOD_##m, (p), (h), VS_SITE_USER, \
	VS_RT_WHO | (csrf), VS_SITE_RATE_API, 0 }

static const struct vs_route routes[] = {
	UPLOAD(POST, "/api/v1/videos/upload", form_upload, VS_RT_CSRF_BODY),
	VS_ROUTE(POST, "/api/v1/uploads/limits-check", limits_check),
	VS_ROUTE(OPTIONS, "/api/v1/uploads", tus_options),
	UPLOAD(POST, "/api/v1/uploads", tus_create, VS_RT_CSRF),
	UPLOAD(GET, "/api/v1/uploads", tus_list, VS_RT_CSRF),
	VS_ROUTE(OPTIONS, "/api/v1/uploads/:id", tus_options),
	UPLOAD(HEAD, "/api/v1/uploads/:id", tus_head, VS_RT_CSRF),
	UPLOAD(PATCH, "/api/v1/uploads/:id", tus_patch, VS_RT_CSRF),
	UPLOAD(DELETE, "/api/v1/uploads/:id", tus_delete, VS_RT_CSRF),
	VS_SITE_PAGE(GET, "/upload", page_upload, VS_SITE_USER),
};

int
main(void)
{
	vs_app_start("upload", VS_APP_SECRET);
	return vs_http_serve(routes, sizeof(routes) / sizeof(routes[0]),
	    vs_site_hooks());
}
