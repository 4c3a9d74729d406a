/* config.c: the one configuration file plus VSTREAM_<KEY> overrides. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "config.h"
#include "str.h"
#include "url.h"

#ifndef VS_DATADIR
#define VS_DATADIR	"/usr/local/share/vstream"
#endif

enum cfg_type {
	CT_STR,		/* free text, optionally with a required prefix */
	CT_INT,		/* whole number within [min, max] */
	CT_ENUM,	/* one of a '|'-separated list */
	CT_SECRET,	/* at least ck_min characters, never echoed */
	CT_CIDRS,	/* addresses and networks (vs_addr_nets()) */
	CT_URL,		/* CT_STR whose path is a site's (vs_url_base_path()) */
};

struct cfg_key {
	const char	*ck_name;
	enum cfg_type	 ck_type;
	const char	*ck_default;
	const char	*ck_rule;	/* CT_STR: prefixes; CT_ENUM: choices */
	long long	 ck_min, ck_max;
};

static const struct cfg_key keys[VS_CFG__MAX] = {
	[VS_CFG_DB_URL] = { "db_url", CT_STR,
	    "postgresql://vstream@127.0.0.1:5432/vstream",
	    "postgresql://|postgres://", 0, 0 },
	[VS_CFG_DB_POOL] = { "db_pool", CT_INT, "4", NULL, 1, 256 },
	[VS_CFG_DB_CONNECT_TIMEOUT] = { "db_connect_timeout", CT_INT, "2",
	    NULL, 1, 60 },
	[VS_CFG_DB_STATEMENT_TIMEOUT] = { "db_statement_timeout", CT_INT,
	    "5000", NULL, 0, 3600000 },
	[VS_CFG_REDIS_URL] = { "redis_url", CT_STR, "redis://127.0.0.1:6379/0",
	    "redis://", 0, 0 },
	[VS_CFG_REDIS_TIMEOUT] = { "redis_timeout", CT_INT, "500", NULL,
	    10, 60000 },
	[VS_CFG_DATA_DIR] = { "data_dir", CT_STR, "/var/lib/vstream", "/",
	    0, 0 },
	[VS_CFG_UMASK] = { "umask", CT_ENUM, "022", "022|027|002|007", 0, 0 },
	[VS_CFG_TEMPLATE_DIR] = { "template_dir", CT_STR, "@templates", "/",
	    0, 0 },
	[VS_CFG_SCHEMA_DIR] = { "schema_dir", CT_STR, "@schema", "/", 0, 0 },
	[VS_CFG_SITE_NAME] = { "site_name", CT_STR, "vstream", "", 0, 0 },
	[VS_CFG_BASE_URL] = { "base_url", CT_URL, "http://127.0.0.1:8080",
	    "http://|https://", 0, 0 },
	[VS_CFG_SECRET_KEY] = { "secret_key", CT_SECRET, "", NULL, 32, 0 },
	[VS_CFG_BCRYPT_COST] = { "bcrypt_cost", CT_INT, "12", NULL, 4, 31 },
	[VS_CFG_ACCESS_TOKEN_TTL] = { "access_token_ttl", CT_INT, "900", NULL,
	    60, 86400 },
	[VS_CFG_REFRESH_TOKEN_TTL] = { "refresh_token_ttl", CT_INT, "2592000",
	    NULL, 3600, 31536000 },
	[VS_CFG_SESSION_IDLE] = { "session_idle", CT_INT, "86400", NULL,
	    60, 31536000 },
	[VS_CFG_SESSION_MAX] = { "session_max", CT_INT, "2592000", NULL,
	    60, 31536000 },
	[VS_CFG_RATE_LOGIN] = { "rate_login", CT_INT, "5", NULL, 1, 1000000 },
	[VS_CFG_RATE_REGISTER] = { "rate_register", CT_INT, "5", NULL,
	    1, 1000000 },
	[VS_CFG_RATE_API_USER] = { "rate_api_user", CT_INT, "600", NULL,
	    1, 1000000 },
	[VS_CFG_RATE_API_ANON] = { "rate_api_anon", CT_INT, "300", NULL,
	    1, 1000000 },
	[VS_CFG_RATE_PASSWORD] = { "rate_password", CT_INT, "5", NULL,
	    1, 1000000 },
	[VS_CFG_RATE_COMMENT] = { "rate_comment", CT_INT, "10", NULL,
	    1, 1000000 },
	[VS_CFG_TRUSTED_PROXIES] = { "trusted_proxies", CT_CIDRS, "", NULL,
	    0, 0 },
	[VS_CFG_MAIL_COMMAND] = { "mail_command", CT_STR, "", "", 0, 0 },
	[VS_CFG_SENDFILE] = { "sendfile", CT_ENUM, "none", "none|x-sendfile",
	    0, 0 },
	[VS_CFG_CORS_ORIGINS] = { "cors_origins", CT_STR, "", "", 0, 0 },
	[VS_CFG_EMBED_ORIGINS] = { "embed_origins", CT_STR, "*", "", 0, 0 },
	[VS_CFG_ACCESS_CHECK_TTL] = { "access_check_ttl", CT_INT, "30", NULL,
	    1, 60 },
	[VS_CFG_LOG_LEVEL] = { "log_level", CT_ENUM, "info",
	    "debug|info|warn|error", 0, 0 },
	[VS_CFG_WORKER_POLL] = { "worker_poll", CT_INT, "10", NULL, 1, 3600 },
	[VS_CFG_WORKER_PRESET] = { "worker_preset", CT_ENUM, "veryfast",
	    "ultrafast|superfast|veryfast|faster|fast|medium|slow|slower|veryslow",
	    0, 0 },
	[VS_CFG_LADDER_MAX] = { "ladder_max", CT_INT, "1080", NULL, 360, 2160 },
	[VS_CFG_WORKER_LEASE] = { "worker_lease", CT_INT, "60", NULL, 5, 3600 },
	[VS_CFG_WORKER_GRACE] = { "worker_grace", CT_INT, "60", NULL, 0, 86400 },
	[VS_CFG_JOB_ATTEMPTS] = { "job_attempts", CT_INT, "3", NULL, 1, 100 },
	[VS_CFG_JOB_TIMEOUT] = { "job_timeout", CT_INT, "7200", NULL, 60,
	    604800 },
	[VS_CFG_JOB_STALL] = { "job_stall", CT_INT, "120", NULL, 2, 86400 },
	[VS_CFG_JOB_MEMORY] = { "job_memory", CT_INT, "8589934592", NULL,
	    268435456, 1LL << 44 },
	[VS_CFG_UPLOAD_MAX] = { "upload_max", CT_INT, "2147483648", NULL,
	    1048576, 1LL << 40 },
	[VS_CFG_UPLOAD_EXPIRY] = { "upload_expiry", CT_INT, "86400", NULL, 60,
	    2592000 },
	[VS_CFG_UPLOAD_CHUNK] = { "upload_chunk", CT_INT, "52428800", NULL,
	    65536, 1LL << 31 },
	[VS_CFG_BODY_TIMEOUT] = { "body_timeout", CT_INT, "20", NULL, 1,
	    3600 },
	[VS_CFG_BODY_MIN_RATE] = { "body_min_rate", CT_INT, "500", NULL, 1,
	    1LL << 30 },
	[VS_CFG_UPLOAD_CONTAINERS] = { "upload_containers", CT_STR,
	    "mov,matroska,webm,avi,mpegts,flv,mpeg,ogg,asf", "", 0, 0 },
	[VS_CFG_UPLOAD_CODECS] = { "upload_codecs", CT_STR,
	    "h264,hevc,vp8,vp9,av1,mpeg4,mpeg2video,mpeg1video,theora,wmv3,"
	    "vc1,prores,mjpeg,dvvideo,h263,flv1", "", 0, 0 },
	[VS_CFG_MEDIA_HELPER] = { "media_helper", CT_STR, "", "", 0, 0 },
	[VS_CFG_MEDIA_PROBE_TIMEOUT] = { "media_probe_timeout", CT_INT, "20",
	    NULL, 1, 3600 },
	[VS_CFG_MEDIA_PROBE_MEMORY] = { "media_probe_memory", CT_INT,
	    "2147483648", NULL, 67108864, 1LL << 44 },
	[VS_CFG_MEDIA_MAX_WIDTH] = { "media_max_width", CT_INT, "8192", NULL,
	    16, 65536 },
	[VS_CFG_MEDIA_MAX_HEIGHT] = { "media_max_height", CT_INT, "4320", NULL,
	    16, 65536 },
	[VS_CFG_MEDIA_MAX_PIXELS] = { "media_max_pixels", CT_INT, "35389440",
	    NULL, 256, 1LL << 32 },
	[VS_CFG_MEDIA_MAX_DURATION] = { "media_max_duration", CT_INT, "43200",
	    NULL, 1, 31536000 },
	[VS_CFG_MEDIA_MAX_FPS] = { "media_max_fps", CT_INT, "240", NULL, 1,
	    100000 },
	[VS_CFG_MEDIA_MAX_STREAMS] = { "media_max_streams", CT_INT, "16", NULL,
	    1, 1024 },
	[VS_CFG_QUOTA_USER] = { "quota_user", CT_INT, "10737418240", NULL, 0,
	    1LL << 50 },
	[VS_CFG_QUOTA_USER_DAILY] = { "quota_user_daily", CT_INT, "4294967296",
	    NULL, 0, 1LL << 50 },
	[VS_CFG_QUOTA_PREMIUM] = { "quota_premium", CT_INT, "107374182400",
	    NULL, 0, 1LL << 50 },
	[VS_CFG_QUOTA_PREMIUM_DAILY] = { "quota_premium_daily", CT_INT,
	    "21474836480", NULL, 0, 1LL << 50 },
	[VS_CFG_RATE_UPLOAD] = { "rate_upload", CT_INT, "30", NULL, 1,
	    1000000 },
	[VS_CFG_REPORT_HIDE] = { "report_hide_threshold", CT_INT, "5", NULL,
	    0, 1000000 },
	[VS_CFG_REPORT_MIN_AGE] = { "report_min_age", CT_INT, "604800", NULL,
	    0, 315360000 },
	[VS_CFG_METRICS_TOKEN] = { "metrics_token", CT_STR, "", "", 0, 0 },
};

