/* upload.c: upload.fcgi, multipart and resumable (tus) uploads, /upload. */
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

static const struct vs_route routes[] = {
	{ VS_METHOD_POST, "/api/v1/videos/upload", vs_upload_multipart },
	{ VS_METHOD_OPTIONS, "/api/v1/uploads", vs_resumable_options },
	{ VS_METHOD_POST, "/api/v1/uploads", vs_resumable_create },
	{ VS_METHOD_GET, "/api/v1/uploads", vs_resumable_list },
	{ VS_METHOD_OPTIONS, "/api/v1/uploads/:id", vs_resumable_options },
	{ VS_METHOD_HEAD, "/api/v1/uploads/:id", vs_resumable_head },
	{ VS_METHOD_PATCH, "/api/v1/uploads/:id", vs_resumable_patch },
	{ VS_METHOD_DELETE, "/api/v1/uploads/:id", vs_resumable_delete },
	{ VS_METHOD_GET, "/upload", page_upload },
};

int
main(void)
{
	vs_app_start("upload", VS_APP_SECRET);
	return vs_http_serve(routes, sizeof(routes) / sizeof(routes[0]));
}
