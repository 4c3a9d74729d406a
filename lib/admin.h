/* admin.h: what moderators and administrators see and do. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_ADMIN_H
#define VS_ADMIN_H

#include "err.h"

struct json_object;
struct vs_user;

/* Who acts, and from where: every action is written to audit_logs. */
struct vs_actor {
	const struct vs_user	*ac_user;
	const char		*ac_addr;	/* client address */
};

/*
 * The site at a glance: users, videos by status, bytes of originals,
 * the queue (queued, running, failed, oldest queued age), pending reports,
 * uploads and views per day over two weeks, the top videos of seven days.
 * VS_OK with *out (caller frees), VS_EUNAVAIL.
 */
enum vs_err	 vs_admin_overview(struct json_object **);
/* Accounts whose name or email holds q (NULL: all), newest first. */
enum vs_err	 vs_admin_users(const char *, struct json_object **);
/*
 * Videos of any status, hidden or not, filtered by status and words of the
 * title or the owner's name (NULL: any), newest first.
 */
enum vs_err	 vs_admin_videos(const char *, const char *,
		    struct json_object **);
/*
 * Per video (id) or per user (id): views, unique viewers and watch time by
 * day, or uploads and views received by day, over 30 days, with totals.
 * VS_OK, VS_ENOTFOUND, VS_EUNAVAIL.
 */
enum vs_err	 vs_admin_video_stats(const char *, struct json_object **);
/* The same per user: uploads and views received by day. */
enum vs_err	 vs_admin_user_stats(const char *, struct json_object **);

/*
 * The actions. Each checks the rules, acts, and writes an audit entry with
 * the state before and after. Rules: moderators cannot act on
 * administrators; nobody can demote, ban or delete the last administrator.
 * VS_OK; VS_EINVAL with a reason in *why (a rule, a bad value);
 * VS_ENOTFOUND; VS_EUNAVAIL.
 */
enum vs_err	 vs_admin_set_role(const struct vs_actor *, const char *,
		    const char *, const char **);
/* Ban user id with a reason until a time ("" or NULL: no end). */
enum vs_err	 vs_admin_ban(const struct vs_actor *, const char *,
		    const char *, const char *, const char **);
/* Lift user id's ban; the same answers as vs_admin_ban(). */
enum vs_err	 vs_admin_unban(const struct vs_actor *, const char *,
		    const char **);
/* Delete user id with every video and unfinished upload of theirs. */
enum vs_err	 vs_admin_delete_user(const struct vs_actor *, const char *,
		    const char **);
/*
 * The deletion itself, without the rules or the audit entry (the
 * operator's command): the videos with their files and caches, the
 * unfinished uploads with their files, then the account. VS_OK,
 * VS_ENOTFOUND, VS_EUNAVAIL.
 */
enum vs_err	 vs_admin_remove_user(const char *);
/* Hide (hide = 1, with a reason) or show video id again. */
enum vs_err	 vs_admin_hide(const struct vs_actor *, const char *, int,
		    const char *);
/* Queue video id for transcoding again (from its kept original). */
enum vs_err	 vs_admin_requeue(const struct vs_actor *, const char *);
/*
 * Review the pending reports of video id: status "reviewed" (seen, still
 * open) or "resolved" with a resolution: dismissed, video_hidden,
 * video_deleted, user_banned (its owner); with a note.
 */
enum vs_err	 vs_admin_review(const struct vs_actor *, const char *,
		    const char *, const char *, const char *, const char **);

#endif
