/* videos-playlists.c: videos.fcgi's playlists: the API, the pages, the forms. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <vstream.h>

#include "videos.h"


/* A page's path with a playlist id, a video id and a position. */
#define PATH_MAX_LEN	160

/*
 * The playlist id names, if the client may open it: 0 with m filled, or
 * -1 after answering (404 hides what is not theirs to see).
 */
static int
list_or_reply(struct vs_req *req, const char *id, struct vs_playlist_meta *m)
{
	enum vs_err	 rc;

	if ((rc = vs_playlist_meta(id, m)) == VS_OK &&
	    !vs_playlist_may_view(m, vs_site_user(req)))
		rc = VS_ENOTFOUND;
	if (rc == VS_OK)
		return 0;
	vs_resp_err(req, rc, rc == VS_ENOTFOUND ? "No such playlist." : NULL);
	return -1;
}

/* As list_or_reply(), for a change only the list's owner makes (403). */
static int
owned_or_reply(struct vs_req *req, const char *id)
{
	struct vs_playlist_meta	 m;

	if (list_or_reply(req, id, &m) == -1)
		return -1;
	if (strcmp(vs_site_user(req)->u_id, m.pm_owner) == 0)
		return 0;
	vs_resp_error(req, 403, "forbidden", "Only its owner changes a "
	    "playlist.");
	return -1;
}

/* The request's fields could be read: 0, or -1 after answering 400. */
static int
fields_or_reply(struct vs_req *req)
{
	struct json_object	*in;

	if (vs_req_input(req, &in) == VS_OK && in != NULL)
		return 0;
	vs_resp_error(req, 400, "bad_request", "Send the fields as a JSON "
	    "object or a form.");
	return -1;
}

/*
 * The "position" field, a number or its digits: 1 to
 * VS_PLAYLIST_ITEMS_MAX, or 0 when absent and not needed; -1 after
 * answering 422.
 */
static long long
position_or_reply(struct vs_req *req, int needed)
{
	struct json_object	*in = NULL, *v = NULL;
	const char		*err;
	long long		 n = -1;

	if (vs_req_input(req, &in) == VS_OK && in != NULL)
		v = json_object_object_get(in, "position");
	if (v == NULL && !needed)
		return 0;
	if (json_object_is_type(v, json_type_int))
		n = json_object_get_int64(v);
	else if (!json_object_is_type(v, json_type_string) ||
	    vs_str_tonum(json_object_get_string(v), 1, VS_PLAYLIST_ITEMS_MAX,
	    &n, &err) == -1)
		n = -1;
	if (n >= 1 && n <= VS_PLAYLIST_ITEMS_MAX)
		return n;
	vs_resp_err(req, VS_EINVAL, "position is a number from 1 to 500.");
	return -1;
}

/* Is video id one u may watch, as its player page decides? */
static enum vs_err
video_visible(const char *id, const struct vs_user *u)
{
	struct vs_video_meta	 m;
	enum vs_err		 rc;

	if (id == NULL)
		return VS_ENOTFOUND;
	if ((rc = vs_video_meta(id, &m)) != VS_OK)
		return rc;
	if (!vs_video_may_view(&m, u))
		return VS_ENOTFOUND;
	if (strcmp(m.vm_status, "ready") != 0 &&
	    (u == NULL || strcmp(u->u_id, m.vm_owner) != 0))
		return VS_ENOTFOUND;
	return VS_OK;
}

/* Answer a refused change to a list's items. */
static void
item_fail(struct vs_req *req, enum vs_err rc)
{
	vs_resp_err(req, rc, rc == VS_ENOTFOUND ? "That video is not in this "
	    "playlist." : rc == VS_ECONFLICT ? "The video is in this playlist "
	    "already." : rc == VS_ELIMIT ? "A playlist holds at most 500 "
	    "videos." : NULL);
}

