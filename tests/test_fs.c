/* test_fs.c: whole-file writes and tree removal. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vstream.h>

#include "runner.h"

/* A fresh folder under TMPDIR for one test, in dir. */
static void
scratch(char *dir, size_t len)
{
	const char	*t = getenv("TMPDIR");

	snprintf(dir, len, "%s/test_fs.XXXXXX", t != NULL ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* The number of entries in dir, "." and ".." left out. */
static int
entries(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;
	int		 n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

START_TEST(write_replaces)
{
	char		 dir[256], path[300], got[16] = { 0 };
	struct stat	 st;
	FILE		*f;

	scratch(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/a.txt", dir);
	ck_assert_int_eq(vs_fs_write(path, "first", 5), 0);
	ck_assert_int_eq(vs_fs_write(path, "second", 6), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	ck_assert_uint_eq(fread(got, 1, sizeof(got) - 1, f), 6);
	fclose(f);
	ck_assert_str_eq(got, "second");
	ck_assert_int_eq(vs_fs_write(path, "", 0), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 0);
	ck_assert_int_eq(entries(dir), 1);
	ck_assert_int_eq(vs_fs_remove(dir), 0);
	ck_assert_int_eq(access(dir, F_OK), -1);
}
END_TEST

/* A write that cannot be made leaves no file, no temporary one. */
START_TEST(write_fails_clean)
{
	char	 dir[256], path[300], sub[300];

	scratch(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/missing/a.txt", dir);
	ck_assert_int_eq(vs_fs_write(path, "x", 1), -1);
	ck_assert_int_eq(errno, ENOENT);
	snprintf(sub, sizeof(sub), "%s/taken", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	ck_assert_int_eq(vs_fs_write(sub, "x", 1), -1);
	ck_assert_int_eq(entries(dir), 1);
	ck_assert_int_eq(vs_fs_remove(dir), 0);
	ck_assert_int_eq(vs_fs_remove(dir), 0);
}
END_TEST

int
main(void)
{
	RUN_TESTS("fs", write_replaces, write_fails_clean);
}
