/* media.h: what a source file holds, probed with libav* (the worker only). */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_MEDIA_H
#define VS_MEDIA_H

#include <stddef.h>

#include "err.h"
#include "probe.h"

struct AVFormatContext;
struct AVFrame;

/*
 * Open path for demuxing, from the local file system only and only as one
 * of the containers allowed by upload_containers: never a playlist or a
 * concatenation that would make the demuxer open other files or URLs.
 * 0, or -1; the caller closes *ic with avformat_close_input().
 */
int		 vs_media_open(struct AVFormatContext **, const char *);
/*
 * Probe path with libavformat and libavcodec: the file must hold a video
 * stream, in an allowed container and codec (upload_containers,
 * upload_codecs), whose first frame decodes. Fills p; VS_OK, or VS_ERR
 * with a reason a person can read in why ("no video stream", "the video
 * stream does not decode (...)").
 */
enum vs_err	 vs_media_probe(const char *, struct vs_probe *, char *, size_t);
/*
 * pic (full range yuvj420p) as a JPEG of quantiser q (2 best, 31 worst),
 * written to path as vs_fs_write() does; its size in *size. 0 / -1.
 */
int		 vs_media_jpeg(const struct AVFrame *, int, const char *,
		    long long *);

#endif
