/* http.h: requests and responses over FastCGI (or plain CGI). */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_HTTP_H
#define VS_HTTP_H

#include <stddef.h>
#include <time.h>

#include "err.h"
#include "kv.h"
#include "router.h"
#include "str.h"

struct json_object;
struct vs_auth;
struct vs_site;

struct vs_req {
	enum vs_method	 rq_method;
	char		*rq_path;	/* raw path, without the query */
	char		*rq_segv[VS_PATH_SEGMENTS];
	size_t		 rq_segc;
	struct vs_kvlist rq_query;
	struct vs_kvlist rq_cookies;
	struct vs_kvlist rq_params;	/* :name parts of the route */
	char		 rq_verb[16];	/* the method as sent */
	char		 rq_addr[64];	/* client address (trusted_proxies) */
	char		 rq_peer[64];	/* who connected: REMOTE_ADDR */
	long long	 rq_length;	/* Content-Length, -1 when absent */
	long long	 rq_read;	/* body bytes read so far */
	int		 rq_late;	/* the body missed its deadline */
	char		 rq_id[33];	/* request id, hex */
	char		 rq_user[64];	/* who, for the log; "" anonymous */
	struct vs_auth	*rq_auth;	/* who, once asked (auth.c) */
	struct json_object *rq_input;	/* the body as fields, once read */
	int		 rq_input_read;
	char		*rq_body;	/* that body as read, for vs_req_read */
	size_t		 rq_body_len, rq_body_off;
	struct timespec	 rq_start;
	const struct vs_site *rq_site;	/* the hooks it is served with */
	/* the response */
	int		 rs_status;
	struct vs_buf	 rs_head;	/* header lines set so far */
	int		 rs_sent;	/* status and headers written */
	long long	 rs_bytes;	/* body bytes written */
	const char	*rs_frame_ancestors;	/* who may frame; NULL: none */
};

/*
 * What the runtime asks of the site it serves, each hook with si_arg; it
 * knows nothing of accounts or roles itself.
 */
struct vs_site {
	/*
	 * The caller's rank (0: anonymous), or -1 after answering (a bad
	 * credential; a store that is down when must is set).
	 */
	int	(*si_rank_or_reply)(struct vs_req *, int must, void *);
	/* Answer a caller whose rank is below the route's (401, 403). */
	void	(*si_refuse)(struct vs_req *, int rank, void *);
	/*
	 * 1 when the request carries its CSRF token or needs none; with
	 * body set, also when the token can only be in the body, which
	 * the handler then checks. 0 refuses it.
	 */
	int	(*si_csrf)(struct vs_req *, int body, void *);
	/* Count the request in its rate class: 0, or -1 after answering. */
	int	(*si_rate_or_reply)(struct vs_req *, int, void *);
	/* 1 when what the request names is open to anyone (CORS_OPEN). */
	int	(*si_open)(struct vs_req *, void *);
	/* Add what every page shows (the account, a CSRF token) to ctx. */
	void	(*si_page)(struct vs_req *, struct json_object *, void *);
	void	*si_arg;
	/*
	 * The path the web server puts before every route ("/~ann/video"),
	 * "" at the root: taken off each request path before routing.
	 */
	const char	*si_prefix;
};

/*
 * Serve requests until the web server stops the program: accept (FastCGI,
 * or the one plain CGI request), parse, route through the table, apply
 * the route's policy through the site's hooks (CORS and preflights, 413,
 * rank, CSRF, rate), call the handler, log one line and count the
 * request. Loads the templates and compiles the table first; returns 0
 * at the end, or exits with status 2 when the templates cannot be loaded
 * or a pattern is malformed.
 */
int		 vs_http_serve(const struct vs_route *, size_t,
		    const struct vs_site *);

/* A request header by its HTTP name ("Content-Type"), or NULL. */
const char	*vs_req_header(const struct vs_req *, const char *);
/* A path parameter of the route (":id" -> "id"), or NULL. */
const char	*vs_req_param(const struct vs_req *, const char *);
/* A query parameter, or NULL. */
const char	*vs_req_query(const struct vs_req *, const char *);
/*
 * Read up to len body bytes; never past Content-Length. Returns the count,
 * 0 at the end of the body, or -1 when the client went away or the body
 * missed its deadline (body_timeout plus a second per body_min_rate bytes;
 * then rq_late is set). A small JSON or form body that vs_req_input()
 * read before is handed out again, so a handler that takes any body
 * (a caption file sent without a type) still gets all of it.
 */
