/* resumable.h: tus 1.0 resumable uploads under /api/v1/uploads/. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_RESUMABLE_H
#define VS_RESUMABLE_H

struct vs_req;

/*
 * The handlers of the tus routes. Offsets live in upload_sessions, so any
 * process of any machine sharing the data directory may continue any
 * upload; PATCHes to one upload are serialized by a PostgreSQL advisory
 * lock. An upload is seen only by its owner (anybody else: 404). Each
 * answers the request itself.
 */
/* OPTIONS: what the server speaks (no login needed). */
void	 vs_resumable_options(struct vs_req *);
/* POST: a new upload (creation, creation-with-upload): 201 + Location. */
void	 vs_resumable_create(struct vs_req *);
/* HEAD /:id: Upload-Offset and Upload-Length. */
void	 vs_resumable_head(struct vs_req *);
/* PATCH /:id: bytes at Upload-Offset, with an optional Upload-Checksum. */
void	 vs_resumable_patch(struct vs_req *);
/* DELETE /:id: termination. */
void	 vs_resumable_delete(struct vs_req *);
/* GET: the user's quota and open uploads, as JSON (not a tus request). */
void	 vs_resumable_list(struct vs_req *);

#endif