/* Create a list from the request's fields: 0 with id, or -1 answered. */
static int
create_or_reply(struct vs_req *req, char *id)
{
	const char	*why;
	enum vs_err	 rc;

	if (fields_or_reply(req) == -1)
		return -1;
	rc = vs_playlist_create(vs_site_user(req)->u_id,
	    vs_req_field(req, "title"), vs_req_field(req, "description"),
	    vs_req_field(req, "visibility"), id, &why);
	if (rc == VS_OK)
		return 0;
	vs_resp_err(req, rc, rc == VS_EINVAL ? why : rc == VS_ELIMIT ?
	    "An account keeps at most 200 playlists." : NULL);
	return -1;
}

/* Change a list from the request's fields: 0, or -1 after answering. */
static int
update_or_reply(struct vs_req *req, const char *id)
{
	const char	*why;
	enum vs_err	 rc;

	if (owned_or_reply(req, id) == -1 || fields_or_reply(req) == -1)
		return -1;
	rc = vs_playlist_update(id, vs_req_field(req, "title"),
	    vs_req_field(req, "description"), vs_req_field(req, "visibility"),
	    &why);
	if (rc == VS_OK)
		return 0;
	vs_resp_err(req, rc, rc == VS_EINVAL ? why : NULL);
	return -1;
}

/*
 * Delete a list: its owner, or a moderator (audited). 0, or -1 after
 * answering.
 */
static int
delete_or_reply(struct vs_req *req, const char *id)
{
	const struct vs_user	*me = vs_site_user(req);
	struct vs_playlist_meta	 m;
	struct json_object	*before = NULL;
	enum vs_err		 rc;
	int			 owner;

	if (list_or_reply(req, id, &m) == -1)
		return -1;
	if (!vs_site_owner_or_moderator(req, m.pm_owner)) {
		vs_resp_error(req, 403, "forbidden", "Not your playlist.");
		return -1;
	}
	if (!(owner = strcmp(me->u_id, m.pm_owner) == 0))
		vs_playlist_get(id, me, &before);
	if ((rc = vs_playlist_delete(id)) == VS_OK && !owner)
		vs_audit(me, "playlist.delete", "playlist", id, req->rq_addr,
		    before, NULL);
	json_object_put(before);
	if (rc == VS_OK)
		return 0;
	vs_resp_err(req, rc, rc == VS_ENOTFOUND ? "No such playlist." : NULL);
	return -1;
}

/* Add the video field to list id: 0, or -1 after answering. */
static int
add_or_reply(struct vs_req *req, const char *id)
{
	const char	*video = vs_req_field(req, "video");
	long long	 pos;
	enum vs_err	 rc;

	if (owned_or_reply(req, id) == -1 || fields_or_reply(req) == -1 ||
	    (pos = position_or_reply(req, 0)) == -1)
		return -1;
	if ((rc = video_visible(video, vs_site_user(req))) != VS_OK) {
		vs_resp_err(req, rc, rc == VS_ENOTFOUND ? "No such video." :
		    NULL);
		return -1;
	}
	if ((rc = vs_playlist_add(id, video, pos)) == VS_OK)
		return 0;
	item_fail(req, rc);
	return -1;
}

/* Move the :video of list :id to the position field; 0 / -1 answered. */
static int
move_or_reply(struct vs_req *req)
{
	const char	*id = vs_req_param(req, "id");
	long long	 pos;
	enum vs_err	 rc;

	if (owned_or_reply(req, id) == -1 || fields_or_reply(req) == -1 ||
	    (pos = position_or_reply(req, 1)) == -1)
		return -1;
	if ((rc = vs_playlist_move(id, vs_req_param(req, "video"), pos)) ==
	    VS_OK)
		return 0;
	item_fail(req, rc);
	return -1;
}

/* Take :video out of list :id; 0, or -1 after answering. */
static int
remove_or_reply(struct vs_req *req)
{
	const char	*id = vs_req_param(req, "id");
	enum vs_err	 rc;

	if (owned_or_reply(req, id) == -1)
		return -1;
	if ((rc = vs_playlist_remove(id, vs_req_param(req, "video"))) == VS_OK)
		return 0;
	item_fail(req, rc);
	return -1;
}

