/* audit.h: what moderators and administrators did, for the record. */
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

#endif
