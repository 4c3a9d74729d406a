/* audit.c: what moderators and administrators did, for the record. */
#include <json-c/json.h>

#include "audit.h"
#include "db.h"
#include "user.h"

static const char *
text(struct json_object *o)
{
	return o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN) :
	    NULL;
}

enum vs_err
vs_audit(const struct vs_user *actor, const char *action, const char *type,
    const char *target, const char *addr, struct json_object *before,
    struct json_object *after)
{
	const char	*p[] = { actor->u_id, actor->u_name, action, type,
			    target, addr && *addr ? addr : NULL, text(before),
			    text(after) };
	PGresult	*res;

	res = vs_db_exec("INSERT INTO audit_logs (actor_id, actor_name, action, "
	    "target_type, target_id, client_addr, before, after) VALUES ($1, "
	    "$2, $3, $4, $5, $6::inet, $7::jsonb, $8::jsonb)", 8, p);
	PQclear(res);
	return res == NULL ? vs_db_error() : VS_OK;
}
