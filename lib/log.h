/* log.h: one JSON object per line on standard error. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_LOG_H
#define VS_LOG_H

struct json_object;

enum vs_log_level {
	VS_LOG_DEBUG,
	VS_LOG_INFO,
	VS_LOG_WARN,
	VS_LOG_ERROR,
	VS_LOG__MAX
};

/* Name the program in every line and set the threshold by name. */
void	 vs_log_init(const char *, const char *);
/* Set (or clear, with NULL) the request id written into each line. */
void	 vs_log_request(const char *);
/* Write one line when level passes the threshold. */
void	 vs_log(enum vs_log_level, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Write one line with extra fields merged in; the fields object stays the
 * caller's. Used for the per-request line.
 */
void	 vs_log_fields(enum vs_log_level, struct json_object *,
	    const char *, ...) __attribute__((format(printf, 3, 4)));

#define vs_warnx(...)	vs_log(VS_LOG_WARN, __VA_ARGS__)
#define vs_errx(...)	vs_log(VS_LOG_ERROR, __VA_ARGS__)
#define vs_debug(...)	vs_log(VS_LOG_DEBUG, __VA_ARGS__)

#endif
