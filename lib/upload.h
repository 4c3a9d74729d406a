/* upload.h: taking videos in: bodies to disk, quotas, the multipart path. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_UPLOAD_H
#define VS_UPLOAD_H

#include <stddef.h>

#include "err.h"

struct json_object;
struct vs_req;
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
 * committed; VS_EINVAL when need does not fit, with the numbers in why
 * (the answer is then 413); VS_EUNAVAIL (nothing held).
 */
enum vs_err	 vs_upload_hold(const struct vs_user *, long long, long long,
		    int (*)(void *, long long), void *, char *, size_t);
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
 * Write all of len bytes to fd; 0, or -1 with errno set. Answer a failed
 * write with vs_upload_write_failed(): 507 for a full disk, else 500.
 */
int		 vs_upload_write(int, const void *, size_t);
void		 vs_upload_write_failed(struct vs_req *, int);
/*
 * The bytes at path are complete: probe them and import the video (the
 * file is moved into the media tree). VS_OK with id (37 bytes) set;
 * otherwise the request has been answered (415 not a usable video, 507,
 * 503, 500) and the file at path removed.
 */
enum vs_err	 vs_upload_finish(struct vs_req *, const char *,
		    const struct vs_video_new *, char *);
/* The title a file name gives: the name without its extension. */
void		 vs_upload_title(const char *, char *, size_t);
/*
 * POST /api/v1/videos/upload: a multipart/form-data body with a file part
 * and optional title, description, visibility (and csrf_token, before the
 * file, for a browser form). Streams the file to disk in bounded memory,
 * enforces the size limit and quota as it reads, and answers: 201 with
 * Location and the video, or 4xx/5xx with nothing left behind.
 */
void		 vs_upload_multipart(struct vs_req *);
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
