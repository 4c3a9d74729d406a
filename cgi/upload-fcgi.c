/* upload-fcgi.c: upload.fcgi: multipart and resumable (tus) uploads. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>

#include <vstream.h>

/* The upload page: quota, the form, the user's unfinished uploads. */
static void
page_upload(struct vs_req *req)
{
	const struct vs_user	*me;
	struct vs_quota		 q;
	struct json_object	*ctx;

	if ((me = vs_auth_require(req, VS_ROLE_USER)) == NULL)
		return;
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
	if (vs_auth_limited(req, VS_RATE_API_ANON, who, "redis"))
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

static const struct vs_route routes[] = {
	VS_ROUTE(POST, "/api/v1/videos/upload", vs_upload_multipart),
	VS_ROUTE(POST, "/api/v1/uploads/limits-check", limits_check),
	VS_ROUTE(OPTIONS, "/api/v1/uploads", vs_resumable_options),
	VS_ROUTE(POST, "/api/v1/uploads", vs_resumable_create),
	VS_ROUTE(GET, "/api/v1/uploads", vs_resumable_list),
	VS_ROUTE(OPTIONS, "/api/v1/uploads/:id", vs_resumable_options),
	VS_ROUTE(HEAD, "/api/v1/uploads/:id", vs_resumable_head),
	VS_ROUTE(PATCH, "/api/v1/uploads/:id", vs_resumable_patch),
	VS_ROUTE(DELETE, "/api/v1/uploads/:id", vs_resumable_delete),
	VS_ROUTE(GET, "/upload", page_upload),
};

int
main(void)
{
	vs_app_start("upload", VS_APP_SECRET);
	return vs_http_serve(routes, sizeof(routes) / sizeof(routes[0]),
	    vs_site_hooks());
}
