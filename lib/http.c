/* http.c: the FastCGI (or plain CGI) request loop and request parsing. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#define NO_FCGI_DEFINES
#include <ctype.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <fcgi_stdio.h>
#include <json-c/json.h>

#include "extern.h"
#include "addr.h"
#include "app.h"
#include "config.h"
#include "cookie.h"
#include "http.h"
#include "json.h"
#include "log.h"
#include "metrics.h"
#include "random.h"
#include "template.h"
#include "url.h"

const char *
vs_req_header(const struct vs_req *req, const char *name)
{
	char	 env[128];
	size_t	 i, off = 5;

	(void)req;
	if (strcasecmp(name, "Content-Type") == 0)
		return getenv("CONTENT_TYPE");
	if (strcasecmp(name, "Content-Length") == 0)
		return getenv("CONTENT_LENGTH");
	memcpy(env, "HTTP_", off);
	for (i = 0; name[i] != '\0' && off + i < sizeof(env) - 1; i++)
		env[off + i] = name[i] == '-' ? '_' :
		    (char)toupper((unsigned char)name[i]);
	env[off + i] = '\0';
	return getenv(env);
}

const char *
vs_req_param(const struct vs_req *req, const char *name)
{
	return vs_kv_get(&req->rq_params, name);
}

const char *
vs_req_query(const struct vs_req *req, const char *name)
{
	return vs_kv_get(&req->rq_query, name);
}

/*
 * Body bytes asked of the web server at a time: each step gets the
 * deadline anew, so a client that keeps the pace is never cut short.
 */
#define READ_STEP	4096

static volatile sig_atomic_t	 read_expired;

/*
 * The deadline passed: the blocked read fails with EINTR. Should the
 * signal fall between two reads, it comes again a second later.
 */
static void
read_alarm(int sig)
{
	(void)sig;
	read_expired = 1;
	alarm(1);
}

/* Install the alarm without SA_RESTART, so that it interrupts reads. */
static void
read_alarm_install(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = read_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
}

/*
 * Whole seconds left to read the body: body_timeout from the start of
 * the request, one more per body_min_rate bytes that came (the rule of
 * Apache's mod_reqtimeout).
 */
static long long
read_time_left(const struct vs_req *req)
{
	struct timespec	 now;
	long long	 allowed;

	clock_gettime(CLOCK_MONOTONIC, &now);
	allowed = vs_config_int(VS_CFG_BODY_TIMEOUT) +
	    req->rq_read / vs_config_int(VS_CFG_BODY_MIN_RATE);
	return allowed - (long long)(now.tv_sec - req->rq_start.tv_sec);
}

/* Read one step of at most len bytes before the deadline; as FCGI_fread. */
static size_t
read_step(struct vs_req *req, char *buf, size_t len)
{
	long long	 left = read_time_left(req);
	size_t		 n;

	if (left <= 0) {
		req->rq_late = 1;
		return 0;
	}
	read_expired = 0;
	alarm(left > 86400 ? 86400 : (unsigned)left);
	n = FCGI_fread(buf, 1, len, FCGI_stdin);
	alarm(0);
	if (read_expired)
		req->rq_late = 1;
	return n;
}

/* What vs_req_input() read already, handed out again from the start. */
static long
body_again(struct vs_req *req, void *buf, size_t len)
{
	size_t	 left = req->rq_body_len - req->rq_body_off;

	if (len > left)
		len = left;
	memcpy(buf, req->rq_body + req->rq_body_off, len);
	req->rq_body_off += len;
	return (long)len;
}

long
vs_req_read(struct vs_req *req, void *buf, size_t len)
{
	long long	 left = req->rq_length - req->rq_read;
	size_t		 got = 0, n, step;

	if (req->rq_body != NULL)
		return body_again(req, buf, len);
	if (left <= 0)
		return 0;
	if ((long long)len > left)
		len = (size_t)left;
	while (got < len && !req->rq_late) {
		step = len - got < READ_STEP ? len - got : READ_STEP;
		n = read_step(req, (char *)buf + got, step);
		got += n;
		req->rq_read += (long long)n;
		if (n < step)
			break;
	}
	return got > 0 ? (long)got : -1;
}