/* Answer list id as the client sees it. */
static void
reply_list(struct vs_req *req, int status, const char *id)
{
	struct json_object	*o;
	enum vs_err		 rc;

	if ((rc = vs_playlist_get(id, vs_site_user(req), &o)) != VS_OK)
		vs_resp_err(req, rc, NULL);
	else
		vs_resp_json(req, status, o);
}

/* GET /api/v1/playlists?owner=NAME; without owner, one's own. */
void
api_playlists(struct vs_req *req)
{
	const struct vs_user	*me = vs_site_user(req);
	const char		*owner = vs_req_query(req, "owner");
	struct json_object	*items, *o;
	enum vs_err		 rc;

	if (owner == NULL && me == NULL) {
		vs_resp_error(req, 401, "unauthenticated", "Name an owner, or "
		    "log in to list your own playlists.");
		return;
	}
	if ((rc = vs_playlist_list(owner, me, &items)) != VS_OK) {
		vs_resp_err(req, rc, NULL);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "items", items);
	vs_resp_json(req, 200, o);
}

void
api_playlist_create(struct vs_req *req)
{
	char	 id[37], path[64];

	if (create_or_reply(req, id) == -1)
		return;
	snprintf(path, sizeof(path), "/api/v1/playlists/%s", id);
	vs_resp_location(req, "Location", path);
	reply_list(req, 201, id);
}

void
api_playlist_get(struct vs_req *req)
{
	struct vs_playlist_meta	 m;

	if (list_or_reply(req, vs_req_param(req, "id"), &m) == 0)
		reply_list(req, 200, vs_req_param(req, "id"));
}

void
api_playlist_patch(struct vs_req *req)
{
	if (update_or_reply(req, vs_req_param(req, "id")) == 0)
		reply_list(req, 200, vs_req_param(req, "id"));
}

void
api_playlist_delete(struct vs_req *req)
{
	if (delete_or_reply(req, vs_req_param(req, "id")) == 0)
		vs_resp_empty(req, 204);
}

void
api_playlist_add(struct vs_req *req)
{
	if (add_or_reply(req, vs_req_param(req, "id")) == 0)
		reply_list(req, 201, vs_req_param(req, "id"));
}

void
api_playlist_move(struct vs_req *req)
{
	if (move_or_reply(req) == 0)
		reply_list(req, 200, vs_req_param(req, "id"));
}

void
api_playlist_remove(struct vs_req *req)
{
	if (remove_or_reply(req) == 0)
		vs_resp_empty(req, 204);
}

/* Back to the page of list id. */
static void
to_list(struct vs_req *req, const char *id)
{
	char	 path[PATH_MAX_LEN];

	snprintf(path, sizeof(path), "/playlists/%s", id);
	vs_resp_redirect(req, 303, path);
}

/* Back to the player page of the video field, where the save control is. */
static void
to_video(struct vs_req *req)
{
	char	 path[PATH_MAX_LEN];

	snprintf(path, sizeof(path), "/videos/%s#playlist-save",
	    vs_req_field(req, "video"));
	vs_resp_redirect(req, 303, path);
}

/* /my/playlists: one's own lists and the form for a new one. */
void
page_my_playlists(struct vs_req *req)
{
	struct json_object	*items, *ctx;
	enum vs_err		 rc;

	if ((rc = vs_playlist_list(NULL, vs_site_user(req), &items)) !=
	    VS_OK) {
		vs_resp_err(req, rc, NULL);
		return;
	}
	ctx = json_object_new_object();
	json_object_object_add(ctx, "playlists", items);
	json_object_object_add(ctx, "title", json_object_new_string(
	    "Your playlists"));
	vs_resp_page(req, 200, "playlists", ctx);
}

/*
 * POST /my/playlists: a new list; with a video field (the player page's
 * form), the video goes into it and the browser back to its page.
 */
