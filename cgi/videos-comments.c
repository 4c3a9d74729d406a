/* videos-comments.c: videos.fcgi's comments: the API and the page's forms. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

#include "videos.h"

/*
 * May u (NULL: anonymous) see video m and so its comments? As its page
 * decides: who may view it, once ready (before, its owner only).
 */
static int
may_see(const struct vs_video_meta *m, const struct vs_user *u)
{
	return vs_video_may_view(m, u) && (strcmp(m->vm_status, "ready") == 0 ||
	    (u != NULL && strcmp(u->u_id, m->vm_owner) == 0));
}

/* Video id, if the caller may see it: 0 with m, or -1 after answering. */
static int
video_or_reply(struct vs_req *req, const char *id, struct vs_video_meta *m)
{
	enum vs_err	 rc;

	if ((rc = vs_video_meta(id, m)) == VS_OK &&
	    !may_see(m, vs_site_user(req)))
		rc = VS_ENOTFOUND;
	if (rc == VS_OK)
		return 0;
	vs_resp_err(req, rc, rc == VS_ENOTFOUND ? "No such video." : NULL);
	return -1;
}

/*
 * Comment id, if the caller may see its video and, when video is given,
 * it is that video's: 0 with cm filled, or -1 after answering (404).
 */
static int
comment_or_reply(struct vs_req *req, const char *id, const char *video,
    struct vs_comment_meta *cm)
{
	struct vs_video_meta	 m;
	enum vs_err		 rc;

	if ((rc = vs_comment_meta(id, cm)) == VS_OK && ((video != NULL &&
	    strcmp(video, cm->cm_video) != 0) || cm->cm_deleted))
		rc = VS_ENOTFOUND;
	if (rc == VS_OK && (rc = vs_video_meta(cm->cm_video, &m)) == VS_OK &&
	    !may_see(&m, vs_site_user(req)))
		rc = VS_ENOTFOUND;
	if (rc == VS_OK)
		return 0;
	vs_resp_err(req, rc, rc == VS_ENOTFOUND ? "No such comment." : NULL);
	return -1;
}

/* 403 for a change the video's comments being off refuses. */
static void
reply_off(struct vs_req *req)
{
	vs_resp_error(req, 403, "comments_off",
	    "Comments are turned off for this video.");
}

/*
 * The comment's text from the body's "body" field, checked and kept as
 * vs_comment_clean() says: 0 with *text (caller frees), or -1 after
 * answering (400 for a body that is not JSON or a form, 422).
 */
static int
text_or_reply(struct vs_req *req, char **text)
{
	struct json_object	*in, *f;
	const char		*why = "Send the comment's text as body.";

	*text = NULL;
	if (vs_req_input(req, &in) != VS_OK) {
		vs_resp_error(req, 400, "bad_request", "Send JSON or a form.");
		return -1;
	}
	if (in != NULL && json_object_object_get_ex(in, "body", &f) &&
	    json_object_is_type(f, json_type_string) &&
	    vs_comment_clean(json_object_get_string(f),
	    (size_t)json_object_get_string_len(f), text, &why) == VS_OK)
		return 0;
	vs_resp_error(req, 422, "invalid", why);
	return -1;
}

/* Post the request's comment on video; 0 with its id, or -1 answered. */
static int
post_or_reply(struct vs_req *req, const char *video, char *id)
{
	struct vs_video_meta	 m;
	char			*text;
	enum vs_err		 rc;

	if (video_or_reply(req, video, &m) == -1 ||
	    text_or_reply(req, &text) == -1)
		return -1;
	rc = vs_comment_post(video, vs_site_user(req)->u_id,
	    vs_req_field(req, "parent_id"), text, id);
	free(text);
	if (rc == VS_OK)
		return 0;
	if (rc == VS_ECONFLICT)
		reply_off(req);
	else
		vs_resp_err(req, rc, rc == VS_EINVAL ? "parent_id is not a "
		    "comment of this video." : rc == VS_ELIMIT ? "This comment "
		    "has as many replies as it takes." : NULL);
	return -1;
}

