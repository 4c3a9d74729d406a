/* fs.c: file system chores. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>

#include "fs.h"

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path) == -1 && errno != ENOENT ? -1 : 0;
}

int
vs_fs_remove(const char *path)
{
	return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) == -1 &&
	    errno != ENOENT ? -1 : 0;
}
