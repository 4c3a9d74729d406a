/* err.h: the error codes of the public API. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_ERR_H
#define VS_ERR_H

enum vs_err {
	VS_OK = 0,
	VS_ERR = -1,		/* anything else: a bug, a bad query, memory */
	VS_EUNAVAIL = -2,	/* a backing service is down: answer 503 */
	VS_ENOTFOUND = -3,	/* the thing asked for does not exist */
	VS_ECONFLICT = -4,	/* a uniqueness rule was broken */
	VS_EINVAL = -5,		/* the input breaks a rule: answer 4xx */
	VS_ENOSPACE = -6,	/* the disk is full: answer 507 */
	VS_ELIMIT = -7,		/* past a configured limit: answer 422 */
};

#endif
