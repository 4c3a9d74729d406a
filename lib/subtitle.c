/* subtitle.c: the text subtitle streams of a source, read with libav*. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

#include "media.h"
#include "subtitle.h"

/* Languages by ISO 639-2 code (B, T) and their BCP 47 two-letter tag. */
static const struct lang {
	const char	*l_b;		/* the bibliographic code, or NULL */
	const char	*l_t;		/* the terminological code */
	const char	*l_tag;
	const char	*l_name;
} langs[] = {
	{ NULL, "afr", "af", "Afrikaans" },
	{ "alb", "sqi", "sq", "Albanian" },
	{ NULL, "ara", "ar", "Arabic" },
	{ "arm", "hye", "hy", "Armenian" },
	{ "baq", "eus", "eu", "Basque" },
	{ NULL, "ben", "bn", "Bengali" },
	{ NULL, "bul", "bg", "Bulgarian" },
	{ "bur", "mya", "my", "Burmese" },
	{ NULL, "cat", "ca", "Catalan" },
	{ "chi", "zho", "zh", "Chinese" },
	{ NULL, "hrv", "hr", "Croatian" },
	{ "cze", "ces", "cs", "Czech" },
	{ NULL, "dan", "da", "Danish" },
	{ "dut", "nld", "nl", "Dutch" },
	{ NULL, "eng", "en", "English" },
	{ NULL, "epo", "eo", "Esperanto" },
	{ NULL, "est", "et", "Estonian" },
	{ NULL, "fin", "fi", "Finnish" },
	{ "fre", "fra", "fr", "French" },
	{ NULL, "glg", "gl", "Galician" },
	{ "geo", "kat", "ka", "Georgian" },
	{ "ger", "deu", "de", "German" },
	{ "gre", "ell", "el", "Greek" },
	{ NULL, "heb", "he", "Hebrew" },
	{ NULL, "hin", "hi", "Hindi" },
	{ NULL, "hun", "hu", "Hungarian" },
	{ "ice", "isl", "is", "Icelandic" },
	{ NULL, "ind", "id", "Indonesian" },
	{ NULL, "gle", "ga", "Irish" },
	{ NULL, "ita", "it", "Italian" },
	{ NULL, "jpn", "ja", "Japanese" },
	{ NULL, "kor", "ko", "Korean" },
	{ NULL, "lat", "la", "Latin" },
	{ NULL, "lav", "lv", "Latvian" },
	{ NULL, "lit", "lt", "Lithuanian" },
	{ "mac", "mkd", "mk", "Macedonian" },
	{ "may", "msa", "ms", "Malay" },
	{ "mao", "mri", "mi", "Maori" },
	{ NULL, "nor", "no", "Norwegian" },
	{ NULL, "nob", "nb", "Norwegian Bokmal" },
	{ NULL, "nno", "nn", "Norwegian Nynorsk" },
	{ "per", "fas", "fa", "Persian" },
	{ NULL, "pol", "pl", "Polish" },
	{ NULL, "por", "pt", "Portuguese" },
	{ "rum", "ron", "ro", "Romanian" },
	{ NULL, "rus", "ru", "Russian" },
	{ NULL, "srp", "sr", "Serbian" },
	{ "slo", "slk", "sk", "Slovak" },
	{ NULL, "slv", "sl", "Slovenian" },
	{ NULL, "spa", "es", "Spanish" },
	{ NULL, "swa", "sw", "Swahili" },
	{ NULL, "swe", "sv", "Swedish" },
	{ NULL, "tgl", "tl", "Tagalog" },
	{ NULL, "tam", "ta", "Tamil" },
	{ NULL, "tel", "te", "Telugu" },
	{ NULL, "tha", "th", "Thai" },
	{ "tib", "bod", "bo", "Tibetan" },
	{ NULL, "tur", "tr", "Turkish" },
	{ NULL, "ukr", "uk", "Ukrainian" },
	{ NULL, "urd", "ur", "Urdu" },
	{ NULL, "vie", "vi", "Vietnamese" },
	{ "wel", "cym", "cy", "Welsh" },
};
#define LANGS_N		(sizeof(langs) / sizeof(langs[0]))

