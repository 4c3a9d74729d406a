/* crypto.h: hashes, MACs and hex, over OpenSSL's libcrypto. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_CRYPTO_H
#define VS_CRYPTO_H

#include <stddef.h>

#define VS_SHA256_LEN	32
#define VS_SHA256_HEX	(2 * VS_SHA256_LEN + 1)

/* out = SHA-256(data). */
void	 vs_sha256(const void *, size_t, unsigned char[VS_SHA256_LEN]);
/* out = HMAC-SHA-256(key, data). */
void	 vs_hmac(const void *, size_t, const void *, size_t,
	    unsigned char[VS_SHA256_LEN]);
/*
 * out = HMAC-SHA-256 of data under a key derived from the configured
 * secret_key for one purpose ("jwt", "verify", ...), so that a value made
 * for one use can never be replayed for another.
 */
void	 vs_mac(const char *, const void *, size_t,
	    unsigned char[VS_SHA256_LEN]);
/* Write n bytes as 2n lowercase hex digits and a NUL. */
void	 vs_hex(char *, const unsigned char *, size_t);

/* Largest digest any vs_digest algorithm gives. */
#define VS_DIGEST_MAX	64

struct vs_digest;

/*
 * An incremental hash by its OpenSSL name ("sha1", "sha256"), for data
 * that streams by. NULL for an unknown name or without memory. Free with
 * vs_digest_free().
 */
struct vs_digest *vs_digest_new(const char *);
void	 vs_digest_add(struct vs_digest *, const void *, size_t);
/* Finish: write the digest to out and return its length. */
size_t	 vs_digest_end(struct vs_digest *, unsigned char[VS_DIGEST_MAX]);
void	 vs_digest_free(struct vs_digest *);

#endif
