/* app.c: start-up shared by every program. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/stat.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "config.h"
#include "db.h"
#include "log.h"

static const char	*app_name = "vstream";

void
vs_app_start(const char *name, int flags)
{
	char	 err[512];

	app_name = name;
	/* A peer that went away is an error to handle, not a death. */
	signal(SIGPIPE, SIG_IGN);
	if (vs_config_load(NULL, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s: configuration: %s\n", name, err);
		exit(2);
	}
	if ((flags & VS_APP_SECRET) &&
	    *vs_config_str(VS_CFG_SECRET_KEY) == '\0') {
		fprintf(stderr, "%s: configuration: secret_key: missing (at "
		    "least 32 characters)\n", name);
		exit(2);
	}
	/*
	 * Before any file is made: the web programs and the worker may run
	 * as two users who share the media through a group.
	 */
	umask((mode_t)strtol(vs_config_str(VS_CFG_UMASK), NULL, 8));
	vs_log_init(name, vs_config_str(VS_CFG_LOG_LEVEL));
	vs_db_name(name);
}

const char *
vs_app_name(void)
{
	return app_name;
}