/* Codes that name no one language. */
static const char *const nolang[] = { "und", "mul", "mis", "zxx" };

/* Subtitle codecs by what they carry; any other is VS_SUB_OTHER. */
static const struct kind {
	const char		*k_codec;
	enum vs_sub_kind	 k_kind;
} kinds[] = {
	{ "mov_text", VS_SUB_TEXT },
	{ "subrip", VS_SUB_TEXT },
	{ "srt", VS_SUB_TEXT },
	{ "webvtt", VS_SUB_TEXT },
	{ "ass", VS_SUB_TEXT },
	{ "ssa", VS_SUB_TEXT },
	{ "text", VS_SUB_TEXT },
	{ "hdmv_pgs_subtitle", VS_SUB_BITMAP },
	{ "dvb_subtitle", VS_SUB_BITMAP },
	{ "dvd_subtitle", VS_SUB_BITMAP },
	{ "xsub", VS_SUB_BITMAP },
};

/* Largest timestamp believed, in microseconds (about 35 years). */
#define TS_MAX		(1LL << 50)
/* Latest end of a cue, in ms: the WebVTT writer's hours run to 9999. */
#define MS_MAX		(9999LL * 3600 * 1000)

/* One decoded event. */
struct event {
	long long	 e_start;
	long long	 e_end;
	size_t		 e_seq;		/* order of decoding, for a stable sort */
	char		*e_text;
};

/* A track being read. */
struct reading {
	struct vs_sub_track	*r_track;
	AVCodecContext		*r_dec;
	struct event		*r_ev;
	size_t			 r_n;
	size_t			 r_cap;
	size_t			 r_bytes;
};

enum vs_sub_kind
vs_subtitle_kind(const char *codec)
{
	size_t	 i;

	for (i = 0; codec != NULL && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(codec, kinds[i].k_codec) == 0)
			return kinds[i].k_kind;
	return VS_SUB_OTHER;
}

/* The table's row for a two- or three-letter code, or NULL. */
static const struct lang *
lang_row(const char *code)
{
	size_t	 i;

	for (i = 0; i < LANGS_N; i++)
		if (strcmp(code, langs[i].l_t) == 0 || strcmp(code,
		    langs[i].l_tag) == 0 || (langs[i].l_b != NULL &&
		    strcmp(code, langs[i].l_b) == 0))
			return &langs[i];
	return NULL;
}

int
vs_subtitle_lang(const char *s, char *out, size_t len, const char **name)
{
	const struct lang	*l;
	char			 code[4];
	size_t			 n, i;
	int			 w;

	*name = NULL;
	if (s == NULL || (n = strcspn(s, "-")) < 2 || n > 3)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isascii((unsigned char)s[i]) || !isalpha((unsigned char)s[i]))
			return -1;
		code[i] = (char)tolower((unsigned char)s[i]);
	}
	code[n] = '\0';
	for (i = 0; i < sizeof(nolang) / sizeof(nolang[0]); i++)
		if (strcmp(code, nolang[i]) == 0)
			return -1;
	if ((l = lang_row(code)) != NULL)
		*name = l->l_name;
	w = snprintf(out, len, "%s%s", l != NULL ? l->l_tag : code, s + n);
	return w < 0 || (size_t)w >= len ? -1 : 0;
}

/*
 * The length of the UTF-8 character at s (1 to 4), or 0 for bytes that
 * are not one: a stray continuation, an overlong form, a surrogate, past
 * U+10FFFF, or cut short.
 */
static size_t
utf8_char(const unsigned char *s)
{
	size_t	 n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return n;
}