static char		*values[VS_CFG__MAX];
static long long	 numbers[VS_CFG__MAX];

/* Longest line and value accepted; anything longer is a broken file. */
#define CFG_LINE_MAX	4096

int
vs_config_lookup(const char *name)
{
	int	 i;

	for (i = 0; i < VS_CFG__MAX; i++)
		if (strcmp(keys[i].ck_name, name) == 0)
			return i;
	return -1;
}

const char *
vs_config_name(enum vs_cfg k)
{
	return keys[k].ck_name;
}

const char *
vs_config_str(enum vs_cfg k)
{
	return values[k];
}

const char *
vs_config_base(void)
{
	static char	 base[VS_URL_BASE_MAX];

	if (vs_url_base_path(vs_config_str(VS_CFG_BASE_URL), base,
	    sizeof(base)) == -1)
		base[0] = '\0';
	return base;
}

long long
vs_config_int(enum vs_cfg k)
{
	return numbers[k];
}

/*
 * The default of a shipped data folder ("@templates"): VS_DATADIR once
 * installed; a program run from the build tree finds it beside its own
 * folder instead, so a fresh checkout runs without a configuration file.
 */
static const char *
data_default(const char *sub, char *buf, size_t len)
{
	char	 exe[PATH_MAX], *slash;
	ssize_t	 n;

	snprintf(buf, len, "%s/%s", VS_DATADIR, sub);
	if (access(buf, F_OK) == 0)
		return buf;
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return buf;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) != NULL) {
		*slash = '\0';
		snprintf(buf, len, "%s/../%s", exe, sub);
	}
	return buf;
}

