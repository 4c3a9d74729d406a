/* response.c: status, headers and bodies of responses. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#define NO_FCGI_DEFINES
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgi_stdio.h>
#include <json-c/json.h>
#include <zlib.h>

#include "extern.h"
#include "config.h"
#include "crypto.h"
#include "http.h"
#include "json.h"
#include "log.h"
#include "range.h"
#include "str.h"
#include "template.h"
#include "url.h"

/* Pages may load only what this site serves; frame-ancestors follows. */
#define HTML_POLICY	"default-src 'self'; img-src 'self' data: blob:; " \
	"media-src 'self' blob:; style-src 'self' 'unsafe-inline'; " \
	"worker-src 'self' blob:; font-src 'self' data:; " \
	"object-src 'none'; base-uri 'self'; form-action 'self'; " \
	"frame-ancestors "

static const struct {
	int		 code;
	const char	*text;
} statuses[] = {
	{ 200, "OK" }, { 201, "Created" }, { 204, "No Content" },
	{ 206, "Partial Content" }, { 301, "Moved Permanently" },
	{ 302, "Found" }, { 303, "See Other" }, { 304, "Not Modified" },
	{ 400, "Bad Request" }, { 401, "Unauthorized" }, { 403, "Forbidden" },
	{ 404, "Not Found" }, { 405, "Method Not Allowed" },
	{ 408, "Request Timeout" }, { 409, "Conflict" }, { 410, "Gone" }, { 411, "Length Required" },
	{ 412, "Precondition Failed" }, { 413, "Content Too Large" },
	{ 415, "Unsupported Media Type" }, { 416, "Range Not Satisfiable" },
	{ 422, "Unprocessable Content" }, { 423, "Locked" },
	{ 429, "Too Many Requests" }, { 460, "Checksum Mismatch" },
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
vs_resp_empty(struct vs_req *req, int status)
{
	if (vs_resp_header(req, "Content-Length", "0") == -1)
		return -1;
	return vs_resp_start(req, status);
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
	struct vs_buf	 policy = { 0 };
	const char	*who = req->rs_frame_ancestors;

	vs_buf_printf(&policy, "%s%s", HTML_POLICY, who ? who : "'none'");
	if (policy.b_data == NULL ||
	    vs_resp_header(req, "Content-Security-Policy", policy.b_data) == -1)
		vs_resp_header(req, "Content-Security-Policy",
		    HTML_POLICY "'none'");
	vs_buf_free(&policy);
	if (who == NULL)
		vs_resp_header(req, "X-Frame-Options", "DENY");
	vs_resp_header(req, "Cache-Control", "no-store");
	return vs_resp_body(req, status, "text/html; charset=utf-8",
	    b->b_data ? b->b_data : "", b->b_len);
}

/*
 * The context every page gets: the request id, and what the site adds
 * (its name, the account, the CSRF token its forms must carry).
 */
static void
page_context(struct vs_req *req, struct json_object *ctx)
{
	const struct vs_site	*site = req->rq_site;

	json_object_object_add(ctx, "request_id",
	    json_object_new_string(req->rq_id));
	if (site != NULL && site->si_page != NULL)
		site->si_page(req, ctx, site->si_arg);
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
	return vs_resp_err(req, VS_EUNAVAIL, msg);
}

/* The one mapping of vs_err to an answer; the last row is for the rest. */
static const struct error {
	enum vs_err	 e;
	int		 status;
	const char	*code;
	const char	*msg;
} errors[] = {
	{ VS_ENOTFOUND, 404, "not_found", "No such thing here." },
	{ VS_ECONFLICT, 409, "conflict", "That is taken or already done." },
	{ VS_EINVAL, 422, "invalid", "The request breaks a rule." },
	{ VS_ELIMIT, 422, "limit", "The request is past a limit." },
	{ VS_ENOSPACE, 507, "no_space", "The server is out of disk space." },
	{ VS_EUNAVAIL, 503, "unavailable",
	    "A service is unavailable; try again shortly." },
	{ VS_ERR, 500, "internal", "Something went wrong on our side." },
};

/* The row for e: its own, or the last one. */
static const struct error *
error_row(enum vs_err e)
{
	size_t	 i;

	for (i = 0; i < nitems(errors) - 1; i++)
		if (errors[i].e == e)
			break;
	return &errors[i];
}

int
vs_err_status(enum vs_err e)
{
	return e == VS_OK ? 200 : error_row(e)->status;
}

int
vs_resp_err(struct vs_req *req, enum vs_err e, const char *msg)
{
	const struct error	*r = error_row(e);

	if (r->e == VS_EUNAVAIL)
		vs_resp_header(req, "Retry-After", "5");
	return vs_resp_error(req, r->status, r->code,
	    msg != NULL ? msg : r->msg);
}

int
vs_resp_location(struct vs_req *req, const char *name, const char *path)
{
	const char	*prefix = req->rq_site != NULL &&
			    req->rq_site->si_prefix != NULL ?
			    req->rq_site->si_prefix : "";
	struct vs_buf	 b = { 0 };
	int		 rc = -1;

	if (vs_buf_printf(&b, "%s%s", prefix, path) == 0)
		rc = vs_resp_header(req, name, b.b_data);
	vs_buf_free(&b);
	return rc;
}

int
vs_resp_redirect(struct vs_req *req, int status, const char *location)
{
	if (!vs_url_local_path(location)) {
		vs_errx("%s: refused a target that is not a local path",
		    __func__);
		return vs_resp_error(req, 500, "internal", "Bad redirect.");
	}
	if (vs_resp_location(req, "Location", location) == -1)
		return vs_resp_error(req, 500, "internal", "Bad redirect.");
	return vs_resp_body(req, status, "text/plain; charset=utf-8", "", 0);
}

/* Compress with gzip framing; a malloc'd buffer the caller frees, or NULL. */
static unsigned char *
gzip(const void *data, size_t len, size_t *outlen)
{
	z_stream	 z;
	unsigned char	*out;
	size_t		 cap = len + len / 100 + 64;

	memset(&z, 0, sizeof(z));
	if ((out = malloc(cap)) == NULL)
		return NULL;
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = (unsigned char *)data;
	z.avail_in = (unsigned)len;
	z.next_out = out;
	z.avail_out = (unsigned)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(out);
		return NULL;
	}
	*outlen = z.total_out;
	deflateEnd(&z);
	return out;
}

