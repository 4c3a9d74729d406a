/* session.c: browser sessions in Redis, with idle and absolute expiry. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hiredis.h>

#include "cache.h"
#include "config.h"
#include "crypto.h"
#include "random.h"
#include "session.h"
#include "str.h"

#define SESSIONS_MAX	64	/* one user's sessions listed at most */

static void
key_of_id(const char *id, char key[65])
{
	unsigned char	 h[VS_SHA256_LEN];

	vs_sha256(id, strlen(id), h);
	vs_hex(key, h, sizeof(h));
}

static void
redis_key(char *buf, size_t len, const char *key)
{
	snprintf(buf, len, "vs:sess:%s", key);
}

static void
user_key(char *buf, size_t len, const char *uid)
{
	snprintf(buf, len, "vs:usess:%s", uid);
}

static enum vs_err
run(int argc, const char **argv)
{
	redisReply	*r = vs_cache_cmd(argc, argv);

	if (r == NULL)
		return VS_EUNAVAIL;
	freeReplyObject(r);
	return VS_OK;
}

/*
 * A new session: its fields, its idle time and its place in the user's
 * set in one script, so that no session ever lives without an expiry.
 */
static const char	 create_script[] =
    "redis.call('HSET', KEYS[1], unpack(ARGV, 3)) "
    "redis.call('EXPIRE', KEYS[1], ARGV[1]) "
    "redis.call('SADD', KEYS[2], ARGV[2]) "
    "return 1";

/*
 * A use of a session: the idle time restarts only while the session still
 * exists, so a request racing with a logout, a revoke, a ban or a change
 * of password never writes the ended session back.
 */
static const char	 touch_script[] =
    "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end "
    "redis.call('HSET', KEYS[1], 'seen', ARGV[1]) "
    "redis.call('EXPIRE', KEYS[1], ARGV[2]) "
    "return 1";

static enum vs_err
store(const struct vs_session *s)
{
	char		 rk[80], uk[100], created[24], seen[24], idle[24];
	const char	*argv[] = { "EVAL", create_script, "2", rk, uk, idle,
			    s->s_key, "uid", s->s_uid, "csrf", s->s_csrf,
			    "created", created, "seen", seen, "addr",
			    s->s_addr, "agent", s->s_agent };

	redis_key(rk, sizeof(rk), s->s_key);
	user_key(uk, sizeof(uk), s->s_uid);
	snprintf(created, sizeof(created), "%ld", s->s_created);
	snprintf(seen, sizeof(seen), "%ld", s->s_seen);
	snprintf(idle, sizeof(idle), "%lld",
	    vs_config_int(VS_CFG_SESSION_IDLE));
	return run((int)(sizeof(argv) / sizeof(argv[0])), argv);
}

/* Mark session s used now; VS_OK, VS_ENOTFOUND (ended) or VS_EUNAVAIL. */
static enum vs_err
touch(struct vs_session *s, long now)
{
	char		 rk[80], seen[24], idle[24];
	const char	*argv[] = { "EVAL", touch_script, "1", rk, seen, idle };
	redisReply	*r;
	enum vs_err	 rc;

	redis_key(rk, sizeof(rk), s->s_key);
	snprintf(seen, sizeof(seen), "%ld", now);
	snprintf(idle, sizeof(idle), "%lld",
	    vs_config_int(VS_CFG_SESSION_IDLE));
	if ((r = vs_cache_cmd(6, argv)) == NULL)
		return VS_EUNAVAIL;
	rc = r->type == REDIS_REPLY_INTEGER && r->integer == 1 ? VS_OK :
	    VS_ENOTFOUND;
	freeReplyObject(r);
	if (rc == VS_OK)
		s->s_seen = now;
	return rc;
}

enum vs_err
vs_session_create(const char *uid, const char *addr, const char *agent,
    char *id, struct vs_session *s)
{
	memset(s, 0, sizeof(*s));
	if (vs_random_hex(id, VS_SESSION_ID_LEN / 2) == -1 ||
	    vs_random_hex(s->s_csrf, 32) == -1)
		return VS_ERR;
	key_of_id(id, s->s_key);
	snprintf(s->s_uid, sizeof(s->s_uid), "%s", uid);
	snprintf(s->s_addr, sizeof(s->s_addr), "%s", addr);
	snprintf(s->s_agent, sizeof(s->s_agent), "%s", agent ? agent : "");
	s->s_created = s->s_seen = (long)time(NULL);
	return store(s);
}

/* Fill s from an HGETALL reply; 0, or -1 when a field is missing. */
static int
from_reply(const redisReply *r, struct vs_session *s)
{
	const char	*k, *v;
	size_t		 i;
	int		 have = 0;

	for (i = 0; i + 1 < r->elements; i += 2) {
		k = r->element[i]->str;
		v = r->element[i + 1]->str;
		if (k == NULL || v == NULL)
			continue;
		if (strcmp(k, "uid") == 0 && ++have)
			snprintf(s->s_uid, sizeof(s->s_uid), "%s", v);
		else if (strcmp(k, "csrf") == 0 && ++have)
			snprintf(s->s_csrf, sizeof(s->s_csrf), "%s", v);
		else if (strcmp(k, "created") == 0 && ++have)
			s->s_created = strtol(v, NULL, 10);
		else if (strcmp(k, "seen") == 0)
			s->s_seen = strtol(v, NULL, 10);
		else if (strcmp(k, "addr") == 0)
			snprintf(s->s_addr, sizeof(s->s_addr), "%s", v);
		else if (strcmp(k, "agent") == 0)
			snprintf(s->s_agent, sizeof(s->s_agent), "%s", v);
	}
	return have == 3 ? 0 : -1;
}

