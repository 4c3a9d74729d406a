/* url.h: percent-decoding, query strings, local redirect targets, base path. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_URL_H
#define VS_URL_H

#include <stddef.h>

/* Longest redirect target, and percent-encoding levels looked through. */
#define VS_URL_PATH_MAX		2048
#define VS_URL_PATH_DEPTH	4
/* What base_url's path may hold, and its longest length. */
#define VS_URL_BASE_CHARS	"abcdefghijklmnopqrstuvwxyz" \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/"
#define VS_URL_BASE_MAX		256

struct vs_buf;
struct vs_kvlist;

/*
 * Percent-decode len bytes of s; with plus set, '+' becomes a space (query
 * strings and form bodies). Returns a malloc'd string the caller frees, or
 * NULL for a bad escape, an encoded NUL or no memory.
 */
char	*vs_url_decode(const char *, size_t, int);
/*
 * Append s percent-encoded for a query value: everything but unreserved
 * characters is escaped. Returns 0, or -1 without memory.
 */
int	 vs_url_encode(struct vs_buf *, const char *);
/*
 * Parse an application/x-www-form-urlencoded string (a query string or a
 * form body) into decoded pairs appended to the list. Empty pieces are
 * skipped; a piece without '=' gets an empty value. Returns 0, or -1 for
 * a bad escape, too many pairs or no memory (the list keeps what it had).
 */
int	 vs_url_query(struct vs_kvlist *, const char *);
/*
 * Is s a path of this site that a browser may be sent to: '/' not followed
 * by '/' or '\\', at most VS_URL_PATH_MAX bytes, with no control character,
 * whitespace, backslash or ':' (no scheme), checked again after each level
 * of percent-decoding (at most VS_URL_PATH_DEPTH levels; a bad escape or
 * deeper nesting is refused). 1 when it is, else 0.
 */
int	 vs_url_local_path(const char *);
/*
 * The path part of a site address ("https://host/~ann/video/" gives
 * "/~ann/video"): "" at the root, never a trailing slash, into buf of len
 * bytes. 0, or -1 when there is no "://", the path is too long for buf,
 * holds a character outside VS_URL_BASE_CHARS (no query, escape or
 * fragment) or an empty, "." or ".." segment.
 */
int	 vs_url_base_path(const char *, char *, size_t);

#endif
