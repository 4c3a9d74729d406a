/* response.c: status, headers and bodies of responses. */
#define NO_FCGI_DEFINES
#include <stdio.h>
#include <string.h>

#include <fcgi_stdio.h>
#include <json-c/json.h>

#include "extern.h"
#include "auth.h"
#include "config.h"
#include "http.h"
#include "json.h"
#include "log.h"
#include "template.h"

/* Pages may load only what this site serves. */
#define HTML_POLICY	"default-src 'self'; img-src 'self' data: blob:; " \
	"media-src 'self' blob:; style-src 'self' 'unsafe-inline'; " \
	"object-src 'none'; base-uri 'self'; form-action 'self'; " \
	"frame-ancestors 'none'"

static const struct {
	int		 code;
	const char	*text;
} statuses[] = {
	{ 200, "OK" }, { 201, "Created" }, { 204, "No Content" },
	{ 206, "Partial Content" }, { 301, "Moved Permanently" },
	{ 302, "Found" }, { 303, "See Other" }, { 304, "Not Modified" },
	{ 400, "Bad Request" }, { 401, "Unauthorized" }, { 403, "Forbidden" },
	{ 404, "Not Found" }, { 405, "Method Not Allowed" },
	{ 409, "Conflict" }, { 411, "Length Required" },
	{ 412, "Precondition Failed" }, { 413, "Content Too Large" },
	{ 415, "Unsupported Media Type" }, { 416, "Range Not Satisfiable" },
	{ 422, "Unprocessable Content" }, { 429, "Too Many Requests" },
	{ 500, "Internal Server Error" }, { 501, "Not Implemented" },
	{ 503, "Service Unavailable" }, { 507, "Insufficient Storage" },
};

static const char *
status_text(int code)
{
	size_t	 i;

	for (i = 0; i < nitems(statuses); i++)
		if (statuses[i].code == code)
			return statuses[i].text;
	return "Unknown";
}

static int
out(const void *data, size_t len)
{
	return FCGI_fwrite((void *)data, 1, len, FCGI_stdout) == len ? 0 : -1;
}

int
vs_resp_header(struct vs_req *req, const char *name, const char *value)
{
	if (strpbrk(name, "\r\n:") != NULL || strpbrk(value, "\r\n") != NULL) {
		vs_errx("%s: refused header %s", __func__, name);
		return -1;
	}
	return vs_buf_printf(&req->rs_head, "%s: %s\r\n", name, value);
}

int
vs_resp_start(struct vs_req *req, int status)
{
	struct vs_buf	 h = { 0 };
	int		 rc;

	if (req->rs_sent)
		return 0;
	req->rs_sent = 1;
	req->rs_status = status;
	vs_buf_printf(&h, "Status: %d %s\r\nX-Request-Id: %s\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "Referrer-Policy: same-origin\r\n", status, status_text(status),
	    req->rq_id);
	vs_buf_add(&h, req->rs_head.b_data, req->rs_head.b_len);
	rc = vs_buf_puts(&h, "\r\n") == -1 ? -1 : out(h.b_data, h.b_len);
	vs_buf_free(&h);
	return rc;
}

int
vs_resp_write(struct vs_req *req, const void *data, size_t len)
{
	if (!req->rs_sent && vs_resp_start(req, 200) == -1)
		return -1;
	if (req->rq_method == VS_METHOD_HEAD || len == 0)
		return 0;
	if (out(data, len) == -1)
		return -1;
	req->rs_bytes += (long long)len;
	return 0;
}

int
vs_resp_body(struct vs_req *req, int status, const char *type,
    const void *data, size_t len)
{
	char	 clen[24];

	snprintf(clen, sizeof(clen), "%zu", len);
	if (vs_resp_header(req, "Content-Type", type) == -1 ||
	    vs_resp_header(req, "Content-Length", clen) == -1 ||
	    vs_resp_start(req, status) == -1)
		return -1;
	return vs_resp_write(req, data, len);
}