/* Is the character of n bytes at s a control (C0, DEL or C1)? */
static int
control(const unsigned char *s, size_t n)
{
	return (n == 1 && (s[0] < 0x20 || s[0] == 0x7f)) ||
	    (n == 2 && s[0] == 0xc2 && s[1] < 0xa0);
}

/* The text of an ASS event: past its fields, or s if it has too few. */
static const char *
ass_text(const char *s)
{
	const char	*t = s;
	int		 fields = 8, i;

	if (strncmp(s, "Dialogue:", 9) == 0) {
		t = s + 9;
		fields = 9;
	}
	for (i = 0; i < fields; i++) {
		if ((t = strchr(t, ',')) == NULL)
			return s + strlen(s);
		t++;
	}
	return t;
}

/* A cue's text as it is made: whole lines in out, the current in line. */
struct text {
	struct vs_buf	*t_out;
	struct vs_buf	 t_line;
	int		 t_full;	/* VS_SUB_TEXT_MAX reached */
	int		 t_unclosed;	/* a '{' found no '}': none is left */
	int		 t_drawing;	/* in ASS drawing mode (\p1 and on) */
};

/* Add the current line, trimmed, to the text unless it is blank; 0 / -1. */
static int
end_line(struct text *t)
{
	const char	*s = t->t_line.b_data ? t->t_line.b_data : "";
	size_t		 n = t->t_line.b_len;
	int		 rc = 0;

	while (n > 0 && s[n - 1] == ' ')
		n--;
	while (n > 0 && *s == ' ') {
		s++;
		n--;
	}
	if (n > 0 && t->t_out->b_len > 0)
		rc = vs_buf_add(t->t_out, "\n", 1);
	if (n > 0 && rc == 0)
		rc = vs_buf_add(t->t_out, s, n);
	t->t_line.b_len = 0;
	return rc;
}

/* Add n bytes to the current line, unless they would pass the limit. */
static int
add(struct text *t, const char *s, size_t n)
{
	size_t	 have = t->t_out->b_len + (t->t_out->b_len > 0) +
		    t->t_line.b_len;

	if (t->t_full || have + n > VS_SUB_TEXT_MAX) {
		t->t_full = 1;
		return 0;
	}
	return vs_buf_add(&t->t_line, s, n);
}

/* Add the character at *sp (escaped, or U+FFFD) and step past it. */
static int
add_char(struct text *t, const char **sp)
{
	const unsigned char	*u = (const unsigned char *)*sp;
	size_t			 n = utf8_char(u);

	*sp += n ? n : 1;
	if (n == 0)
		return add(t, "\xef\xbf\xbd", 3);
	if (*u == '\t')
		return add(t, " ", 1);
	if (control(u, n))
		return 0;
	if (*u == '&')
		return add(t, "&amp;", 5);
	if (*u == '<')
		return add(t, "&lt;", 4);
	if (*u == '>')
		return add(t, "&gt;", 4);
	return add(t, (const char *)u, n);
}

/*
 * Note the drawing mode an override block from s to close sets: its last
 * \p followed by a digit (\pos and \pbo are other tags); 0 ends it.
 */
static void
ass_drawing(struct text *t, const char *s, const char *close)
{
	for (; s + 2 < close; s++)
		if (s[0] == '\\' && s[1] == 'p' && isdigit((unsigned char)s[2]))
			t->t_drawing = strtol(s + 2, NULL, 10) != 0;
}

/*
 * Handle an ASS escape, override block or drawing at *sp; 1 if there was
 * one. A '{' is looked for its '}' once: when none is found, no later one
 * can be, and the rest is text.
 */
