/* range.h: the Range request header, for one range of bytes. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_RANGE_H
#define VS_RANGE_H

enum vs_range {
	VS_RANGE_NONE,		/* absent or not understood: send it all */
	VS_RANGE_OK,		/* send [*first, *last] with 206 */
	VS_RANGE_UNSATISFIABLE,	/* 416 with Content-Range: bytes * / size */
	VS_RANGE__MAX
};

/*
 * Read a Range header ("bytes=0-499", "bytes=500-", "bytes=-500") against
 * a body of size bytes. Several ranges, other units and malformed values
 * are ignored (the whole body is sent), as RFC 9110 allows.
 */
enum vs_range	 vs_range_parse(const char *, long long, long long *,
		    long long *);

#endif
