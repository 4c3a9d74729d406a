/* ratelimit.c: sliding-window request limits in Redis. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <hiredis.h>

#include "cache.h"
#include "config.h"
#include "crypto.h"
#include "random.h"
#include "ratelimit.h"

static const struct {
	const char	*rl_name;
	enum vs_cfg	 rl_limit;
	int		 rl_window;	/* seconds */
} rates[VS_RATE__MAX] = {
	[VS_RATE_LOGIN] = { "login", VS_CFG_RATE_LOGIN, 60 },
	[VS_RATE_REGISTER] = { "register", VS_CFG_RATE_REGISTER, 3600 },
	[VS_RATE_API_USER] = { "apiu", VS_CFG_RATE_API_USER, 60 },
	[VS_RATE_API_ANON] = { "apia", VS_CFG_RATE_API_ANON, 60 },
	[VS_RATE_UPLOAD] = { "upload", VS_CFG_RATE_UPLOAD, 3600 },
	[VS_RATE_PASSWORD] = { "password", VS_CFG_RATE_PASSWORD, 60 },
	[VS_RATE_COMMENT] = { "comment", VS_CFG_RATE_COMMENT, 60 },
};

/*
 * One sorted set per key, scored by time in ms: drop what left the window,
 * refuse when full (answering the ms until the oldest leaves), else add.
 * A script, so that concurrent requests cannot both take the last place.
 */
static const char	 script[] =
    "local now = tonumber(ARGV[1]) "
    "local win = tonumber(ARGV[2]) "
    "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - win) "
    "if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then "
    "  local old = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES') "
    "  return tonumber(old[2]) + win - now "
    "end "
    "redis.call('ZADD', KEYS[1], now, ARGV[4]) "
    "redis.call('PEXPIRE', KEYS[1], win) "
    "return -1";

enum vs_err
vs_rate_hit(enum vs_rate kind, const char *who, int *retry)
{
	unsigned char	 h[VS_SHA256_LEN];
	char		 key[96], hex[VS_SHA256_HEX], now[24], win[24],
			 limit[24], member[33];
	const char	*argv[] = { "EVAL", script, "1", key, now, win, limit,
			    member };
	struct timespec	 ts;
	redisReply	*r;
	enum vs_err	 rc = VS_OK;

	*retry = 0;
	/* Hashed, so user text never shapes a Redis key. */
	vs_sha256(who, strlen(who), h);
	vs_hex(hex, h, 16);
	snprintf(key, sizeof(key), "vs:rate:%s:%s", rates[kind].rl_name, hex);
	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(now, sizeof(now), "%lld",
	    (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
	snprintf(win, sizeof(win), "%d", rates[kind].rl_window * 1000);
	snprintf(limit, sizeof(limit), "%lld",
	    vs_config_int(rates[kind].rl_limit));
	if (vs_random_hex(member, 16) == -1)
		return VS_ERR;
	if ((r = vs_cache_cmd(8, argv)) == NULL)
		return VS_EUNAVAIL;
	if (r->type == REDIS_REPLY_INTEGER && r->integer >= 0) {
		*retry = (int)((r->integer + 999) / 1000);
		if (*retry < 1)
			*retry = 1;
		rc = VS_ECONFLICT;
	}
	freeReplyObject(r);
	return rc;
}
