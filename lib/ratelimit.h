/* ratelimit.h: sliding-window request limits in Redis. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_RATELIMIT_H
#define VS_RATELIMIT_H

#include "err.h"

enum vs_rate {
	VS_RATE_LOGIN,		/* per client address + username, a minute */
	VS_RATE_REGISTER,	/* per client address, an hour */
	VS_RATE_API_USER,	/* per account, a minute */
	VS_RATE_API_ANON,	/* per client address, a minute */
	VS_RATE_UPLOAD,		/* uploads begun, per account, an hour */
	VS_RATE_PASSWORD,	/* password changes, per account and address */
	VS_RATE_COMMENT,	/* comments written or reported, per account */
	VS_RATE__MAX
};

/*
 * Count one event for who (an address, an account, or both) against the
 * configured limit of kind, over a sliding window: the last window seconds,
 * to the millisecond. VS_OK when allowed; VS_ECONFLICT when over the limit,
 * with *retry set to the seconds until the oldest event leaves the window;
 * VS_EUNAVAIL when Redis is down (the caller chooses to fail open or shut).
 */
enum vs_err	 vs_rate_hit(enum vs_rate, const char *, int *);

#endif