/* Does the client take gzip? (q=0 is a refusal.) */
static int
takes_gzip(const struct vs_req *req)
{
	const char	*ae = vs_req_header(req, "Accept-Encoding");
	const char	*g = ae ? strstr(ae, "gzip") : NULL;

	return g != NULL && strncmp(g + 4, ";q=0", 4) != 0;
}

int
vs_resp_cached(struct vs_req *req, const char *type, const void *data,
    size_t len, const char *cache_control)
{
	unsigned char	 h[VS_SHA256_LEN], *gz = NULL;
	char		 hex[VS_SHA256_HEX], etag[80];
	const char	*inm = vs_req_header(req, "If-None-Match");
	size_t		 gzlen = 0;
	int		 rc, zip = takes_gzip(req);

	vs_sha256(data, len, h);
	vs_hex(hex, h, 12);
	snprintf(etag, sizeof(etag), "\"%s%s\"", hex, zip ? "-gz" : "");
	vs_resp_header(req, "ETag", etag);
	vs_resp_header(req, "Cache-Control", cache_control);
	vs_resp_header(req, "Vary", "Accept-Encoding");
	if (inm != NULL && (strstr(inm, etag) != NULL || strcmp(inm, "*") == 0))
		return vs_resp_body(req, 304, type, "", 0);
	if (zip && (gz = gzip(data, len, &gzlen)) != NULL) {
		vs_resp_header(req, "Content-Encoding", "gzip");
		rc = vs_resp_body(req, 200, type, gz, gzlen);
		free(gz);
		return rc;
	}
	return vs_resp_body(req, 200, type, data, len);
}

