/* user.c: accounts and their roles. */
#include <string.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "password.h"
#include "str.h"
#include "user.h"

static const char *const role_names[VS_ROLE__MAX] = {
	[VS_ROLE_USER] = "user",
	[VS_ROLE_PREMIUM] = "premium",
	[VS_ROLE_MODERATOR] = "moderator",
	[VS_ROLE_ADMIN] = "admin",
};

int
vs_role_parse(const char *s)
{
	return vs_str_index(role_names, VS_ROLE__MAX, s);
}

const char *
vs_role_name(enum vs_role r)
{
	return role_names[r];
}

int
vs_user_valid_name(const char *s)
{
	size_t	 len = strlen(s);

	return len >= 3 && len <= 32 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == len;
}

enum vs_err
vs_user_create(const char *name, const char *email, const char *password,
    enum vs_role role)
{
	char		 hash[VS_PASSWORD_HASH_MAX];
	const char	*p[4];
	PGresult	*res;

	if (!vs_user_valid_name(name) || strchr(email, '@') == NULL)
		return VS_ERR;
	if (vs_password_hash(password,
	    (int)vs_config_int(VS_CFG_BCRYPT_COST), hash, sizeof(hash)) == -1) {
		vs_errx("%s: hashing failed", __func__);
		return VS_ERR;
	}
	p[0] = name;
	p[1] = email;
	p[2] = hash;
	p[3] = role_names[role];
	res = vs_db_exec("INSERT INTO users (username, email, password_hash, "
	    "role) VALUES ($1, $2, $3, $4)", 4, p);
	if (res == NULL)
		return vs_db_error();
	PQclear(res);
	return VS_OK;
}
