/* path.c: where a video's files live on disk; it calls nothing above it. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>

#include "config.h"
#include "path.h"
#include "str.h"

int
vs_path_video(const char *id, char *buf, size_t len)
{
	int	 n;

	if (!vs_uuid_valid(id))
		return -1;
	n = snprintf(buf, len, "%s/media/%s", vs_config_str(VS_CFG_DATA_DIR),
	    id);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}
