/* fs.h: file system chores. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_FS_H
#define VS_FS_H

/* Remove path and everything below it; a missing path is fine. 0 / -1. */
int	 vs_fs_remove(const char *);

#endif
