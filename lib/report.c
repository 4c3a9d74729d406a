/* report.c: content reports and the moderators' queue. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "report.h"
#include "str.h"
#include "stream.h"

enum vs_err
vs_report_queue(struct json_object **out)
{
	return vs_db_json_rows("SELECT json_build_object('video_id', v.id, "
	    "'title', v.title, 'reports', count(*), 'first_at', "
	    "min(r.created_at), 'last_at', max(r.created_at), 'reasons', "
	    "array_agg(DISTINCT r.reason)) FROM content_reports r "
	    "JOIN videos v ON v.id = r.video_id WHERE r.status = 'pending' "
	    "GROUP BY v.id ORDER BY count(*) DESC, min(r.created_at) LIMIT 200",
	    0, NULL, out);
}

/*
 * Enough distinct people reported the video (report_hide_threshold, 0:
 * never): hide it until a moderator has looked. Only accounts with a
 * verified email older than report_min_age count, so that a handful of
 * fresh accounts cannot take a video down; moderators see every report.
 */
static void
hide_if_many(const char *video)
{
	char		 n[24], age[24];
	const char	*p[] = { video, n, age };
	PGresult	*res;

	if (vs_config_int(VS_CFG_REPORT_HIDE) == 0)
		return;
	snprintf(n, sizeof(n), "%lld", vs_config_int(VS_CFG_REPORT_HIDE));
	snprintf(age, sizeof(age), "%lld", vs_config_int(VS_CFG_REPORT_MIN_AGE));
	res = vs_db_exec("UPDATE videos SET hidden = true, hidden_reason = "
	    "'reported, pending review', updated_at = now() WHERE id = $1 AND "
	    "NOT hidden AND (SELECT count(DISTINCT r.reporter_id) FROM "
	    "content_reports r JOIN users u ON u.id = r.reporter_id WHERE "
	    "r.video_id = $1 AND r.status = 'pending' AND u.email_verified AND "
	    "u.created_at <= now() - $3 * interval '1 second') >= $2::int",
	    3, p);
	if (res != NULL && strcmp(PQcmdTuples(res), "1") == 0)
		vs_stream_forget(video);
	PQclear(res);
}

int
vs_report_reason_valid(const char *reason)
{
	static const char *const reasons[] = { "spam", "abuse", "sexual",
	    "violence", "copyright", "illegal", "other" };

	return reason != NULL && vs_str_index(reasons, 7, reason) >= 0;
}

enum vs_err
vs_report_create(const char *video, const char *reporter, const char *reason,
    const char *details)
{
	const char	*p[] = { video, reporter, reason, details ? details : "" };
	PGresult	*res;

	if (!vs_report_reason_valid(reason) ||
	    (details != NULL && strlen(details) > 2000))
		return VS_EINVAL;
	res = vs_db_exec("INSERT INTO content_reports (video_id, reporter_id, "
	    "reason, details) VALUES ($1, $2, $3, $4)", 4, p);
	if (res == NULL)
		return vs_db_error();
	PQclear(res);
	hide_if_many(video);
	return VS_OK;
}
