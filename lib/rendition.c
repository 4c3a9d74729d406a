/* rendition.c: one rung of the ladder: scale, turn, encode, segment. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

#include "rendition.h"

/*
 * FFmpeg's segmenter writes its own playlist and init segment under these
 * names, which no reader is given; the published ones are ours.
 */
#define OWN_LIST	".segmenter.m3u8"
#define OWN_INIT	".init.mp4"

/* What travels through the queue: a frame or an audio packet. */
struct item {
	AVFrame		*it_frame;
	AVPacket	*it_pkt;
};

static int
fail(struct vs_rendition *r, const char *what, int averr)
{
	char	 e[AV_ERROR_MAX_STRING_SIZE] = "";

	if (averr < 0)
		av_strerror(averr, e, sizeof(e));
	if (r->rd_err == 0)
		snprintf(r->rd_why, sizeof(r->rd_why), "%dp: %s%s%s",
		    r->rd_rung.r_name, what, *e ? ": " : "", e);
	r->rd_err = -1;
	return -1;
}

/* The H.264 profile and level from the SPS, as HLS CODECS wants them. */
static void
codecs_from_sps(struct vs_rendition *r)
{
	const uint8_t	*x = r->rd_enc->extradata;
	int		 n = r->rd_enc->extradata_size, i;

	snprintf(r->rd_codecs, sizeof(r->rd_codecs), "avc1.640028");
	if (n >= 4 && x[0] == 1) {		/* avcC */
		snprintf(r->rd_codecs, sizeof(r->rd_codecs), "avc1.%02x%02x%02x",
		    x[1], x[2], x[3]);
		return;
	}
	for (i = 0; i + 6 < n; i++)		/* Annex B: 00 00 01 67 ... */
		if (x[i] == 0 && x[i + 1] == 0 && x[i + 2] == 1 &&
		    (x[i + 3] & 0x1f) == 7) {
			snprintf(r->rd_codecs, sizeof(r->rd_codecs),
			    "avc1.%02x%02x%02x", x[i + 4], x[i + 5], x[i + 6]);
			return;
		}
}

static int
open_encoder(struct vs_rendition *r, AVRational fps, const char *preset)
{
	const AVCodec	*c = avcodec_find_encoder_by_name("libx264");
	AVCodecContext	*e;
	AVDictionary	*o = NULL;
	int		 gop = (int)av_rescale(VS_GOP_SECONDS, fps.num, fps.den);
	int		 rc;

	if (c == NULL || (e = r->rd_enc = avcodec_alloc_context3(c)) == NULL)
		return fail(r, "no libx264 encoder", 0);
	e->width = r->rd_rung.r_width;
	e->height = r->rd_rung.r_height;
	e->pix_fmt = AV_PIX_FMT_YUV420P;
	e->time_base = r->rd_tb;
	e->framerate = fps;
	e->sample_aspect_ratio = (AVRational){ 1, 1 };
	/* The pipeline before the rungs made every picture so; say it. */
	e->color_primaries = AVCOL_PRI_BT709;
	e->color_trc = AVCOL_TRC_BT709;
	e->colorspace = AVCOL_SPC_BT709;
	e->color_range = AVCOL_RANGE_MPEG;
	e->bit_rate = r->rd_rung.r_bitrate;
	e->rc_max_rate = r->rd_rung.r_maxrate;
	e->rc_buffer_size = r->rd_rung.r_bufsize;
	e->gop_size = gop > 0 ? gop : 50;
	e->keyint_min = e->gop_size;
	e->max_b_frames = 2;
	e->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
	av_dict_set(&o, "preset", preset, 0);
	av_dict_set(&o, "profile", "high", 0);
	/* Keyframes only where forced: every rung cuts at the same times. */
	av_dict_set(&o, "x264-params", "scenecut=0:open-gop=0", 0);
	av_dict_set(&o, "forced-idr", "1", 0);
	rc = avcodec_open2(e, c, &o);
	av_dict_free(&o);
	if (rc < 0)
		return fail(r, "cannot open the encoder", rc);
	codecs_from_sps(r);
	return 0;
}

static int
add_streams(struct vs_rendition *r, AVFormatContext *m)
{
	AVStream	*vs, *as;

	if ((vs = avformat_new_stream(m, NULL)) == NULL ||
	    avcodec_parameters_from_context(vs->codecpar, r->rd_enc) < 0)
		return -1;
	vs->time_base = r->rd_enc->time_base;
	if (r->rd_aenc == NULL)
		return 0;
	if ((as = avformat_new_stream(m, NULL)) == NULL ||
	    avcodec_parameters_from_context(as->codecpar, r->rd_aenc) < 0)
		return -1;
	as->time_base = r->rd_aenc->time_base;
	return 0;
}

