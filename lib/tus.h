/* tus.h: the headers of the tus 1.0 resumable upload protocol. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_TUS_H
#define VS_TUS_H

#include <stddef.h>

#include "kv.h"

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
	const char	*ts_algo;	/* "sha1", "sha256" */
	unsigned char	 ts_digest[VS_TUS_DIGEST_MAX];
	size_t		 ts_len;
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

#endif