int
vs_resp_body_late(struct vs_req *req)
{
	return vs_resp_error(req, 408, "timeout", "The request body came too "
	    "slowly; nothing of it was kept.");
}

/* Read exactly Content-Length bytes, at most VS_BODY_MAX; caller frees. */
static char *
read_body(struct vs_req *req, size_t *len)
{
	char	*buf;
	long	 n;

	if (req->rq_length < 0 || req->rq_length > VS_BODY_MAX)
		return NULL;
	if ((buf = malloc((size_t)req->rq_length + 1)) == NULL)
		return NULL;
	*len = 0;
	while ((n = vs_req_read(req, buf + *len,
	    (size_t)req->rq_length - *len)) > 0)
		*len += (size_t)n;
	if (n < 0 || *len != (size_t)req->rq_length) {
		free(buf);
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

/* An urlencoded form as an object of strings; NULL when malformed. */
static struct json_object *
form_object(const char *body)
{
	struct vs_kvlist	 l = { 0 };
	struct json_object	*o = NULL;
	size_t			 i;

	if (vs_url_query(&l, body) == 0 && (o = json_object_new_object())) {
		for (i = 0; i < l.kl_len; i++)
			json_object_object_add(o, l.kl_items[i].kv_key,
			    json_object_new_string(l.kl_items[i].kv_val));
	}
	vs_kv_free(&l);
	return o;
}

enum vs_err
vs_req_input(struct vs_req *req, struct json_object **out)
{
	const char	*type = vs_req_header(req, "Content-Type");
	char		*body;
	size_t		 len;

	*out = req->rq_input;
	if (req->rq_input_read)
		return req->rq_input != NULL || req->rq_length <= 0 ?
		    VS_OK : VS_ERR;
	req->rq_input_read = 1;
	if (req->rq_length <= 0)
		return VS_OK;
	/* Any other body (an upload) is left for its reader. */
	if ((!vs_str_type_is(type, "application/json") &&
	    !vs_str_type_is(type, "application/x-www-form-urlencoded")) ||
	    (body = read_body(req, &len)) == NULL)
		return VS_ERR;
	if (vs_str_type_is(type, "application/json"))
		req->rq_input = vs_json_parse(body, len);
	else if (strlen(body) == len)
		req->rq_input = form_object(body);
	/* Kept: a handler that reads the body itself still gets it. */
	req->rq_body = body;
	req->rq_body_len = len;
	if (req->rq_input != NULL &&
	    !json_object_is_type(req->rq_input, json_type_object)) {
		json_object_put(req->rq_input);
		req->rq_input = NULL;
	}
	*out = req->rq_input;
	return req->rq_input != NULL ? VS_OK : VS_ERR;
}

const char *
vs_req_field(struct vs_req *req, const char *name)
{
	struct json_object	*in;

	if (vs_req_input(req, &in) != VS_OK || in == NULL)
		return NULL;
	return vs_json_str(in, name);
}

int
vs_req_is_form(const struct vs_req *req)
{
	return vs_str_type_is(vs_req_header(req, "Content-Type"),
	    "application/x-www-form-urlencoded");
}

int
vs_req_is_api(const struct vs_req *req)
{
	return strncmp(req->rq_path, "/api/", 5) == 0;
}

int
vs_req_accepts_html(const struct vs_req *req)
{
	const char	*accept = vs_req_header(req, "Accept");

	return accept != NULL && strstr(accept, "text/html") != NULL;
}

int
vs_req_wants_html(const struct vs_req *req)
{
	return !vs_req_is_api(req) && vs_req_accepts_html(req);
}

/* Is origin ("scheme://host[:port]") the origin of base_url? */
static int
is_site_origin(const char *origin)
{
	const char	*base = vs_config_str(VS_CFG_BASE_URL);
	const char	*host = strstr(base, "://");
	size_t		 len;

	if (host == NULL)
		return 0;
	len = (size_t)(host + 3 - base) + strcspn(host + 3, "/?#");
	return strlen(origin) == len && strncasecmp(origin, base, len) == 0;
}

int
vs_req_cross_site(const struct vs_req *req)
{
	const char	*origin = vs_req_header(req, "Origin");
	const char	*site = vs_req_header(req, "Sec-Fetch-Site");

	if (origin != NULL && !is_site_origin(origin))
		return 1;
	return site != NULL && strcmp(site, "same-origin") != 0 &&
	    strcmp(site, "none") != 0;
}

/* Does SCRIPT_NAME name this program ("/cgi-bin/admin.fcgi")? */
static int
names_program(const char *script)
{
	size_t	 len = strlen(script);

	return (len > 5 && strcmp(script + len - 5, ".fcgi") == 0) ||
	    (len > 4 && strcmp(script + len - 4, ".cgi") == 0);
}

/* Take prefix off the len bytes at *uri when they start with it. */
static void
strip_prefix(const char **uri, size_t *len, const char *prefix)
{
	size_t	 plen = strlen(prefix);

	if (plen > 0 && plen <= *len && strncmp(*uri, prefix, plen) == 0 &&
	    ((*uri)[plen] == '/' || plen == *len)) {
		*uri += plen;
		*len -= plen;
	}
}

/*
 * The path the client asked for, below the site's prefix. REQUEST_URI is
 * what both lighttpd and Apache pass untouched through rewrites; when the
 * program is reached by its own name (/cgi-bin/videos.fcgi/api/...) that
 * name is taken off. A bare CGI call has only PATH_INFO.
 */
static char *
request_path(const char *prefix)
{
	const char	*uri = getenv("REQUEST_URI");
	const char	*script = getenv("SCRIPT_NAME");
	const char	*info = getenv("PATH_INFO");
	size_t		 len, slen;

	if (uri == NULL || *uri == '\0')
		return strdup(info && *info ? info : "/");
	len = strcspn(uri, "?#");
	if (script != NULL && names_program(script)) {
		slen = strlen(script);
		if (strncmp(uri, script, slen) == 0 &&
		    (uri[slen] == '/' || slen == len)) {
			uri += slen;
			len -= slen;
		}
	}
	strip_prefix(&uri, &len, prefix);
	return len == 0 ? strdup("/") : vs_str_ndup(uri, len);
}

/*
 * Who sent the request: the peer, or, when the peer is one of
 * trusted_proxies, the client its X-Forwarded-For names.
 */
static void
client_addr(struct vs_req *req)
{
	struct vs_net	 nets[VS_ADDR_NETS_MAX];
	int		 n;

	snprintf(req->rq_peer, sizeof(req->rq_peer), "%s",
	    getenv("REMOTE_ADDR") ? getenv("REMOTE_ADDR") : "");
	n = vs_addr_nets(vs_config_str(VS_CFG_TRUSTED_PROXIES), nets,
	    VS_ADDR_NETS_MAX);
	vs_addr_client(req->rq_peer, getenv("HTTP_X_FORWARDED_FOR"), nets,
	    n > 0 ? (size_t)n : 0, req->rq_addr, sizeof(req->rq_addr));
}

/* Fill the request from the CGI environment; 0, or -1 for a bad request. */
static int
req_parse(struct vs_req *req)
{
	const char	*qs = getenv("QUERY_STRING");
	const char	*cookie = getenv("HTTP_COOKIE");
	const char	*clen = getenv("CONTENT_LENGTH");
	const char	*err;
	int		 m, n;

	client_addr(req);
	snprintf(req->rq_verb, sizeof(req->rq_verb), "%s",
	    getenv("REQUEST_METHOD") ? getenv("REQUEST_METHOD") : "");
	if ((req->rq_path = request_path(req->rq_site->si_prefix ?
	    req->rq_site->si_prefix : "")) == NULL)
		return -1;
	if ((m = vs_method_parse(req->rq_verb)) == -1)
		return -1;
	req->rq_method = (enum vs_method)m;
	n = vs_router_split(req->rq_path, req->rq_segv, VS_PATH_SEGMENTS);
	if (n < 0)
		return -1;
	req->rq_segc = (size_t)n;
	if (qs != NULL && vs_url_query(&req->rq_query, qs) == -1)
		return -1;
	if (cookie != NULL && vs_cookie_parse(&req->rq_cookies, cookie) == -1)
		return -1;
	if (clen != NULL && *clen != '\0' &&
	    vs_str_tonum(clen, 0, LLONG_MAX, &req->rq_length, &err) == -1)
		return -1;
	return 0;
}

static void
req_init(struct vs_req *req, const struct vs_site *site)
{
	memset(req, 0, sizeof(*req));
	req->rq_site = site;
	clock_gettime(CLOCK_MONOTONIC, &req->rq_start);
	req->rq_length = -1;
	if (vs_random_hex(req->rq_id, 16) == -1)
		snprintf(req->rq_id, sizeof(req->rq_id), "0");
	vs_log_request(req->rq_id);
}

static void
req_free(struct vs_req *req)
{
	size_t	 i;

	for (i = 0; i < req->rq_segc; i++)
		free(req->rq_segv[i]);
	free(req->rq_path);
	vs_kv_free(&req->rq_query);
	vs_kv_free(&req->rq_cookies);
	vs_kv_free(&req->rq_params);
	vs_buf_free(&req->rs_head);
	json_object_put(req->rq_input);
	free(req->rq_body);
	free(req->rq_auth);
	vs_log_request(NULL);
}

static void
allow_header(struct vs_req *req, unsigned allow)
{
	struct vs_buf	 b = { 0 };
	int		 m;

	for (m = 0; m < VS_METHOD__MAX; m++)
		if (allow & (1u << m))
			vs_buf_printf(&b, "%s%s", b.b_len ? ", " : "",
			    vs_method_name((enum vs_method)m));
	if (b.b_data != NULL)
		vs_resp_header(req, "Allow", b.b_data);
	vs_buf_free(&b);
}

/*
 * Read a JSON or form body before the handler, so that one that misses
 * its deadline gets 408 here; a malformed one is left for the handler.
 */
static int
fields_late(struct vs_req *req)
{
	struct json_object	*in;

	return vs_req_input(req, &in) != VS_OK && req->rq_late;
}

/* Does the route ask who is there? */
static int
asks_who(const struct vs_route *rt)
{
	return rt->rt_rank > 0 || rt->rt_rate > 0 ||
	    (rt->rt_flags & (VS_RT_WHO | VS_RT_CSRF | VS_RT_CSRF_BODY)) != 0;
}

/*
 * The route's CORS headers; a preflight is answered here, with no CORS
 * headers for an origin the route does not allow. 1 when answered.
 */
static int
cors_or_reply(struct vs_req *req, const struct vs_route *rt,
    const struct vs_site *site)
{
	unsigned	 f = rt->rt_flags;
	int		 any;

	if ((f & VS_RT_CORS_MASK) == 0)
		return 0;
	any = (f & VS_RT_CORS_ANY) || ((f & VS_RT_CORS_OPEN) &&
	    site->si_open != NULL && site->si_open(req, site->si_arg));
	if ((any ? vs_resp_cors_any(req) : vs_resp_cors(req)) == 1)
		return 1;
	if (req->rq_method != VS_METHOD_OPTIONS ||
	    rt->rt_method == VS_METHOD_OPTIONS)
		return 0;
	vs_resp_empty(req, 204);
	return 1;
}

/*
 * What the route asks before its handler: CORS, the body's size, the
 * caller's rank, the CSRF token, the rate. 0 to go on, -1 after answering.
 */
static int
policy_or_reply(struct vs_req *req, const struct vs_route *rt,
    const struct vs_site *site)
{
	int	 rank, body = (rt->rt_flags & VS_RT_CSRF_BODY) != 0;

	if (cors_or_reply(req, rt, site))
		return -1;
	if (rt->rt_body_max > 0 && req->rq_length > rt->rt_body_max) {
		vs_resp_error(req, 413, "too_large",
		    "The request body is larger than this address takes.");
		return -1;
	}
	if (!asks_who(rt))
		return 0;
	rank = site->si_rank_or_reply(req, rt->rt_rank > 0, site->si_arg);
	if (rank == -1)
		return -1;
	if (rank < rt->rt_rank) {
		site->si_refuse(req, rank, site->si_arg);
		return -1;
	}
	if ((rt->rt_flags & (VS_RT_CSRF | VS_RT_CSRF_BODY)) &&
	    !site->si_csrf(req, body, site->si_arg)) {
		vs_resp_error(req, 403, "csrf",
		    "Missing or wrong CSRF token; reload the page and retry.");
		return -1;
	}
	if (rt->rt_rate > 0 &&
	    site->si_rate_or_reply(req, rt->rt_rate, site->si_arg) == -1)
		return -1;
	return 0;
}

static void
dispatch(struct vs_req *req, const struct vs_router *router)
{
	const struct vs_route	*hit = NULL;
	unsigned		 allow;

	if (req_parse(req) == -1) {
		if (req->rq_path == NULL)
			req->rq_path = strdup("/");
		vs_resp_error(req, 400, "bad_request", "Malformed request.");
		return;
	}
	switch (vs_router_match(router, req->rq_method, req->rq_segv,
	    req->rq_segc, &req->rq_params, &hit, &allow)) {
	case VS_MATCH_NONE:
		vs_resp_error(req, 404, "not_found", "No such page.");
		return;
	case VS_MATCH_METHOD:
		allow_header(req, allow);
		vs_resp_error(req, 405, "method_not_allowed",
		    "Method not allowed here.");
		return;
	case VS_MATCH_OK:
		if (policy_or_reply(req, hit, req->rq_site) == -1)
			break;
		if (fields_late(req)) {
			vs_resp_body_late(req);
			return;
		}
		hit->rt_handler(req);
		break;
	}
	if (!req->rs_sent)
		vs_resp_error(req, 500, "internal", "The handler sent nothing.");
}

static double
elapsed(const struct vs_req *req)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - req->rq_start.tv_sec) +
	    (double)(now.tv_nsec - req->rq_start.tv_nsec) / 1e9;
}

