/* audit.h: what moderators and administrators did, for the record. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_AUDIT_H
#define VS_AUDIT_H

#include "err.h"

struct json_object;
struct vs_user;

/*
 * Record that actor did action ("video.delete") to a target ("video", id)
 * from client address addr, with the state before and after (JSON, may be
 * NULL). VS_OK / VS_EUNAVAIL.
 */
enum vs_err	 vs_audit(const struct vs_user *, const char *, const char *,
		    const char *, const char *, struct json_object *,
		    struct json_object *);

/* A search of the audit log; every field may be NULL (0: 100 entries). */
struct vs_audit_query {
	const char	*aq_actor;	/* a username */
	const char	*aq_action;	/* "user.ban" */
	const char	*aq_target;	/* a target id */
	const char	*aq_since;	/* times PostgreSQL reads */
	const char	*aq_until;
	const char	*aq_before;	/* entries older than this id */
	int		 aq_limit;
};

/* Most entries one page of the audit log holds. */
#define VS_AUDIT_PAGE	100

/*
 * Entries matching q, newest first: {id, actor, action, target_type,
 * target_id, client_addr, before, after, created_at}. VS_OK with *out
 * (caller frees), VS_EINVAL for an unreadable time or cursor, VS_EUNAVAIL.
 */
enum vs_err	 vs_audit_list(const struct vs_audit_query *,
		    struct json_object **);
struct vs_buf;
/* Entries as CSV (RFC 4180, a header line first) appended to b; 0 / -1. */
int		 vs_audit_csv(struct json_object *, struct vs_buf *);

#endif