long		 vs_req_read(struct vs_req *, void *, size_t);
/* Largest request body read into memory (JSON or a form). */
#define VS_BODY_MAX	(64 * 1024)
/*
 * The request's fields: a JSON object body, or an urlencoded form turned
 * into an object of strings, read once and kept (the request frees it).
 * VS_OK with *out (NULL when there is no body), VS_ERR for a malformed or
 * oversized body, or an unsupported Content-Type.
 */
enum vs_err	 vs_req_input(struct vs_req *, struct json_object **);
/* A string field of the input, or NULL (absent, not a string, bad body). */
const char	*vs_req_field(struct vs_req *, const char *);
/* A browser form post (answered with pages and redirects), not an API call. */
int		 vs_req_is_form(const struct vs_req *);
/* True for the API's paths (/api/...), which answer JSON. */
int		 vs_req_is_api(const struct vs_req *);
/* True when the Accept header names text/html (a browser). */
int		 vs_req_accepts_html(const struct vs_req *);
/* True when the client prefers an HTML page to JSON (browsers). */
int		 vs_req_wants_html(const struct vs_req *);
/*
 * True when a browser says the request was made by another site: Origin
 * is not base_url's origin ("null" included), or Sec-Fetch-Site is neither
 * same-origin nor none. A request with neither header (curl, scripts) is
 * not taken for cross-site: browsers send Origin with every form post.
 */
int		 vs_req_cross_site(const struct vs_req *);

/* 408: the body missed its deadline (rq_late). 0 / -1. */
int		 vs_resp_body_late(struct vs_req *);
/* Add a response header; values with CR or LF are refused (-1). */
int		 vs_resp_header(struct vs_req *, const char *, const char *);
/* Write status and headers now (for streamed bodies); 0 / -1. */
int		 vs_resp_start(struct vs_req *, int);
/* Write body bytes (skipped for HEAD); starts with 200 if not started. */
int		 vs_resp_write(struct vs_req *, const void *, size_t);
/* A whole body with its Content-Type and Content-Length; 0 / -1. */
int		 vs_resp_body(struct vs_req *, int, const char *, const void *,
		    size_t);
/* A response without a body (204, 201 with headers only); 0 / -1. */
int		 vs_resp_empty(struct vs_req *, int);
/* A JSON body; takes the object and frees it. 0 / -1. */
int		 vs_resp_json(struct vs_req *, int, struct json_object *);
/*
 * An error: {"error":{"code","message"}} for API clients, the error page
 * for browsers. 0 / -1.
 */
int		 vs_resp_error(struct vs_req *, int, const char *,
		    const char *);
/*
 * The one mapping of an error code to an HTTP status: VS_ENOTFOUND 404,
 * VS_ECONFLICT 409, VS_EINVAL and VS_ELIMIT 422, VS_ENOSPACE 507,
 * VS_EUNAVAIL 503, anything else 500. VS_OK is 200.
 */
int		 vs_err_status(enum vs_err);
/*
 * Answer the error e with vs_err_status()'s status: msg, or a plain
 * message for the code when NULL; 503 comes with Retry-After. Every
 * handler that turns a vs_err into a response uses this. 0 / -1.
 */
int		 vs_resp_err(struct vs_req *, enum vs_err, const char *);
/* 503 with Retry-After, for when PostgreSQL or Redis is down. */
int		 vs_resp_unavailable(struct vs_req *, const char *);
/*
 * Render a template as a page; takes the context object and frees it.
 * A template failure becomes a 500. Pages refuse to be framed unless
 * rs_frame_ancestors names who may (a CSP source list). 0 / -1.
 */
int		 vs_resp_page(struct vs_req *, int, const char *,
		    struct json_object *);
/*
 * A body that clients may cache: with a strong ETag (If-None-Match gets a
 * 304), gzip-compressed when the client accepts it, and cache_control.
 * 0 / -1.
 */
int		 vs_resp_cached(struct vs_req *, const char *, const void *,
		    size_t, const char *);
/*
 * Send the file at path (a path built from validated ids only): handed to
 * the web server with X-Sendfile when sendfile = x-sendfile (it then does
 * Range and HEAD itself), else read and written here, with single Range
 * requests answered 206 or 416. 0 / -1 (404 sent for a missing file).
 */
int		 vs_resp_file(struct vs_req *, const char *, const char *,
		    const char *);
/*
 * Set header name ("Location") to path ("/videos/..."), a path below the
 * site's prefix, with the prefix put before it. 0, or -1 when the header
 * cannot be added (too long, no memory).
 */
int		 vs_resp_location(struct vs_req *, const char *, const char *);
/*
 * Redirect to a path of this site (vs_url_local_path(), below the site's
 * prefix, which is put before it); any other target is refused with a
 * 500. 0 / -1.
 */
int		 vs_resp_redirect(struct vs_req *, int, const char *);

#endif
