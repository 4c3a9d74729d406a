/* report.c: content reports and the moderators' queue. */
#include "db.h"
#include "report.h"

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
