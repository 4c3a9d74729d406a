/* user.h: accounts, their roles and bans. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_USER_H
#define VS_USER_H

#include "err.h"
#include "password.h"

struct json_object;

enum vs_role {
	VS_ROLE_USER,
	VS_ROLE_PREMIUM,
	VS_ROLE_MODERATOR,
	VS_ROLE_ADMIN,
	VS_ROLE__MAX
};

struct vs_user {
	char		 u_id[37];
	char		 u_name[33];
	char		 u_email[255];
	enum vs_role	 u_role;
	int		 u_verified;
	int		 u_banned;	/* a ban in force now */
	char		 u_ban_reason[501];
	char		 u_ban_until[40];	/* "" when it has no end */
	char		 u_created[40];
	char		 u_hash[VS_PASSWORD_HASH_MAX];
};

/* The role called name, or -1. Roles are ordered: user < ... < admin. */
int		 vs_role_parse(const char *);
/* The name of a role. */
const char	*vs_role_name(enum vs_role);
/* 1 when name is 3 to 32 of [a-z0-9_.-]. */
int		 vs_user_valid_name(const char *);
/* 1 for a plausible address: local@domain.tld, no spaces or markup. */
int		 vs_user_valid_email(const char *);
/*
 * Check the fields of a new account: name 3-32 of [a-z0-9_.-], a plausible
 * email, a password of 10 to 1024 characters that is not the name. Adds
 * one message per bad field to errs (an object). Returns the count.
 */
int		 vs_user_check(const char *, const char *, const char *,
		    struct json_object *);
/*
 * Create an account with a bcrypt hash of password at the configured cost;
 * on VS_OK *out (may be NULL) is the new account. VS_ECONFLICT when the
 * name or email is taken, VS_EINVAL for a name or email the rules refuse,
 * VS_EUNAVAIL, or VS_ERR.
 */
enum vs_err	 vs_user_create(const char *, const char *, const char *,
		    enum vs_role, struct vs_user *);
/* The account with this id: VS_OK, VS_ENOTFOUND or VS_EUNAVAIL. */
enum vs_err	 vs_user_get(const char *, struct vs_user *);
/* The account with this name, password hash included; as vs_user_get. */
enum vs_err	 vs_user_find(const char *, struct vs_user *);
/*
 * Check a password for a name in the same time whether or not the account
 * exists (a known hash is checked for unknown names). VS_OK with *u,
 * VS_ENOTFOUND for a wrong name or password, VS_EUNAVAIL.
 */
enum vs_err	 vs_user_login(const char *, const char *, struct vs_user *);
/*
 * Does account u, as it was read, still have the password it had then?
 * VS_OK; VS_ECONFLICT when it changed or the account is gone; VS_EUNAVAIL.
 */
enum vs_err	 vs_user_same_password(const struct vs_user *);
/* Replace the password of account id; VS_OK, VS_ENOTFOUND, VS_EUNAVAIL. */
enum vs_err	 vs_user_set_password(const char *, const char *);
/* Give account name a role; VS_OK, VS_ENOTFOUND, VS_EUNAVAIL. */
enum vs_err	 vs_user_set_role(const char *, enum vs_role);
/*
 * Ban account name with a reason, until a time (NULL or "": no end), and
 * end its sessions and refresh tokens. VS_OK, VS_ENOTFOUND, VS_EUNAVAIL,
 * VS_ERR for an unreadable time.
 */
enum vs_err	 vs_user_ban(const char *, const char *, const char *);
/* Lift the ban of account name; VS_OK, VS_ENOTFOUND, VS_EUNAVAIL. */
enum vs_err	 vs_user_unban(const char *);
/* Mark the email of account id verified; VS_OK, VS_ENOTFOUND, VS_EUNAVAIL. */
enum vs_err	 vs_user_verified(const char *);
/*
 * The public view of an account: id, username, email, role,
 * email_verified, created_at. Caller frees with json_object_put().
 */
struct json_object *vs_user_json(const struct vs_user *);
/*
 * Every account as a JSON array of vs_user_json() objects plus "banned",
 * oldest first; VS_OK with *out (caller frees), VS_EUNAVAIL.
 */
enum vs_err	 vs_user_list(struct json_object **);

#endif