/* Change the text of comment id (of video, unless NULL); 0 or -1. */
static int
edit_or_reply(struct vs_req *req, const char *id, const char *video)
{
	struct vs_comment_meta	 cm;
	char			*text;
	enum vs_err		 rc;

	if (comment_or_reply(req, id, video, &cm) == -1)
		return -1;
	if (strcmp(cm.cm_author, vs_site_user(req)->u_id) != 0) {
		vs_resp_error(req, 403, "forbidden",
		    "Only its author edits a comment.");
		return -1;
	}
	if (!cm.cm_enabled) {
		reply_off(req);
		return -1;
	}
	if (text_or_reply(req, &text) == -1)
		return -1;
	rc = vs_comment_edit(id, text);
	free(text);
	if (rc == VS_OK)
		return 0;
	vs_resp_err(req, rc, rc == VS_ENOTFOUND ? "No such comment." : NULL);
	return -1;
}

/* Delete comment id: its author, or a moderator (audited); 0 or -1. */
static int
delete_or_reply(struct vs_req *req, const char *id, const char *video)
{
	const struct vs_user	*me = vs_site_user(req);
	struct vs_comment_meta	 cm;
	struct vs_actor		 a = { me, req->rq_addr };
	enum vs_err		 rc;

	if (comment_or_reply(req, id, video, &cm) == -1)
		return -1;
	if (!vs_site_owner_or_moderator(req, cm.cm_author)) {
		vs_resp_error(req, 403, "forbidden", "Not your comment.");
		return -1;
	}
	rc = strcmp(cm.cm_author, me->u_id) == 0 ? vs_comment_delete(id) :
	    vs_comment_remove(&a, id);
	if (rc == VS_OK)
		return 0;
	vs_resp_err(req, rc, rc == VS_ENOTFOUND ? "No such comment." : NULL);
	return -1;
}

/* Report comment id; 0, or -1 after answering. */
static int
report_or_reply(struct vs_req *req, const char *id, const char *video)
{
	struct vs_comment_meta	 cm;
	enum vs_err		 rc;

	if (comment_or_reply(req, id, video, &cm) == -1)
		return -1;
	rc = vs_comment_report(id, vs_site_user(req)->u_id,
	    vs_req_field(req, "reason"), vs_req_field(req, "details"));
	if (rc == VS_OK)
		return 0;
	vs_resp_err(req, rc, rc == VS_ECONFLICT ? "You have reported this "
	    "comment already." : rc == VS_EINVAL ? "reason: spam, abuse, "
	    "sexual, violence, copyright, illegal or other; details: at most "
	    "2000 characters." : rc == VS_ENOTFOUND ? "No such comment." :
	    NULL);
	return -1;
}

/*
 * Ban the author of comment id (the route lets moderators only), through
 * the ban rules; 0, or -1 after answering.
 */
static int
ban_or_reply(struct vs_req *req, const char *id, const char *video)
{
	struct vs_comment_meta	 cm;
	struct vs_actor		 a = { vs_site_user(req), req->rq_addr };
	const char		*why = NULL;
	enum vs_err		 rc;

	if (comment_or_reply(req, id, video, &cm) == -1)
		return -1;
	rc = vs_comment_ban(&a, id, vs_req_field(req, "reason"),
	    vs_req_field(req, "until"), &why);
	if (rc == VS_OK)
		return 0;
	vs_resp_err(req, rc, why);
	return -1;
}

/* Read ?sort, ?after and ?limit into q; 0, or -1 after answering 400. */
static int
query_or_reply(struct vs_req *req, const char *video,
    struct vs_comment_query *q)
{
	const char	*limit = vs_req_query(req, "limit"), *err;
	const char	*sort = vs_req_query(req, "sort");
	long long	 n = 0;

