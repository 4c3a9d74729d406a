/* refresh.c: rotating refresh tokens, stored hashed, revoked by family. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "crypto.h"
#include "db.h"
#include "random.h"
#include "refresh.h"

/* The stored form of a token: its SHA-256, as bytea hex input. */
static int
token_hash(const char *token, char out[2 + VS_SHA256_HEX])
{
	unsigned char	 h[VS_SHA256_LEN];

	if (strlen(token) != VS_REFRESH_LEN ||
	    strspn(token, "0123456789abcdef") != VS_REFRESH_LEN)
		return -1;
	vs_sha256(token, VS_REFRESH_LEN, h);
	memcpy(out, "\\x", 2);
	vs_hex(out + 2, h, sizeof(h));
	return 0;
}

/* Insert a token for uid in family (NULL: a new one); returns its id. */
static enum vs_err
insert(const char *uid, const char *family, const char *addr,
    const char *agent, char *token, char id[37])
{
	char		 hash[2 + VS_SHA256_HEX], ttl[24];
	const char	*p[] = { uid, family, hash, ttl, addr && *addr ? addr :
			    NULL, agent };
	PGresult	*res;

	if (vs_random_hex(token, VS_REFRESH_LEN / 2) == -1 ||
	    token_hash(token, hash) == -1)
		return VS_ERR;
	snprintf(ttl, sizeof(ttl), "%lld",
	    vs_config_int(VS_CFG_REFRESH_TOKEN_TTL));
	res = vs_db_exec("INSERT INTO refresh_tokens (user_id, family_id, "
	    "token_hash, expires_at, client_addr, user_agent) VALUES ($1, "
	    "coalesce($2::uuid, gen_random_uuid()), $3::bytea, "
	    "now() + make_interval(secs => $4::int), $5::inet, "
	    "left($6, 512)) RETURNING id", 6, p);
	if (res == NULL)
		return vs_db_error();
	vs_db_str(res, 0, 0, id, 37);
	PQclear(res);
	return VS_OK;
}

enum vs_err
vs_refresh_issue(const char *uid, const char *addr, const char *agent,
    char *token)
{
	char	 id[37];

	return insert(uid, NULL, addr, agent, token, id);
}

struct rotation {
	const char	*r_token;
	const char	*r_addr;
	const char	*r_agent;
	char		*r_uid;
	char		*r_next;
	enum vs_err	 r_rc;
};

/*
 * Inside the transaction: the account's row, then the old token's, are
 * locked while it is judged, in the order revoke() takes them, so that a
 * revocation waits for a rotation under way and then sees its new token.
 */
static int
rotate(void *arg)
{
	struct rotation	*r = arg;
	char		 hash[2 + VS_SHA256_HEX], family[37], id[37], newid[37];
	const char	*p[] = { hash };
	const char	*q[] = { family };
	const char	*u[] = { id, newid };
	PGresult	*res;
	int		 spent;

	if (token_hash(r->r_token, hash) == -1)
		return 0;
	res = vs_db_exec("SELECT 1 FROM users WHERE id = (SELECT user_id FROM "
	    "refresh_tokens WHERE token_hash = $1::bytea) FOR KEY SHARE", 1, p);
	if (res == NULL)
		return -1;
	PQclear(res);
	res = vs_db_exec("SELECT id, user_id, family_id, revoked_at IS NOT "
	    "NULL OR replaced_by IS NOT NULL, expires_at < now() "
	    "FROM refresh_tokens WHERE token_hash = $1::bytea FOR UPDATE",
	    1, p);
	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1 || vs_db_bool(res, 0, 4)) {
		PQclear(res);
		return 0;
	}
	vs_db_str(res, 0, 0, id, sizeof(id));
	vs_db_str(res, 0, 1, r->r_uid, 64);
	vs_db_str(res, 0, 2, family, sizeof(family));
	spent = vs_db_bool(res, 0, 3);
	PQclear(res);
	if (spent) {
		res = vs_db_exec("UPDATE refresh_tokens SET revoked_at = now() "
		    "WHERE family_id = $1 AND revoked_at IS NULL", 1, q);
		PQclear(res);
		return res == NULL ? -1 : 0;
	}
	if ((r->r_rc = insert(r->r_uid, family, r->r_addr, r->r_agent,
	    r->r_next, newid)) != VS_OK)
		return -1;
	res = vs_db_exec("UPDATE refresh_tokens SET replaced_by = $2, "
	    "revoked_at = now() WHERE id = $1", 2, u);
	PQclear(res);
	if (res == NULL)
		return -1;
	r->r_rc = VS_OK;
	return 0;
}

enum vs_err
vs_refresh_rotate(const char *token, const char *addr, const char *agent,
    char *uid, char *next)
{
	struct rotation	 r = { token, addr, agent, uid, next, VS_ENOTFOUND };

	if (vs_db_tx(rotate, &r) != 0)
		return vs_db_error() == VS_EUNAVAIL ? VS_EUNAVAIL : VS_ERR;
	return r.r_rc;
}

/*
 * A revocation: the account's row is locked first, as rotate() locks it,
 * so that a rotation under way finishes before the update looks for the
 * tokens to revoke, and the token it made is among them.
 */
struct revocation {
	const char	*v_lock;
	const char	*v_update;
	const char	*v_param;
};

static int
revoke(void *arg)
{
	const struct revocation	*v = arg;
	const char		*p[] = { v->v_param };
	PGresult		*res;

	if ((res = vs_db_exec(v->v_lock, 1, p)) == NULL)
		return -1;
	PQclear(res);
	res = vs_db_exec(v->v_update, 1, p);
	PQclear(res);
	return res == NULL ? -1 : 0;
}

static enum vs_err
revoke_tx(const char *lock, const char *update, const char *param)
{
	struct revocation	 v = { lock, update, param };

	if (vs_db_tx(revoke, &v) != 0)
		return vs_db_error() == VS_EUNAVAIL ? VS_EUNAVAIL : VS_ERR;
	return VS_OK;
}

enum vs_err
vs_refresh_revoke(const char *token)
{
	char	 hash[2 + VS_SHA256_HEX];

	if (token_hash(token, hash) == -1)
		return VS_OK;
	return revoke_tx("SELECT 1 FROM users WHERE id = (SELECT user_id "
	    "FROM refresh_tokens WHERE token_hash = $1::bytea) FOR UPDATE",
	    "UPDATE refresh_tokens SET revoked_at = now() WHERE revoked_at IS "
	    "NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE "
	    "token_hash = $1::bytea)", hash);
}

enum vs_err
vs_refresh_revoke_user(const char *uid)
{
	return revoke_tx("SELECT 1 FROM users WHERE id = $1 FOR UPDATE",
	    "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 "
	    "AND revoked_at IS NULL", uid);
}
