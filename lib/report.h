/* report.h: content reports and the moderators' queue. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_REPORT_H
#define VS_REPORT_H

#include "err.h"

struct json_object;

/*
 * The pending reports grouped by video, most reported first: a JSON array
 * of {video_id, title, reports, first_at, last_at, reasons}. VS_OK with
 * *out (caller frees with json_object_put), VS_EUNAVAIL.
 */
enum vs_err	 vs_report_queue(struct json_object **);

/* 1 when reason is one a report may give (the list below), else 0. */
int		 vs_report_reason_valid(const char *);

/*
 * File a report by user reporter on video: reason one of spam, abuse,
 * sexual, violence, copyright, illegal, other; details at most 2000
 * characters. One open report per user and video. VS_OK, VS_ECONFLICT
 * (already reported), VS_EINVAL (a reason or text the rules refuse),
 * VS_EUNAVAIL.
 */
enum vs_err	 vs_report_create(const char *, const char *, const char *,
		    const char *);

#endif
