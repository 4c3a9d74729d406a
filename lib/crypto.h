/* crypto.h: hashes, MACs and hex, over OpenSSL's libcrypto. */
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

#endif
