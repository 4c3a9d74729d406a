/* test_auth.c: access tokens, signed links, field checks, header parsing. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <vstream.h>

#include "runner.h"

START_TEST(token_roundtrip)
{
	struct vs_claims	 c;
	char			*t;

	with_secret(SECRET);
	t = vs_token_issue("4d7a4131-6a8e-4632-8277-c6dee8602b5b", "premium",
	    60);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(vs_token_verify(t, &c), VS_OK);
	ck_assert_str_eq(c.c_sub, "4d7a4131-6a8e-4632-8277-c6dee8602b5b");
	ck_assert_str_eq(c.c_role, "premium");
	ck_assert(c.c_exp > time(NULL));
	/* Another secret: the same token is worthless. */
	with_secret(SECRET "x");
	ck_assert_int_eq(vs_token_verify(t, &c), VS_ERR);
	/* No secret at all: nothing is signed or accepted. */
	with_secret("");
	ck_assert_int_eq(vs_token_verify(t, &c), VS_ERR);
	ck_assert_ptr_null(vs_token_issue("x", "user", 60));
	free(t);
}
END_TEST

START_TEST(token_rejects)
{
	struct vs_claims	 c;
	char			*t, *bad;

	with_secret(SECRET);
	t = vs_token_issue("u", "user", 60);
	bad = strdup(t);
	bad[strlen(bad) - 3] ^= 1;
	ck_assert_int_eq(vs_token_verify(bad, &c), VS_ERR);
	/* alg none: header {"alg":"none"}, the same claims, no signature. */
	ck_assert_int_eq(vs_token_verify("eyJhbGciOiJub25lIn0."
	    "eyJpc3MiOiJ2c3RyZWFtIiwic3ViIjoidSIsInJvbGUiOiJ1c2VyIiwiaWF0IjoxLCJ"
	    "leHAiOjk5OTk5OTk5OTl9.", &c), VS_ERR);
	ck_assert_int_eq(vs_token_verify("", &c), VS_ERR);
	ck_assert_int_eq(vs_token_verify("a.b.c", &c), VS_ERR);
	ck_assert_int_eq(vs_token_verify("nodots", &c), VS_ERR);
	free(bad);
	free(t);
}
END_TEST

START_TEST(bearer_header)
{
	ck_assert_str_eq(vs_token_bearer("Bearer abc.def-_ghi"), "abc.def-_ghi");
	ck_assert_str_eq(vs_token_bearer("bearer abc=="), "abc==");
	ck_assert_ptr_null(vs_token_bearer("Bearer "));
	ck_assert_ptr_null(vs_token_bearer("Bearer a b"));
	ck_assert_ptr_null(vs_token_bearer("Bearer  a"));
	ck_assert_ptr_null(vs_token_bearer("Basic eDp5"));
	ck_assert_ptr_null(vs_token_bearer("Bearer a=b"));
	ck_assert_ptr_null(vs_token_bearer(NULL));
}
END_TEST

START_TEST(signed_links)
{
	char	 t[VS_SIGNED_MAX];
	long	 later = (long)time(NULL) + 100;

	with_secret(SECRET);
	ck_assert_int_eq(vs_signed_make("verify", "uid-1", later, t,
	    sizeof(t)), 0);
	ck_assert(vs_signed_check("verify", "uid-1", t));
	ck_assert(!vs_signed_check("verify", "uid-2", t));
	ck_assert(!vs_signed_check("segment", "uid-1", t));
	t[strlen(t) - 1] ^= 1;
	ck_assert(!vs_signed_check("verify", "uid-1", t));
	ck_assert_int_eq(vs_signed_make("verify", "uid-1", 1000, t,
	    sizeof(t)), 0);
	ck_assert(!vs_signed_check("verify", "uid-1", t));
	ck_assert(!vs_signed_check("verify", "uid-1", NULL));
	ck_assert(!vs_signed_check("verify", "uid-1", "x.y"));
	ck_assert(!vs_signed_check("verify", "uid-1", "99999999999999999.y"));
	ck_assert_int_eq(vs_signed_make("verify", "uid-1", later, t, 10), -1);
}
END_TEST