/*
 * The muxer's timestamps start this far ahead, in microseconds, so that
 * the first packet of the video (dts behind pts by the encoder's delay)
 * and of the audio (the AAC priming frame) are never negative. The same
 * on every attempt, so that a resumed rung's timeline goes on.
 */
static int64_t
lead_in(const struct vs_rendition *r)
{
	int64_t	 v, a = 0;

	v = av_rescale_q(r->rd_enc->has_b_frames, av_inv_q(
	    r->rd_enc->framerate), AV_TIME_BASE_Q);
	if (r->rd_aenc != NULL)
		a = av_rescale_q(r->rd_aenc->initial_padding,
		    (AVRational){ 1, r->rd_aenc->sample_rate }, AV_TIME_BASE_Q);
	return v > a ? v : a;
}

static int
open_hls(struct vs_rendition *r)
{
	char		 list[4400], segs[4400], start[16];
	AVDictionary	*o = NULL;
	int		 rc;

	snprintf(list, sizeof(list), "%s/" OWN_LIST, r->rd_dir);
	snprintf(segs, sizeof(segs), "%s/%%d.m4s", r->rd_dir);
	snprintf(start, sizeof(start), "%d", r->rd_start);
	if (avformat_alloc_output_context2(&r->rd_mux, NULL, "hls",
	    list) < 0 || add_streams(r, r->rd_mux) == -1)
		return fail(r, "cannot set up HLS", 0);
	r->rd_mux->output_ts_offset = r->rd_lead = lead_in(r);
	av_dict_set(&o, "hls_time", "6", 0);
	av_dict_set(&o, "hls_list_size", "0", 0);
	av_dict_set(&o, "start_number", start, 0);
	av_dict_set(&o, "hls_segment_type", "fmp4", 0);
	av_dict_set(&o, "hls_fmp4_init_filename", OWN_INIT, 0);
	av_dict_set(&o, "hls_segment_filename", segs, 0);
	/*
	 * Each fragment's decode time is the packets' own (frag_discont),
	 * without an edit list: a resumed attempt's segments go on the same
	 * timeline, and its init segment is the first attempt's, byte for
	 * byte.
	 */
	av_dict_set(&o, "hls_segment_options",
	    "movflags=+frag_discont:use_editlist=0:avoid_negative_ts=disabled",
	    0);
	/* A segment is written under a temporary name, then renamed. */
	av_dict_set(&o, "hls_flags", "independent_segments+temp_file", 0);
	rc = avformat_write_header(r->rd_mux, &o);
	av_dict_free(&o);
	return rc < 0 ? fail(r, "cannot start HLS", rc) : 0;
}

/*
 * Frames for scaling (source orientation) and turning (display). The
 * scaler itself is made for the first picture and made again whenever a
 * picture of another size or pixel format comes.
 */
static int
open_frames(struct vs_rendition *r)
{
	int	 sw = r->rd_rung.r_width, sh = r->rd_rung.r_height;

	if (r->rd_rotation == 90 || r->rd_rotation == 270) {
		sw = r->rd_rung.r_height;
		sh = r->rd_rung.r_width;
	}
	r->rd_scaled = av_frame_alloc();
	r->rd_turned = av_frame_alloc();
	if (r->rd_scaled == NULL || r->rd_turned == NULL)
		return fail(r, "out of memory", 0);
	r->rd_scaled->format = r->rd_turned->format = AV_PIX_FMT_YUV420P;
	r->rd_scaled->width = sw;
	r->rd_scaled->height = sh;
	r->rd_turned->width = r->rd_rung.r_width;
	r->rd_turned->height = r->rd_rung.r_height;
	if (av_frame_get_buffer(r->rd_scaled, 0) < 0 ||
	    av_frame_get_buffer(r->rd_turned, 0) < 0)
		return fail(r, "out of memory", 0);
	return 0;
}