static int
set_value(int k, const char *v)
{
	char	*copy;

	if ((copy = strdup(v)) == NULL)
		return -1;
	free(values[k]);
	values[k] = copy;
	return 0;
}

/* True when v equals one of the '|'-separated words, or begins with one. */
static int
in_list(const char *list, const char *v, int prefix)
{
	size_t	 len;

	for (;;) {
		len = strcspn(list, "|");
		if (prefix ? strncmp(v, list, len) == 0 :
		    strlen(v) == len && strncmp(v, list, len) == 0)
			return 1;
		if (list[len] == '\0')
			return 0;
		list += len + 1;
	}
}

static int
check_key(int k, const char *origin, char *err, size_t errlen)
{
	const struct cfg_key	*ck = &keys[k];
	const char		*v = values[k], *why = NULL;
	struct vs_net		 nets[VS_ADDR_NETS_MAX];
	char			 path[VS_URL_BASE_MAX];

	switch (ck->ck_type) {
	case CT_INT:
		if (vs_str_tonum(v, ck->ck_min, ck->ck_max, &numbers[k],
		    &why) == 0)
			return 0;
		snprintf(err, errlen, "%s: \"%s\" is %s (%lld to %lld)%s",
		    ck->ck_name, v, why, ck->ck_min, ck->ck_max, origin);
		return -1;
	case CT_ENUM:
		if (in_list(ck->ck_rule, v, 0))
			return 0;
		why = "one of";
		break;
	case CT_SECRET:
		/* Missing is for vs_app_start() to judge; short never passes. */
		if (*v == '\0' || ((long long)strlen(v) >= ck->ck_min &&
		    strlen(v) < CFG_LINE_MAX))
			return 0;
		snprintf(err, errlen, "%s: too short (at least %lld "
		    "characters)%s", ck->ck_name, ck->ck_min, origin);
		return -1;
	case CT_STR:
		if (in_list(ck->ck_rule, v, 1) && strlen(v) < CFG_LINE_MAX)
			return 0;
		why = "a value starting with";
		break;
	case CT_CIDRS:
		if (vs_addr_nets(v, nets, VS_ADDR_NETS_MAX) != -1)
			return 0;
		snprintf(err, errlen, "%s: \"%s\" is not a list of addresses "
		    "and networks (192.0.2.1, 10.0.0.0/8, 2001:db8::/32: no "
		    "bit set past the prefix, at most %d)%s", ck->ck_name, v, VS_ADDR_NETS_MAX, origin);
		return -1;
	case CT_URL:
		if (!in_list(ck->ck_rule, v, 1)) {
			why = "a value starting with";
			break;
		}
		if (vs_url_base_path(v, path, sizeof(path)) == 0)
			return 0;
		snprintf(err, errlen, "%s: \"%s\" has a path that is not "
		    "plain names of [A-Za-z0-9-._~] between slashes (at most "
		    "%d bytes)%s", ck->ck_name, v, VS_URL_BASE_MAX - 1, origin);
		return -1;
	}
	snprintf(err, errlen, "%s: \"%s\" is not %s %s%s", ck->ck_name, v,
	    why, ck->ck_rule, origin);
	return -1;
}

