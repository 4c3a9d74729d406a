/* cache.h: the Redis connection of this process (hiredis). */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_CACHE_H
#define VS_CACHE_H

#include <stddef.h>

#include "err.h"

struct redisReply;

/*
 * Run one command given as argc strings, connecting first when needed.
 * Connect and command time-outs come from the configuration, and after a
 * failure no new connection is tried for a second, so a dead Redis costs a
 * request at most one time-out. Returns a reply the caller frees with
 * freeReplyObject(), or NULL when Redis is unavailable or answered with an
 * error.
 */
struct redisReply	*vs_cache_cmd(int, const char **);
/*
 * Send n commands in one round trip (pipelined) and discard the replies:
 * for counters, where a lost increment is acceptable. VS_OK / VS_EUNAVAIL.
 */
enum vs_err		 vs_cache_batch(size_t, const int *,
			    const char *const *const *);
/* Delete a key; VS_OK (also when it was absent) or VS_EUNAVAIL. */
enum vs_err		 vs_cache_del(const char *);
/* Round trip a PING; VS_OK or VS_EUNAVAIL. */
enum vs_err		 vs_cache_ping(void);
/* Drop the connection; the next command opens a new one. */
void			 vs_cache_close(void);

#endif