START_TEST(account_fields)
{
	struct json_object	*errs = json_object_new_object();

	ck_assert_int_eq(vs_user_check("ann", "ann@example.org",
	    "long enough pw", errs), 0);
	ck_assert_int_eq(vs_user_check("An", "no-at-sign", "short", errs), 3);
	ck_assert_ptr_nonnull(vs_json_str(errs, "username"));
	ck_assert_int_eq(vs_user_check("samename12", "s@example.org",
	    "samename12", errs), 1);
	ck_assert_int_eq(vs_user_check(NULL, NULL, NULL, errs), 3);
	json_object_put(errs);
	ck_assert(vs_user_valid_email("a.b+c@mail.example.org"));
	ck_assert(!vs_user_valid_email("a b@example.org"));
	ck_assert(!vs_user_valid_email("<script>@example.org"));
	ck_assert(!vs_user_valid_email("a@b@example.org"));
	ck_assert(!vs_user_valid_email("a@example"));
	ck_assert(!vs_user_valid_email("@example.org"));
	ck_assert(!vs_user_valid_email("a'--@example.org"));
	ck_assert(vs_uuid_valid("4d7a4131-6a8e-4632-8277-c6dee8602b5b"));
	ck_assert(!vs_uuid_valid("4D7A4131-6a8e-4632-8277-c6dee8602b5b"));
	ck_assert(!vs_uuid_valid("4d7a4131-6a8e-4632-8277-c6dee8602b5"));
	ck_assert(!vs_uuid_valid("../../etc/passwd"));
}
END_TEST

START_TEST(url_encoding)
{
	struct vs_buf	 b = { 0 };

	ck_assert_int_eq(vs_url_encode(&b, "/a b?c=d&e/\xc3\xa9"), 0);
	ck_assert_str_eq(b.b_data, "%2Fa%20b%3Fc%3Dd%26e%2F%C3%A9");
	vs_buf_free(&b);
}
END_TEST

START_TEST(mail_command)
{
	char	 err[512], buf[512];
	FILE	*f;
	size_t	 n;

	setenv("VSTREAM_MAIL_COMMAND", "cat > /tmp/vstream-test-mail", 1);
	with_secret(SECRET);
	ck_assert_int_eq(vs_mail_send("a@example.org", "Hello", "Body text"),
	    0);
	ck_assert_ptr_nonnull(f = fopen("/tmp/vstream-test-mail", "r"));
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	unlink("/tmp/vstream-test-mail");
	ck_assert_ptr_nonnull(strstr(buf, "To: a@example.org\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\n\nBody text\n"));
	ck_assert_int_eq(vs_mail_send("a@example.org\nBcc: x@y.z", "Hi", "x"),
	    -1);
	signal(SIGPIPE, SIG_IGN);	/* as vs_app_start() does */
	setenv("VSTREAM_MAIL_COMMAND", "exit 3", 1);
	ck_assert_int_eq(vs_config_load(NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(vs_mail_send("a@example.org", "Hello", "x"), -1);
	unsetenv("VSTREAM_MAIL_COMMAND");
}
END_TEST

/* What vs_mail_send() without a mail_command logs at level; caller frees. */
static char *
mail_logged(const char *level)
{
	char	 path[] = "/tmp/vstream-test-log.XXXXXX", *buf;
	FILE	*f;
	long	 n;
	int	 fd, saved;

	ck_assert_int_ne(fd = mkstemp(path), -1);
	saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	vs_log_init("test", level);
	ck_assert_int_eq(vs_mail_send("a@example.org", "Confirm",
	    "open https://example.org/verify?u=1&t=SECRETLINK"), 0);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fd);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	unlink(path);
	return buf;
}

START_TEST(mail_logged_without_links)
{
	char	*log;

	with_secret(SECRET);
	log = mail_logged("info");
	ck_assert_ptr_nonnull(strstr(log, "a@example.org"));
	ck_assert_ptr_null(strstr(log, "SECRETLINK"));
	free(log);
	log = mail_logged("debug");
	ck_assert_ptr_nonnull(strstr(log, "SECRETLINK"));
	free(log);
	vs_log_init("test", "info");
}
END_TEST

int
main(void)
{
	RUN_TESTS("auth", token_roundtrip, token_rejects, bearer_header,
	    signed_links, account_fields, url_encoding, mail_command,
	    mail_logged_without_links);
}