void
page_playlist_create(struct vs_req *req)
{
	const char	*video = vs_req_field(req, "video");
	char		 id[37];
	enum vs_err	 rc;

	if (video != NULL && (rc = video_visible(video, vs_site_user(req))) !=
	    VS_OK) {
		vs_resp_err(req, rc, rc == VS_ENOTFOUND ? "No such video." :
		    NULL);
		return;
	}
	if (create_or_reply(req, id) == -1)
		return;
	if (video == NULL)
		to_list(req, id);
	else if ((rc = vs_playlist_add(id, video, 0)) != VS_OK)
		item_fail(req, rc);
	else
		to_video(req);
}

/* POST /my/playlists/items: the player page's save form (playlist, video). */
void
page_playlist_save(struct vs_req *req)
{
	const char	*id = vs_req_field(req, "playlist");

	if (add_or_reply(req, id) == 0)
		to_video(req);
}

/*
 * What the page of a list shows of each item: where it plays (with the
 * list), and for its owner's buttons whether it is first or last.
 */
static void
page_items(struct json_object *list, const char *id)
{
	struct json_object	*items = json_object_object_get(list, "items");
	struct json_object	*it;
	char			 path[PATH_MAX_LEN];
	size_t			 i, n = json_object_array_length(items);
	int			 pos;

	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(items, i);
		pos = json_object_get_int(json_object_object_get(it,
		    "position"));
		json_object_object_add(it, "up", json_object_new_int(pos > 1 ?
		    pos - 1 : 1));
		json_object_object_add(it, "down", json_object_new_int(
		    pos < (int)n ? pos + 1 : (int)n));
		json_object_object_add(it, "first", json_object_new_boolean(
		    i == 0));
		json_object_object_add(it, "last", json_object_new_boolean(
		    i + 1 == n));
		if (!json_object_get_boolean(json_object_object_get(it,
		    "available")))
			continue;
		snprintf(path, sizeof(path), "/videos/%s?list=%s&i=%d",
		    vs_json_str(it, "id"), id, pos);
		json_object_object_add(it, "play", json_object_new_string(path));
		if (json_object_object_get(list, "play") == NULL)
			json_object_object_add(list, "play",
			    json_object_new_string(path));
	}
}

/* /playlists/:id: the list, its play-through link, the owner's forms. */
void
page_playlist(struct vs_req *req)
{
	struct vs_playlist_meta	 m;
	struct json_object	*list, *ctx;
	const char		*id = vs_req_param(req, "id");
	char			 vis[32];
	enum vs_err		 rc;

	if (list_or_reply(req, id, &m) == -1)
		return;
	if ((rc = vs_playlist_get(id, vs_site_user(req), &list)) != VS_OK) {
		vs_resp_err(req, rc, NULL);
		return;
	}
	page_items(list, id);
	snprintf(vis, sizeof(vis), "is_%s", m.pm_visibility);
	json_object_object_add(list, vis, json_object_new_boolean(1));
	ctx = json_object_new_object();
	json_object_object_add(ctx, "title", json_object_get(
	    json_object_object_get(list, "title")));
	json_object_object_add(ctx, "playlist", list);
	json_object_object_add(ctx, "can_edit", json_object_new_boolean(
	    vs_site_user(req) != NULL && strcmp(vs_site_user(req)->u_id,
	    m.pm_owner) == 0));
	json_object_object_add(ctx, "can_delete", json_object_new_boolean(
	    vs_site_owner_or_moderator(req, m.pm_owner)));
	vs_resp_page(req, 200, "playlist", ctx);
}

void
page_playlist_edit(struct vs_req *req)
{
	if (update_or_reply(req, vs_req_param(req, "id")) == 0)
		to_list(req, vs_req_param(req, "id"));
}

void
page_playlist_delete(struct vs_req *req)
{
	if (delete_or_reply(req, vs_req_param(req, "id")) == 0)
		vs_resp_redirect(req, 303, "/my/playlists");
}

