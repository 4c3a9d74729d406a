/* cookie.h: the Cookie request header. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_COOKIE_H
#define VS_COOKIE_H

struct vs_kvlist;

/*
 * Parse a Cookie header ("a=1; b=2") into pairs appended to the list.
 * Names must be RFC 6265 tokens and values cookie-octets (optionally
 * quoted); a malformed pair is skipped, as browsers do, so one bad cookie
 * set by another application cannot lock a user out. Returns 0, or -1
 * without memory or with too many pairs.
 */
int	 vs_cookie_parse(struct vs_kvlist *, const char *);

#endif
