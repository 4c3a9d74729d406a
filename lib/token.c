/* token.c: short-lived HS256 access tokens (libjwt). */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jwt.h>

#include "config.h"
#include "crypto.h"
#include "log.h"
#include "token.h"

#define ISSUER		"vstream"
#define TOKEN_MAX	4096
/* Seconds of clock difference allowed for iat between machines. */
#define LEEWAY		60

/* The signing key; -1 when no secret is configured (fail closed). */
static int
jwt_key(unsigned char key[VS_SHA256_LEN])
{
	if (strlen(vs_config_str(VS_CFG_SECRET_KEY)) < 32)
		return -1;
	vs_mac("jwt", "access", 6, key);
	return 0;
}

char *
vs_token_issue(const char *sub, const char *role, long ttl)
{
	unsigned char	 key[VS_SHA256_LEN];
	jwt_t		*jwt = NULL;
	char		*out = NULL;
	time_t		 now = time(NULL);

	if (jwt_key(key) == -1 || jwt_new(&jwt) != 0 ||
	    jwt_set_alg(jwt, JWT_ALG_HS256, key, sizeof(key)) != 0 ||
	    jwt_add_grant(jwt, "iss", ISSUER) != 0 ||
	    jwt_add_grant(jwt, "sub", sub) != 0 ||
	    jwt_add_grant(jwt, "role", role) != 0 ||
	    jwt_add_grant_int(jwt, "iat", (long)now) != 0 ||
	    jwt_add_grant_int(jwt, "exp", (long)now + ttl) != 0)
		goto out;
	out = jwt_encode_str(jwt);
out:
	if (out == NULL)
		vs_errx("%s: cannot sign", __func__);
	jwt_free(jwt);
	return out;
}

/* The claims checks that do not depend on the signature. */
static int
claims_ok(jwt_t *jwt, struct vs_claims *c)
{
	const char	*iss, *sub, *role;
	long		 iat, now = (long)time(NULL);

	iss = jwt_get_grant(jwt, "iss");
	sub = jwt_get_grant(jwt, "sub");
	role = jwt_get_grant(jwt, "role");
	c->c_exp = jwt_get_grant_int(jwt, "exp");
	iat = jwt_get_grant_int(jwt, "iat");
	if (iss == NULL || strcmp(iss, ISSUER) != 0 || sub == NULL ||
	    role == NULL || strlen(sub) >= sizeof(c->c_sub) ||
	    strlen(role) >= sizeof(c->c_role))
		return 0;
	if (c->c_exp <= now || iat <= 0 || iat > now + LEEWAY)
		return 0;
	strcpy(c->c_sub, sub);
	strcpy(c->c_role, role);
	return 1;
}

enum vs_err
vs_token_verify(const char *token, struct vs_claims *c)
{
	unsigned char	 key[VS_SHA256_LEN];
	jwt_t		*jwt = NULL;
	enum vs_err	 rc = VS_ERR;

	memset(c, 0, sizeof(*c));
	if (strlen(token) > TOKEN_MAX || strchr(token, '.') == NULL ||
	    jwt_key(key) == -1)
		return VS_ERR;
	if (jwt_decode(&jwt, token, key, sizeof(key)) != 0 || jwt == NULL)
		goto out;
	/* The algorithm is ours to choose, never the token's. */
	if (jwt_get_alg(jwt) != JWT_ALG_HS256)
		goto out;
	if (claims_ok(jwt, c))
		rc = VS_OK;
out:
	jwt_free(jwt);
	return rc;
}

const char *
vs_token_bearer(const char *h)
{
	size_t	 len;

	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	len = strspn(h, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/");
	while (h[len] == '=')
		len++;
	return len > 0 && h[len] == '\0' ? h : NULL;
}
