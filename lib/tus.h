/* tus.h: the rules of the tus 1.0 resumable upload protocol. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_TUS_H
#define VS_TUS_H

#include <stddef.h>
#include <time.h>

#include "err.h"
#include "kv.h"

struct json_object;

/* The protocol version spoken, and the extensions offered. */
#define VS_TUS_VERSION		"1.0.0"
#define VS_TUS_EXTENSIONS	"creation,creation-with-upload,termination," \
				"expiration,checksum"
#define VS_TUS_ALGORITHMS	"sha1,sha256"
/* The Content-Type of every PATCH body. */
#define VS_TUS_TYPE		"application/offset+octet-stream"

/* Longest Upload-Metadata header, and most pairs in it. */
#define VS_TUS_META_MAX		8192
#define VS_TUS_META_PAIRS	16

enum vs_tus_algo {
	VS_TUS_SHA1,
	VS_TUS_SHA256,
	VS_TUS_ALGO__MAX
};

/* Largest digest of any algorithm. */
#define VS_TUS_DIGEST_MAX	32

struct vs_tus_sum {
	const char	*ts_algo;	/* "sha1", "sha256"; NULL: none sent */
	unsigned char	 ts_digest[VS_TUS_DIGEST_MAX];
	size_t		 ts_len;
};

/*
 * Why the protocol refuses a request. Functions that refuse one return
 * VS_EINVAL and say which in a struct vs_tus_refusal; the handlers give
 * each its own status.
 */
enum vs_tus_reason {
	VS_TUS_R_VERSION,	/* Tus-Resumable is not ours */
	VS_TUS_R_LENGTH,	/* no usable Upload-Length */
	VS_TUS_R_OFFSET,	/* no usable Upload-Offset */
	VS_TUS_R_TYPE,		/* the body is not VS_TUS_TYPE */
	VS_TUS_R_NO_LENGTH,	/* the body has no Content-Length */
	VS_TUS_R_CHECKSUM,	/* Upload-Checksum is malformed */
	VS_TUS_R_METADATA,	/* Upload-Metadata is malformed or refused */
	VS_TUS_R_TOO_LARGE,	/* Upload-Length is past upload_max */
	VS_TUS_R_OVER_QUOTA,	/* Upload-Length is past the user's quota */
	VS_TUS_R_TOO_LONG,	/* the body goes past Upload-Length */
	VS_TUS_R_NOT_FOUND,	/* no such upload (for this user) */
	VS_TUS_R_COMPLETE,	/* the upload has all its bytes */
	VS_TUS_R_GONE,		/* the upload expired or was refused */
	VS_TUS_R_MISMATCH,	/* Upload-Offset is not the upload's */
	VS_TUS_R_LOCKED,	/* another request writes to the upload */
	VS_TUS_R_SUM_MISMATCH,	/* the body does not match Upload-Checksum */
	VS_TUS_R_TIMEOUT,	/* the body came too slowly */
	VS_TUS_R_INCOMPLETE,	/* the body ended early */
	VS_TUS_R__MAX
};

struct vs_tus_refusal {
	enum vs_tus_reason	 tr_reason;
	long long		 tr_offset;	/* the upload's, for a mismatch */
	char			 tr_text[256];	/* "": the reason says it all */
};

/* The metadata keys an upload keeps; it drops any other. */
enum vs_tus_meta {
	VS_TUS_M_FILENAME,
	VS_TUS_M_FILETYPE,
	VS_TUS_M_TITLE,
	VS_TUS_M_DESC,
	VS_TUS_M_VIS,
	VS_TUS_M__MAX
};

/*
 * Parse Upload-Metadata ("key base64,key base64,key") into out, keys in
 * the order sent, values decoded (a key alone has the value ""). Keys are
 * printable ASCII without spaces or commas, each at most once; values may
 * not hold NUL. 0, or -1 for a malformed or oversized header (out is then
 * emptied). The caller frees out with vs_kv_free().
 */
int		 vs_tus_metadata(const char *, struct vs_kvlist *);
/*
 * Parse Upload-Checksum ("sha1 <base64 digest>"). 0; -1 for an algorithm
 * not in VS_TUS_ALGORITHMS or a digest of the wrong length.
 */
int		 vs_tus_checksum(const char *, struct vs_tus_sum *);
/* Parse an Upload-Offset or Upload-Length: 0..max, strictly. 0 / -1. */
int		 vs_tus_size(const char *, long long, long long *);
/*
 * True when n more bytes at offset stay within length (all three from the
 * client or its session), decided without overflow; false for negatives.
 */
int		 vs_tus_fits(long long, long long, long long);
/* True when a Tus-Resumable header value is the version spoken. */
int		 vs_tus_version_ok(const char *);
/*
 * Refuse in r for reason, with the text of a format (NULL: none). Returns
 * VS_EINVAL, for a caller to return in turn.
 */
enum vs_err	 vs_tus_refuse(struct vs_tus_refusal *, enum vs_tus_reason,
		    const char *, ...) __attribute__((format(printf, 3, 4)));
/*
 * Check the headers of a request that carries bytes: its Content-Type,
 * its Content-Length (-1: none) and its Upload-Checksum (NULL: none),
 * parsed into sum (ts_algo NULL when none). VS_OK, or VS_EINVAL with r.
 */
enum vs_err	 vs_tus_body(const char *, long long, const char *,
		    struct vs_tus_sum *, struct vs_tus_refusal *);
/*
 * The Upload-Metadata of a new upload (NULL: none) as the JSON object kept
 * with it: known keys with a value only, a file name of at most 255 bytes
 * of UTF-8, and a title, description and visibility checked like an edit.
 * VS_OK with *out set (the caller frees it with json_object_put), or
 * VS_EINVAL with r.
 */
enum vs_err	 vs_tus_meta(const char *, struct json_object **,
		    struct vs_tus_refusal *);
/* The value of key k in such metadata, or dflt when it is not there. */
const char	*vs_tus_meta_get(struct json_object *, enum vs_tus_meta,
		    const char *);
/* Time t as an HTTP date for Upload-Expires; 0, or -1 when len is short. */
int		 vs_tus_date(time_t, char *, size_t);

#endif