int
vs_rendition_open(struct vs_rendition *r, const struct vs_rung *rung,
    AVRational tb, AVRational fps, int rotation,
    const AVCodecContext *aenc, const char *dir, const char *preset,
    struct vs_hls_list *kept)
{
	memset(r, 0, sizeof(*r));
	r->rd_rung = *rung;
	r->rd_rotation = rotation;
	r->rd_tb = tb;
	r->rd_aenc = aenc;
	r->rd_list = *kept;
	memset(kept, 0, sizeof(*kept));
	r->rd_start = r->rd_list.hl_n;
	atomic_init(&r->rd_published, r->rd_list.hl_n);
	snprintf(r->rd_dir, sizeof(r->rd_dir), "%s/hls/%dp", dir, rung->r_name);
	r->rd_kf_step = av_rescale_q(VS_GOP_SECONDS, (AVRational){ 1, 1 }, tb);
	if (r->rd_kf_step < 1)
		r->rd_kf_step = 1;
	r->rd_last_dts[0] = r->rd_last_dts[1] = INT64_MIN;
	if (vs_fifo_init(&r->rd_fifo) == -1)
		return fail(r, "cannot make a queue", 0);
	if (open_frames(r) == -1 ||
	    open_encoder(r, fps, preset) == -1 || open_hls(r) == -1)
		return -1;
	return 0;
}

/* Turn a planar frame: 90 (clockwise), 180 or 270 degrees. */
static void
turn_plane(const uint8_t *s, int ss, int sw, int sh, uint8_t *d, int ds,
    int rot)
{
	int	 x, y, dw = rot == 180 ? sw : sh, dh = rot == 180 ? sh : sw;

	for (y = 0; y < dh; y++)
		for (x = 0; x < dw; x++) {
			if (rot == 90)
				d[y * ds + x] = s[(sh - 1 - x) * ss + y];
			else if (rot == 270)
				d[y * ds + x] = s[x * ss + (sw - 1 - y)];
			else
				d[y * ds + x] = s[(sh - 1 - y) * ss +
				    (sw - 1 - x)];
		}
}

/*
 * A scaler for pictures like src: the one we have while the size and pixel
 * format stay, a new one when they change (a stream may switch mid-way).
 */
static int
scaler_for(struct vs_rendition *r, const AVFrame *src)
{
	const AVFrame	*s = r->rd_scaled;
	char		 what[96];

	if (r->rd_sws != NULL && src->width == r->rd_src_w &&
	    src->height == r->rd_src_h && src->format == r->rd_src_fmt)
		return 0;
	if (src->width > 0 && src->height > 0 && src->data[0] != NULL &&
	    sws_isSupportedInput(src->format) > 0)
		r->rd_sws = sws_getCachedContext(r->rd_sws, src->width,
		    src->height, src->format, s->width, s->height,
		    AV_PIX_FMT_YUV420P, SWS_BICUBIC, NULL, NULL, NULL);
	else {
		sws_freeContext(r->rd_sws);
		r->rd_sws = NULL;
	}
	if (r->rd_sws == NULL) {
		snprintf(what, sizeof(what), "cannot scale a %dx%d picture in "
		    "pixel format %s", src->width, src->height,
		    av_get_pix_fmt_name(src->format) != NULL ?
		    av_get_pix_fmt_name(src->format) : "unknown");
		return fail(r, what, 0);
	}
	r->rd_src_w = src->width;
	r->rd_src_h = src->height;
	r->rd_src_fmt = src->format;
	return 0;
}

AVFrame *
vs_rendition_picture(struct vs_rendition *r, const AVFrame *src)
{
	AVFrame	*s = r->rd_scaled, *t = r->rd_turned;
	int	 rc;

	if (scaler_for(r, src) == -1)
		return NULL;
	if ((rc = av_frame_make_writable(s)) < 0 ||
	    (rc = sws_scale(r->rd_sws, (const uint8_t *const *)src->data,
	    src->linesize, 0, src->height, s->data, s->linesize)) <= 0) {
		fail(r, "scaling failed", rc);
		return NULL;
	}
	if (r->rd_rotation == 0)
		return s;
	if ((rc = av_frame_make_writable(t)) < 0) {
		fail(r, "out of memory", rc);
		return NULL;
	}
	vs_rendition_turn(s, t, r->rd_rotation);
	return t;
}

void
vs_rendition_turn(const AVFrame *s, AVFrame *d, int rot)
{
	int	 p;

	for (p = 0; p < 3; p++)
		turn_plane(s->data[p], s->linesize[p], p ? s->width / 2 :
		    s->width, p ? s->height / 2 : s->height, d->data[p],
		    d->linesize[p], rot);
}

