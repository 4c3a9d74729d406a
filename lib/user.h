/* user.h: accounts and their roles. */
#ifndef VS_USER_H
#define VS_USER_H

#include "err.h"

enum vs_role {
	VS_ROLE_USER,
	VS_ROLE_PREMIUM,
	VS_ROLE_MODERATOR,
	VS_ROLE_ADMIN,
	VS_ROLE__MAX
};

/* The role called name, or -1. Roles are ordered: user < ... < admin. */
int		 vs_role_parse(const char *);
/* The name of a role. */
const char	*vs_role_name(enum vs_role);
/* 1 when name is 3 to 32 of [a-z0-9_.-]. */
int		 vs_user_valid_name(const char *);
/*
 * Create an account with a bcrypt hash of password at the configured cost.
 * VS_OK, VS_ECONFLICT when the name or email is taken, VS_EUNAVAIL, or
 * VS_ERR (also for a name or email the rules refuse).
 */
enum vs_err	 vs_user_create(const char *, const char *, const char *,
		    enum vs_role);

#endif
