/* test_password.c: bcrypt hashes and their checks. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <string.h>

#include <vstream.h>

#include "runner.h"

START_TEST(bcrypt_roundtrip)
{
	char	 h1[VS_PASSWORD_HASH_MAX], h2[VS_PASSWORD_HASH_MAX];

	ck_assert_int_eq(vs_password_hash("correct horse", 4, h1, sizeof(h1)),
	    0);
	ck_assert(strncmp(h1, "$2b$04$", 7) == 0);
	ck_assert_int_eq(vs_password_hash("correct horse", 4, h2, sizeof(h2)),
	    0);
	ck_assert_str_ne(h1, h2);
	ck_assert(vs_password_verify("correct horse", h1));
	ck_assert(!vs_password_verify("correct horsE", h1));
	ck_assert(!vs_password_verify("correct horse", "garbage"));
	ck_assert(!vs_password_verify("correct horse", ""));
	ck_assert_int_eq(vs_password_hash("x", 3, h1, sizeof(h1)), -1);
	ck_assert_int_eq(vs_password_hash("x", 4, h1, 10), -1);
}
END_TEST

START_TEST(roles_and_names)
{
	ck_assert_int_eq(vs_role_parse("moderator"), VS_ROLE_MODERATOR);
	ck_assert_int_eq(vs_role_parse("root"), -1);
	ck_assert(VS_ROLE_USER < VS_ROLE_PREMIUM);
	ck_assert(VS_ROLE_MODERATOR < VS_ROLE_ADMIN);
	ck_assert(vs_user_valid_name("ann.b-c_1"));
	ck_assert(!vs_user_valid_name("An"));
	ck_assert(!vs_user_valid_name("ab"));
	ck_assert(!vs_user_valid_name("a<script>"));
	ck_assert(!vs_user_valid_name("abcdefghijklmnopqrstuvwxyz0123456"));
}
END_TEST

int
main(void)
{
	RUN_TESTS("password", bcrypt_roundtrip, roles_and_names);
}
