/* media.h: what a source file holds, found by probing its content. */
#ifndef VS_MEDIA_H
#define VS_MEDIA_H

#include <stddef.h>

#include "err.h"

struct vs_probe {
	char		 p_container[32];	/* demuxer: "mov", "matroska" */
	char		 p_vcodec[32];
	char		 p_acodec[32];		/* "" without audio */
	int		 p_width;		/* as coded */
	int		 p_height;
	int		 p_rotation;		/* clockwise: 0, 90, 180, 270 */
	int		 p_fps_num;
	int		 p_fps_den;
	double		 p_duration;		/* seconds */
	long long	 p_bitrate;		/* bits per second, 0 unknown */
};

struct AVFormatContext;

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

#endif
