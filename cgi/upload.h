/* upload.h: what upload.fcgi's sources share: handlers and answers. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef UPLOAD_H
#define UPLOAD_H

#include "err.h"

struct vs_req;

/*
 * POST /api/v1/videos/upload: a multipart/form-data body with a file part
 * and optional title, description, visibility (and csrf_token, before the
 * file, for a browser form). Streams the file to disk in bounded memory,
 * enforces the size limit and quota as it reads, and answers: 201 with
 * Location and the video, or 4xx/5xx with nothing left behind.
 */
void	 form_upload(struct vs_req *);

/*
 * The tus 1.0 routes under /api/v1/uploads/. An upload is seen only by
 * its owner (anybody else: 404); every answer but the list names the
 * protocol's version.
 */
/* OPTIONS: what the server speaks (no login needed). */
void	 tus_options(struct vs_req *);
/* POST: a new upload (creation, creation-with-upload): 201 + Location. */
void	 tus_create(struct vs_req *);
/* HEAD /:id: Upload-Offset and Upload-Length. */
void	 tus_head(struct vs_req *);
/* PATCH /:id: bytes at Upload-Offset, with an optional Upload-Checksum. */
void	 tus_patch(struct vs_req *);
/* DELETE /:id: termination. */
void	 tus_delete(struct vs_req *);
/* GET: the user's quota and open uploads, as JSON (not a tus request). */
void	 tus_list(struct vs_req *);

/*
 * Answer a failed write of an upload's bytes (vs_upload_errno()'s e):
 * 507 for a full disk, else 500; nothing was kept.
 */
void	 reply_write_failed(struct vs_req *, enum vs_err);
/*
 * Answer a failed vs_upload_finish() (e, with its reason why): 415 not a
 * usable video, 422 past a limit, 507, 503, 500.
 */
void	 reply_import_failed(struct vs_req *, enum vs_err, const char *);

#endif
