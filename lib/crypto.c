/* crypto.c: hashes, MACs and hex, over OpenSSL's libcrypto. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "config.h"
#include "crypto.h"

/*
 * SHA-256, looked up in OpenSSL's providers once per process: the
 * lookup EVP_sha256() leaves to every call costs as much as hashing a
 * playlist. Kept for the process's life.
 */
static const EVP_MD *
sha256(void)
{
	static EVP_MD	*md;

	if (md == NULL)
		md = EVP_MD_fetch(NULL, "SHA256", NULL);
	return md != NULL ? md : EVP_sha256();
}

void
vs_sha256(const void *data, size_t len, unsigned char out[VS_SHA256_LEN])
{
	unsigned int	 n = VS_SHA256_LEN;

	EVP_Digest(data, len, out, &n, sha256(), NULL);
}

void
vs_hmac(const void *key, size_t klen, const void *data, size_t len,
    unsigned char out[VS_SHA256_LEN])
{
	unsigned int	 n = VS_SHA256_LEN;

	HMAC(sha256(), key, (int)klen, data, len, out, &n);
}

void
vs_mac(const char *purpose, const void *data, size_t len,
    unsigned char out[VS_SHA256_LEN])
{
	const char	*secret = vs_config_str(VS_CFG_SECRET_KEY);
	unsigned char	 key[VS_SHA256_LEN];

	vs_hmac(secret, strlen(secret), purpose, strlen(purpose), key);
	vs_hmac(key, sizeof(key), data, len, out);
}

void
vs_hex(char *out, const unsigned char *in, size_t n)
{
	static const char	 digits[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

struct vs_digest *
vs_digest_new(const char *name)
{
	const EVP_MD	*md = EVP_get_digestbyname(name);
	EVP_MD_CTX	*ctx;

	if (md == NULL || (ctx = EVP_MD_CTX_new()) == NULL)
		return NULL;
	if (EVP_DigestInit_ex(ctx, md, NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		return NULL;
	}
	return (struct vs_digest *)ctx;
}

void
vs_digest_add(struct vs_digest *d, const void *data, size_t len)
{
	EVP_DigestUpdate((EVP_MD_CTX *)d, data, len);
}

size_t
vs_digest_end(struct vs_digest *d, unsigned char out[VS_DIGEST_MAX])
{
	unsigned int	 n = 0;

	EVP_DigestFinal_ex((EVP_MD_CTX *)d, out, &n);
	return n;
}

void
vs_digest_free(struct vs_digest *d)
{
	EVP_MD_CTX_free((EVP_MD_CTX *)d);
}
