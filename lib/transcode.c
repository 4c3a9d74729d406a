/* transcode.c: a source file into the whole ladder, decoded once. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

#include "config.h"
#include "fs.h"
#include "iframe.h"
#include "media.h"
#include "rendition.h"
#include "storyboard.h"
#include "transcode.h"

#define AUDIO_RATE	48000
#define AUDIO_BITRATE	128000
/* Damaged packets tolerated: this many, or this share of all read. */
#define BAD_MAX		50
#define BAD_SHARE	20	/* 1 in 20 */
#define THUMB_WIDTH	640
/* The thumbnail's JPEG quantiser. */
#define THUMB_QUALITY	3
/*
 * Video timestamps that leap ahead more than this many seconds from one
 * frame to the next, or go back more than GLITCH_FRAMES frames, start a
 * new stretch right after the last frame: a join of two clips, or a broken
 * muxer. A shorter step back is a glitch, and its frames are dropped.
 */
#define JUMP_SECONDS	10
#define GLITCH_FRAMES	4
/* Timestamps beyond this many ticks are taken for missing. */
#define TS_MAX		(INT64_C(1) << 52)
/* Audio frames we resample: at most this rate and channels. */
#define RATE_MAX	768000
#define CHANNELS_MAX	64
/* The longest filter graph vs_ladder_filters writes, and then some. */
#define GRAPH_MAX	512
/* A resumed attempt seeks this many seconds before what it needs. */
#define SEEK_MARGIN	3

struct tc {
	AVFormatContext		*t_in;
	int			 t_vidx;
	int			 t_aidx;
	AVCodecContext		*t_vdec;
	AVCodecContext		*t_adec;
	AVCodecContext		*t_aenc;
	SwrContext		*t_swr;		/* for frames like t_swr_* */
	int			 t_swr_rate;
	int			 t_swr_fmt;
	AVChannelLayout		 t_swr_layout;
	AVAudioFifo		*t_afifo;
	int64_t			 t_asamples;	/* next audio pts, 1/48000 */
	int			 t_astarted;
	int64_t			 t_askip;	/* samples before: dropped */
	int64_t			 t_apkt_min;	/* packets before: dropped */
	AVFilterGraph		*t_graph;	/* NULL: straight to the rungs */
	AVFilterContext		*t_gin;
	AVFilterContext		*t_gout;
	AVFrame			*t_gframe;
	int			 t_looked;	/* for pictures like t_look_* */
	int			 t_look_w;
	int			 t_look_h;
	int			 t_look_fmt;
	struct vs_rendition	 t_r[VS_LADDER_MAX];
	int			 t_n;
	struct vs_probe		 t_probe;
	int			 t_thin;	/* above 60 fps: thinned */
	int64_t			 t_sent;
	int64_t			 t_last;	/* last pts sent, stream tb */
	int64_t			 t_zero;	/* start, stream tb */
	int64_t			 t_offset;	/* added to source pts */
	int64_t			 t_step;	/* one output frame */
	int64_t			 t_jump;	/* JUMP_SECONDS */
	int			 t_bad;
	int64_t			 t_packets;
	AVFrame			*t_thumb;
	int64_t			 t_thumb_at;
	int			 t_thumb_only;	/* a pass for the thumbnail */
	int64_t			 t_resume;	/* frames before: dropped */
	int			 t_kept;	/* segments kept per rung */
	int			 t_playable;
	struct vs_storyboard	 t_sb;
	const struct vs_tc_hooks *t_hooks;
	const char		*t_dir;
	time_t			 t_reported;
	char			*t_why;
	size_t			 t_whylen;
};

static int
why(struct tc *t, const char *fmt, const char *detail)
{
	if (t->t_why[0] == '\0')
		snprintf(t->t_why, t->t_whylen, fmt, detail);
	return -1;
}

static AVCodecContext *
open_decoder(struct tc *t, int idx)
{
	const AVStream	*st = t->t_in->streams[idx];
	const AVCodec	*c = avcodec_find_decoder(st->codecpar->codec_id);
	AVCodecContext	*d;

	if (c == NULL || (d = avcodec_alloc_context3(c)) == NULL)
		return NULL;
	d->thread_count = 0;
	if (avcodec_parameters_to_context(d, st->codecpar) < 0 ||
	    avcodec_open2(d, c, NULL) < 0) {
		avcodec_free_context(&d);
		return NULL;
	}
	d->pkt_timebase = st->time_base;
	return d;
}

static int
open_audio(struct tc *t)
{
	const AVCodec		*c = avcodec_find_encoder(AV_CODEC_ID_AAC);
	AVChannelLayout		 stereo = AV_CHANNEL_LAYOUT_STEREO;
	AVCodecContext		*e;

	if ((t->t_adec = open_decoder(t, t->t_aidx)) == NULL)
		return why(t, "the audio stream does not decode%s", "");
	if (c == NULL || (e = t->t_aenc = avcodec_alloc_context3(c)) == NULL)
		return why(t, "no AAC encoder%s", "");
	e->sample_rate = AUDIO_RATE;
	e->sample_fmt = AV_SAMPLE_FMT_FLTP;
	e->bit_rate = AUDIO_BITRATE;
	e->time_base = (AVRational){ 1, AUDIO_RATE };
	e->profile = FF_PROFILE_AAC_LOW;
	e->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
	av_channel_layout_copy(&e->ch_layout, &stereo);
	if (avcodec_open2(e, c, NULL) < 0)
		return why(t, "cannot open the AAC encoder%s", "");
	if ((t->t_afifo = av_audio_fifo_alloc(e->sample_fmt, 2,
	    e->frame_size)) == NULL)
		return why(t, "out of memory%s", "");
	return 0;
}

/* ts, or AV_NOPTS_VALUE when it is missing or too far out to compute with. */
static int64_t
sane(int64_t ts)
{
	return ts > -TS_MAX && ts < TS_MAX ? ts : AV_NOPTS_VALUE;
}

