/* config.h: the one configuration file plus VSTREAM_<KEY> overrides. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_CONFIG_H
#define VS_CONFIG_H

#include <stddef.h>

enum vs_cfg {
	VS_CFG_DB_URL,
	VS_CFG_DB_POOL,
	VS_CFG_DB_CONNECT_TIMEOUT,
	VS_CFG_DB_STATEMENT_TIMEOUT,
	VS_CFG_REDIS_URL,
	VS_CFG_REDIS_TIMEOUT,
	VS_CFG_DATA_DIR,
	VS_CFG_UMASK,
	VS_CFG_TEMPLATE_DIR,
	VS_CFG_SCHEMA_DIR,
	VS_CFG_SITE_NAME,
	VS_CFG_BASE_URL,
	VS_CFG_SECRET_KEY,
	VS_CFG_BCRYPT_COST,
	VS_CFG_ACCESS_TOKEN_TTL,
	VS_CFG_REFRESH_TOKEN_TTL,
	VS_CFG_SESSION_IDLE,
	VS_CFG_SESSION_MAX,
	VS_CFG_RATE_LOGIN,
	VS_CFG_RATE_REGISTER,
	VS_CFG_RATE_API_USER,
	VS_CFG_RATE_API_ANON,
	VS_CFG_RATE_PASSWORD,
	VS_CFG_RATE_COMMENT,
	VS_CFG_TRUSTED_PROXIES,
	VS_CFG_MAIL_COMMAND,
	VS_CFG_SENDFILE,
	VS_CFG_CORS_ORIGINS,
	VS_CFG_EMBED_ORIGINS,
	VS_CFG_ACCESS_CHECK_TTL,
	VS_CFG_LOG_LEVEL,
	VS_CFG_WORKER_POLL,
	VS_CFG_WORKER_PRESET,
	VS_CFG_LADDER_MAX,
	VS_CFG_WORKER_LEASE,
	VS_CFG_WORKER_GRACE,
	VS_CFG_JOB_ATTEMPTS,
	VS_CFG_JOB_TIMEOUT,
	VS_CFG_JOB_STALL,
	VS_CFG_JOB_MEMORY,
	VS_CFG_UPLOAD_MAX,
	VS_CFG_UPLOAD_EXPIRY,
	VS_CFG_UPLOAD_CHUNK,
	VS_CFG_BODY_TIMEOUT,
	VS_CFG_BODY_MIN_RATE,
	VS_CFG_UPLOAD_CONTAINERS,
	VS_CFG_UPLOAD_CODECS,
	VS_CFG_MEDIA_HELPER,
	VS_CFG_MEDIA_PROBE_TIMEOUT,
	VS_CFG_MEDIA_PROBE_MEMORY,
	VS_CFG_MEDIA_MAX_WIDTH,
	VS_CFG_MEDIA_MAX_HEIGHT,
	VS_CFG_MEDIA_MAX_PIXELS,
	VS_CFG_MEDIA_MAX_DURATION,
	VS_CFG_MEDIA_MAX_FPS,
	VS_CFG_MEDIA_MAX_STREAMS,
	VS_CFG_QUOTA_USER,
	VS_CFG_QUOTA_USER_DAILY,
	VS_CFG_QUOTA_PREMIUM,
	VS_CFG_QUOTA_PREMIUM_DAILY,
	VS_CFG_RATE_UPLOAD,
	VS_CFG_REPORT_HIDE,
	VS_CFG_REPORT_MIN_AGE,
	VS_CFG_METRICS_TOKEN,
	VS_CFG__MAX
};

/* Default file, used when VSTREAM_CONFIG does not name another. */
#define VS_CONFIG_FILE	"/etc/vstream/vstream.conf"

/*
 * Read the configuration: defaults, then the file (path, or VSTREAM_CONFIG,
 * or VS_CONFIG_FILE when that exists), then VSTREAM_<KEY> variables; then
 * validate every key. Returns 0, or -1 with one line naming the key and the
 * problem in err. May be called again; each call starts from the defaults.
 */
int		 vs_config_load(const char *, char *, size_t);
/* A key's value as text; never NULL after a successful load. */
const char	*vs_config_str(enum vs_cfg);
/*
 * base_url's path ("/~ann/video"; "" at the root), what every link,
 * redirect and cookie of the site starts with. Never fails: the load
 * checked it. The string is static, good until the next load.
 */
const char	*vs_config_base(void);
/* A numeric key's value (numbers, sizes, milliseconds). */
long long	 vs_config_int(enum vs_cfg);
/* The key called name, or -1 when there is none. */
int		 vs_config_lookup(const char *);
/* A key's name as written in the file; static storage. */
const char	*vs_config_name(enum vs_cfg);

#endif
