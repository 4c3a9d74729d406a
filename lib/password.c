/* password.c: bcrypt password hashes (libxcrypt). */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <string.h>

#include <crypt.h>

#include "password.h"
#include "random.h"
#include "str.h"

int
vs_password_hash(const char *pw, int cost, char *out, size_t len)
{
	struct crypt_data	 cd;
	char			 salt[CRYPT_GENSALT_OUTPUT_SIZE];
	unsigned char		 rnd[16];

	if (cost < 4 || cost > 31 || vs_random_bytes(rnd, sizeof(rnd)) == -1)
		return -1;
	if (crypt_gensalt_rn("$2b$", (unsigned long)cost, (const char *)rnd,
	    sizeof(rnd), salt, sizeof(salt)) == NULL)
		return -1;
	memset(&cd, 0, sizeof(cd));
	if (crypt_rn(pw, salt, &cd, sizeof(cd)) == NULL ||
	    cd.output[0] == '*' || strlen(cd.output) >= len)
		return -1;
	memcpy(out, cd.output, strlen(cd.output) + 1);
	explicit_bzero(&cd, sizeof(cd));
	return 0;
}

int
vs_password_verify(const char *pw, const char *hash)
{
	struct crypt_data	 cd;
	int			 ok;

	memset(&cd, 0, sizeof(cd));
	if (crypt_rn(pw, hash, &cd, sizeof(cd)) == NULL ||
	    cd.output[0] == '*')
		return 0;
	ok = vs_str_ct_equal(cd.output, strlen(cd.output), hash,
	    strlen(hash));
	explicit_bzero(&cd, sizeof(cd));
	return ok;
}