static int
ass_markup(struct text *t, const char **sp, int *rc)
{
	const char	*s = *sp, *close;

	if (s[0] == '{' && !t->t_unclosed) {
		if ((close = strchr(s, '}')) != NULL) {
			ass_drawing(t, s, close);
			*sp = close + 1;
			return 1;
		}
		t->t_unclosed = 1;
	}
	if (t->t_drawing) {
		*sp += 1;
		return 1;
	}
	if (s[0] == '\\' && (s[1] == 'N' || s[1] == 'n')) {
		*rc = end_line(t);
		*sp += 2;
		return 1;
	}
	if (s[0] == '\\' && s[1] == 'h') {
		*rc = add(t, " ", 1);
		*sp += 2;
		return 1;
	}
	return 0;
}

int
vs_subtitle_text(const char *s, int ass, struct vs_buf *out)
{
	struct text	 t = { out, { 0 }, 0, 0, 0 };
	int		 rc = 0;

	if (ass)
		s = ass_text(s);
	while (*s != '\0' && rc == 0 && !t.t_full) {
		if (ass && ass_markup(&t, &s, &rc))
			continue;
		if (*s == '\n' || *s == '\r') {
			rc = end_line(&t);
			s++;
		} else
			rc = add_char(&t, &s);
	}
	if (rc == 0)
		rc = end_line(&t);
	vs_buf_free(&t.t_line);
	return rc;
}

/* A stream's tag, or "". */
static const char *
tag(const AVStream *st, const char *key)
{
	const AVDictionaryEntry	*e = av_dict_get(st->metadata, key, NULL, 0);

	return e != NULL ? e->value : "";
}

/* Open the text decoder of the track; sets st_why when it will not. */
static AVCodecContext *
open_decoder(const AVStream *st, struct vs_sub_track *k)
{
	const AVCodec	*c = avcodec_find_decoder(st->codecpar->codec_id);
	AVCodecContext	*d = NULL;

	if (c != NULL && (d = avcodec_alloc_context3(c)) != NULL) {
		d->pkt_timebase = st->time_base;
		if (avcodec_parameters_to_context(d, st->codecpar) >= 0 &&
		    avcodec_open2(d, c, NULL) >= 0)
			return d;
		avcodec_free_context(&d);
	}
	snprintf(k->st_why, sizeof(k->st_why), "the %s decoder would not open",
	    k->st_codec);
	return NULL;
}

/* Describe the subtitle stream st as k, and open its decoder if text. */
static void
describe(const AVStream *st, struct vs_sub_track *k, AVCodecContext **dec)
{
	k->st_index = st->index;
	snprintf(k->st_codec, sizeof(k->st_codec), "%s",
	    avcodec_get_name(st->codecpar->codec_id));
	snprintf(k->st_lang, sizeof(k->st_lang), "%s", tag(st, "language"));
	snprintf(k->st_title, sizeof(k->st_title), "%s", tag(st, "title"));
	k->st_kind = vs_subtitle_kind(k->st_codec);
	*dec = NULL;
	if (k->st_kind == VS_SUB_BITMAP)
		snprintf(k->st_why, sizeof(k->st_why), "bitmap subtitles (%s) "
		    "are pictures, not text", k->st_codec);
	else if (k->st_kind == VS_SUB_OTHER)
		snprintf(k->st_why, sizeof(k->st_why), "the subtitle codec %s "
		    "is not read", k->st_codec);
	else
		*dec = open_decoder(st, k);
}

/* Forget a track's events, with the reason it is not extracted. */
static void
give_up(struct reading *r, const char *why)
{
	size_t	 i;

	for (i = 0; i < r->r_n; i++)
		free(r->r_ev[i].e_text);
	free(r->r_ev);
	r->r_ev = NULL;
	r->r_n = r->r_cap = 0;
	snprintf(r->r_track->st_why, sizeof(r->r_track->st_why), "%s", why);
	avcodec_free_context(&r->r_dec);
}

