/* fs.h: file system chores. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_FS_H
#define VS_FS_H

/* Remove path and everything below it; a missing path is fine. 0 / -1. */
int	 vs_fs_remove(const char *);
/* Write all len bytes of buf to fd, again after EINTR. 0 / -1 (errno set). */
int	 vs_fs_write_all(int, const void *, size_t);
/*
 * Replace path by len bytes of data, mode 0644: a temporary file beside
 * it, synced, then renamed, so that a reader sees the old file or the
 * whole new one and a crash leaves no half-written file. 0 / -1 with
 * errno set (ENOSPC, EDQUOT for a full disk).
 */
int	 vs_fs_write(const char *, const void *, size_t);

#endif