/* Read the session named key (no touch); VS_OK/VS_ENOTFOUND/VS_EUNAVAIL. */
static enum vs_err
load(const char *key, struct vs_session *s)
{
	char		 rk[80];
	const char	*argv[] = { "HGETALL", rk };
	redisReply	*r;
	int		 ok;

	memset(s, 0, sizeof(*s));
	snprintf(s->s_key, sizeof(s->s_key), "%s", key);
	redis_key(rk, sizeof(rk), key);
	if ((r = vs_cache_cmd(2, argv)) == NULL)
		return VS_EUNAVAIL;
	ok = r->type == REDIS_REPLY_ARRAY && from_reply(r, s) == 0;
	freeReplyObject(r);
	return ok ? VS_OK : VS_ENOTFOUND;
}

enum vs_err
vs_session_get(const char *id, struct vs_session *s)
{
	char		 key[65];
	enum vs_err	 rc;
	long		 now = (long)time(NULL);

	if (strlen(id) != VS_SESSION_ID_LEN ||
	    strspn(id, "0123456789abcdef") != VS_SESSION_ID_LEN)
		return VS_ENOTFOUND;
	key_of_id(id, key);
	if ((rc = load(key, s)) != VS_OK)
		return rc;
	if (now - s->s_created > vs_config_int(VS_CFG_SESSION_MAX)) {
		vs_session_drop(s->s_uid, key);
		return VS_ENOTFOUND;
	}
	return touch(s, now);
}

enum vs_err
vs_session_drop(const char *uid, const char *key)
{
	char			 rk[80], uk[100];
	const char		*del[] = { "DEL", rk };
	const char		*srem[] = { "SREM", uk, key };
	struct vs_session	 s;
	enum vs_err		 rc;

	if (strlen(key) != 64 || strspn(key, "0123456789abcdef") != 64)
		return VS_OK;
	/* Only the owner's session is ever ended. */
	if ((rc = load(key, &s)) == VS_EUNAVAIL)
		return rc;
	if (rc == VS_OK && strcmp(s.s_uid, uid) != 0)
		return VS_OK;
	redis_key(rk, sizeof(rk), key);
	user_key(uk, sizeof(uk), uid);
	if (run(2, del) != VS_OK || run(3, srem) != VS_OK)
		return VS_EUNAVAIL;
	return VS_OK;
}

/* The keys in the user's set, as a reply the caller frees; NULL if down. */
static redisReply *
members(const char *uid)
{
	char		 uk[100];
	const char	*argv[] = { "SMEMBERS", uk };

	user_key(uk, sizeof(uk), uid);
	return vs_cache_cmd(2, argv);
}

enum vs_err
vs_session_drop_all(const char *uid, const char *except)
{
	redisReply	*r;
	size_t		 i;
	enum vs_err	 rc = VS_OK;

	if ((r = members(uid)) == NULL)
		return VS_EUNAVAIL;
	for (i = 0; rc == VS_OK && i < r->elements; i++)
		if (r->element[i]->str != NULL && (except == NULL ||
		    strcmp(r->element[i]->str, except) != 0))
			rc = vs_session_drop(uid, r->element[i]->str);
	freeReplyObject(r);
	return rc;
}

static int
by_seen(const void *a, const void *b)
{
	const struct vs_session	*x = a, *y = b;

	return (y->s_seen > x->s_seen) - (y->s_seen < x->s_seen);
}

enum vs_err
vs_session_list(const char *uid, struct vs_session **list, size_t *n)
{
	redisReply		*r;
	struct vs_session	 s;
	size_t			 i;
	enum vs_err		 rc = VS_OK, got;

	*n = 0;
	if ((r = members(uid)) == NULL)
		return VS_EUNAVAIL;
	if ((*list = calloc(SESSIONS_MAX, sizeof(**list))) == NULL)
		rc = VS_ERR;
	for (i = 0; rc == VS_OK && i < r->elements && *n < SESSIONS_MAX;
	    i++) {
		if (r->element[i]->str == NULL)
			continue;
		got = load(r->element[i]->str, &s);
		if (got == VS_OK && strcmp(s.s_uid, uid) == 0)
			(*list)[(*n)++] = s;
		else if (got == VS_ENOTFOUND)
			vs_session_drop(uid, r->element[i]->str);
		else if (got == VS_EUNAVAIL)
			rc = VS_EUNAVAIL;
	}
	freeReplyObject(r);
	if (rc == VS_OK)
		qsort(*list, *n, sizeof(**list), by_seen);
	else {
		free(*list);
		*list = NULL;
		*n = 0;
	}
	return rc;
}
