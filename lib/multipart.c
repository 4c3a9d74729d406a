/* multipart.c: a streaming multipart/form-data parser in bounded memory. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "multipart.h"

/* The window the body passes through; parts of any size stream by. */
#define WINDOW		65536
/* Largest header block of one part, and most header lines. */
#define HEAD_MAX	8192
#define HEAD_LINES	16
/* Longest boundary (RFC 2046) and the delimiter built from it. */
#define BOUNDARY_MAX	70
/* Most whitespace allowed after a delimiter ("transport padding"). */
#define PAD_MAX		64

enum mp_state {
	MP_PREAMBLE,	/* before the first delimiter: skipped */
	MP_DELIM,	/* just after a delimiter: "--" or CRLF */
	MP_HEADERS,	/* a part's header lines */
	MP_BODY,	/* a part's bytes, up to the next delimiter */
	MP_EPILOGUE,	/* after the closing delimiter: skipped */
	MP_FAILED
};

struct vs_multipart {
	const struct vs_multipart_cb *mp_cb;
	void		*mp_arg;
	enum mp_state	 mp_state;
	char		 mp_delim[BOUNDARY_MAX + 5];	/* CRLF "--" boundary */
	size_t		 mp_dlen;
	struct vs_part	 mp_part;
	size_t		 mp_head;	/* header bytes of this part */
	size_t		 mp_lines;
	size_t		 mp_pad;
	const char	*mp_err;
	size_t		 mp_len;	/* bytes in the window */
	char		 mp_win[WINDOW];
};

/* RFC 2046 bchars, without the space (which may not end a boundary). */
static int
bchar(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || strchr("'()+_,-./:=? ", c) != NULL;
}

/* Copy the boundary parameter of a Content-Type into out; 0 / -1. */
static int
boundary_of(const char *type, char *out)
{
	const char	*p;
	size_t		 n = 0;
	int		 quoted;

	if (type == NULL || strncasecmp(type, "multipart/form-data", 19) != 0 ||
	    (p = strcasestr(type, "boundary=")) == NULL)
		return -1;
	p += 9;
	if ((quoted = *p == '"'))
		p++;
	while (*p != '\0' && *p != '"' && (quoted || (*p != ';' && *p != ' '))) {
		if (n == BOUNDARY_MAX || !bchar((unsigned char)*p))
			return -1;
		out[n++] = *p++;
	}
	if (n == 0 || out[n - 1] == ' ' || (quoted && *p != '"'))
		return -1;
	out[n] = '\0';
	return 0;
}

struct vs_multipart *
vs_multipart_new(const char *type, const struct vs_multipart_cb *cb,
    void *arg)
{
	struct vs_multipart	*mp;
	char			 b[BOUNDARY_MAX + 1];

	if (boundary_of(type, b) == -1 || (mp = calloc(1, sizeof(*mp))) == NULL)
		return NULL;
	mp->mp_cb = cb;
	mp->mp_arg = arg;
	mp->mp_dlen = (size_t)snprintf(mp->mp_delim, sizeof(mp->mp_delim),
	    "\r\n--%s", b);
	/* The first delimiter may open the body: give it its CRLF. */
	memcpy(mp->mp_win, "\r\n", 2);
	mp->mp_len = 2;
	mp->mp_err = "";
	return mp;
}

static int
fail(struct vs_multipart *mp, const char *why)
{
	mp->mp_state = MP_FAILED;
	mp->mp_err = why;
	return -1;
}

static void
consume(struct vs_multipart *mp, size_t n)
{
	memmove(mp->mp_win, mp->mp_win + n, mp->mp_len - n);
	mp->mp_len -= n;
}

/*
 * A parameter of a Content-Disposition value ("name", "filename"), quoted
 * or not, into out; 1 found, 0 absent, -1 malformed or too long.
 */
static int
disposition_param(const char *v, const char *key, char *out, size_t len)
{
	const char	*p = v;
	size_t		 klen = strlen(key), n = 0;

	while ((p = strchr(p, ';')) != NULL) {
		p++;
		p += strspn(p, " \t");
		if (strncasecmp(p, key, klen) != 0 || p[klen] != '=')
			continue;
		p += klen + 1;
		if (*p != '"') {
			n = strcspn(p, "; \t");
			if (n >= len)
				return -1;
			memcpy(out, p, n);
			out[n] = '\0';
			return 1;
		}
		for (p++; *p != '"'; p++) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			if (*p == '\0' || n + 1 >= len)
				return -1;
			out[n++] = *p;
		}
		out[n] = '\0';
		return 1;
	}
	return 0;
}

/* One header line of a part (without its CRLF); 0 / -1. */
static int
header_line(struct vs_multipart *mp, char *line)
{
	struct vs_part	*pt = &mp->mp_part;
	char		*v = strchr(line, ':');

	if (v == NULL)
		return fail(mp, "a part header has no colon");
	*v++ = '\0';
	v += strspn(v, " \t");
	if (strcasecmp(line, "Content-Type") == 0) {
		if (strlen(v) >= sizeof(pt->pt_type))
			return fail(mp, "a part's Content-Type is too long");
		strcpy(pt->pt_type, v);
	} else if (strcasecmp(line, "Content-Disposition") == 0) {
		if (strncasecmp(v, "form-data", 9) != 0 ||
		    (v[9] != '\0' && v[9] != ';' && v[9] != ' '))
			return fail(mp, "a part is not form-data");
		if (disposition_param(v, "name", pt->pt_name,
		    sizeof(pt->pt_name)) != 1 ||
		    disposition_param(v, "filename", pt->pt_filename,
		    sizeof(pt->pt_filename)) == -1)
			return fail(mp, "a part's name or file name is "
			    "missing or too long");
	}
	return 0;
}

