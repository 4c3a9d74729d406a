/* path.h: where a video's files live on disk. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_PATH_H
#define VS_PATH_H

#include <stddef.h>

/*
 * The folder of video id: data_dir/media/<id>. Only a valid UUID makes a
 * path: user text never reaches the file system. 0, or -1 for a bad id
 * or a path longer than len.
 */
int		 vs_path_video(const char *, char *, size_t);

#endif
