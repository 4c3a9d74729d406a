/* media.c: what a source file holds, found by probing its content. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>

#include "config.h"
#include "fs.h"
#include "media.h"

/* Packets read at most while looking for the first decodable frame. */
#define PROBE_PACKETS	500
/*
 * A header may claim any duration; one longer than this (115 days) is a
 * broken one, and the duration is taken as unknown.
 */
#define DURATION_MAX	10000000

static int
rotation_of(const AVStream *st)
{
	const uint8_t	*m;
	double		 theta;
	int		 r;

	m = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, NULL);
	if (m == NULL)
		return 0;
	/* The matrix turns counter-clockwise; players turn the other way. */
	theta = -av_display_rotation_get((const int32_t *)m);
	if (isnan(theta))
		return 0;
	r = (int)lround(theta / 90.0) * 90 % 360;
	return r < 0 ? r + 360 : r;
}

/* Decode until one video frame comes out; 0, or -1 with why set. */
static int
first_frame(AVFormatContext *ic, int vidx, char *why, size_t len)
{
	const AVCodec	*dec;
	AVCodecContext	*ctx = NULL;
	AVPacket	*pkt = av_packet_alloc();
	AVFrame		*frame = av_frame_alloc();
	int		 n, rc = -1, got = 0;

	dec = avcodec_find_decoder(ic->streams[vidx]->codecpar->codec_id);
	if (dec == NULL) {
		snprintf(why, len, "the video codec is not supported");
		goto out;
	}
	if ((ctx = avcodec_alloc_context3(dec)) == NULL || pkt == NULL ||
	    frame == NULL ||
	    avcodec_parameters_to_context(ctx, ic->streams[vidx]->codecpar) < 0 ||
	    avcodec_open2(ctx, dec, NULL) < 0) {
		snprintf(why, len, "the video decoder cannot open (%s)",
		    dec->name);
		goto out;
	}
	for (n = 0; !got && n < PROBE_PACKETS && av_read_frame(ic, pkt) >= 0;
	    n++) {
		if (pkt->stream_index == vidx && avcodec_send_packet(ctx, pkt) >= 0)
			got = avcodec_receive_frame(ctx, frame) >= 0;
		av_packet_unref(pkt);
	}
	if (!got && avcodec_send_packet(ctx, NULL) >= 0)
		got = avcodec_receive_frame(ctx, frame) >= 0;
	if (got)
		rc = 0;
	else
		snprintf(why, len, "the video stream does not decode (%s)",
		    dec->name);
out:
	av_frame_free(&frame);
	av_packet_free(&pkt);
	avcodec_free_context(&ctx);
	return rc;
}

static void
fill(struct vs_probe *p, const AVFormatContext *ic, const AVStream *v,
    const AVStream *a)
{
	AVRational	 fr = v->avg_frame_rate.num ? v->avg_frame_rate :
			    v->r_frame_rate;

	snprintf(p->p_container, sizeof(p->p_container), "%.*s",
	    (int)strcspn(ic->iformat->name, ","), ic->iformat->name);
	snprintf(p->p_vcodec, sizeof(p->p_vcodec), "%s",
	    avcodec_get_name(v->codecpar->codec_id));
	if (a != NULL)
		snprintf(p->p_acodec, sizeof(p->p_acodec), "%s",
		    avcodec_get_name(a->codecpar->codec_id));
	p->p_width = v->codecpar->width;
	p->p_height = v->codecpar->height;
	p->p_rotation = rotation_of(v);
	p->p_fps_num = fr.num > 0 && fr.den > 0 ? fr.num : 25;
	p->p_fps_den = fr.num > 0 && fr.den > 0 ? fr.den : 1;
	p->p_tb_num = v->time_base.num;
	p->p_tb_den = v->time_base.den;
	p->p_streams = (int)ic->nb_streams;
	p->p_duration = ic->duration > 0 && ic->duration / AV_TIME_BASE <
	    DURATION_MAX ? (double)ic->duration / AV_TIME_BASE : 0;
	p->p_bitrate = ic->bit_rate > 0 ? ic->bit_rate : 0;
}

/* Is name one of the comma-separated list? */
static int
listed(const char *list, const char *name)
{
	size_t	 n = strlen(name), len;

	while (*list != '\0') {
		len = strcspn(list, ",");
		if (len == n && strncmp(list, name, n) == 0)
			return 1;
		list += len + (list[len] == ',');
	}
	return 0;
}