	memset(q, 0, sizeof(*q));
	q->cq_video = video;
	q->cq_after = vs_req_query(req, "after");
	q->cq_me = vs_site_user(req) ? vs_site_user(req)->u_id : NULL;
	if (limit != NULL && vs_str_tonum(limit, 1, VS_COMMENT_PAGE_MAX, &n,
	    &err) == -1) {
		vs_resp_error(req, 400, "bad_limit",
		    "limit is a number from 1 to 100.");
		return -1;
	}
	q->cq_limit = (int)n;
	if (sort != NULL && strcmp(sort, "newest") != 0 &&
	    strcmp(sort, "oldest") != 0) {
		vs_resp_error(req, 400, "bad_sort", "sort is newest or oldest.");
		return -1;
	}
	q->cq_sort = sort;
	return 0;
}

/*
 * A page of video's comments into o: items, next, comment_count and
 * comments_enabled. 0, or -1 after answering.
 */
static int
list_or_reply(struct vs_req *req, const char *video, struct json_object *o)
{
	struct vs_comment_query	 q;
	struct json_object	*items;
	char			*next;
	enum vs_err		 rc;

	if (query_or_reply(req, video, &q) == -1)
		return -1;
	if ((rc = vs_comment_list(&q, &items, &next)) == VS_OK)
		rc = vs_comment_describe(video, o);
	if (rc != VS_OK) {
		json_object_put(items);
		free(next);
		if (rc == VS_EINVAL)
			vs_resp_error(req, 400, "bad_cursor",
			    "The after cursor is not one this site gave.");
		else
			vs_resp_err(req, rc, NULL);
		return -1;
	}
	json_object_object_add(o, "items", items);
	json_object_object_add(o, "next", next ? json_object_new_string(next) :
	    NULL);
	free(next);
	return 0;
}

void
comments_api_list(struct vs_req *req)
{
	struct vs_video_meta	 m;
	struct json_object	*o;
	const char		*video = vs_req_param(req, "id");

	if (video_or_reply(req, video, &m) == -1)
		return;
	o = json_object_new_object();
	if (list_or_reply(req, video, o) == 0)
		vs_resp_json(req, 200, o);
	else
		json_object_put(o);
}

/* Answer comment id as the API shows it, with status. */
static void
reply_comment(struct vs_req *req, const char *id, int status)
{
	struct json_object	*o;
	enum vs_err		 rc;

	if ((rc = vs_comment_get(id, vs_site_user(req)->u_id, &o)) != VS_OK)
		vs_resp_err(req, rc, NULL);
	else
		vs_resp_json(req, status, o);
}

void
comments_api_post(struct vs_req *req)
{
	char	 id[37];

	if (post_or_reply(req, vs_req_param(req, "id"), id) == 0)
		reply_comment(req, id, 201);
}

void
comments_api_patch(struct vs_req *req)
{
	const char	*id = vs_req_param(req, "id");

	if (edit_or_reply(req, id, NULL) == 0)
		reply_comment(req, id, 200);
}

void
comments_api_delete(struct vs_req *req)
{
	if (delete_or_reply(req, vs_req_param(req, "id"), NULL) == 0)
		vs_resp_empty(req, 204);
}

void
comments_api_report(struct vs_req *req)
{
	if (report_or_reply(req, vs_req_param(req, "id"), NULL) == 0)
		vs_resp_json(req, 201, json_object_new_object());
}

void
comments_api_ban(struct vs_req *req)
{
	struct json_object	*o;

	if (ban_or_reply(req, vs_req_param(req, "id"), NULL) == -1)
		return;
	o = json_object_new_object();
	json_object_object_add(o, "ok", json_object_new_boolean(1));
	vs_resp_json(req, 200, o);
}

/* Back to the video's page, at comment id (NULL: at the list). */
static void
back(struct vs_req *req, const char *id)
{
	char	 url[160];

	snprintf(url, sizeof(url), "/videos/%s#comment%s%s",
	    vs_req_param(req, "id"), id ? "-" : "s", id ? id : "");
	vs_resp_redirect(req, 303, url);
}