/* The header block: line by line; 1 when more input is needed. */
static int
headers(struct vs_multipart *mp)
{
	char	*eol = memmem(mp->mp_win, mp->mp_len, "\r\n", 2);
	size_t	 n;

	if (eol == NULL)
		return mp->mp_len > HEAD_MAX ?
		    fail(mp, "a part's headers are too long") : 1;
	n = (size_t)(eol - mp->mp_win);
	if ((mp->mp_head += n + 2) > HEAD_MAX || ++mp->mp_lines > HEAD_LINES)
		return fail(mp, "a part's headers are too long");
	if (n == 0) {
		consume(mp, 2);
		if (mp->mp_part.pt_name[0] == '\0')
			return fail(mp, "a part has no form-data name");
		mp->mp_state = MP_BODY;
		return mp->mp_cb->mc_part(mp->mp_arg, &mp->mp_part) == -1 ?
		    fail(mp, "stopped") : 0;
	}
	*eol = '\0';
	if (memchr(mp->mp_win, '\0', n) != NULL)
		return fail(mp, "a part header holds a NUL byte");
	if (header_line(mp, mp->mp_win) == -1)
		return -1;
	consume(mp, n + 2);
	return 0;
}

/* Just after a delimiter: the end, or CRLF and a new part. */
static int
after_delim(struct vs_multipart *mp)
{
	if (mp->mp_len < 2)
		return 1;
	if (memcmp(mp->mp_win, "--", 2) == 0) {
		consume(mp, 2);
		mp->mp_state = MP_EPILOGUE;
		return 0;
	}
	if (memcmp(mp->mp_win, "\r\n", 2) == 0) {
		consume(mp, 2);
		memset(&mp->mp_part, 0, sizeof(mp->mp_part));
		mp->mp_head = mp->mp_lines = mp->mp_pad = 0;
		mp->mp_state = MP_HEADERS;
		return 0;
	}
	if ((mp->mp_win[0] == ' ' || mp->mp_win[0] == '\t') &&
	    ++mp->mp_pad <= PAD_MAX) {
		consume(mp, 1);
		return 0;
	}
	return fail(mp, "malformed delimiter line");
}

/*
 * Before a delimiter: hand on (in a body) or drop (in the preamble) every
 * byte that cannot be the start of one; 1 when more input is needed.
 */
static int
until_delim(struct vs_multipart *mp)
{
	char	*d = memmem(mp->mp_win, mp->mp_len, mp->mp_delim, mp->mp_dlen);
	size_t	 n;
	int	 body = mp->mp_state == MP_BODY;

	if (d == NULL)
		n = mp->mp_len < mp->mp_dlen ? 0 : mp->mp_len - mp->mp_dlen + 1;
	else
		n = (size_t)(d - mp->mp_win);
	if (body && n > 0 && mp->mp_cb->mc_data(mp->mp_arg, mp->mp_win, n) == -1)
		return fail(mp, "stopped");
	consume(mp, n);
	if (d == NULL)
		return 1;
	consume(mp, mp->mp_dlen);
	mp->mp_state = MP_DELIM;
	if (body && mp->mp_cb->mc_end(mp->mp_arg) == -1)
		return fail(mp, "stopped");
	return 0;
}

/* Run the window through the states; 0 needs input, -1 failed. */
static int
run(struct vs_multipart *mp)
{
	int	 rc = 0;

	while (rc == 0) {
		switch (mp->mp_state) {
		case MP_PREAMBLE:
		case MP_BODY:
			rc = until_delim(mp);
			break;
		case MP_DELIM:
			rc = after_delim(mp);
			break;
		case MP_HEADERS:
			rc = headers(mp);
			break;
		case MP_EPILOGUE:
			mp->mp_len = 0;
			return 0;
		case MP_FAILED:
			return -1;
		}
	}
	return rc == 1 ? 0 : -1;
}

int
vs_multipart_feed(struct vs_multipart *mp, const void *data, size_t len)
{
	const char	*p = data;
	size_t		 n;

	if (mp->mp_state == MP_FAILED)
		return -1;
	while (len > 0) {
		n = WINDOW - mp->mp_len;
		if (n > len)
			n = len;
		memcpy(mp->mp_win + mp->mp_len, p, n);
		mp->mp_len += n;
		p += n;
		len -= n;
		if (run(mp) == -1)
			return -1;
	}
	return 0;
}

int
vs_multipart_done(const struct vs_multipart *mp)
{
	return mp->mp_state == MP_EPILOGUE;
}

const char *
vs_multipart_error(const struct vs_multipart *mp)
{
	return mp->mp_err;
}

void
vs_multipart_free(struct vs_multipart *mp)
{
	free(mp);
}