static int
open_input(struct tc *t, const char *src)
{
	char		 reason[160];
	const AVStream	*v;

	if (vs_media_probe(src, &t->t_probe, reason, sizeof(reason)) != VS_OK)
		return why(t, "%s", reason);
	if (vs_media_open(&t->t_in, src) == -1 ||
	    avformat_find_stream_info(t->t_in, NULL) < 0)
		return why(t, "the source cannot be read%s", "");
	t->t_vidx = av_find_best_stream(t->t_in, AVMEDIA_TYPE_VIDEO, -1, -1,
	    NULL, 0);
	t->t_aidx = av_find_best_stream(t->t_in, AVMEDIA_TYPE_AUDIO, -1,
	    t->t_vidx, NULL, 0);
	if (t->t_vidx < 0 || (t->t_vdec = open_decoder(t, t->t_vidx)) == NULL)
		return why(t, "the video stream does not decode%s", "");
	v = t->t_in->streams[t->t_vidx];
	t->t_zero = sane(v->start_time) != AV_NOPTS_VALUE ? v->start_time : 0;
	t->t_last = INT64_MIN;
	t->t_thumb_at = t->t_probe.p_duration > 0 ? av_rescale_q((int64_t)
	    (t->t_probe.p_duration * 100000), (AVRational){ 1, 1000000 },
	    v->time_base) : 0;
	if (t->t_aidx >= 0 && open_audio(t) == -1)
		return -1;
	return 0;
}

static int
make_dirs(const char *dir, const struct vs_rung *r, int n)
{
	char	 p[4096];
	int	 i;

	snprintf(p, sizeof(p), "%s/hls", dir);
	if (mkdir(p, 0777) == -1 && errno != EEXIST)
		return -1;
	for (i = 0; i < n; i++) {
		snprintf(p, sizeof(p), "%s/hls/%dp", dir, r[i].r_name);
		if (mkdir(p, 0777) == -1 && errno != EEXIST)
			return -1;
	}
	return 0;
}

/* The segment number of a file name "<k>.m4s"; -1 if not one. */
static int
segment_of(const char *name)
{
	char	*end;
	long	 k;

	if (name[0] < '0' || name[0] > '9')
		return -1;
	k = strtol(name, &end, 10);
	return strcmp(end, ".m4s") == 0 && k < INT_MAX ? (int)k : -1;
}

/*
 * The segments a rung's folder keeps from an earlier attempt: those its
 * playlist lists, present, after its init segment; the last one of an
 * ended list is not on a boundary and is not kept. How many, in l.
 */
static int
kept_segments(const char *rdir, struct vs_hls_list *l)
{
	struct stat	 st;
	char		 p[4800];
	int		 i;

	snprintf(p, sizeof(p), "%s/playlist.m3u8", rdir);
	if (vs_hls_list_read(p, l) == -1 || l->hl_first != 0) {
		vs_hls_list_clear(l);
		return 0;
	}
	snprintf(p, sizeof(p), "%s/init.mp4", rdir);
	if (stat(p, &st) == -1)
		l->hl_n = 0;
	if (l->hl_ended && l->hl_n > 0)
		l->hl_n--;
	for (i = 0; i < l->hl_n; i++) {
		snprintf(p, sizeof(p), "%s/%d.m4s", rdir, i);
		if (stat(p, &st) == -1)
			break;
	}
	l->hl_n = i;
	l->hl_ended = 0;
	return l->hl_n;
}