int
vs_media_open(AVFormatContext **ic, const char *path)
{
	AVDictionary	*opts = NULL;
	int		 rc;

	av_dict_set(&opts, "format_whitelist",
	    vs_config_str(VS_CFG_UPLOAD_CONTAINERS), 0);
	av_dict_set(&opts, "protocol_whitelist", "file", 0);
	rc = avformat_open_input(ic, path, NULL, &opts);
	av_dict_free(&opts);
	return rc < 0 ? -1 : 0;
}

/*
 * Does the file begin like HTML, SVG or XML (after a byte order mark and
 * white space)? No video container does; a file that does is a page or an
 * image that may also pass for a stream further on (a polyglot).
 */
static int
looks_like_markup(const char *path)
{
	unsigned char	 b[64];
	size_t		 n = 0, i = 0;
	FILE		*f = fopen(path, "rb");

	if (f != NULL) {
		n = fread(b, 1, sizeof(b), f);
		fclose(f);
	}
	if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
		i = 3;
	while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' ||
	    b[i] == '\n'))
		i++;
	return i < n && b[i] == '<';
}

enum vs_err
vs_media_probe(const char *path, struct vs_probe *p, char *why, size_t len)
{
	AVFormatContext	*ic = NULL;
	int		 vidx, aidx;
	enum vs_err	 rc = VS_ERR;

	memset(p, 0, sizeof(*p));
	av_log_set_level(AV_LOG_ERROR);
	if (looks_like_markup(path)) {
		snprintf(why, len, "the file is markup (HTML, SVG or XML), "
		    "not a video");
		return VS_ERR;
	}
	if (vs_media_open(&ic, path) == -1) {
		snprintf(why, len, "not a video in an allowed format (%s)",
		    vs_config_str(VS_CFG_UPLOAD_CONTAINERS));
		return VS_ERR;
	}
	if (avformat_find_stream_info(ic, NULL) < 0) {
		snprintf(why, len, "the streams cannot be read");
		goto out;
	}
	vidx = av_find_best_stream(ic, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
	if (vidx < 0 || (ic->streams[vidx]->disposition &
	    AV_DISPOSITION_ATTACHED_PIC)) {
		snprintf(why, len, "no video stream");
		goto out;
	}
	aidx = av_find_best_stream(ic, AVMEDIA_TYPE_AUDIO, -1, vidx, NULL, 0);
	fill(p, ic, ic->streams[vidx], aidx >= 0 ? ic->streams[aidx] : NULL);
	if (p->p_width <= 0 || p->p_height <= 0) {
		snprintf(why, len, "the video has no picture size");
		goto out;
	}
	if (!listed(vs_config_str(VS_CFG_UPLOAD_CODECS), p->p_vcodec)) {
		snprintf(why, len, "the video codec %s is not allowed (%s)",
		    p->p_vcodec, vs_config_str(VS_CFG_UPLOAD_CODECS));
		goto out;
	}
	if (first_frame(ic, vidx, why, len) == 0)
		rc = VS_OK;
out:
	avformat_close_input(&ic);
	return rc;
}

int
vs_media_jpeg(const AVFrame *pic, int q, const char *path, long long *size)
{
	const AVCodec	*c = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
	AVCodecContext	*e = NULL;
	AVPacket	*p = av_packet_alloc();
	AVFrame		*f = av_frame_clone(pic);
	int		 rc = -1;

	if (c == NULL || p == NULL || f == NULL ||
	    (e = avcodec_alloc_context3(c)) == NULL)
		goto out;
	e->width = f->width;
	e->height = f->height;
	e->pix_fmt = AV_PIX_FMT_YUVJ420P;
	e->color_range = AVCOL_RANGE_JPEG;
	e->time_base = (AVRational){ 1, 25 };
	e->flags |= AV_CODEC_FLAG_QSCALE;
	e->global_quality = f->quality = FF_QP2LAMBDA * q;
	f->pts = 0;
	if (avcodec_open2(e, c, NULL) < 0 || avcodec_send_frame(e, f) < 0 ||
	    avcodec_receive_packet(e, p) < 0 ||
	    vs_fs_write(path, p->data, (size_t)p->size) == -1)
		goto out;
	*size = p->size;
	rc = 0;
out:
	av_frame_free(&f);
	av_packet_free(&p);
	avcodec_free_context(&e);
	return rc;
}
