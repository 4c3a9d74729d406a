/* report.c: content reports and the moderators' queue. */
#include <json-c/json.h>

#include "db.h"
#include "json.h"
#include "report.h"

enum vs_err
vs_report_queue(struct json_object **out)
{
	PGresult	*res;
	int		 i;

	res = vs_db_exec("SELECT json_build_object('video_id', v.id, "
	    "'title', v.title, 'reports', count(*), 'first_at', "
	    "min(r.created_at), 'last_at', max(r.created_at), 'reasons', "
	    "array_agg(DISTINCT r.reason)) FROM content_reports r "
	    "JOIN videos v ON v.id = r.video_id WHERE r.status = 'pending' "
	    "GROUP BY v.id ORDER BY count(*) DESC, min(r.created_at) LIMIT 200",
	    0, NULL);
	if (res == NULL)
		return vs_db_error();
	*out = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++)
		json_object_array_add(*out, vs_json_parse(PQgetvalue(res, i, 0),
		    (size_t)PQgetlength(res, i, 0)));
	PQclear(res);
	return VS_OK;
}
