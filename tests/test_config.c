/* test_config.c: the configuration file, overrides and validation. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vstream.h>

#include "runner.h"

static char	 path[] = "/tmp/vstream-test-config-XXXXXX";
static char	 err[512];

static int
load(const char *text)
{
	int	 fd = mkstemp(path);
	int	 rc;

	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	rc = vs_config_load(path, err, sizeof(err));
	unlink(path);
	strcpy(path + strlen(path) - 6, "XXXXXX");
	return rc;
}

START_TEST(defaults_and_file)
{
	unsetenv("VSTREAM_DB_POOL");
	ck_assert_int_eq(load("# comment\n\n  db_pool = 8  \n"
	    "redis_url = redis://:p#w@127.0.0.1:7000/2\n"), 0);
	ck_assert_int_eq(vs_config_int(VS_CFG_DB_POOL), 8);
	ck_assert_str_eq(vs_config_str(VS_CFG_REDIS_URL),
	    "redis://:p#w@127.0.0.1:7000/2");
	ck_assert_int_eq(vs_config_int(VS_CFG_BCRYPT_COST), 12);
	ck_assert_str_eq(vs_config_str(VS_CFG_LOG_LEVEL), "info");
}
END_TEST

START_TEST(env_overrides)
{
	setenv("VSTREAM_DB_POOL", "16", 1);
	ck_assert_int_eq(load("db_pool = 8\n"), 0);
	ck_assert_int_eq(vs_config_int(VS_CFG_DB_POOL), 16);
	setenv("VSTREAM_DB_POOL", "abc", 1);
	ck_assert_int_eq(load(""), -1);
	ck_assert_str_eq(err, "db_pool: \"abc\" is not a number (1 to 256) "
	    "(from VSTREAM_DB_POOL)");
	unsetenv("VSTREAM_DB_POOL");
}
END_TEST

START_TEST(rejects_bad_files)
{
	ck_assert_int_eq(load("no_such_key = 1\n"), -1);
	ck_assert_ptr_nonnull(strstr(err, "unknown key \"no_such_key\""));
	ck_assert_int_eq(load("db_pool\n"), -1);
	ck_assert_ptr_nonnull(strstr(err, ":1: expected"));
	ck_assert_int_eq(load("db_pool = 0\n"), -1);
	ck_assert_ptr_nonnull(strstr(err, "too small"));
	ck_assert_int_eq(load("log_level = loud\n"), -1);
	ck_assert_str_eq(err, "log_level: \"loud\" is not one of "
	    "debug|info|warn|error");
	ck_assert_int_eq(load("db_url = mysql://x\n"), -1);
	ck_assert_int_eq(load("data_dir = relative/path\n"), -1);
	ck_assert_int_eq(load("secret_key = short\n"), -1);
	ck_assert_str_eq(err, "secret_key: too short (at least 32 characters)");
	ck_assert_ptr_null(strstr(err, "short\""));
	ck_assert_int_eq(vs_config_load("/nonexistent/vstream.conf", err,
	    sizeof(err)), -1);
}
END_TEST

START_TEST(lookup_names)
{
	ck_assert_int_eq(vs_config_lookup("db_pool"), VS_CFG_DB_POOL);
	ck_assert_int_eq(vs_config_lookup("nope"), -1);
}
END_TEST

START_TEST(trusted_proxies)
{
	ck_assert_int_eq(load("trusted_proxies = 10.0.0.0/8, ::1\n"), 0);
	ck_assert_str_eq(vs_config_str(VS_CFG_TRUSTED_PROXIES),
	    "10.0.0.0/8, ::1");
	ck_assert_int_eq(load("trusted_proxies =\n"), 0);
	ck_assert_int_eq(load("trusted_proxies = 10.0.0.1/8\n"), -1);
	ck_assert_ptr_nonnull(strstr(err, "trusted_proxies: \"10.0.0.1/8\" "
	    "is not a list of addresses and networks"));
	ck_assert_int_eq(load("trusted_proxies = proxy.example\n"), -1);
}
END_TEST

/* The modes of an upload's folder and file the programs make under umask u. */
static void
made_modes(const char *u, mode_t *dir, mode_t *file)
{
	static const char	 id[] = "0b7e3c1a-5d2f-4e8b-9a6c-1f2e3d4c5b6a";
	char			 data[] = "/tmp/vstream-test-umask-XXXXXX";
	char			 p[4096], up[4200];
	struct stat		 st;
	int			 fd;

	ck_assert_ptr_nonnull(mkdtemp(data));
	setenv("VSTREAM_DATA_DIR", data, 1);
	setenv("VSTREAM_UMASK", u, 1);
	setenv("VSTREAM_CONFIG", "/dev/null", 1);
	vs_app_start("test", 0);
	ck_assert_int_ne(fd = vs_upload_create(id, ".part", p, sizeof(p)), -1);
	close(fd);
	snprintf(up, sizeof(up), "%s/uploads", data);
	ck_assert_int_eq(stat(up, &st), 0);
	*dir = st.st_mode & 07777;
	ck_assert_int_eq(stat(p, &st), 0);
	*file = st.st_mode & 07777;
	unlink(p);
	rmdir(up);
	rmdir(data);
	unsetenv("VSTREAM_DATA_DIR");
	unsetenv("VSTREAM_UMASK");
	unsetenv("VSTREAM_CONFIG");
}

START_TEST(umask_shapes_what_is_made)
{
	mode_t	 dir, file;

	made_modes("007", &dir, &file);
	ck_assert_int_eq(dir, 0770);
	ck_assert_int_eq(file, 0660);
	made_modes("022", &dir, &file);
	ck_assert_int_eq(dir, 0750);
	ck_assert_int_eq(file, 0640);
	ck_assert_int_eq(load("umask = 000\n"), -1);
	ck_assert_str_eq(err, "umask: \"000\" is not one of "
	    "022|027|002|007");
}
END_TEST

START_TEST(base_url_path)
{
	ck_assert_int_eq(load("base_url = https://example.org/~ann/video/\n"),
	    0);
	ck_assert_int_eq(load("base_url = https://example.org/a b\n"), -1);
	ck_assert_ptr_nonnull(strstr(err, "base_url: \"https://example.org/"
	    "a b\" has a path that is not plain names"));
	ck_assert_int_eq(load("base_url = https://example.org/a/../b\n"), -1);
	ck_assert_int_eq(load("base_url = ftp://example.org/\n"), -1);
}
END_TEST

int
main(void)
{
	RUN_TESTS("config", defaults_and_file, env_overrides,
	    rejects_bad_files, lookup_names, trusted_proxies,
	    umask_shapes_what_is_made, base_url_path);
}
