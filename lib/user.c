/* user.c: accounts, their roles and bans. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "config.h"
#include "db.h"
#include "json.h"
#include "log.h"
#include "refresh.h"
#include "session.h"
#include "str.h"
#include "user.h"

static const char *const role_names[VS_ROLE__MAX] = {
	[VS_ROLE_USER] = "user",
	[VS_ROLE_PREMIUM] = "premium",
	[VS_ROLE_MODERATOR] = "moderator",
	[VS_ROLE_ADMIN] = "admin",
};

/* The columns every lookup reads, in the order row_to_user() expects. */
#define USER_COLUMNS "id, username, email, role, email_verified, " \
	"(banned_at IS NOT NULL AND (ban_until IS NULL OR ban_until > now())), " \
	"coalesce(ban_reason, ''), " \
	"coalesce(to_char(ban_until AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''), " \
	"to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), " \
	"password_hash"

int
vs_role_parse(const char *s)
{
	return vs_str_index(role_names, VS_ROLE__MAX, s);
}

const char *
vs_role_name(enum vs_role r)
{
	return role_names[r];
}

int
vs_user_valid_name(const char *s)
{
	size_t	 len = strlen(s);

	return len >= 3 && len <= 32 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == len;
}

int
vs_user_valid_email(const char *s)
{
	const char	*at = strchr(s, '@');
	size_t		 len = strlen(s);

	return len >= 6 && len <= 254 && at != NULL && at > s &&
	    strchr(at + 1, '@') == NULL && strchr(at + 1, '.') != NULL &&
	    at[1] != '.' && s[len - 1] != '.' &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&*+/=?^_`{|}~@-") == len;
}

static void
field_error(struct json_object *errs, const char *field, const char *msg,
    int *n)
{
	json_object_object_add(errs, field, json_object_new_string(msg));
	(*n)++;
}

int
vs_user_check(const char *name, const char *email, const char *pw,
    struct json_object *errs)
{
	int	 n = 0;

	if (name == NULL || !vs_user_valid_name(name))
		field_error(errs, "username",
		    "3 to 32 characters: a-z, 0-9, _ . -", &n);
	if (email == NULL || !vs_user_valid_email(email))
		field_error(errs, "email", "Not an email address.", &n);
	if (pw == NULL || strlen(pw) < 10 || strlen(pw) > 1024)
		field_error(errs, "password", "10 to 1024 characters.", &n);
	else if (name != NULL && strcmp(pw, name) == 0)
		field_error(errs, "password", "Must not be the username.", &n);
	return n;
}

static void
row_to_user(const PGresult *res, struct vs_user *u)
{
	int	 r;

	memset(u, 0, sizeof(*u));
	vs_db_str(res, 0, 0, u->u_id, sizeof(u->u_id));
	vs_db_str(res, 0, 1, u->u_name, sizeof(u->u_name));
	vs_db_str(res, 0, 2, u->u_email, sizeof(u->u_email));
	r = vs_role_parse(vs_db_get(res, 0, 3));
	u->u_role = r < 0 ? VS_ROLE_USER : (enum vs_role)r;
	u->u_verified = vs_db_bool(res, 0, 4);
	u->u_banned = vs_db_bool(res, 0, 5);
	vs_db_str(res, 0, 6, u->u_ban_reason, sizeof(u->u_ban_reason));
	vs_db_str(res, 0, 7, u->u_ban_until, sizeof(u->u_ban_until));
	vs_db_str(res, 0, 8, u->u_created, sizeof(u->u_created));
	vs_db_str(res, 0, 9, u->u_hash, sizeof(u->u_hash));
}

/* Run a statement that returns at most one account. */
static enum vs_err
one_user(const char *sql, int n, const char *const *p, struct vs_user *u)
{
	PGresult	*res;
	enum vs_err	 rc = VS_ENOTFOUND;

	if ((res = vs_db_exec(sql, n, p)) == NULL)
		return vs_db_error();
	if (PQntuples(res) == 1) {
		if (u != NULL)
			row_to_user(res, u);
		rc = VS_OK;
	}
	PQclear(res);
	return rc;
}

enum vs_err
vs_user_create(const char *name, const char *email, const char *password,
    enum vs_role role, struct vs_user *out)
{
	char		 hash[VS_PASSWORD_HASH_MAX];
	const char	*p[4];

	if (!vs_user_valid_name(name) || !vs_user_valid_email(email))
		return VS_EINVAL;
	if (vs_password_hash(password,
	    (int)vs_config_int(VS_CFG_BCRYPT_COST), hash, sizeof(hash)) == -1) {
		vs_errx("%s: hashing failed", __func__);
		return VS_ERR;
	}
	p[0] = name;
	p[1] = email;
	p[2] = hash;
	p[3] = role_names[role];
	return one_user("INSERT INTO users (username, email, password_hash, "
	    "role) VALUES ($1, $2, $3, $4) RETURNING " USER_COLUMNS, 4, p,
	    out);
}

enum vs_err
vs_user_get(const char *id, struct vs_user *u)
{
	const char	*p[] = { id };

	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	return one_user("SELECT " USER_COLUMNS " FROM users WHERE id = $1",
	    1, p, u);
}

enum vs_err
vs_user_find(const char *name, struct vs_user *u)
{
	const char	*p[] = { name };

	if (!vs_user_valid_name(name))
		return VS_ENOTFOUND;
	return one_user("SELECT " USER_COLUMNS " FROM users "
	    "WHERE username = $1", 1, p, u);
}

enum vs_err
vs_user_login(const char *name, const char *password, struct vs_user *u)
{
	/* A hash at the configured cost, checked for unknown names. */
	static char	 decoy[VS_PASSWORD_HASH_MAX];
	enum vs_err	 rc = vs_user_find(name, u);

	if (rc == VS_EUNAVAIL)
		return rc;
	if (rc != VS_OK) {
		if (decoy[0] == '\0' && vs_password_hash("decoy",
		    (int)vs_config_int(VS_CFG_BCRYPT_COST), decoy,
		    sizeof(decoy)) == -1)
			return VS_ERR;
		vs_password_verify(password, decoy);
		return VS_ENOTFOUND;
	}
	return vs_password_verify(password, u->u_hash) ? VS_OK : VS_ENOTFOUND;
}

enum vs_err
vs_user_same_password(const struct vs_user *u)
{
	struct vs_user	 now;
	enum vs_err	 rc;

	if ((rc = vs_user_get(u->u_id, &now)) == VS_EUNAVAIL)
		return rc;
	if (rc != VS_OK || strcmp(now.u_hash, u->u_hash) != 0)
		return VS_ECONFLICT;
	return VS_OK;
}

/* Run an UPDATE of one account; VS_OK, VS_ENOTFOUND or VS_EUNAVAIL. */
static enum vs_err
update_one(const char *sql, int n, const char *const *p)
{
	PGresult	*res;
	enum vs_err	 rc;

	if ((res = vs_db_exec(sql, n, p)) == NULL)
		return vs_db_error();
	rc = strcmp(PQcmdTuples(res), "1") == 0 ? VS_OK : VS_ENOTFOUND;
	PQclear(res);
	return rc;
}

enum vs_err
vs_user_set_password(const char *id, const char *password)
{
	char		 hash[VS_PASSWORD_HASH_MAX];
	const char	*p[] = { id, hash };

	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	if (vs_password_hash(password,
	    (int)vs_config_int(VS_CFG_BCRYPT_COST), hash, sizeof(hash)) == -1)
		return VS_ERR;
	return update_one("UPDATE users SET password_hash = $2, "
	    "updated_at = now() WHERE id = $1", 2, p);
}

enum vs_err
vs_user_set_role(const char *name, enum vs_role role)
{
	const char	*p[] = { name, role_names[role] };

	return update_one("UPDATE users SET role = $2, updated_at = now() "
	    "WHERE username = $1", 2, p);
}

enum vs_err
vs_user_ban(const char *name, const char *reason, const char *until)
{
	const char	*p[] = { name, reason, until && *until ? until : NULL };
	struct vs_user	 u;
	enum vs_err	 rc;

	if ((rc = vs_user_find(name, &u)) != VS_OK)
		return rc;
	rc = update_one("UPDATE users SET banned_at = now(), ban_reason = $2, "
	    "ban_until = $3::timestamptz, updated_at = now() "
	    "WHERE username = $1", 3, p);
	if (rc != VS_OK)
		return rc == VS_EUNAVAIL ? rc : VS_ERR;
	/* Every request checks the ban anyway; this ends the sessions now. */
	vs_refresh_revoke_user(u.u_id);
	vs_session_drop_all(u.u_id, NULL);
	return VS_OK;
}

enum vs_err
vs_user_unban(const char *name)
{
	const char	*p[] = { name };

	return update_one("UPDATE users SET banned_at = NULL, ban_reason = "
	    "NULL, ban_until = NULL, updated_at = now() WHERE username = $1",
	    1, p);
}

enum vs_err
vs_user_verified(const char *id)
{
	const char	*p[] = { id };

	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	return update_one("UPDATE users SET email_verified = true, "
	    "email_verified_at = coalesce(email_verified_at, now()) "
	    "WHERE id = $1", 1, p);
}

struct json_object *
vs_user_json(const struct vs_user *u)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_string(u->u_id));
	json_object_object_add(o, "username",
	    json_object_new_string(u->u_name));
	json_object_object_add(o, "email", json_object_new_string(u->u_email));
	json_object_object_add(o, "role",
	    json_object_new_string(role_names[u->u_role]));
	json_object_object_add(o, "email_verified",
	    json_object_new_boolean(u->u_verified));
	json_object_object_add(o, "created_at",
	    json_object_new_string(u->u_created));
	return o;
}

enum vs_err
vs_user_list(struct json_object **out)
{
	return vs_db_json_rows("SELECT json_build_object('id', id, "
	    "'username', username, 'email', email, 'role', role, "
	    "'email_verified', email_verified, 'created_at', created_at, "
	    "'banned', banned_at IS NOT NULL AND (ban_until IS NULL OR "
	    "ban_until > now())) FROM users ORDER BY created_at, username", 0,
	    NULL, out);
}