/* Write bytes [first, last] of fd after the headers; 0 / -1. */
static int
copy_range(struct vs_req *req, int fd, long long first, long long last)
{
	char		 buf[65536];
	long long	 left = last - first + 1;
	ssize_t		 n;

	if (lseek(fd, (off_t)first, SEEK_SET) == -1)
		return -1;
	while (left > 0 && (n = read(fd, buf, left < (long long)sizeof(buf) ?
	    (size_t)left : sizeof(buf))) > 0) {
		if (vs_resp_write(req, buf, (size_t)n) == -1)
			return -1;
		left -= n;
	}
	return left == 0 ? 0 : -1;
}

int
vs_resp_file(struct vs_req *req, const char *path, const char *type,
    const char *cache_control)
{
	struct stat	 st;
	long long	 first = 0, last;
	char		 v[96];
	int		 fd, rc, status = 200;

	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) == -1) {
		if (fd != -1)
			close(fd);
		return vs_resp_error(req, 404, "not_found", "No such file.");
	}
	vs_resp_header(req, "Cache-Control", cache_control);
	vs_resp_header(req, "Accept-Ranges", "bytes");
	if (strcmp(vs_config_str(VS_CFG_SENDFILE), "x-sendfile") == 0) {
		close(fd);
		vs_resp_header(req, "Content-Type", type);
		vs_resp_header(req, "X-Sendfile", path);
		return vs_resp_start(req, 200);
	}
	last = (long long)st.st_size - 1;
	switch (vs_range_parse(vs_req_header(req, "Range"), st.st_size, &first,
	    &last)) {
	case VS_RANGE_UNSATISFIABLE:
		close(fd);
		snprintf(v, sizeof(v), "bytes */%lld", (long long)st.st_size);
		vs_resp_header(req, "Content-Range", v);
		return vs_resp_error(req, 416, "range",
		    "The range is outside the file.");
	case VS_RANGE_OK:
		status = 206;
		snprintf(v, sizeof(v), "bytes %lld-%lld/%lld", first, last,
		    (long long)st.st_size);
		vs_resp_header(req, "Content-Range", v);
		break;
	default:
		break;
	}
	snprintf(v, sizeof(v), "%lld", last - first + 1);
	vs_resp_header(req, "Content-Type", type);
	vs_resp_header(req, "Content-Length", v);
	rc = vs_resp_start(req, status);
	if (rc == 0 && req->rq_method != VS_METHOD_HEAD)
		rc = copy_range(req, fd, first, last);
	close(fd);
	return rc;
}

/* Is origin one of the comma-separated allowed ones? */
static int
origin_allowed(const char *origin)
{
	const char	*list = vs_config_str(VS_CFG_CORS_ORIGINS), *p;
	size_t		 len, olen = strlen(origin);

	for (p = list; *p != '\0'; p += len + (p[len] == ',')) {
		p += strspn(p, " ");
		len = strcspn(p, ",");
		if ((len == 1 && *p == '*') || (len == olen &&
		    strncmp(p, origin, len) == 0))
			return 1;
	}
	return 0;
}

/* Allow origin, expose what players read, answer a preflight: 1 if so. */
static int
cors_allow(struct vs_req *req, const char *origin)
{
	vs_resp_header(req, "Access-Control-Allow-Origin", origin);
	vs_resp_header(req, "Access-Control-Expose-Headers",
	    "Content-Length, Content-Range, Accept-Ranges");
	if (req->rq_method != VS_METHOD_OPTIONS)
		return 0;
	vs_resp_header(req, "Access-Control-Allow-Methods",
	    "GET, HEAD, OPTIONS");
	vs_resp_header(req, "Access-Control-Allow-Headers",
	    "Range, If-None-Match, Authorization");
	vs_resp_header(req, "Access-Control-Max-Age", "600");
	vs_resp_empty(req, 204);
	return 1;
}

int
vs_resp_cors(struct vs_req *req)
{
	const char	*origin = vs_req_header(req, "Origin");

	if (origin == NULL || strpbrk(origin, "\r\n") != NULL ||
	    !origin_allowed(origin))
		return 0;
	vs_resp_header(req, "Vary", "Origin");
	return cors_allow(req, origin);
}

int
vs_resp_cors_any(struct vs_req *req)
{
	return cors_allow(req, "*");
}