/* Keep one event of text; 0, or -1 when the track is given up. */
static int
keep(struct reading *r, long long start, long long end, char *text,
    size_t *total)
{
	struct event	*n;
	size_t		 len = strlen(text), cap;

	if (r->r_n == VS_SUB_EVENTS_MAX || r->r_bytes + len + 64 >
	    VS_SUB_TRACK_BYTES || *total + len + 64 > VS_SUB_TOTAL_BYTES) {
		give_up(r, r->r_n == VS_SUB_EVENTS_MAX ? "more cues than a "
		    "caption track may have" : "more text than a caption "
		    "track may have");
		free(text);
		return -1;
	}
	if (r->r_n == r->r_cap) {
		cap = r->r_cap ? r->r_cap * 2 : 64;
		if ((n = reallocarray(r->r_ev, cap, sizeof(*n))) == NULL) {
			free(text);
			give_up(r, "out of memory");
			return -1;
		}
		r->r_ev = n;
		r->r_cap = cap;
	}
	r->r_ev[r->r_n] = (struct event){ start, end, r->r_n, text };
	r->r_n++;
	r->r_bytes += len + 64;
	*total += len + 64;
	return 0;
}

/* The text of one rectangle as cue text, malloc'd; NULL if none. */
static char *
rect_text(const AVSubtitleRect *rc)
{
	struct vs_buf	 b = { 0 };

	if ((rc->type == SUBTITLE_ASS && rc->ass != NULL &&
	    vs_subtitle_text(rc->ass, 1, &b) == 0) ||
	    (rc->type == SUBTITLE_TEXT && rc->text != NULL &&
	    vs_subtitle_text(rc->text, 0, &b) == 0))
		if (b.b_len > 0)
			return b.b_data;
	vs_buf_free(&b);
	return NULL;
}

/* Decode one packet of a text track into events; zero is the video's. */
static void
decode(struct reading *r, AVPacket *pkt, long long zero, size_t *total)
{
	AVSubtitle	 sub;
	long long	 at, start, end;
	unsigned	 i;
	char		*text;
	int		 got = 0;

	if (avcodec_decode_subtitle2(r->r_dec, &sub, &got, pkt) < 0 || !got)
		return;
	if (sub.pts != AV_NOPTS_VALUE && sub.pts > -TS_MAX && sub.pts <
	    TS_MAX) {
		at = sub.pts / 1000 - zero;
		start = at + sub.start_display_time;
		end = sub.end_display_time > sub.start_display_time &&
		    sub.end_display_time != UINT32_MAX ? at +
		    sub.end_display_time : start + VS_SUB_DEFAULT_MS;
		for (i = 0; i < sub.num_rects && r->r_dec != NULL; i++)
			if ((text = rect_text(sub.rects[i])) != NULL)
				keep(r, start, end, text, total);
	}
	avsubtitle_free(&sub);
}

/* Order events by start, then as decoded. */
static int
by_start(const void *a, const void *b)
{
	const struct event	*x = a, *y = b;

	if (x->e_start != y->e_start)
		return x->e_start < y->e_start ? -1 : 1;
	return x->e_seq < y->e_seq ? -1 : x->e_seq > y->e_seq;
}

