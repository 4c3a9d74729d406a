/* upload.h: the upload store: quotas, reservations, upload files. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_UPLOAD_H
#define VS_UPLOAD_H

#include <stddef.h>
#include <time.h>

#include "err.h"

struct json_object;
struct vs_user;
struct vs_video_new;

/* How much of an upload's body is read at a time. */
#define VS_UPLOAD_READ	(256 * 1024)

/* What a user may still upload, in bytes of original files. */
struct vs_quota {
	long long	 q_used;	/* kept originals + open uploads */
	long long	 q_limit;	/* 0: no limit */
	long long	 q_today;	/* the same over the last 24 hours */
	long long	 q_daily;	/* 0: no limit */
	long long	 q_file;	/* largest file (upload_max) */
};

/* Room held in a quota for one multipart upload while its body arrives. */
struct vs_reservation {
	char		 rs_id[37];	/* "" until held; names the file too */
	long long	 rs_bytes;	/* most file bytes it admits */
	time_t		 rs_renewed;
};

/*
 * The quota of user u from its role (user, or premium and above) and the
 * originals it keeps plus its open resumable uploads. VS_OK, VS_EUNAVAIL.
 */
enum vs_err	 vs_upload_quota(const struct vs_user *, struct vs_quota *);
/*
 * Hold room in user u's quota for an upload of at least need and at most
 * want bytes: under a lock on the user's quota, so that uploads side by
 * side cannot together pass it, check that need fits and call
 * count(arg, n) with the bytes held (want, or less when less is left) to
 * write the row that counts them (an open upload session, a
 * reservation); count returns 0, or -1 to give up. VS_OK once that row is
 * committed; VS_EINVAL when need does not fit, with the numbers in why;
 * VS_EUNAVAIL (nothing held).
 */
enum vs_err	 vs_upload_hold(const struct vs_user *, long long, long long,
		    int (*)(void *, long long), void *, char *, size_t);
/*
 * Hold room for a multipart upload of need to want bytes as a reservation
 * row that lapses unless renewed: vs_upload_hold()'s answers, with r set
 * on VS_OK. The caller gives it back with vs_upload_release().
 */
enum vs_err	 vs_upload_reserve(const struct vs_user *, long long,
		    long long, struct vs_reservation *, char *, size_t);
/*
 * Keep reservation r alive while its body arrives (a statement only now
 * and then). VS_OK; VS_ENOTFOUND when it lapsed (the client stalled past
 * its life, or the account went away); VS_EUNAVAIL.
 */
enum vs_err	 vs_upload_renew(struct vs_reservation *);
/* Give reservation r back; one never held is left alone. */
void		 vs_upload_release(const struct vs_reservation *);
/* The quota as JSON {used, limit, today, daily, file}; caller frees. */
struct json_object *vs_upload_quota_json(const struct vs_quota *);
/*
 * The path of an upload's file: data_dir/uploads/<id><suffix>, for a valid
 * UUID only. 0 / -1.
 */
int		 vs_upload_path(const char *, const char *, char *, size_t);
/*
 * Create that file, new and empty, for writing (the folder is made when
 * missing), its path in path. The descriptor (the caller closes it), or -1
 * with errno set.
 */
int		 vs_upload_create(const char *, const char *, char *, size_t);
/*
 * What a failed write's errno means, logged: VS_ENOSPACE for a full disk
 * or quota of the file system, VS_ERR for anything else.
 */
enum vs_err	 vs_upload_errno(int);
/*
 * The bytes at path are complete: probe them and import the video (the
 * file is moved into the media tree). VS_OK with id (37 bytes) set.
 * Otherwise the file at path is removed and the answer is VS_EINVAL (not
 * a usable video) or VS_ELIMIT (past a limit on videos), both with the
 * reason in why, or VS_ENOSPACE, VS_EUNAVAIL, VS_ERR.
 */
enum vs_err	 vs_upload_finish(const char *, const struct vs_video_new *,
		    char *, char *, size_t);
/* The title a file name gives: the name without its extension. */
void		 vs_upload_title(const char *, char *, size_t);
/*
 * Housekeeping: remove the files of resumable uploads past their expiry
 * (marked expired) and of lapsed multipart reservations, upload files no
 * row claims, and old finished upload rows. The number of files removed,
 * or -1 (database down).
 */
int		 vs_upload_sweep(void);
/*
 * Forget user id's unfinished uploads, resumable and multipart: their
 * rows and their files. 0, or -1 (database down; nothing removed).
 */
int		 vs_upload_drop_user(const char *);

#endif