/* Sync the file at path to disk; 0 / -1. */
static int
sync_file(const char *path)
{
	int	 fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Are the files at a and b the same bytes? 1, 0, or -1 on an error. */
static int
same_file(const char *a, const char *b)
{
	FILE	*f = fopen(a, "rb"), *g = fopen(b, "rb");
	int	 c, d, rc = -1;

	if (f != NULL && g != NULL) {
		do {
			c = getc(f);
			d = getc(g);
		} while (c == d && c != EOF);
		rc = c == d && !ferror(f) && !ferror(g);
	}
	if (f != NULL)
		fclose(f);
	if (g != NULL)
		fclose(g);
	return rc;
}

/*
 * The init segment, once the segmenter wrote it: renamed into place on a
 * first attempt; on a resumed one it must match the published one, or the
 * kept segments would be decoded with another set-up.
 */
static int
publish_init(struct vs_rendition *r)
{
	char	 own[4400], pub[4400];

	snprintf(own, sizeof(own), "%s/" OWN_INIT, r->rd_dir);
	snprintf(pub, sizeof(pub), "%s/init.mp4", r->rd_dir);
	if (r->rd_start == 0)
		return sync_file(own) == -1 || rename(own, pub) == -1 ?
		    fail(r, "cannot publish the init segment", 0) : 0;
	if (same_file(own, pub) != 1)
		return fail(r, "the encoder's set-up differs from the attempt "
		    "this one resumes", 0);
	remove(own);
	return 0;
}

/*
 * Publish the segments the segmenter finished since the last call: each
 * one it lists, renamed into place and synced, joins our playlist, which
 * is replaced whole (with ENDLIST once ended). Cheap when nothing is new:
 * one stat of the next segment's name.
 */
static int
publish(struct vs_rendition *r, int ended)
{
	struct vs_hls_list	 own = { 0 };
	struct stat		 st;
	char			 path[4400];
	int			 n = r->rd_list.hl_n, i, rc = -1;

	snprintf(path, sizeof(path), "%s/%d.m4s", r->rd_dir, n);
	if (!ended && stat(path, &st) == -1)
		return 0;
	snprintf(path, sizeof(path), "%s/" OWN_LIST, r->rd_dir);
	if (vs_hls_list_read(path, &own) == -1 || own.hl_first != r->rd_start)
		goto out;
	for (i = n - r->rd_start; i < own.hl_n; i++) {
		snprintf(path, sizeof(path), "%s/%d.m4s", r->rd_dir,
		    r->rd_start + i);
		if (sync_file(path) == -1 ||
		    vs_hls_list_add(&r->rd_list, own.hl_dur[i]) == -1)
			goto out;
	}
	if (n == r->rd_list.hl_n && !ended) {
		rc = 0;
		goto out;
	}
	if (n == r->rd_start && r->rd_list.hl_n > n && publish_init(r) == -1)
		goto out;
	snprintf(path, sizeof(path), "%s/playlist.m3u8", r->rd_dir);
	if (vs_hls_list_write(path, &r->rd_list, ended) == 0)
		rc = 0;
	atomic_store(&r->rd_published, r->rd_list.hl_n);
out:
	vs_hls_list_clear(&own);
	if (rc == -1 && r->rd_err == 0)
		fail(r, "cannot publish a segment", 0);
	return rc;
}

/*
 * Write pkt (in time base tb) as stream idx. The muxer wants each
 * stream's DTS to grow: a packet that would not is refused here, so that
 * the muxer never sees one.
 */
static int
mux(struct vs_rendition *r, const AVPacket *pkt, AVRational tb, int idx)
{
	AVPacket	*c;
	int		 rc;

	if (pkt->dts == AV_NOPTS_VALUE || pkt->dts <= r->rd_last_dts[idx])
		return fail(r, idx == 0 ? "the encoded video went back in time" :
		    "the encoded audio went back in time", 0);
	r->rd_last_dts[idx] = pkt->dts;
	if ((c = av_packet_clone(pkt)) == NULL)
		return fail(r, "out of memory", 0);
	c->stream_index = idx;
	av_packet_rescale_ts(c, tb, r->rd_mux->streams[idx]->time_base);
	rc = av_interleaved_write_frame(r->rd_mux, c);
	av_packet_free(&c);
	if (rc < 0)
		return fail(r, "writing HLS failed", rc);
	return publish(r, 0);
}

static int
drain(struct vs_rendition *r)
{
	AVPacket	*pkt = av_packet_alloc();
	int		 rc;

	if (pkt == NULL)
		return fail(r, "out of memory", 0);
	while ((rc = avcodec_receive_packet(r->rd_enc, pkt)) >= 0) {
		/*
		 * One frame long when the encoder leaves it open, so that the
		 * last segment (and a video of a single frame) has a length.
		 */
		if (pkt->duration <= 0)
			pkt->duration = av_rescale_q(1,
			    av_inv_q(r->rd_enc->framerate), r->rd_enc->time_base);
		rc = mux(r, pkt, r->rd_enc->time_base, 0);
		av_packet_unref(pkt);
		if (rc < 0)
			break;
	}
	av_packet_free(&pkt);
	if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
		return 0;
	return r->rd_err ? -1 : fail(r, "encoding failed", rc);
}

static int
encode(struct vs_rendition *r, const AVFrame *src)
{
	AVFrame	*pic = vs_rendition_picture(r, src);
	int	 rc;

	if (pic == NULL)
		return -1;
	pic->pts = src->pts;
	pic->pict_type = AV_PICTURE_TYPE_NONE;
	/* The first keyframe time after this one, however far pts leapt. */
	if (src->pts >= r->rd_next_kf) {
		pic->pict_type = AV_PICTURE_TYPE_I;
		r->rd_next_kf += ((src->pts - r->rd_next_kf) / r->rd_kf_step +
		    1) * r->rd_kf_step;
	}
	if ((rc = avcodec_send_frame(r->rd_enc, pic)) < 0)
		return fail(r, "encoding failed", rc);
	return drain(r);
}

static void *
run(void *arg)
{
	struct vs_rendition	*r = arg;
	struct item		*it;

	while ((it = vs_fifo_pop(&r->rd_fifo)) != NULL) {
		if (r->rd_err == 0 && it->it_frame != NULL)
			encode(r, it->it_frame);
		else if (r->rd_err == 0)
			mux(r, it->it_pkt, r->rd_aenc->time_base, 1);
		av_frame_free(&it->it_frame);
		av_packet_free(&it->it_pkt);
		free(it);
	}
	return NULL;
}

int
vs_rendition_start(struct vs_rendition *r)
{
	if (pthread_create(&r->rd_thread, NULL, run, r) != 0)
		return fail(r, "cannot start a thread", 0);
	r->rd_running = 1;
	return 0;
}

static int
push(struct vs_rendition *r, AVFrame *f, AVPacket *p)
{
	struct item	*it;

	if (r->rd_err || (f == NULL && p == NULL) ||
	    (it = calloc(1, sizeof(*it))) == NULL) {
		av_frame_free(&f);
		av_packet_free(&p);
		return -1;
	}
	it->it_frame = f;
	it->it_pkt = p;
	if (vs_fifo_push(&r->rd_fifo, it) == -1) {
		av_frame_free(&it->it_frame);
		av_packet_free(&it->it_pkt);
		free(it);
		return -1;
	}
	return 0;
}

int
vs_rendition_frame(struct vs_rendition *r, const AVFrame *f)
{
	return push(r, av_frame_clone(f), NULL);
}

int
vs_rendition_audio(struct vs_rendition *r, const AVPacket *p)
{
	return push(r, NULL, av_packet_clone(p));
}

int
vs_rendition_finish(struct vs_rendition *r)
{
	char	 own[4400];
	int	 rc;

	vs_fifo_close(&r->rd_fifo);
	if (r->rd_running)
		pthread_join(r->rd_thread, NULL);
	r->rd_running = 0;
	if (r->rd_err == 0 && (rc = avcodec_send_frame(r->rd_enc, NULL)) < 0)
		fail(r, "flushing the encoder failed", rc);
	if (r->rd_err == 0)
		drain(r);
	if (r->rd_err == 0 && (rc = av_write_trailer(r->rd_mux)) < 0)
		fail(r, "finishing a file failed", rc);
	if (r->rd_err == 0 && publish(r, 1) == 0) {
		snprintf(own, sizeof(own), "%s/" OWN_LIST, r->rd_dir);
		remove(own);
	}
	return r->rd_err;
}

int
vs_rendition_published(struct vs_rendition *r)
{
	return atomic_load(&r->rd_published);
}

void
vs_rendition_free(struct vs_rendition *r)
{
	struct item	*it;

	/* Closed first, so that draining a queue never started cannot wait. */
	vs_fifo_close(&r->rd_fifo);
	if (r->rd_running) {
		pthread_join(r->rd_thread, NULL);
		r->rd_running = 0;
	}
	while ((it = vs_fifo_pop(&r->rd_fifo)) != NULL) {
		av_frame_free(&it->it_frame);
		av_packet_free(&it->it_pkt);
		free(it);
	}
	vs_fifo_destroy(&r->rd_fifo);
	if (r->rd_mux != NULL && r->rd_mux->pb != NULL &&
	    !(r->rd_mux->oformat->flags & AVFMT_NOFILE))
		avio_closep(&r->rd_mux->pb);
	avformat_free_context(r->rd_mux);
	r->rd_mux = NULL;
	vs_hls_list_clear(&r->rd_list);
	avcodec_free_context(&r->rd_enc);
	sws_freeContext(r->rd_sws);
	r->rd_sws = NULL;
	av_frame_free(&r->rd_scaled);
	av_frame_free(&r->rd_turned);
}
