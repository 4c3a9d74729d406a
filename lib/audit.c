/* audit.c: what moderators and administrators did, for the record. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "audit.h"
#include "db.h"
#include "str.h"
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

enum vs_err
vs_audit_list(const struct vs_audit_query *q, struct json_object **out)
{
	char		 limit[16];
	const char	*p[] = { q->aq_actor, q->aq_action, q->aq_target,
			    q->aq_since, q->aq_until, q->aq_before, limit };
	const char	*err;
	long long	 n;
	enum vs_err	 rc;

	if (q->aq_before != NULL &&
	    vs_str_tonum(q->aq_before, 1, LLONG_MAX, &n, &err) == -1)
		return VS_EINVAL;
	snprintf(limit, sizeof(limit), "%d", q->aq_limit > 0 &&
	    q->aq_limit <= VS_AUDIT_PAGE ? q->aq_limit : VS_AUDIT_PAGE);
	rc = vs_db_json_rows("SELECT json_build_object('id', id, 'actor', "
	    "actor_name, 'action', action, 'target_type', target_type, "
	    "'target_id', target_id, 'client_addr', host(client_addr), "
	    "'before', before, 'after', after, 'created_at', created_at) "
	    "FROM audit_logs WHERE ($1::text IS NULL OR actor_name = $1) AND "
	    "($2::text IS NULL OR action = $2) AND ($3::text IS NULL OR "
	    "target_id = $3) AND ($4::timestamptz IS NULL OR created_at >= $4) "
	    "AND ($5::timestamptz IS NULL OR created_at < $5) AND "
	    "($6::bigint IS NULL OR id < $6) ORDER BY id DESC LIMIT $7", 7, p,
	    out);
	/* A time PostgreSQL cannot read is the asker's mistake. */
	return rc == VS_ERR ? VS_EINVAL : rc;
}

/* One CSV field: quoted, quotes doubled. */
static int
csv_field(struct vs_buf *b, const char *v, const char *sep)
{
	const char	*q;

	if (vs_buf_puts(b, "\"") == -1)
		return -1;
	/* A spreadsheet would run a value that starts like a formula. */
	if (v != NULL && *v != '\0' && strchr("=+-@\t\r", *v) != NULL &&
	    vs_buf_puts(b, "'") == -1)
		return -1;
	for (; v != NULL && (q = strchr(v, '"')) != NULL; v = q + 1)
		if (vs_buf_add(b, v, (size_t)(q - v + 1)) == -1 ||
		    vs_buf_puts(b, "\"") == -1)
			return -1;
	return v != NULL && vs_buf_puts(b, v) == -1 ? -1 :
	    vs_buf_printf(b, "\"%s", sep);
}

int
vs_audit_csv(struct json_object *rows, struct vs_buf *b)
{
	static const char *const cols[] = { "id", "created_at", "actor",
	    "action", "target_type", "target_id", "client_addr", "before",
	    "after" };
	struct json_object	*row, *v;
	size_t			 i, c, n = sizeof(cols) / sizeof(cols[0]);

	for (c = 0; c < n; c++)
		if (vs_buf_printf(b, "%s%s", cols[c], c + 1 < n ? "," :
		    "\r\n") == -1)
			return -1;
	for (i = 0; i < json_object_array_length(rows); i++) {
		row = json_object_array_get_idx(rows, i);
		for (c = 0; c < n; c++) {
			v = json_object_object_get(row, cols[c]);
			if (csv_field(b, v ? json_object_get_string(v) : NULL,
			    c + 1 < n ? "," : "\r\n") == -1)
				return -1;
		}
	}
	return 0;
}
