/* log.c: one JSON object per line on standard error. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "log.h"
#include "str.h"

static const char *const level_names[VS_LOG__MAX] = {
	[VS_LOG_DEBUG] = "debug",
	[VS_LOG_INFO] = "info",
	[VS_LOG_WARN] = "warn",
	[VS_LOG_ERROR] = "error",
};

static char			 program[32] = "vstream";
static char			 request_id[64];
static enum vs_log_level	 threshold = VS_LOG_INFO;

void
vs_log_init(const char *prog, const char *level)
{
	int	 i;

	snprintf(program, sizeof(program), "%s", prog);
	if ((i = vs_str_index(level_names, VS_LOG__MAX, level)) != -1)
		threshold = (enum vs_log_level)i;
}

void
vs_log_request(const char *id)
{
	snprintf(request_id, sizeof(request_id), "%s", id ? id : "");
}

static void
add_time(struct json_object *o)
{
	struct timespec	 ts;
	struct tm	 tm;
	char		 buf[40], stamp[64];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(stamp, sizeof(stamp), "%s.%03dZ", buf,
	    (int)(ts.tv_nsec / 1000000));
	json_object_object_add(o, "time", json_object_new_string(stamp));
}

static void
emit(enum vs_log_level lvl, struct json_object *fields, const char *fmt,
    va_list ap)
{
	struct json_object	*o;
	char			 msg[1024];

	if (lvl < threshold || (o = json_object_new_object()) == NULL)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	add_time(o);
	json_object_object_add(o, "level",
	    json_object_new_string(level_names[lvl]));
	json_object_object_add(o, "program", json_object_new_string(program));
	if (request_id[0] != '\0')
		json_object_object_add(o, "request_id",
		    json_object_new_string(request_id));
	json_object_object_add(o, "msg", json_object_new_string(msg));
	if (fields != NULL) {
		json_object_object_foreach(fields, k, v)
			json_object_object_add(o, k, json_object_get(v));
	}
	fprintf(stderr, "%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(stderr);
	json_object_put(o);
}

void
vs_log(enum vs_log_level lvl, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	emit(lvl, NULL, fmt, ap);
	va_end(ap);
}

void
vs_log_fields(enum vs_log_level lvl, struct json_object *fields,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	emit(lvl, fields, fmt, ap);
	va_end(ap);
}
