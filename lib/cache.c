/* cache.c: the Redis connection of this process (hiredis). */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hiredis.h>

#include "cache.h"
#include "config.h"
#include "log.h"
#include "str.h"

struct redis_url {
	char	 ru_host[256];
	int	 ru_port;
	int	 ru_db;
	char	 ru_pass[256];
};

static redisContext	*ctx;
static time_t		 retry_after;	/* no connect attempt before this */

/* Parse redis://[:password@]host[:port][/db]; 0, or -1 when malformed. */
static int
parse_url(const char *url, struct redis_url *u)
{
	const char	*p = url + strlen("redis://"), *at, *colon, *slash;
	long long	 n;
	const char	*err;
	char		 num[16];

	memset(u, 0, sizeof(*u));
	u->ru_port = 6379;
	if ((at = strrchr(p, '@')) != NULL) {
		if (*p == ':')
			p++;
		snprintf(u->ru_pass, sizeof(u->ru_pass), "%.*s",
		    (int)(at - p), p);
		p = at + 1;
	}
	slash = p + strcspn(p, "/");
	colon = memchr(p, ':', (size_t)(slash - p));
	snprintf(u->ru_host, sizeof(u->ru_host), "%.*s",
	    (int)((colon ? colon : slash) - p), p);
	if (colon != NULL) {
		snprintf(num, sizeof(num), "%.*s", (int)(slash - colon - 1),
		    colon + 1);
		if (vs_str_tonum(num, 1, 65535, &n, &err) == -1)
			return -1;
		u->ru_port = (int)n;
	}
	if (*slash == '/' && slash[1] != '\0') {
		if (vs_str_tonum(slash + 1, 0, 1000, &n, &err) == -1)
			return -1;
		u->ru_db = (int)n;
	}
	return u->ru_host[0] == '\0' ? -1 : 0;
}

static int
handshake(const struct redis_url *u)
{
	redisReply	*r;
	int		 ok;

	if (u->ru_pass[0] != '\0') {
		r = redisCommand(ctx, "AUTH %s", u->ru_pass);
		ok = r != NULL && r->type != REDIS_REPLY_ERROR;
		freeReplyObject(r);
		if (!ok)
			return -1;
	}
	if (u->ru_db != 0) {
		r = redisCommand(ctx, "SELECT %d", u->ru_db);
		ok = r != NULL && r->type != REDIS_REPLY_ERROR;
		freeReplyObject(r);
		if (!ok)
			return -1;
	}
	return 0;
}

static int
cache_connect(void)
{
	struct redis_url	 u;
	struct timeval		 tv;
	long long		 ms = vs_config_int(VS_CFG_REDIS_TIMEOUT);

	if (ctx != NULL)
		return 0;
	if (time(NULL) < retry_after)
		return -1;
	if (parse_url(vs_config_str(VS_CFG_REDIS_URL), &u) == -1) {
		vs_errx("%s: malformed redis_url", __func__);
		goto fail;
	}
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	ctx = redisConnectWithTimeout(u.ru_host, u.ru_port, tv);
	if (ctx == NULL || ctx->err) {
		vs_warnx("%s: %s", __func__, ctx ? ctx->errstr : "no memory");
		goto fail;
	}
	if (redisSetTimeout(ctx, tv) != REDIS_OK || handshake(&u) == -1) {
		vs_warnx("%s: handshake failed", __func__);
		goto fail;
	}
	return 0;
fail:
	vs_cache_close();
	retry_after = time(NULL) + 1;
	return -1;
}

/*
 * Send one command with optional argument lengths (binary values). A
 * connection that Redis closed while it sat idle (a restart) fails at its
 * first use: then one new connection is tried at once, so a restart costs
 * no request an error.
 */
static redisReply *
command(int argc, const char **argv, const size_t *lens)
{
	redisReply	*r = NULL;
	int		 tries;

	for (tries = 0; r == NULL && tries < 2; tries++) {
		if (cache_connect() == -1)
			return NULL;
		if ((r = redisCommandArgv(ctx, argc, argv, lens)) == NULL) {
			vs_warnx("%s: %s", __func__, ctx->errstr);
			vs_cache_close();
		}
	}
	if (r == NULL) {
		retry_after = time(NULL) + 1;
		return NULL;
	}
	if (r->type == REDIS_REPLY_ERROR) {
		vs_warnx("%s: %s: %s", __func__, argv[0], r->str);
		freeReplyObject(r);
		return NULL;
	}
	return r;
}

struct redisReply *
vs_cache_cmd(int argc, const char **argv)
{
	return command(argc, argv, NULL);
}

enum vs_err
vs_cache_batch(size_t n, const int *argcs, const char *const *const *argvs)
{
	redisReply	*r;
	size_t		 i;
	int		 ok = 1;

	if (cache_connect() == -1)
		return VS_EUNAVAIL;
	for (i = 0; ok && i < n; i++)
		ok = redisAppendCommandArgv(ctx, argcs[i],
		    (const char **)argvs[i], NULL) == REDIS_OK;
	for (i = 0; ok && i < n; i++) {
		r = NULL;
		ok = redisGetReply(ctx, (void **)&r) == REDIS_OK;
		freeReplyObject(r);
	}
	if (ok)
		return VS_OK;
	/*
	 * No pause before the next attempt: this may only have been a
	 * connection Redis closed (a restart), and the request that comes next
	 * should find the new server. A connect that fails sets the pause.
	 */
	vs_warnx("%s: %s", __func__, ctx->errstr);
	vs_cache_close();
	return VS_EUNAVAIL;
}

static enum vs_err
simple(int argc, const char **argv)
{
	redisReply	*r;

	if ((r = vs_cache_cmd(argc, argv)) == NULL)
		return VS_EUNAVAIL;
	freeReplyObject(r);
	return VS_OK;
}

enum vs_err
vs_cache_del(const char *key)
{
	const char	*argv[] = { "DEL", key };

	return simple(2, argv);
}

enum vs_err
vs_cache_ping(void)
{
	const char	*argv[] = { "PING" };

	return simple(1, argv);
}

void
vs_cache_close(void)
{
	if (ctx != NULL)
		redisFree(ctx);
	ctx = NULL;
}