int
vs_resp_json(struct vs_req *req, int status, struct json_object *o)
{
	static const char	 nomem[] = "{\"error\":{\"code\":\"internal\","
				    "\"message\":\"Out of memory.\"}}";
	const char		*s;
	int			 rc;

	if (o == NULL)
		return vs_resp_body(req, 500, "application/json", nomem,
		    sizeof(nomem) - 1);
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	rc = vs_resp_body(req, status, "application/json", s, strlen(s));
	json_object_put(o);
	return rc;
}

static int
html_body(struct vs_req *req, int status, const struct vs_buf *b)
{
	vs_resp_header(req, "Content-Security-Policy", HTML_POLICY);
	vs_resp_header(req, "X-Frame-Options", "DENY");
	vs_resp_header(req, "Cache-Control", "no-store");
	return vs_resp_body(req, status, "text/html; charset=utf-8",
	    b->b_data ? b->b_data : "", b->b_len);
}

/*
 * The context every page gets: the site's name, the request id, and, once
 * the handler has asked who is there, the account ("me") and the CSRF
 * token its forms must carry.
 */
static void
page_context(struct vs_req *req, struct json_object *ctx)
{
	const struct vs_auth	*a = req->rq_auth;
	struct json_object	*me;

	json_object_object_add(ctx, "site_name",
	    json_object_new_string(vs_config_str(VS_CFG_SITE_NAME)));
	json_object_object_add(ctx, "request_id",
	    json_object_new_string(req->rq_id));
	if (a == NULL || a->a_via == VS_VIA_NONE || a->a_user.u_banned)
		return;
	me = vs_user_json(&a->a_user);
	json_object_object_add(me, "moderator", json_object_new_boolean(
	    a->a_user.u_role >= VS_ROLE_MODERATOR));
	json_object_object_add(ctx, "me", me);
	if (a->a_via == VS_VIA_COOKIE)
		json_object_object_add(ctx, "csrf",
		    json_object_new_string(a->a_session.s_csrf));
}

int
vs_resp_page(struct vs_req *req, int status, const char *name,
    struct json_object *ctx)
{
	struct vs_buf	 b = { 0 };
	int		 rc;

	if (ctx == NULL)
		return vs_resp_json(req, 500, NULL);
	page_context(req, ctx);
	if (vs_template_render(name, ctx, &b) == -1) {
		json_object_put(ctx);
		vs_buf_free(&b);
		return vs_resp_body(req, 500, "text/plain; charset=utf-8",
		    "The page could not be rendered.\n", 32);
	}
	rc = html_body(req, status, &b);
	json_object_put(ctx);
	vs_buf_free(&b);
	return rc;
}

int
vs_resp_error(struct vs_req *req, int status, const char *code,
    const char *msg)
{
	struct json_object	*ctx;

	if (!vs_req_wants_html(req))
		return vs_resp_json(req, status, vs_json_error(code, msg));
	if ((ctx = json_object_new_object()) == NULL)
		return vs_resp_json(req, 500, NULL);
	json_object_object_add(ctx, "status", json_object_new_int(status));
	json_object_object_add(ctx, "title",
	    json_object_new_string(status_text(status)));
	json_object_object_add(ctx, "message", json_object_new_string(msg));
	return vs_resp_page(req, status, "error", ctx);
}

int
vs_resp_unavailable(struct vs_req *req, const char *what)
{
	char	 msg[128];

	snprintf(msg, sizeof(msg), "The %s is unavailable; try again shortly.",
	    what);
	vs_resp_header(req, "Retry-After", "5");
	return vs_resp_error(req, 503, "unavailable", msg);
}

int
vs_resp_redirect(struct vs_req *req, int status, const char *location)
{
	if (location[0] != '/' || location[1] == '/' || location[1] == '\\') {
		vs_errx("%s: refused non-local %s", __func__, location);
		return vs_resp_error(req, 500, "internal", "Bad redirect.");
	}
	if (vs_resp_header(req, "Location", location) == -1)
		return vs_resp_error(req, 500, "internal", "Bad redirect.");
	return vs_resp_body(req, status, "text/plain; charset=utf-8", "", 0);
}
