/* session.h: browser sessions in Redis, with idle and absolute expiry. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_SESSION_H
#define VS_SESSION_H

#include <stddef.h>

#include "err.h"

/* The cookie that carries the session id. */
#define VS_SESSION_COOKIE	"vs_session"
/* A session id: 256 random bits in hex. */
#define VS_SESSION_ID_LEN	64

struct vs_session {
	char	 s_key[65];	/* SHA-256 of the id: names it, never opens it */
	char	 s_uid[64];
	char	 s_csrf[65];
	long	 s_created;
	long	 s_seen;
	char	 s_addr[64];
	char	 s_agent[160];
};

/*
 * Open a session for user uid: a fresh random id (written to id, which
 * holds VS_SESSION_ID_LEN + 1 bytes) and CSRF token. Only the SHA-256 of
 * the id is stored, so a copy of Redis opens no session. VS_OK or
 * VS_EUNAVAIL.
 */
enum vs_err	 vs_session_create(const char *, const char *, const char *,
		    char *, struct vs_session *);
/*
 * Look up the session with this id and mark it used (restarting its idle
 * time). VS_OK, VS_ENOTFOUND (unknown, idle too long or past its absolute
 * end: then it is removed) or VS_EUNAVAIL.
 */
enum vs_err	 vs_session_get(const char *, struct vs_session *);
/* End the session named key (its s_key) of user uid; VS_OK/VS_EUNAVAIL. */
enum vs_err	 vs_session_drop(const char *, const char *);
/* End every session of user uid but the one named except (may be NULL). */
enum vs_err	 vs_session_drop_all(const char *, const char *);
/*
 * The live sessions of user uid, newest use first: on VS_OK *list is
 * malloc'd (the caller frees it with free()) and holds *n entries; on
 * VS_EUNAVAIL or VS_ERR it is NULL.
 */
enum vs_err	 vs_session_list(const char *, struct vs_session **, size_t *);

#endif