/* Cut a rung's folder to its init segment, playlist and n segments. */
static int
trim_rung(const char *rdir, const struct vs_hls_list *l)
{
	DIR		*d;
	struct dirent	*de;
	char		 p[4800];
	int		 k;

	snprintf(p, sizeof(p), "%s/playlist.m3u8", rdir);
	if (vs_hls_list_write(p, l, 0) == -1 || (d = opendir(rdir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		k = segment_of(de->d_name);
		if ((k >= 0 && k < l->hl_n) || strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, "init.mp4") == 0 ||
		    strcmp(de->d_name, "playlist.m3u8") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", rdir, de->d_name);
		vs_fs_remove(p);
	}
	closedir(d);
	return 0;
}

/*
 * What an earlier attempt left in dir/hls: the segments every rung has,
 * kept[i] for rung i, the rest removed. None in common: the folder goes,
 * and the attempt starts from zero.
 */
static int
plan_resume(struct tc *t, const char *dir, const struct vs_rung *rungs,
    struct vs_hls_list *kept)
{
	char	 p[4400];
	int	 i, k = INT_MAX;

	for (i = 0; i < t->t_n; i++) {
		snprintf(p, sizeof(p), "%s/hls/%dp", dir, rungs[i].r_name);
		if (kept_segments(p, &kept[i]) < k)
			k = kept[i].hl_n;
	}
	for (i = 0; i < t->t_n; i++) {
		kept[i].hl_n = k;
		snprintf(p, sizeof(p), "%s/hls/%dp", dir, rungs[i].r_name);
		if (k > 0 && trim_rung(p, &kept[i]) == -1)
			return -1;
	}
	t->t_kept = k;
	if (k > 0)
		return 0;
	snprintf(p, sizeof(p), "%s/hls", dir);
	return vs_fs_remove(p);
}

static int
open_ladder(struct tc *t, const char *dir, const char *preset)
{
	struct vs_rung	 rungs[VS_LADDER_MAX];
	struct vs_hls_list kept[VS_LADDER_MAX];
	const AVStream	*v = t->t_in->streams[t->t_vidx];
	AVRational	 sar = av_guess_sample_aspect_ratio(t->t_in,
			    t->t_in->streams[t->t_vidx], NULL);
	int		 w, h, i, num, den, rc = -1;

	memset(kept, 0, sizeof(kept));
	vs_ladder_display(t->t_vdec->width, t->t_vdec->height, sar.num,
	    sar.den, t->t_probe.p_rotation, &w, &h);
	if ((t->t_n = vs_ladder_plan(w, h,
	    (int)vs_config_int(VS_CFG_LADDER_MAX), rungs)) == 0)
		return why(t, "the picture size is not supported%s", "");
	vs_ladder_rate(t->t_probe.p_fps_num, t->t_probe.p_fps_den, &num, &den);
	t->t_thin = den != t->t_probe.p_fps_den;
	t->t_step = av_rescale_q(1, (AVRational){ den, num }, v->time_base);
	t->t_step = t->t_step > 0 ? t->t_step : 1;
	t->t_jump = av_rescale_q(JUMP_SECONDS, (AVRational){ 1, 1 },
	    v->time_base);
	t->t_jump = t->t_jump > t->t_step ? t->t_jump : t->t_step;
	if (plan_resume(t, dir, rungs, kept) == -1 ||
	    make_dirs(dir, rungs, t->t_n) == -1) {
		why(t, "cannot create the output folders%s", "");
		goto out;
	}
	if (vs_storyboard_open(&t->t_sb, dir, w, h, t->t_probe.p_rotation,
	    t->t_probe.p_duration, t->t_kept * VS_SEGMENT_SECONDS) == -1) {
		why(t, "%s", t->t_sb.sb_why);
		goto out;
	}
	for (i = 0; i < t->t_n; i++)
		if (vs_rendition_open(&t->t_r[i], &rungs[i], v->time_base,
		    (AVRational){ num, den }, t->t_probe.p_rotation, t->t_aenc,
		    dir, preset, &kept[i]) == -1) {
			why(t, "%s", t->t_r[i].rd_why);
			goto out;
		}
	rc = 0;
out:
	for (i = 0; i < t->t_n; i++)
		vs_hls_list_clear(&kept[i]);
	return rc;
}

/* Start every rung's thread; 0 / -1. */
static int
start_ladder(struct tc *t)
{
	int	 i;

	for (i = 0; i < t->t_n; i++)
		if (vs_rendition_start(&t->t_r[i]) == -1)
			return why(t, "%s", t->t_r[i].rd_why);
	return 0;
}

static int
report(struct tc *t, int64_t pts)
{
	const AVStream	*v = t->t_in->streams[t->t_vidx];
	double		 share;
	int		 pct;

	if (t->t_hooks == NULL || t->t_hooks->th_progress == NULL ||
	    time(NULL) == t->t_reported)
		return 0;
	t->t_reported = time(NULL);
	/* Without a duration the share stays 0; the call still says alive. */
	share = t->t_probe.p_duration > 0 ? (double)pts *
	    av_q2d(v->time_base) * 100 / t->t_probe.p_duration : 0;
	pct = share < 0 ? 0 : share > 99 ? 99 : (int)share;
	if (t->t_hooks->th_progress(t->t_hooks->th_arg, pct) != 0)
		return why(t, "stopped: the job was cancelled or lost%s", "");
	return 0;
}

/* What the master playlist says of rung i before it is measured. */
static void
variant_of(struct tc *t, int i, struct vs_variant *v)
{
	const struct vs_rendition *r = &t->t_r[i];
	long long	 audio = t->t_aenc != NULL ? AUDIO_BITRATE : 0;

	memset(v, 0, sizeof(*v));
	v->v_name = r->rd_rung.r_name;
	v->v_width = r->rd_rung.r_width;
	v->v_height = r->rd_rung.r_height;
	v->v_fps = av_q2d(r->rd_enc->framerate);
	v->v_peak = r->rd_rung.r_maxrate + audio;
	v->v_average = r->rd_rung.r_bitrate + audio;
	snprintf(v->v_codecs, sizeof(v->v_codecs), "%s%s", r->rd_codecs,
	    audio ? ",mp4a.40.2" : "");
}

/* Write the master playlist at p, through the caller's hook if it has one. */
static int
write_master(struct tc *t, const char *p, const struct vs_variant *v, int n)
{
	if (t->t_hooks != NULL && t->t_hooks->th_master != NULL)
		return t->t_hooks->th_master(t->t_hooks->th_arg, p, v, n);
	return vs_hls_master(p, v, n);
}

/*
 * Once every rung has published a segment: the master playlist, with the
 * rungs' target rates until they are measured, and the caller is told.
 */
static int
playable(struct tc *t)
{
	struct vs_variant	 v[VS_LADDER_MAX];
	char			 p[4400];
	int			 i;

	for (i = 0; i < t->t_n; i++)
		if (vs_rendition_published(&t->t_r[i]) == 0)
			return 0;
	for (i = 0; i < t->t_n; i++)
		variant_of(t, i, &v[i]);
	snprintf(p, sizeof(p), "%s/hls/master.m3u8", t->t_dir);
	if (write_master(t, p, v, t->t_n) == -1)
		return why(t, "cannot write the master playlist%s", "");
	t->t_playable = 1;
	if (t->t_hooks != NULL && t->t_hooks->th_playable != NULL)
		t->t_hooks->th_playable(t->t_hooks->th_arg);
	return 0;
}

/* The thumbnail pass found its frame: keep it, ignore the rest. */
static int
thumb_found(struct tc *t, const AVFrame *f)
{
	av_frame_free(&t->t_thumb);
	if ((t->t_thumb = av_frame_clone(f)) == NULL)
		return why(t, "out of memory%s", "");
	t->t_thumb_only = 2;
	return 0;
}

/*
 * The time of a frame stamped ts on the output timeline, which only grows;
 * AV_NOPTS_VALUE to drop the frame. A frame without a time comes one frame
 * after the last; a repeat or a glitch back is dropped; a leap back or far
 * ahead starts a new stretch one frame after the last.
 */
static int64_t
video_time(struct tc *t, int64_t ts)
{
	int64_t	 pts, at;

	at = t->t_last == INT64_MIN ? 0 : t->t_last + t->t_step;
	if (t->t_resume > 0 && t->t_last == INT64_MIN) {
		/* Resumed: what comes before the boundary was published. */
		if (sane(ts) == AV_NOPTS_VALUE || ts - t->t_zero < t->t_resume)
			return AV_NOPTS_VALUE;
		t->t_last = ts - t->t_zero - t->t_step;
	}
	if (sane(ts) == AV_NOPTS_VALUE)
		return at;
	pts = ts - t->t_zero + t->t_offset;
	if (t->t_last != INT64_MIN && pts <= t->t_last &&
	    pts > t->t_last - GLITCH_FRAMES * t->t_step)
		return AV_NOPTS_VALUE;
	if (t->t_last == INT64_MIN ? pts < -t->t_jump || pts > t->t_jump :
	    pts <= t->t_last || pts > t->t_last + t->t_jump) {
		t->t_offset += at - pts;
		pts = at;
	}
	return pts;
}

static int
on_video(struct tc *t, AVFrame *f)
{
	int64_t	 pts;
	int	 i;

	if ((pts = video_time(t, f->pts)) == AV_NOPTS_VALUE)
		return 0;
	/*
	 * Thinned by time, not by count: a frame less than 3/4 of an output
	 * frame after the last is dropped. A header may claim a rate far
	 * above the real one, and every real frame must still come through.
	 */
	if (t->t_thin && t->t_last != INT64_MIN &&
	    pts - t->t_last < t->t_step * 3 / 4)
		return 0;
	f->pts = t->t_last = pts;
	if (t->t_thumb_only)
		return t->t_thumb_only == 1 && pts >= t->t_thumb_at ?
		    thumb_found(t, f) : 0;
	/* The first frame stands in until one from about 10% in comes. */
	if (t->t_thumb == NULL || (t->t_thumb->pts < t->t_thumb_at &&
	    pts >= t->t_thumb_at)) {
		av_frame_free(&t->t_thumb);
		t->t_thumb = av_frame_clone(f);
	}
	if (vs_storyboard_frame(&t->t_sb, f, (double)pts *
	    av_q2d(t->t_in->streams[t->t_vidx]->time_base)) == -1)
		return why(t, "%s", t->t_sb.sb_why);
	for (i = 0; i < t->t_n; i++)
		if (vs_rendition_frame(&t->t_r[i], f) == -1)
			return why(t, "%s", t->t_r[i].rd_why);
	t->t_sent++;
	if (!t->t_playable && playable(t) == -1)
		return -1;
	return report(t, pts);
}

/* The pipeline's pictures, as they come out of the graph, to the rungs. */
static int
graph_out(struct tc *t)
{
	int	 rc;

	while ((rc = av_buffersink_get_frame(t->t_gout, t->t_gframe)) >= 0) {
		rc = on_video(t, t->t_gframe);
		av_frame_unref(t->t_gframe);
		if (rc < 0)
			return -1;
	}
	if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
		return 0;
	return why(t, "the colour and deinterlacing filters failed%s", "");
}

/* Let the graph give up the pictures it holds, then free it. */
static int
close_graph(struct tc *t)
{
	int	 rc = 0;

	if (t->t_graph != NULL && av_buffersrc_add_frame(t->t_gin, NULL) >= 0)
		rc = graph_out(t);
	avfilter_graph_free(&t->t_graph);
	t->t_gin = t->t_gout = NULL;
	return rc;
}

/* Display order: top first for TT and BT, bottom first for BB and TB. */
static int
fields_of(const AVCodecParameters *par, const AVFrame *f)
{
	if (f->interlaced_frame)
		return f->top_field_first ? 1 : 2;
	if (par->field_order == AV_FIELD_TT || par->field_order == AV_FIELD_BT)
		return 1;
	if (par->field_order == AV_FIELD_BB || par->field_order == AV_FIELD_TB)
		return 2;
	return 0;
}

/* What f is; a colour the frame leaves unsaid, the container may say. */
static void
look_of(struct tc *t, const AVFrame *f, struct vs_look *lk)
{
	const AVCodecParameters	*par = t->t_in->streams[t->t_vidx]->codecpar;
	const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(f->format);
	enum AVColorRange	 range = f->color_range != AVCOL_RANGE_UNSPECIFIED ?
				    f->color_range : par->color_range;

	lk->lk_height = f->height;
	lk->lk_fields = fields_of(par, f);
	/* The yuvj formats are full range whatever the tags say. */
	lk->lk_full = range == AVCOL_RANGE_JPEG ||
	    (d != NULL && strncmp(d->name, "yuvj", 4) == 0);
	lk->lk_primaries = av_color_primaries_name(f->color_primaries !=
	    AVCOL_PRI_UNSPECIFIED ? f->color_primaries : par->color_primaries);
	lk->lk_transfer = av_color_transfer_name(f->color_trc !=
	    AVCOL_TRC_UNSPECIFIED ? f->color_trc : par->color_trc);
	lk->lk_matrix = av_color_space_name(f->colorspace !=
	    AVCOL_SPC_UNSPECIFIED ? f->colorspace : par->color_space);
}

/* A graph from a buffer of pictures like f, through desc, to a sink. */
static int
open_graph(struct tc *t, const AVFrame *f, const char *desc)
{
	const AVStream	*v = t->t_in->streams[t->t_vidx];
	AVFilterInOut	*in = avfilter_inout_alloc(), *out = avfilter_inout_alloc();
	AVRational	 sar = f->sample_aspect_ratio.num > 0 &&
			    f->sample_aspect_ratio.den > 0 ?
			    f->sample_aspect_ratio : (AVRational){ 1, 1 };
	char		 args[256];
	int		 rc = -1;

	snprintf(args, sizeof(args), "video_size=%dx%d:pix_fmt=%d:"
	    "time_base=%d/%d:pixel_aspect=%d/%d", f->width, f->height,
	    f->format, v->time_base.num, v->time_base.den, sar.num, sar.den);
	if (in == NULL || out == NULL ||
	    (t->t_graph = avfilter_graph_alloc()) == NULL ||
	    avfilter_graph_create_filter(&t->t_gin, avfilter_get_by_name(
	    "buffer"), "in", args, NULL, t->t_graph) < 0 ||
	    avfilter_graph_create_filter(&t->t_gout, avfilter_get_by_name(
	    "buffersink"), "out", NULL, NULL, t->t_graph) < 0)
		goto out;
	out->name = av_strdup("in");
	out->filter_ctx = t->t_gin;
	in->name = av_strdup("out");
	in->filter_ctx = t->t_gout;
	if (out->name != NULL && in->name != NULL &&
	    avfilter_graph_parse_ptr(t->t_graph, desc, &in, &out, NULL) >= 0 &&
	    avfilter_graph_config(t->t_graph, NULL) >= 0)
		rc = 0;
out:
	avfilter_inout_free(&in);
	avfilter_inout_free(&out);
	if (rc == -1)
		return why(t, "the colour and deinterlacing filters cannot be "
		    "set up for this video%s", "");
	return 0;
}

/*
 * Choose the pipeline for pictures like f: the graph vs_ladder_filters
 * names, or none. Chosen again when the size or pixel format changes.
 */
static int
choose_look(struct tc *t, const AVFrame *f)
{
	struct vs_look	 lk;
	char		 desc[GRAPH_MAX];

	if (close_graph(t) == -1)
		return -1;
	t->t_looked = 1;
	t->t_look_w = f->width;
	t->t_look_h = f->height;
	t->t_look_fmt = f->format;
	look_of(t, f, &lk);
	if (vs_ladder_filters(&lk, desc, sizeof(desc)) == -1)
		return why(t, "the colour and deinterlacing filters cannot be "
		    "set up for this video%s", "");
	if (desc[0] == '\0')
		return 0;
	if (t->t_gframe == NULL && (t->t_gframe = av_frame_alloc()) == NULL)
		return why(t, "out of memory%s", "");
	return open_graph(t, f, desc);
}

/* A decoded picture, through the pipeline when it needs one. */
static int
on_picture(struct tc *t, AVFrame *f)
{
	f->pts = f->best_effort_timestamp;
	if ((!t->t_looked || f->width != t->t_look_w ||
	    f->height != t->t_look_h || f->format != t->t_look_fmt) &&
	    choose_look(t, f) == -1)
		return -1;
	if (t->t_graph == NULL)
		return on_video(t, f);
	if (av_buffersrc_add_frame_flags(t->t_gin, f,
	    AV_BUFFERSRC_FLAG_KEEP_REF) < 0)
		return why(t, "the colour and deinterlacing filters failed%s", "");
	return graph_out(t);
}

/* Encoded audio packets go to every rung. */
static int
audio_out(struct tc *t, AVFrame *f)
{
	AVPacket	*p = av_packet_alloc();
	int		 rc, i;

	if (p == NULL || avcodec_send_frame(t->t_aenc, f) < 0) {
		av_packet_free(&p);
		return why(t, "encoding the audio failed%s", "");
	}
	while ((rc = avcodec_receive_packet(t->t_aenc, p)) >= 0) {
		for (i = 0; i < t->t_n && p->pts >= t->t_apkt_min; i++)
			vs_rendition_audio(&t->t_r[i], p);
		av_packet_unref(p);
	}
	av_packet_free(&p);
	return 0;
}

/* Feed the AAC encoder whole frames from the FIFO (all, when flushing). */
static int
audio_chunks(struct tc *t, int flush)
{
	AVFrame	*f;
	int	 n, need = t->t_aenc->frame_size, rc = 0;

	while (rc == 0 && (n = av_audio_fifo_size(t->t_afifo)) > 0 &&
	    (n >= need || flush)) {
		if (t->t_asamples < t->t_askip) {
			n = (int)(t->t_askip - t->t_asamples < n ?
			    t->t_askip - t->t_asamples : n);
			av_audio_fifo_drain(t->t_afifo, n);
			t->t_asamples += n;
			continue;
		}
		if ((f = av_frame_alloc()) == NULL)
			return why(t, "out of memory%s", "");
		f->nb_samples = n < need ? n : need;
		f->format = t->t_aenc->sample_fmt;
		f->sample_rate = AUDIO_RATE;
		av_channel_layout_copy(&f->ch_layout, &t->t_aenc->ch_layout);
		if (av_frame_get_buffer(f, 0) < 0 || av_audio_fifo_read(
		    t->t_afifo, (void **)f->data, f->nb_samples) < 0)
			rc = why(t, "out of memory%s", "");
		f->pts = t->t_asamples;
		t->t_asamples += f->nb_samples;
		if (rc == 0)
			rc = audio_out(t, f);
		av_frame_free(&f);
	}
	return rc;
}

/* Resample n samples at in (NULL: what the resampler still holds). */
static int
resample(struct tc *t, const uint8_t **in, int n)
{
	uint8_t	**buf = NULL;
	int	 out = swr_get_out_samples(t->t_swr, n), got;

	if (out == 0)
		return 0;
	if (out < 0 || av_samples_alloc_array_and_samples(&buf, NULL, 2, out,
	    t->t_aenc->sample_fmt, 0) < 0)
		return why(t, "out of memory%s", "");
	got = swr_convert(t->t_swr, buf, out, in, n);
	if (got > 0 && av_audio_fifo_write(t->t_afifo, (void **)buf, got) < got)
		got = AVERROR(ENOMEM);
	av_freep(&buf[0]);
	av_freep(&buf);
	return got < 0 ? why(t, "resampling the audio failed%s", "") : 0;
}

/* The one input channel, to the left and the right at its own level. */
static const double both_sides[] = { 1.0, 1.0 };

/*
 * A resampler for frames like f: the one we have while rate, sample
 * format and channels stay; when they change mid-stream, the old one's
 * last samples go out and a new one is made.
 */
static int
resampler_for(struct tc *t, const AVFrame *f)
{
	AVChannelLayout	 in = { 0 };
	int		 n = f->ch_layout.nb_channels, rc;

	if (t->t_swr != NULL && f->sample_rate == t->t_swr_rate &&
	    f->format == t->t_swr_fmt &&
	    av_channel_layout_compare(&f->ch_layout, &t->t_swr_layout) == 0)
		return 0;
	if (t->t_swr != NULL && resample(t, NULL, 0) == -1)
		return -1;
	swr_free(&t->t_swr);
	av_channel_layout_uninit(&t->t_swr_layout);
	if (f->sample_rate <= 0 || f->sample_rate > RATE_MAX || n <= 0 ||
	    n > CHANNELS_MAX || av_get_bytes_per_sample(f->format) == 0)
		return why(t, "the audio changes to a form that cannot be "
		    "resampled%s", "");
	if (f->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
		av_channel_layout_default(&in, n);
	else if (av_channel_layout_copy(&in, &f->ch_layout) < 0)
		return why(t, "out of memory%s", "");
	rc = swr_alloc_set_opts2(&t->t_swr, &t->t_aenc->ch_layout,
	    t->t_aenc->sample_fmt, AUDIO_RATE, &in, f->format, f->sample_rate,
	    0, NULL);
	av_channel_layout_uninit(&in);
	/*
	 * More channels mix down with the standard coefficients (centre and
	 * surrounds at -3 dB), as ffmpeg -ac 2 does; one channel is heard at
	 * its own level on both sides, as a player plays a mono file.
	 */
	if (rc >= 0 && n == 1)
		rc = swr_set_matrix(t->t_swr, both_sides, 1);
	if (rc < 0 || swr_init(t->t_swr) < 0 ||
	    av_channel_layout_copy(&t->t_swr_layout, &f->ch_layout) < 0)
		return why(t, "cannot resample the audio%s", "");
	t->t_swr_rate = f->sample_rate;
	t->t_swr_fmt = f->format;
	return 0;
}

/*
 * Samples from the video's start to the audio frame stamped ts, into at;
 * -1 when a stamp is unknown or absurd.
 */
static int
audio_offset(struct tc *t, int64_t ts, int64_t *at)
{
	const AVStream	*a = t->t_in->streams[t->t_aidx];
	const AVStream	*v = t->t_in->streams[t->t_vidx];
	AVRational	 tb = { 1, AUDIO_RATE };
	int64_t		 zero;

	if (sane(ts) == AV_NOPTS_VALUE ||
	    (*at = sane(av_rescale_q(ts, a->time_base, tb))) == AV_NOPTS_VALUE ||
	    (zero = sane(av_rescale_q(t->t_zero, v->time_base, tb))) ==
	    AV_NOPTS_VALUE)
		return -1;
	*at -= zero;
	return 0;
}

/* Where the audio starts, in samples after the video's start. */
static int64_t
audio_start(struct tc *t, int64_t ts)
{
	int64_t	 at;

	if (audio_offset(t, ts, &at) == -1)
		return 0;
	return at < 0 || at > (int64_t)JUMP_SECONDS * AUDIO_RATE ? 0 : at;
}

/* Where a resumed attempt's audio frame stamped ts starts, in samples. */
static int64_t
audio_at(struct tc *t, int64_t ts)
{
	int64_t	 at;

	return audio_offset(t, ts, &at) == -1 ? t->t_askip : at;
}

static int
on_audio(struct tc *t, const AVFrame *f)
{
	if (f->nb_samples <= 0)
		return 0;
	if (!t->t_astarted) {
		t->t_astarted = 1;
		t->t_asamples = t->t_resume > 0 ? audio_at(t,
		    f->best_effort_timestamp) : audio_start(t,
		    f->best_effort_timestamp);
	}
	if (resampler_for(t, f) == -1 ||
	    resample(t, (const uint8_t **)f->extended_data, f->nb_samples) == -1)
		return -1;
	return audio_chunks(t, 0);
}

/* Decode what the decoder gives back now; -1 on a fatal error. */
static int
receive(struct tc *t, AVCodecContext *d, AVFrame *f)
{
	int	 rc;

	while ((rc = avcodec_receive_frame(d, f)) >= 0) {
		rc = d == t->t_vdec ? on_picture(t, f) : on_audio(t, f);
		av_frame_unref(f);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* A packet the decoder refused: skipped, unless there are too many. */
static int
damaged(struct tc *t)
{
	t->t_bad++;
	if (t->t_bad > BAD_MAX && t->t_bad * BAD_SHARE > t->t_packets)
		return why(t, "the source is damaged: %s", "too many packets "
		    "do not decode");
	return 0;
}

static int
decode_all(struct tc *t)
{
	AVPacket	*p = av_packet_alloc();
	AVFrame		*f = av_frame_alloc();
	AVCodecContext	*d;
	int		 rc = 0;

	if (p == NULL || f == NULL)
		rc = why(t, "out of memory%s", "");
	while (rc == 0 && av_read_frame(t->t_in, p) >= 0) {
		d = p->stream_index == t->t_vidx ? t->t_vdec :
		    p->stream_index == t->t_aidx ? t->t_adec : NULL;
		if (d != NULL) {
			t->t_packets++;
			if (avcodec_send_packet(d, p) < 0)
				rc = damaged(t);
			if (rc == 0)
				rc = receive(t, d, f);
		}
		av_packet_unref(p);
	}
	if (rc == 0 && avcodec_send_packet(t->t_vdec, NULL) >= 0)
		rc = receive(t, t->t_vdec, f);
	if (rc == 0)
		rc = close_graph(t);
	if (rc == 0 && t->t_adec != NULL &&
	    avcodec_send_packet(t->t_adec, NULL) >= 0)
		rc = receive(t, t->t_adec, f);
	if (rc == 0 && t->t_swr != NULL)
		rc = resample(t, NULL, 0);
	if (rc == 0 && t->t_aenc != NULL && (rc = audio_chunks(t, 1)) == 0)
		rc = audio_out(t, NULL);
	if (rc == 0 && t->t_sent == 0)
		rc = why(t, "the video has no frames that decode%s", "");
	av_packet_free(&p);
	av_frame_free(&f);
	return rc;
}

/*
 * Where the first attempt's audio began, as audio_start said of its first
 * decoded frame: read from the start of the source. 0 / -1 (no audio).
 */
static int
first_audio(struct tc *t, int64_t *a0)
{
	AVPacket	*p = av_packet_alloc();
	AVFrame		*f = av_frame_alloc();
	int		 got = 0;

	while (!got && p != NULL && f != NULL && av_read_frame(t->t_in, p) >= 0) {
		if (p->stream_index == t->t_aidx &&
		    avcodec_send_packet(t->t_adec, p) >= 0)
			while (!got && avcodec_receive_frame(t->t_adec, f) >= 0) {
				if (f->nb_samples > 0) {
					*a0 = audio_start(t, f->best_effort_timestamp);
					got = 1;
				}
				av_frame_unref(f);
			}
		av_packet_unref(p);
	}
	avcodec_flush_buffers(t->t_adec);
	av_packet_free(&p);
	av_frame_free(&f);
	return got ? 0 : -1;
}

/*
 * The audio a resumed attempt sends on: the packets the muxer would have
 * put after the boundary's keyframe (whose dts is behind its pts by the
 * encoder's delay), and one frame before them fed to the encoder, so that
 * the first packet kept has what came before it.
 */
static void
plan_audio(struct tc *t, int64_t bnd, int64_t a0)
{
	const AVStream	*v = t->t_in->streams[t->t_vidx];
	int64_t		 fs = t->t_aenc->frame_size, kf, j;

	kf = av_rescale_q_rnd(bnd - t->t_r[0].rd_enc->has_b_frames *
	    t->t_step, v->time_base, (AVRational){ 1, AUDIO_RATE },
	    AV_ROUND_UP) - a0;
	j = kf >= 0 ? (kf + fs - 1) / fs + 1 : 1 - (-kf) / fs;
	j = j > 0 ? j : 0;
	t->t_apkt_min = a0 + fs * (j - 1);
	t->t_askip = a0 + fs * (j > 2 ? j - 2 : 0);
}

/*
 * A resumed attempt: seek the source to before the boundary after the
 * kept segments (the demuxer lands on a keyframe before it), and drop what
 * decodes before it.
 */
static int
seek_to(struct tc *t)
{
	const AVStream	*v = t->t_in->streams[t->t_vidx];
	int64_t		 bnd, from, a0 = 0;
	double		 secs = (double)t->t_kept * VS_SEGMENT_SECONDS;

	bnd = av_rescale_q((int64_t)t->t_kept * VS_SEGMENT_SECONDS,
	    (AVRational){ 1, 1 }, v->time_base);
	from = bnd;
	if (t->t_aenc != NULL && first_audio(t, &a0) == 0) {
		plan_audio(t, bnd, a0);
		from = av_rescale_q(t->t_askip, (AVRational){ 1, AUDIO_RATE },
		    v->time_base);
		from = from < bnd ? from : bnd;
	}
	from -= av_rescale_q(SEEK_MARGIN, (AVRational){ 1, 1 }, v->time_base);
	from = t->t_zero + (from > 0 ? from : 0);
	if (av_seek_frame(t->t_in, t->t_vidx, from, AVSEEK_FLAG_BACKWARD) < 0)
		return why(t, "the source cannot be read from where the last "
		    "attempt stopped%s", "");
	avcodec_flush_buffers(t->t_vdec);
	t->t_resume = bnd;
	if (t->t_hooks != NULL && t->t_hooks->th_resumed != NULL)
		t->t_hooks->th_resumed(t->t_hooks->th_arg, secs);
	return 0;
}

/*
 * A resumed attempt that began after the thumbnail's frame: decode the
 * video from before that frame until it comes.
 */
static int
find_thumb(struct tc *t)
{
	AVPacket	*p = av_packet_alloc();
	AVFrame		*f = av_frame_alloc();
	int		 rc = 0;

	if (t->t_resume == 0 || t->t_thumb_at >= t->t_resume) {
		av_packet_free(&p);
		av_frame_free(&f);
		return 0;
	}
	t->t_thumb_only = 1;
	t->t_resume = t->t_thumb_at > 0 ? t->t_thumb_at : 1;
	t->t_last = INT64_MIN;
	t->t_offset = 0;
	t->t_looked = 0;
	avcodec_flush_buffers(t->t_vdec);
	if (p == NULL || f == NULL || av_seek_frame(t->t_in, t->t_vidx,
	    t->t_zero + t->t_resume, AVSEEK_FLAG_BACKWARD) < 0)
		rc = -1;
	while (rc == 0 && t->t_thumb_only == 1 && av_read_frame(t->t_in, p) >= 0) {
		if (p->stream_index == t->t_vidx &&
		    avcodec_send_packet(t->t_vdec, p) >= 0)
			rc = receive(t, t->t_vdec, f);
		av_packet_unref(p);
	}
	if (rc == 0 && t->t_thumb_only == 1 &&
	    avcodec_send_packet(t->t_vdec, NULL) >= 0)
		rc = receive(t, t->t_vdec, f);
	if (rc == 0)
		rc = close_graph(t);
	av_packet_free(&p);
	av_frame_free(&f);
	return rc;
}

/*
 * pic (limited range yuv420p) in full range, as a JPEG's picture is read;
 * NULL without memory. The caller frees the frame.
 */
static AVFrame *
full_range(const AVFrame *pic)
{
	struct SwsContext	*s;
	AVFrame			*f = av_frame_alloc();

	if (f == NULL || (s = sws_getContext(pic->width, pic->height,
	    pic->format, pic->width, pic->height, AV_PIX_FMT_YUVJ420P,
	    SWS_POINT, NULL, NULL, NULL)) == NULL) {
		av_frame_free(&f);
		return NULL;
	}
	f->width = pic->width;
	f->height = pic->height;
	f->format = AV_PIX_FMT_YUVJ420P;
	f->color_range = AVCOL_RANGE_JPEG;
	if (av_frame_get_buffer(f, 0) < 0 || sws_scale(s,
	    (const uint8_t *const *)pic->data, pic->linesize, 0, pic->height,
	    f->data, f->linesize) <= 0)
		av_frame_free(&f);
	sws_freeContext(s);
	return f;
}

/*
 * The thumbnail: the kept frame at the smallest rung's size, upright (the
 * rung's own scaler and turn, now that its thread is done), in full range,
 * as a JPEG.
 */
static int
thumbnail(struct tc *t, const char *dir, long long *size)
{
	AVFrame		*pic = NULL;
	char		 path[4096];
	int		 rc = -1;

	if (t->t_thumb != NULL &&
	    (pic = vs_rendition_picture(&t->t_r[0], t->t_thumb)) != NULL &&
	    (pic = full_range(pic)) != NULL) {
		snprintf(path, sizeof(path), "%s/thumb.jpg", dir);
		rc = vs_media_jpeg(pic, THUMB_QUALITY, path, size);
	}
	av_frame_free(&pic);
	return rc == 0 ? 0 : why(t, "the thumbnail could not be made%s", "");
}

/* The sheets and the track of the storyboard, for a video so long. */
static int
storyboard(struct tc *t, double duration)
{
	if (vs_storyboard_finish(&t->t_sb, duration) == -1)
		return why(t, "%s", t->t_sb.sb_why);
	return 0;
}

/* Measure every rung, write its I-frame playlist, then the master. */
static int
publish_playlists(struct tc *t, const char *dir, struct vs_ladder_out *o)
{
	struct vs_variant	*v;
	char			 p[4400];
	int			 i;

	o->lo_count = t->t_n;
	o->lo_has_audio = t->t_aenc != NULL;
	for (i = 0; i < t->t_n; i++) {
		v = &o->lo_variants[i];
		variant_of(t, i, v);
		snprintf(p, sizeof(p), "%s/hls/%dp", dir, v->v_name);
		if (vs_hls_measure(p, v) == -1)
			return why(t, "a rendition came out empty (%s)",
			    strrchr(p, '/') + 1);
		vs_iframe_playlist(p, &v->v_iframe_peak, &v->v_iframe_average);
	}
	o->lo_duration = o->lo_variants[0].v_duration;
	snprintf(p, sizeof(p), "%s/hls/master.m3u8", dir);
	if (write_master(t, p, o->lo_variants, t->t_n) == -1)
		return why(t, "cannot write the master playlist%s", "");
	return 0;
}

/* The streams of in, copied, for out. */
static int
copy_streams(AVFormatContext *in, AVFormatContext *out)
{
	AVStream	*s;
	unsigned	 k;

	for (k = 0; k < in->nb_streams; k++) {
		if ((s = avformat_new_stream(out, NULL)) == NULL ||
		    avcodec_parameters_copy(s->codecpar,
		    in->streams[k]->codecpar) < 0)
			return -1;
		s->codecpar->codec_tag = 0;
		s->time_base = in->streams[k]->time_base;
	}
	return 0;
}

/*
 * Every packet of in to out, in the same streams, lead (AV_TIME_BASE)
 * earlier: the segments' lead-in, so that the MP4 starts at 0. A video
 * packet without a duration lasts frame (AV_TIME_BASE). 0 / -1.
 */
static int
copy_packets(AVFormatContext *in, AVFormatContext *out, int64_t lead,
    int64_t frame)
{
	AVPacket	*p = av_packet_alloc();
	AVRational	 tb;
	int		 rc = p == NULL ? -1 : 0;

	while (rc == 0 && av_read_frame(in, p) >= 0) {
		tb = out->streams[p->stream_index]->time_base;
		av_packet_rescale_ts(p, in->streams[p->stream_index]->time_base,
		    tb);
		if (p->pts != AV_NOPTS_VALUE)
			p->pts -= av_rescale_q(lead, AV_TIME_BASE_Q, tb);
		if (p->dts != AV_NOPTS_VALUE)
			p->dts -= av_rescale_q(lead, AV_TIME_BASE_Q, tb);
		/* The MP4's last sample lasts as long as its packet says. */
		if (p->duration <= 0 && in->streams[p->stream_index]->
		    codecpar->codec_type == AVMEDIA_TYPE_VIDEO)
			p->duration = av_rescale_q(frame, AV_TIME_BASE_Q, tb);
		p->pos = -1;
		if (av_interleaved_write_frame(out, p) < 0)
			rc = -1;
		av_packet_unref(p);
	}
	av_packet_free(&p);
	return rc;
}

/*
 * The MP4 of the rung named name: its published segments remuxed (no
 * encoding) as copy_packets says, faststart, renamed into dir/mp4/<name>p.mp4;
 * its size in *size. 0 / -1.
 */
static int
remux(const char *dir, int name, int64_t lead, int64_t frame,
    long long *size)
{
	AVFormatContext	*in = NULL, *out = NULL;
	AVDictionary	*o = NULL;
	struct stat	 st;
	char		 src[4400], tmp[4400], dst[4400];
	int		 rc = -1;

	snprintf(src, sizeof(src), "%s/hls/%dp/playlist.m3u8", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/mp4/.%dp.mp4", dir, name);
	snprintf(dst, sizeof(dst), "%s/mp4/%dp.mp4", dir, name);
	av_dict_set(&o, "protocol_whitelist", "file", 0);
	if (avformat_open_input(&in, src, av_find_input_format("hls"), &o) < 0 ||
	    avformat_find_stream_info(in, NULL) < 0 ||
	    avformat_alloc_output_context2(&out, NULL, "mp4", tmp) < 0 ||
	    copy_streams(in, out) == -1 ||
	    avio_open(&out->pb, tmp, AVIO_FLAG_WRITE) < 0)
		goto out;
	av_dict_free(&o);
	av_dict_set(&o, "movflags", "+faststart", 0);
	if (avformat_write_header(out, &o) < 0 || copy_packets(in, out, lead, frame) == -1 ||
	    av_write_trailer(out) < 0 || avio_closep(&out->pb) < 0)
		goto out;
	if (stat(tmp, &st) == 0 && rename(tmp, dst) == 0) {
		*size = st.st_size;
		rc = 0;
	}
out:
	if (out != NULL && out->pb != NULL)
		avio_closep(&out->pb);
	avformat_free_context(out);
	avformat_close_input(&in);
	av_dict_free(&o);
	if (rc == -1)
		remove(tmp);
	return rc;
}

/* Every rung's MP4, from its segments. */
static int
make_mp4s(struct tc *t, const char *dir, struct vs_ladder_out *o)
{
	char	 p[4400];
	int	 i;

	snprintf(p, sizeof(p), "%s/mp4", dir);
	if (mkdir(p, 0777) == -1 && errno != EEXIST)
		return why(t, "cannot create the output folders%s", "");
	for (i = 0; i < t->t_n; i++)
		if (remux(dir, t->t_r[i].rd_rung.r_name, t->t_r[i].rd_lead,
		    av_rescale_q(1, av_inv_q(t->t_r[i].rd_enc->framerate),
		    AV_TIME_BASE_Q), &o->lo_mp4_size[i]) == -1)
			return why(t, "the MP4 of a rendition could not be "
			    "made%s", "");
	return 0;
}

static void
tc_free(struct tc *t)
{
	int	 i;

	for (i = 0; i < t->t_n; i++)
		vs_rendition_free(&t->t_r[i]);
	av_frame_free(&t->t_thumb);
	vs_storyboard_free(&t->t_sb);
	avfilter_graph_free(&t->t_graph);
	av_frame_free(&t->t_gframe);
	av_audio_fifo_free(t->t_afifo);
	swr_free(&t->t_swr);
	av_channel_layout_uninit(&t->t_swr_layout);
	avcodec_free_context(&t->t_aenc);
	avcodec_free_context(&t->t_adec);
	avcodec_free_context(&t->t_vdec);
	avformat_close_input(&t->t_in);
}

int
vs_transcode(const char *src, const char *dir, const char *preset,
    const struct vs_tc_hooks *hooks, struct vs_ladder_out *out, char *reason,
    size_t len)
{
	struct tc	 t;
	int		 i, rc = -1, failed = 0;

	memset(&t, 0, sizeof(t));
	memset(out, 0, sizeof(*out));
	t.t_hooks = hooks;
	t.t_dir = dir;
	t.t_why = reason;
	t.t_whylen = len;
	reason[0] = '\0';
	av_log_set_level(AV_LOG_ERROR);
	if (open_input(&t, src) == -1 || open_ladder(&t, dir, preset) == -1 ||
	    (t.t_kept > 0 && seek_to(&t) == -1) || start_ladder(&t) == -1 ||
	    (t.t_kept > 0 && playable(&t) == -1))
		goto out;
	failed = decode_all(&t);
	for (i = 0; i < t.t_n; i++)
		if (vs_rendition_finish(&t.t_r[i]) == -1 && !failed)
			failed = why(&t, "%s", t.t_r[i].rd_why);
	if (failed || publish_playlists(&t, dir, out) == -1 ||
	    storyboard(&t, out->lo_duration) == -1 ||
	    find_thumb(&t) == -1 || thumbnail(&t, dir, &out->lo_thumb_size) == -1 ||
	    make_mp4s(&t, dir, out) == -1)
		goto out;
	rc = 0;
out:
	tc_free(&t);
	return rc;
}