/*
 * The one log line of a request, then its place in the metrics; called
 * after FCGI_Finish() so the client does not wait for either.
 */
static void
req_done(struct vs_req *req)
{
	struct json_object	*f = json_object_new_object();
	double			 secs = elapsed(req);
	char			 ms[32];

	json_object_object_add(f, "method", json_object_new_string(
	    req->rq_verb));
	json_object_object_add(f, "path", json_object_new_string(
	    req->rq_path ? req->rq_path : ""));
	json_object_object_add(f, "status", json_object_new_int(
	    req->rs_status));
	json_object_object_add(f, "bytes", json_object_new_int64(
	    req->rs_bytes));
	snprintf(ms, sizeof(ms), "%.3f", secs * 1000.0);
	json_object_object_add(f, "duration_ms", json_object_new_double_s(
	    secs * 1000.0, ms));
	json_object_object_add(f, "client", json_object_new_string(
	    req->rq_addr));
	if (strcmp(req->rq_addr, req->rq_peer) != 0)
		json_object_object_add(f, "peer", json_object_new_string(
		    req->rq_peer));
	json_object_object_add(f, "user", req->rq_user[0] ?
	    json_object_new_string(req->rq_user) : NULL);
	vs_log_fields(VS_LOG_INFO, f, "request");
	json_object_put(f);
	vs_metrics_request(vs_app_name(), req->rs_status, secs);
}

int
vs_http_serve(const struct vs_route *routes, size_t n,
    const struct vs_site *site)
{
	struct vs_router	*router;
	struct vs_req		 req;

	if (vs_template_load(vs_config_str(VS_CFG_TEMPLATE_DIR)) == -1) {
		fprintf(stderr, "%s: configuration: template_dir: %s: cannot "
		    "load templates\n", vs_app_name(),
		    vs_config_str(VS_CFG_TEMPLATE_DIR));
		exit(2);
	}
	if ((router = vs_router_new(routes, n)) == NULL) {
		fprintf(stderr, "%s: a route pattern is malformed\n",
		    vs_app_name());
		exit(2);
	}
	read_alarm_install();
	while (FCGI_Accept() >= 0) {
		req_init(&req, site);
		dispatch(&req, router);
		FCGI_Finish();
		req_done(&req);
		req_free(&req);
	}
	vs_router_free(router);
	return 0;
}
