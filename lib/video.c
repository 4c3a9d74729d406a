/* video.c: videos as the catalog shows them. */
#include <stdlib.h>

#include <json-c/json.h>

#include "db.h"
#include "json.h"
#include "video.h"

#define STR(x)	#x
#define XSTR(x)	STR(x)

/* The database builds each item, so the API shape lives in one place. */
static const char list_sql[] =
    "SELECT json_build_object('id', v.id, 'title', v.title, "
    "'description', v.description, 'owner', u.username, "
    "'duration', v.duration, 'status', v.status, "
    "'created_at', v.created_at, 'renditions', v.renditions, "
    "'views', v.view_count) "
    "FROM videos v JOIN users u ON u.id = v.owner_id "
    "WHERE v.status = 'ready' AND v.visibility = 'public' "
    "AND NOT v.hidden AND u.banned_at IS NULL "
    "ORDER BY v.created_at DESC, v.id DESC LIMIT " XSTR(VS_VIDEO_PAGE);

enum vs_err
vs_video_list(struct json_object **items)
{
	PGresult		*res;
	struct json_object	*o;
	int			 i, n;

	if ((res = vs_db_exec(list_sql, 0, NULL)) == NULL)
		return vs_db_error() == VS_EUNAVAIL ? VS_EUNAVAIL : VS_ERR;
	if ((*items = json_object_new_array()) == NULL) {
		PQclear(res);
		return VS_ERR;
	}
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		o = vs_json_parse(PQgetvalue(res, i, 0),
		    (size_t)PQgetlength(res, i, 0));
		if (o != NULL)
			json_object_array_add(*items, o);
	}
	PQclear(res);
	return VS_OK;
}
