/* upsession.h: the upload-session store: tus uploads' rows and files. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_UPSESSION_H
#define VS_UPSESSION_H

#include <time.h>

#include "err.h"

struct json_object;
struct vs_tus_refusal;
struct vs_tus_sum;
struct vs_user;

/* Where an upload stands. */
enum vs_upstate {
	VS_UPS_OPEN,
	VS_UPS_COMPLETE,
	VS_UPS_TERMINATED,
	VS_UPS_EXPIRED,
	VS_UPS_FAILED,
	VS_UPS__MAX
};

/*
 * One upload. Its offset lives in upload_sessions, so any process of any
 * machine sharing the data directory may continue it; its bytes are in
 * data_dir/uploads/<id>.part.
 */
struct vs_upsession {
	char			 us_id[37];
	long long		 us_length;
	long long		 us_offset;
	enum vs_upstate		 us_state;
	char			 us_video[37];	/* "" until complete */
	time_t			 us_expires;
	struct json_object	*us_meta;	/* vs_tus_meta()'s keys */
};

/*
 * Load upload id of user u into s; an upload is seen only by its owner.
 * VS_OK when it is open, or complete and done_ok is set; otherwise
 * VS_EUNAVAIL, or VS_EINVAL with r: not found (none, somebody else's, or
 * terminated), complete, or gone (expired or refused). On VS_OK the caller
 * frees s with vs_upsession_free().
 */
enum vs_err	 vs_upsession_load(const char *, const struct vs_user *, int,
		    struct vs_upsession *, struct vs_tus_refusal *);
/* Free what s holds, not s itself; s may be zeroed, or NULL. */
void		 vs_upsession_free(struct vs_upsession *);
/*
 * Open a new upload of s->us_length bytes with metadata s->us_meta for
 * user u: its row, counted in the quota under the quota's lock, and its
 * empty file. VS_OK with us_id and us_expires set; VS_EINVAL with r (too
 * large, over quota); VS_EUNAVAIL; VS_ENOSPACE or VS_ERR (no file; the row
 * is dropped again).
 */
enum vs_err	 vs_upsession_create(const struct vs_user *,
		    struct vs_upsession *, struct vs_tus_refusal *);
/* Drop a new upload whose first bytes failed: its row and its file. */
void		 vs_upsession_undo(const struct vs_upsession *);
/*
 * Take the advisory lock that serializes writes to upload id, waiting a
 * little for a request that holds it. VS_OK; VS_EINVAL with r (locked);
 * VS_EUNAVAIL. The caller gives it back with vs_upsession_unlock().
 */
enum vs_err	 vs_upsession_lock(const char *, struct vs_tus_refusal *);
/* Give back the lock of vs_upsession_lock(). */
void		 vs_upsession_unlock(const char *);
/*
 * Where a PATCH body comes from: ub_length bytes (-1: not said), read by
 * ub_read(ub_arg, buf, len, &ub_late) as the runtime reads a request
 * body: a count, 0 at the end, -1 when the client went away or (then
 * ub_late is set) the body missed its deadline.
 */
struct vs_upsession_body {
	long long	 ub_length;
	long		(*ub_read)(void *, void *, size_t, int *);
	void		*ub_arg;
	int		 ub_late;
};

/*
 * Append the body from src at s's offset, which the caller has checked
 * holding the lock, and verify it against sum (NULL: none). VS_OK with
 * us_offset advanced and saved. VS_EINVAL with r: past Upload-Length,
 * checksum mismatch, a body that came too slowly or ended early (what
 * arrived of a body without a checksum is kept). VS_ENOSPACE or VS_ERR
 * (the file), VS_EUNAVAIL. The file never keeps bytes the row does not
 * count.
 */
enum vs_err	 vs_upsession_append(struct vs_upsession_body *,
		    struct vs_upsession *, const struct vs_tus_sum *,
		    struct vs_tus_refusal *);
/*
 * All bytes of s are in: import the video of user u from them. VS_OK with
 * us_video set; otherwise vs_upload_finish()'s answers, with its reason
 * in why, and the upload is marked failed.
 */
enum vs_err	 vs_upsession_finish(const struct vs_user *,
		    struct vs_upsession *, char *, size_t);
/*
 * Terminate s, holding its lock: its row says so (when the database
 * answers), its file is gone.
 */
void		 vs_upsession_terminate(const struct vs_upsession *);
/*
 * User u's open uploads, newest first, as a JSON array of {id, length,
 * offset, metadata, expires_at, created_at} in *out (caller frees).
 * VS_OK, or VS_EUNAVAIL.
 */
enum vs_err	 vs_upsession_list(const struct vs_user *,
		    struct json_object **);

#endif