static char *
trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
parse_line(char *line, const char *path, int lineno, char *err,
    size_t errlen)
{
	char	*eq, *key;
	int	 k;

	line = trim(line);
	if (*line == '\0' || *line == '#')
		return 0;
	if ((eq = strchr(line, '=')) == NULL) {
		snprintf(err, errlen, "%s:%d: expected \"key = value\"",
		    path, lineno);
		return -1;
	}
	*eq = '\0';
	key = trim(line);
	if ((k = vs_config_lookup(key)) == -1) {
		snprintf(err, errlen, "%s:%d: unknown key \"%s\"", path,
		    lineno, key);
		return -1;
	}
	return set_value(k, trim(eq + 1));
}

static int
read_file(const char *path, int must_exist, char *err, size_t errlen)
{
	FILE	*f;
	char	 line[CFG_LINE_MAX];
	int	 lineno = 0, rc = 0;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT && !must_exist)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line too long", path,
			    lineno);
			rc = -1;
		} else
			rc = parse_line(line, path, lineno, err, errlen);
	}
	fclose(f);
	return rc;
}

static void
env_name(int k, char *buf, size_t len)
{
	size_t	 i;

	snprintf(buf, len, "VSTREAM_%s", keys[k].ck_name);
	for (i = 0; buf[i] != '\0'; i++)
		buf[i] = (char)toupper((unsigned char)buf[i]);
}

int
vs_config_load(const char *path, char *err, size_t errlen)
{
	char		 env[64], origin[80], dir[PATH_MAX + 64];
	const char	*v;
	int		 k, explicit = 1;

	for (k = 0; k < VS_CFG__MAX; k++) {
		v = keys[k].ck_default;
		if (*v == '@')
			v = data_default(v + 1, dir, sizeof(dir));
		if (set_value(k, v) == -1)
			goto nomem;
	}
	if (path == NULL && (path = getenv("VSTREAM_CONFIG")) == NULL) {
		path = VS_CONFIG_FILE;
		explicit = 0;
	}
	if (read_file(path, explicit, err, errlen) == -1)
		return -1;
	for (k = 0; k < VS_CFG__MAX; k++) {
		env_name(k, env, sizeof(env));
		origin[0] = '\0';
		if ((v = getenv(env)) != NULL) {
			if (set_value(k, v) == -1)
				goto nomem;
			snprintf(origin, sizeof(origin), " (from %s)", env);
		}
		if (check_key(k, origin, err, errlen) == -1)
			return -1;
	}
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
	return -1;
}
