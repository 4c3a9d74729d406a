/* rendition.c: one rung of the ladder: scale, turn, encode, mux twice. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

#include "rendition.h"

enum { MUX_HLS, MUX_MP4, MUX__MAX };

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

static int
open_hls(struct vs_rendition *r, const char *dir)
{
	char		 list[4096], segs[4096];
	AVDictionary	*o = NULL;
	int		 rc;

	snprintf(list, sizeof(list), "%s/hls/%dp/playlist.m3u8", dir,
	    r->rd_rung.r_name);
	snprintf(segs, sizeof(segs), "%s/hls/%dp/%%d.m4s", dir,
	    r->rd_rung.r_name);
	if (avformat_alloc_output_context2(&r->rd_mux[MUX_HLS], NULL, "hls",
	    list) < 0 || add_streams(r, r->rd_mux[MUX_HLS]) == -1)
		return fail(r, "cannot set up HLS", 0);
	av_dict_set(&o, "hls_time", "6", 0);
	av_dict_set(&o, "hls_list_size", "0", 0);
	av_dict_set(&o, "hls_playlist_type", "vod", 0);
	av_dict_set(&o, "hls_segment_type", "fmp4", 0);
	av_dict_set(&o, "hls_fmp4_init_filename", "init.mp4", 0);
	av_dict_set(&o, "hls_segment_filename", segs, 0);
	av_dict_set(&o, "hls_flags", "independent_segments", 0);
	rc = avformat_write_header(r->rd_mux[MUX_HLS], &o);
	av_dict_free(&o);
	return rc < 0 ? fail(r, "cannot start HLS", rc) : 0;
}

static int
open_mp4(struct vs_rendition *r, const char *dir)
{
	char		 path[4096];
	AVDictionary	*o = NULL;
	AVFormatContext	*m;
	int		 rc;

	snprintf(path, sizeof(path), "%s/mp4/%dp.mp4", dir, r->rd_rung.r_name);
	if (avformat_alloc_output_context2(&r->rd_mux[MUX_MP4], NULL, "mp4",
	    path) < 0 || add_streams(r, r->rd_mux[MUX_MP4]) == -1)
		return fail(r, "cannot set up MP4", 0);
	m = r->rd_mux[MUX_MP4];
	if ((rc = avio_open(&m->pb, path, AVIO_FLAG_WRITE)) < 0)
		return fail(r, "cannot create the MP4", rc);
	av_dict_set(&o, "movflags", "+faststart", 0);
	rc = avformat_write_header(m, &o);
	av_dict_free(&o);
	return rc < 0 ? fail(r, "cannot start the MP4", rc) : 0;
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
    const AVCodecContext *aenc, const char *dir, const char *preset)
{
	memset(r, 0, sizeof(*r));
	r->rd_rung = *rung;
	r->rd_rotation = rotation;
	r->rd_tb = tb;
	r->rd_aenc = aenc;
	r->rd_kf_step = av_rescale_q(VS_GOP_SECONDS, (AVRational){ 1, 1 }, tb);
	if (r->rd_kf_step < 1)
		r->rd_kf_step = 1;
	r->rd_last_dts[0] = r->rd_last_dts[1] = INT64_MIN;
	if (vs_fifo_init(&r->rd_fifo) == -1)
		return fail(r, "cannot make a queue", 0);
	if (open_frames(r) == -1 ||
	    open_encoder(r, fps, preset) == -1 || open_hls(r, dir) == -1 ||
	    open_mp4(r, dir) == -1)
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
	int	 p, rc;

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
	for (p = 0; p < 3; p++)
		turn_plane(s->data[p], s->linesize[p], p ? s->width / 2 :
		    s->width, p ? s->height / 2 : s->height, t->data[p],
		    t->linesize[p], r->rd_rotation);
	return t;
}

/*
 * Write pkt (in time base tb) as stream idx to both files. The muxers
 * want each stream's DTS to grow: a packet that would not is refused
 * here, so that a muxer never sees one.
 */
static int
mux(struct vs_rendition *r, const AVPacket *pkt, AVRational tb, int idx)
{
	AVPacket	*c;
	int		 m, rc;

	if (pkt->dts == AV_NOPTS_VALUE || pkt->dts <= r->rd_last_dts[idx])
		return fail(r, idx == 0 ? "the encoded video went back in time" :
		    "the encoded audio went back in time", 0);
	r->rd_last_dts[idx] = pkt->dts;
	for (m = 0; m < MUX__MAX; m++) {
		if ((c = av_packet_clone(pkt)) == NULL)
			return fail(r, "out of memory", 0);
		c->stream_index = idx;
		av_packet_rescale_ts(c, tb, r->rd_mux[m]->streams[idx]->time_base);
		rc = av_interleaved_write_frame(r->rd_mux[m], c);
		av_packet_free(&c);
		if (rc < 0)
			return fail(r, m == MUX_HLS ? "writing HLS failed" :
			    "writing the MP4 failed", rc);
	}
	return 0;
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
	int	 m, rc;

	vs_fifo_close(&r->rd_fifo);
	if (r->rd_running)
		pthread_join(r->rd_thread, NULL);
	r->rd_running = 0;
	if (r->rd_err == 0 && (rc = avcodec_send_frame(r->rd_enc, NULL)) < 0)
		fail(r, "flushing the encoder failed", rc);
	if (r->rd_err == 0)
		drain(r);
	for (m = 0; r->rd_err == 0 && m < MUX__MAX; m++)
		if ((rc = av_write_trailer(r->rd_mux[m])) < 0)
			fail(r, "finishing a file failed", rc);
	return r->rd_err;
}

void
vs_rendition_free(struct vs_rendition *r)
{
	struct item	*it;
	int		 m;

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
	for (m = 0; m < MUX__MAX; m++) {
		if (r->rd_mux[m] != NULL && r->rd_mux[m]->pb != NULL &&
		    !(r->rd_mux[m]->oformat->flags & AVFMT_NOFILE))
			avio_closep(&r->rd_mux[m]->pb);
		avformat_free_context(r->rd_mux[m]);
		r->rd_mux[m] = NULL;
	}
	avcodec_free_context(&r->rd_enc);
	sws_freeContext(r->rd_sws);
	r->rd_sws = NULL;
	av_frame_free(&r->rd_scaled);
	av_frame_free(&r->rd_turned);
}