void
comments_page_post(struct vs_req *req)
{
	char	 id[37];

	if (post_or_reply(req, vs_req_param(req, "id"), id) == 0)
		back(req, id);
}

void
comments_page_edit(struct vs_req *req)
{
	const char	*id = vs_req_param(req, "cid");

	if (edit_or_reply(req, id, vs_req_param(req, "id")) == 0)
		back(req, id);
}

void
comments_page_delete(struct vs_req *req)
{
	if (delete_or_reply(req, vs_req_param(req, "cid"),
	    vs_req_param(req, "id")) == 0)
		back(req, NULL);
}

void
comments_page_report(struct vs_req *req)
{
	const char	*id = vs_req_param(req, "cid");

	if (report_or_reply(req, id, vs_req_param(req, "id")) == 0)
		back(req, id);
}

void
comments_page_ban(struct vs_req *req)
{
	const char	*id = vs_req_param(req, "cid");

	if (ban_or_reply(req, id, vs_req_param(req, "id")) == 0)
		back(req, id);
}

/* Turn video id's comments on or off: its owner or a moderator. */
static int
set_enabled_or_reply(struct vs_req *req, const char *video, int on)
{
	struct vs_video_meta	 m;
	enum vs_err		 rc;

	if ((rc = vs_video_meta(video, &m)) != VS_OK) {
		vs_resp_err(req, rc, NULL);
		return -1;
	}
	if (!vs_site_owner_or_moderator(req, m.vm_owner)) {
		vs_resp_error(req, 403, "forbidden", "Only the video's owner or "
		    "a moderator turns its comments on or off.");
		return -1;
	}
	if ((rc = vs_comment_set_enabled(video, on)) != VS_OK) {
		vs_resp_err(req, rc, NULL);
		return -1;
	}
	if (strcmp(m.vm_owner, vs_site_user(req)->u_id) != 0)
		vs_audit(vs_site_user(req), on ? "comments.enable" :
		    "comments.disable", "video", video, req->rq_addr, NULL,
		    NULL);
	return 0;
}

void
comments_page_settings(struct vs_req *req)
{
	struct vs_video_meta	 m;
	const char		*video = vs_req_param(req, "id");
	const char		*on = vs_req_field(req, "enabled");

	if (video_or_reply(req, video, &m) == -1)
		return;
	if (on == NULL || (strcmp(on, "0") != 0 && strcmp(on, "1") != 0)) {
		vs_resp_error(req, 422, "invalid", "enabled is 1 or 0.");
		return;
	}
	if (set_enabled_or_reply(req, video, strcmp(on, "1") == 0) == 0)
		back(req, NULL);
}

int
comments_patch_check_or_reply(struct vs_req *req, struct json_object *in)
{
	struct json_object	*f;

	if (!json_object_object_get_ex(in, "comments_enabled", &f) ||
	    json_object_is_type(f, json_type_boolean))
		return 0;
	vs_resp_error(req, 422, "invalid", "comments_enabled is true or false.");
	return -1;
}

int
comments_patch_or_reply(struct vs_req *req, const char *video,
    struct json_object *in)
{
	struct json_object	*f;

	if (!json_object_object_get_ex(in, "comments_enabled", &f) ||
	    !json_object_is_type(f, json_type_boolean))
		return 0;
	return set_enabled_or_reply(req, video, json_object_get_boolean(f));
}

int
comments_context_or_reply(struct vs_req *req, const char *video,
    const struct vs_video_meta *m, struct json_object **out)
{
	struct json_object	*o = json_object_new_object();
	const char		*sort = vs_req_query(req, "sort");

	*out = NULL;
	if (list_or_reply(req, video, o) == -1) {
		json_object_put(o);
		return -1;
	}
	json_object_object_add(o, "sort", json_object_new_string(
	    sort ? sort : "newest"));
	json_object_object_add(o, "can_manage", json_object_new_boolean(
	    vs_site_owner_or_moderator(req, m->vm_owner)));
	*out = o;
	return 0;
}