/* Append a time as hh:mm:ss.ttt. */
static int
put_time(struct vs_buf *b, long long ms)
{
	return vs_buf_printf(b, "%02lld:%02lld:%02lld.%03lld", ms / 3600000,
	    ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
}

/*
 * Write the events as WebVTT in order of their start, dropped, moved or
 * cut as vs_subtitle_extract() says; end is the video's end in ms (0:
 * unknown). 0, or -1 when memory runs out.
 */
static int
write_track(struct reading *r, long long end)
{
	struct vs_buf	*b = &r->r_track->st_vtt;
	struct event	*e;
	size_t		 i;

	if (end <= 0 || end > MS_MAX)
		end = MS_MAX;
	qsort(r->r_ev, r->r_n, sizeof(*r->r_ev), by_start);
	if (vs_buf_puts(b, "WEBVTT\n") == -1)
		return -1;
	for (i = 0; i < r->r_n; i++) {
		e = &r->r_ev[i];
		if (e->e_start < 0)
			e->e_start = 0;
		if (e->e_end > end)
			e->e_end = end;
		if (e->e_end <= e->e_start)
			continue;
		if (vs_buf_puts(b, "\n") == -1 || put_time(b, e->e_start) == -1 ||
		    vs_buf_puts(b, " --> ") == -1 || put_time(b, e->e_end) == -1 ||
		    vs_buf_printf(b, "\n%s\n", e->e_text) == -1)
			return -1;
		r->r_track->st_cues++;
	}
	return 0;
}

/* A time of stream st in ms, or def when unknown or past a sane bound. */
static long long
stream_ms(const AVStream *st, int64_t ts, long long def)
{
	long long	 ms;

	if (ts == AV_NOPTS_VALUE || ts <= -TS_MAX || ts >= TS_MAX)
		return def;
	ms = av_rescale_q(ts, st->time_base, (AVRational){ 1, 1000 });
	return ms > -TS_MAX / 1000 && ms < TS_MAX / 1000 ? ms : def;
}

/*
 * The DURATION tag of st in ms, or 0: Matroska's muxers write there, as
 * "H:MM:SS" and a fraction, the end of the stream's last packet, which the
 * container itself does not say per stream.
 */
static long long
tag_ms(const AVStream *st)
{
	const char	*s = tag(st, "DURATION");
	long long	 h = 0, ms = 0;
	int		 m, sec, i;

	for (i = 0; i < 4 && isdigit((unsigned char)*s); i++, s++)
		h = h * 10 + (*s - '0');
	if (i == 0 || s[0] != ':' || !isdigit((unsigned char)s[1]) ||
	    !isdigit((unsigned char)s[2]) || s[3] != ':' ||
	    !isdigit((unsigned char)s[4]) || !isdigit((unsigned char)s[5]))
		return 0;
	m = (s[1] - '0') * 10 + (s[2] - '0');
	sec = (s[4] - '0') * 10 + (s[5] - '0');
	if (m > 59 || sec > 59)
		return 0;
	s += 6;
	if (*s == '.')
		s++;
	for (i = 0; i < 3; i++, s++)
		ms = ms * 10 + (isdigit((unsigned char)*s) ? *s - '0' : 0);
	return ((h * 60 + m) * 60 + sec) * 1000 + ms;
}

/*
 * The video stream's start in ms, which the ladder's time starts from, and
 * its end from there in *end: the stream's duration (or its tag), else the
 * source's (which the subtitle streams themselves may stretch), else 0
 * (unknown).
 */
static long long
zero_of(AVFormatContext *ic, long long *end)
{
	const AVStream	*v;
	long long	 zero = 0, start;
	int		 i;

	*end = 0;
	i = av_find_best_stream(ic, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
	if (i >= 0) {
		v = ic->streams[i];
		zero = stream_ms(v, v->start_time, 0);
		if ((*end = stream_ms(v, v->duration, 0)) <= 0 &&
		    tag_ms(v) > zero)
			*end = tag_ms(v) - zero;
	}
	if (*end <= 0 && ic->duration > 0 && ic->duration < TS_MAX) {
		start = ic->start_time > -TS_MAX && ic->start_time < TS_MAX ?
		    ic->start_time : 0;
		*end = (ic->duration + start) / 1000 - zero;
	}
	return zero;
}

/* Has a track an open decoder, that is something to read? */
static int
any_text(const struct reading *r, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (r[i].r_dec != NULL)
			return 1;
	return 0;
}

/* Find the subtitle streams, discarding every other; their count. */
static size_t
find_tracks(AVFormatContext *ic, struct vs_sub *s, struct reading *r)
{
	unsigned	 i;
	size_t		 n = 0;

	for (i = 0; i < ic->nb_streams; i++) {
		if (ic->streams[i]->codecpar->codec_type != AVMEDIA_TYPE_SUBTITLE ||
		    n == VS_SUB_TRACKS_MAX) {
			ic->streams[i]->discard = AVDISCARD_ALL;
			continue;
		}
		r[n].r_track = &s->su_tracks[n];
		describe(ic->streams[i], r[n].r_track, &r[n].r_dec);
		if (r[n].r_dec == NULL)
			ic->streams[i]->discard = AVDISCARD_ALL;
		n++;
	}
	return n;
}

/*
 * Read every packet left, decoding those of text tracks, calling alive at
 * most once a second. 0, or -1 when alive said to stop.
 */
static int
read_all(AVFormatContext *ic, struct reading *r, size_t n, long long zero,
    const struct vs_sub_hook *h)
{
	AVPacket	*pkt;
	size_t		 i, total = 0;
	time_t		 last = time(NULL), now;
	int		 rc = 0;

	if ((pkt = av_packet_alloc()) == NULL)
		return 0;
	while (rc == 0 && av_read_frame(ic, pkt) >= 0) {
		for (i = 0; i < n; i++)
			if (r[i].r_dec != NULL && r[i].r_track->st_index ==
			    pkt->stream_index)
				decode(&r[i], pkt, zero, &total);
		av_packet_unref(pkt);
		if (h != NULL && (now = time(NULL)) != last) {
			last = now;
			rc = h->sh_alive(h->sh_arg);
		}
	}
	av_packet_free(&pkt);
	return rc;
}

/* Write each track that is still read, free what reading took. */
static int
finish(struct reading *r, size_t n, long long end)
{
	size_t	 i, j;
	int	 rc = 0;

	for (i = 0; i < n; i++) {
		if (r[i].r_dec != NULL && write_track(&r[i], end) == -1)
			rc = -1;
		if (r[i].r_dec != NULL && r[i].r_track->st_cues == 0)
			snprintf(r[i].r_track->st_why,
			    sizeof(r[i].r_track->st_why), "no cue with text "
			    "within the video");
		if (r[i].r_track->st_why[0] != '\0')
			vs_buf_free(&r[i].r_track->st_vtt);
		for (j = 0; j < r[i].r_n; j++)
			free(r[i].r_ev[j].e_text);
		free(r[i].r_ev);
		avcodec_free_context(&r[i].r_dec);
	}
	return rc;
}

int
vs_subtitle_extract(const char *path, const struct vs_sub_hook *h,
    struct vs_sub *s, char *why, size_t len)
{
	AVFormatContext	*ic = NULL;
	struct reading	*r = NULL;
	long long	 zero, end;
	int		 rc = -1;

	memset(s, 0, sizeof(*s));
	if (vs_media_open(&ic, path) == -1 ||
	    avformat_find_stream_info(ic, NULL) < 0) {
		snprintf(why, len, "the source cannot be read");
		goto out;
	}
	s->su_tracks = calloc(VS_SUB_TRACKS_MAX, sizeof(*s->su_tracks));
	r = calloc(VS_SUB_TRACKS_MAX, sizeof(*r));
	if (s->su_tracks == NULL || r == NULL) {
		snprintf(why, len, "out of memory");
		goto out;
	}
	s->su_n = find_tracks(ic, s, r);
	zero = zero_of(ic, &end);
	if (any_text(r, s->su_n) && read_all(ic, r, s->su_n, zero, h) == -1) {
		finish(r, s->su_n, 0);
		snprintf(why, len, "stopped");
		goto out;
	}
	if (finish(r, s->su_n, end) == -1) {
		snprintf(why, len, "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(r);
	avformat_close_input(&ic);
	if (rc == -1)
		vs_subtitle_free(s);
	return rc;
}

void
vs_subtitle_free(struct vs_sub *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->su_n; i++)
		vs_buf_free(&s->su_tracks[i].st_vtt);
	free(s->su_tracks);
	s->su_tracks = NULL;
	s->su_n = 0;
}