void
page_playlist_move(struct vs_req *req)
{
	if (move_or_reply(req) == 0)
		to_list(req, vs_req_param(req, "id"));
}

void
page_playlist_remove(struct vs_req *req)
{
	if (remove_or_reply(req) == 0)
		to_list(req, vs_req_param(req, "id"));
}

/* The path that plays item it of list id next, or NULL. */
static struct json_object *
play_path(struct json_object *it, const char *id)
{
	char	 path[PATH_MAX_LEN];

	if (it == NULL)
		return NULL;
	snprintf(path, sizeof(path), "/videos/%s?list=%s&i=%d&autoplay=1",
	    vs_json_str(it, "id"), id, json_object_get_int(
	    json_object_object_get(it, "position")));
	return json_object_new_string(path);
}

/*
 * The index of video in items: the item at position at when it is that
 * video, else its first; -1 when it is not in the list.
 */
static int
find_item(struct json_object *items, const char *video, long long at)
{
	struct json_object	*it;
	const char		*v;
	size_t			 i, n = json_object_array_length(items);
	int			 found = -1;

	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(items, i);
		if ((v = vs_json_str(it, "id")) == NULL || strcmp(v, video) != 0 ||
		    !json_object_get_boolean(json_object_object_get(it,
		    "available")))
			continue;
		if (json_object_get_int(json_object_object_get(it,
		    "position")) == at)
			return (int)i;
		if (found == -1)
			found = (int)i;
	}
	return found;
}

/* The nearest playable item from index from, stepping by step; or NULL. */
static struct json_object *
playable(struct json_object *items, int from, int step)
{
	struct json_object	*it;
	int			 i, n = (int)json_object_array_length(items);

	for (i = from + step; i >= 0 && i < n; i += step) {
		it = json_object_array_get_idx(items, i);
		if (json_object_get_boolean(json_object_object_get(it,
		    "available")))
			return it;
	}
	return NULL;
}

/* The bar of list ?list= over the player of video, or NULL. */
static struct json_object *
player_bar(struct vs_req *req, const char *video)
{
	struct vs_playlist_meta	 m;
	struct json_object	*list, *items, *bar;
	const char		*id = vs_req_query(req, "list"), *err;
	long long		 at = 0;
	int			 i;

	if (vs_playlist_meta(id, &m) != VS_OK ||
	    !vs_playlist_may_view(&m, vs_site_user(req)) ||
	    vs_playlist_get(id, vs_site_user(req), &list) != VS_OK)
		return NULL;
	if (vs_req_query(req, "i") != NULL)
		vs_str_tonum(vs_req_query(req, "i"), 1, VS_PLAYLIST_ITEMS_MAX,
		    &at, &err);
	items = json_object_object_get(list, "items");
	if ((i = find_item(items, video, at)) == -1) {
		json_object_put(list);
		return NULL;
	}
	bar = json_object_new_object();
	json_object_object_add(bar, "id", json_object_new_string(id));
	json_object_object_add(bar, "title", json_object_get(
	    json_object_object_get(list, "title")));
	json_object_object_add(bar, "position", json_object_get(
	    json_object_object_get(json_object_array_get_idx(items, i),
	    "position")));
	json_object_object_add(bar, "count", json_object_new_int(
	    (int)json_object_array_length(items)));
	json_object_object_add(bar, "prev", play_path(playable(items, i, -1),
	    id));
	json_object_object_add(bar, "next", play_path(playable(items, i, 1),
	    id));
	json_object_put(list);
	return bar;
}

void
playlist_player(struct vs_req *req, struct json_object *ctx,
    const char *video)
{
	struct json_object	*lists, *bar;

	if (vs_site_user(req) != NULL && vs_playlist_list(NULL,
	    vs_site_user(req), &lists) == VS_OK)
		json_object_object_add(ctx, "save_lists", lists);
	if (vs_req_query(req, "list") != NULL &&
	    (bar = player_bar(req, video)) != NULL)
		json_object_object_add(ctx, "playlist", bar);
}
