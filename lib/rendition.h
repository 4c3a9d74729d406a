/* rendition.h: one rung of the ladder: scale, turn, encode, segment. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_RENDITION_H
#define VS_RENDITION_H

#include <pthread.h>
#include <stdatomic.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

#include "fifo.h"
#include "hls.h"
#include "ladder.h"

/*
 * Each rendition runs in its own thread, fed decoded source frames and
 * encoded audio packets through a queue: every rung encodes in parallel
 * from one decode. It writes fMP4 HLS (init.mp4, N.m4s, playlist.m3u8)
 * and publishes it as it goes: a segment is listed once it is whole under
 * its name, and the playlist is replaced whole each time.
 */
struct vs_rendition {
	struct vs_rung		 rd_rung;
	int			 rd_rotation;
	AVRational		 rd_tb;		/* of the frames' pts */
	AVCodecContext		*rd_enc;
	const AVCodecContext	*rd_aenc;	/* NULL: no audio */
	struct SwsContext	*rd_sws;	/* for rd_src_* pictures */
	int			 rd_src_w;
	int			 rd_src_h;
	int			 rd_src_fmt;
	AVFrame			*rd_scaled;	/* source orientation */
	AVFrame			*rd_turned;	/* display orientation */
	AVFormatContext		*rd_mux;	/* the segmenter */
	int64_t			 rd_lead;	/* segments' start, AV_TIME_BASE */
	char			 rd_dir[4096];	/* dir/hls/<name>p */
	struct vs_hls_list	 rd_list;	/* published segments */
	int			 rd_start;	/* of this attempt */
	atomic_int		 rd_published;	/* rd_list.hl_n, for others */
	struct vs_fifo		 rd_fifo;
	pthread_t		 rd_thread;
	int			 rd_running;
	int64_t			 rd_next_kf;	/* next forced keyframe, rd_tb */
	int64_t			 rd_kf_step;
	int64_t			 rd_last_dts[2];	/* video, audio */
	int			 rd_err;
	char			 rd_why[160];
	char			 rd_codecs[64];	/* "avc1.64001f" */
};

/* Keyframes (and so segment boundaries) every this many seconds. */
#define VS_GOP_SECONDS	2
/* Target HLS segment length in seconds: three GOPs. */
#define VS_SEGMENT_SECONDS 6

/*
 * Set up rung for frames of any size and pixel format (they may change
 * from one frame to the next), with pts in tb at frame rate fps, strictly
 * increasing, turned by rotation degrees clockwise, with audio
 * packets from aenc (NULL: none), writing under dir/hls/<name>p/ with the
 * x264 preset. kept lists the segments an earlier attempt published
 * there (none: a first attempt); the rendition takes them over, kept is
 * left empty, and its own segments are numbered on from them. 0, or -1
 * with why set; the rendition must then still be freed.
 */
int	 vs_rendition_open(struct vs_rendition *, const struct vs_rung *,
	    AVRational, AVRational, int, const AVCodecContext *, const char *,
	    const char *, struct vs_hls_list *);
/*
 * Scale src to the rung and turn it upright; the frame returned is the
 * rendition's own and changes with the next call. NULL with rd_why set
 * when src cannot be scaled or without memory.
 * Only for the thread that feeds the encoder, or after it has finished.
 */
AVFrame	*vs_rendition_picture(struct vs_rendition *, const AVFrame *);
/*
 * Turn the planar 4:2:0 picture src by 90, 180 or 270 degrees clockwise
 * into dst, a writable frame of the same format at the turned size.
 */
void	 vs_rendition_turn(const AVFrame *, AVFrame *, int);
/* Start the rendition's thread; 0 / -1. */
int	 vs_rendition_start(struct vs_rendition *);
/* Queue a frame (a new reference is taken); -1 once the rendition failed. */
int	 vs_rendition_frame(struct vs_rendition *, const AVFrame *);
/* Queue an audio packet (a new reference is taken); as above. */
int	 vs_rendition_audio(struct vs_rendition *, const AVPacket *);
/*
 * No more input: flush the encoder, finish the segments, join the thread,
 * and publish the playlist as ended (VOD, ENDLIST). 0, or -1 with rd_why
 * set.
 */
int	 vs_rendition_finish(struct vs_rendition *);
/* How many segments are published now; from any thread. */
int	 vs_rendition_published(struct vs_rendition *);
/* Release everything; accepts a rendition that never opened. */
void	 vs_rendition_free(struct vs_rendition *);

#endif
