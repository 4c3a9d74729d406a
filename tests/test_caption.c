/* test_caption.c: WebVTT and SubRip in, clean WebVTT out. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <limits.h>
#include <string.h>

#include <vstream.h>

#include "runner.h"

/* Parse s (duration in ms) and write it back; the WebVTT, or NULL. */
static char *
clean(const char *s, long long duration, char *why, size_t len)
{
	struct vs_caption	 c;
	struct vs_buf		 b = { 0 };

	if (vs_caption_parse(s, strlen(s), duration, &c, why, len) != VS_OK)
		return NULL;
	ck_assert_int_eq(vs_caption_write(&c, &b), 0);
	vs_caption_free(&c);
	return b.b_data;
}

/* The reason s is refused. */
static const char *
refusal(const char *s, long long duration)
{
	static char		 why[256];
	struct vs_caption	 c;

	ck_assert_int_eq(vs_caption_parse(s, strlen(s), duration, &c, why,
	    sizeof(why)), VS_EINVAL);
	ck_assert_ptr_null(c.cp_cues);
	return why;
}

START_TEST(webvtt)
{
	char	 why[256], *out;

	out = clean("WEBVTT - a title\nKind: captions\n\nNOTE a remark\n"
	    "that goes on\n\nSTYLE\n::cue { color: yellow }\n\nintro\n"
	    "00:01.000 --> 00:02.500 align:start line:10% size:50% bogus:1 "
	    "position:20%,line-left\n<v Roger>Hello</v> <c.loud.red>you</c>\n"
	    "<i>two</i> <00:00:01.500><lang fr>lines</lang>\n\n"
	    "01:00:00.000 --> 01:00:01.000\n\n"
	    "01:00:00.000 --> 01:00:01.000 vertical:rl\n"
	    "<ruby>kan<rt>kan</rt></ruby> &amp; > fine\n", 0, why, sizeof(why));
	ck_assert_msg(out != NULL, "%s", why);
	ck_assert_str_eq(out, "WEBVTT\n\n"
	    "00:00:01.000 --> 00:00:02.500 align:start line:10% size:50% "
	    "position:20%,line-left\n<v Roger>Hello</v> <c.loud.red>you</c>\n"
	    "<i>two</i> <00:00:01.500><lang fr>lines</lang>\n\n"
	    "01:00:00.000 --> 01:00:01.000\n\n"
	    "01:00:00.000 --> 01:00:01.000 vertical:rl\n"
	    "<ruby>kan<rt>kan</rt></ruby> &amp; > fine\n");
	free(out);
}
END_TEST

START_TEST(subrip)
{
	char	 why[256], *out;

	out = clean("1\r\n00:00:01,000 --> 00:00:02,000\r\n<B>Tom</B> & "
	    "<font color=\"red\">Jerry</font> > all\r\n\r\n2\r\n"
	    "00:00:03,250 --> 00:00:04,000 X1:10 X2:20\r\n<i>second</i>\r\n"
	    "line\r\n", 5000, why, sizeof(why));
	ck_assert_ptr_nonnull(out);
	ck_assert_str_eq(out, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n"
	    "<b>Tom</b> &amp; Jerry &gt; all\n\n00:00:03.250 --> 00:00:04.000\n"
	    "<i>second</i>\nline\n");
	free(out);
}
END_TEST

START_TEST(encodings)
{
	struct vs_caption	 c;
	char			 why[256];
	const char		*latin = "1\n00:00:01,000 --> 00:00:02,000\n"
				    "Caf\xe9\n";
	const char		*bom = "\xef\xbb\xbfWEBVTT\n\n00:01.000 --> "
				    "00:02.000\nCaf\xc3\xa9\n";

	ck_assert_int_eq(vs_caption_parse(latin, strlen(latin), 0, &c, why,
	    sizeof(why)), VS_OK);
	ck_assert_str_eq(c.cp_cues[0].c_text, "Caf\xc3\xa9");
	ck_assert_ptr_nonnull(strstr(c.cp_note, "Latin-1"));
	vs_caption_free(&c);
	ck_assert_int_eq(vs_caption_parse(bom, strlen(bom), 0, &c, why,
	    sizeof(why)), VS_OK);
	ck_assert_int_eq(c.cp_n, 1);
	ck_assert_str_eq(c.cp_cues[0].c_text, "Caf\xc3\xa9");
	ck_assert_ptr_nonnull(strstr(c.cp_note, "byte order mark"));
	vs_caption_free(&c);
	ck_assert_str_eq(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\n"
	    "Fancy \x93quotes\x94\n", 0), "line 4: byte 0x93 is neither UTF-8 "
	    "nor Latin-1 text; save the file as UTF-8.");
	ck_assert_int_eq(vs_caption_parse("WEBVTT\n\n\0", 9, 0, &c, why,
	    sizeof(why)), VS_EINVAL);
	ck_assert_str_eq(why, "line 3: control byte 0x00: this is not a text "
	    "file.");
	ck_assert_str_eq(refusal("\x7f" "ELF\x02\x01", 0),
	    "line 1: control byte 0x7f: this is not a text file.");
}
END_TEST

START_TEST(timestamps)
{
	ck_assert_str_eq(refusal("WEBVTT\n\n00:01,000 --> 00:02.000\nx\n", 0),
	    "line 3: WebVTT timestamps put a dot before the milliseconds, not "
	    "a comma.");
	ck_assert_str_eq(refusal("1\n00:00:01.000 --> 00:00:02,000\nx\n", 0),
	    "line 2: SubRip timestamps put a comma before the milliseconds, "
	    "not a dot.");
	ck_assert_str_eq(refusal("WEBVTT\n\n00:61.000 --> 01:02.000\nx\n", 0),
	    "line 3: seconds run from 00 to 59.");
	ck_assert_str_eq(refusal("WEBVTT\n\n00:00:01.000 --> 00:60:02.000\n"
	    "x\n", 0), "line 3: minutes run from 00 to 59.");
	ck_assert_str_eq(refusal("WEBVTT\n\n10000:00:01.000 --> "
	    "10000:00:02.000\nx\n", 0), "line 3: hours run to 9999.");
	ck_assert_str_eq(refusal("WEBVTT\n\n99999999999999999999:00:01.000 "
	    "--> 00:02.000\nx\n", 0), "line 3: expected a timestamp such as "
	    "00:01:02.500.");
	ck_assert_str_eq(refusal("WEBVTT\n\n00:01.00 --> 00:02.000\nx\n", 0),
	    "line 3: milliseconds are three digits.");
	ck_assert_str_eq(refusal("WEBVTT\n\n00:02.000 --> 00:02.000\nx\n", 0),
	    "line 3: the cue ends before it starts (or as it starts).");
	ck_assert_str_eq(refusal("WEBVTT\n\n00:01.000-->00:02.000\nx\n", 0),
	    "line 3: expected \" --> \" after the start time.");
	ck_assert_str_eq(refusal("WEBVTT\n\n00:05.000 --> 00:06.000\nx\n\n"
	    "00:04.000 --> 00:07.000\ny\n", 0), "line 6: this cue starts "
	    "before the one above it: cues must be in order of their start.");
	ck_assert_str_eq(refusal("WEBVTT\n\n00:05.000 --> 00:06.000\nx\n\n"
	    "00:09.000 --> 00:12.001\ny\n", 10000), "line 6: the cue ends "
	    "after the video does (10.000 s).");
	ck_assert_str_eq(refusal("1\nhello\n", 0), "line 2: expected a "
	    "timestamp such as 00:01:02.500.");
	ck_assert_str_eq(refusal("hello\n", 0), "line 1: expected a cue number "
	    "or a timing line (00:00:01,000 --> 00:00:02,000).");
}
END_TEST

START_TEST(markup)
{
	ck_assert_str_eq(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\nok\n"
	    "<script>alert(1)</script>\n", 0), "line 5: <script> is not "
	    "allowed in captions: only b, i, u, c, v, lang, ruby and rt.");
	ck_assert_str_eq(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\n"
	    "<img src=x>\n", 0), "line 4: <img> is not allowed in captions: "
	    "only b, i, u, c, v, lang, ruby and rt.");
	ck_assert_str_eq(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\n"
	    "<b onclick=\"x\">hi</b>\n", 0), "line 4: <b> takes no attributes "
	    "(a voice takes a name, lang a language tag).");
	ck_assert_str_eq(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\n"
	    "<v a=\"b\">hi</v>\n", 0), "line 4: <v> takes no attributes (a "
	    "voice takes a name, lang a language tag).");
	ck_assert_str_eq(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\n"
	    "<font color=red>hi</font>\n", 0), "line 4: <font> is not allowed "
	    "in captions: only b, i, u, c, v, lang, ruby and rt.");
	ck_assert_str_eq(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\n"
	    "1 < 2\n", 0), "line 4: a \"<\" opens no tag; write &lt; for the "
	    "character.");
	ck_assert_str_eq(refusal("WEBVTT\n\nSTYLE\n::cue {\n background: "
	    "URL(http://x/)\n}\n\n00:01.000 --> 00:02.000\nx\n", 0),
	    "line 5: a STYLE block may not load anything (url( or @import).");
	ck_assert_str_eq(refusal("WEBVTT\n\nSTYLE\n@import 'x.css';\n\n"
	    "00:01.000 --> 00:02.000\nx\n", 0), "line 4: a STYLE block may not "
	    "load anything (url( or @import).");
	ck_assert_str_eq(refusal("1\n00:00:01,000 --> 00:00:02,000\n"
	    "<span>x</span>\n", 0), "line 3: <span> is not allowed in "
	    "captions: only b, i, u, c, v, lang, ruby and rt.");
	ck_assert_str_eq(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n"
	    "00:03.000 --> 00:04.000\ny\n", 0), "line 5: \"-->\" in cue text (a "
	    "missing blank line before a cue?).");
}
END_TEST

START_TEST(caps)
{
	struct vs_caption	 c;
	struct vs_buf		 b = { 0 };
	char			 why[256], line[1001];
	int			 i;

	ck_assert_int_eq(vs_caption_parse("", VS_CAPTION_FILE_MAX + 1, 0, &c,
	    why, sizeof(why)), VS_EINVAL);
	ck_assert_str_eq(why, "The file is larger than 2 MiB.");
	ck_assert_int_eq(vs_buf_puts(&b, "WEBVTT\n\n00:01.000 --> 00:02.000\n"),
	    0);
	for (i = 0; i < VS_CAPTION_LINE_MAX + 1; i++)
		vs_buf_puts(&b, "x");
	ck_assert_str_eq(refusal(b.b_data, 0), "line 4: longer than 1024 "
	    "bytes.");
	vs_buf_free(&b);
	vs_buf_puts(&b, "WEBVTT\n\n00:01.000 --> 00:02.000\n");
	for (i = 0; i < 5; i++) {
		memset(line, 'y', 1000);
		line[1000] = '\0';
		vs_buf_printf(&b, "%s\n", line);
	}
	ck_assert_str_eq(refusal(b.b_data, 0), "line 8: the cue's text is "
	    "longer than 4096 bytes.");
	vs_buf_free(&b);
	vs_buf_puts(&b, "WEBVTT\n");
	for (i = 0; i <= VS_CAPTION_CUES_MAX; i++)
		vs_buf_printf(&b, "\n00:00.000 --> 00:01.000\n");
	ck_assert_str_eq(refusal(b.b_data, 0), "line 40003: more than 20000 "
	    "cues.");
	vs_buf_free(&b);
	vs_buf_puts(&b, "1\n00:00:01,000 --> 00:00:02,000\n");
	for (i = 0; i < 300; i++)
		vs_buf_puts(&b, "&");
	ck_assert_str_eq(refusal(b.b_data, 0), "line 3: longer than 1024 bytes "
	    "once & and > are written as &amp; and &gt;.");
	vs_buf_free(&b);
	ck_assert_str_eq(refusal("WEBVTT\n", 0), "No cues: this is not a usable "
	    "WebVTT file.");
	ck_assert_str_eq(refusal("", 0), "No cues: this is not a WebVTT or "
	    "SubRip file.");
}
END_TEST

START_TEST(round_trip)
{
	char	 why[256], *once, *twice;

	once = clean("WEBVTT\n\n00:01.000 --> 00:02.000 line:-1,end bad\n"
	    "<c.a>x</c> & y\n\n00:01.000 --> 00:03.000\n\n", 0, why,
	    sizeof(why));
	ck_assert_ptr_nonnull(once);
	twice = clean(once, 0, why, sizeof(why));
	ck_assert_ptr_nonnull(twice);
	ck_assert_str_eq(once, twice);
	free(once);
	free(twice);
}
END_TEST

/* A SubRip line that is only a font tag is left out, not kept empty: an
 * empty line would end the cue once written as WebVTT. */
START_TEST(font_only_line)
{
	char	 why[256], *once, *twice;

	once = clean("1\r\n00:00:03,000 --> 00:00:04,000\r\n</font>\r\n"
	    "next\r\n2\r\n", 0, why, sizeof(why));
	ck_assert_ptr_nonnull(once);
	ck_assert_str_eq(once, "WEBVTT\n\n00:00:03.000 --> 00:00:04.000\n"
	    "next\n2\n");
	twice = clean(once, 0, why, sizeof(why));
	ck_assert_ptr_nonnull(twice);
	ck_assert_str_eq(once, twice);
	free(once);
	free(twice);
}
END_TEST

START_TEST(languages)
{
	const char	*good[] = { "en", "fra", "pt-BR", "zh-Hant", "zh-Hant-TW",
			    "es-419", "sr-Latn-RS" };
	const char	*bad[] = { NULL, "", "e", "engl", "en-", "en_US",
			    "en-USA", "en-12", "zh-Hant-", "../x", "en/x",
			    "en-US-x", "é", "en-Latn-Cyrl" };
	size_t		 i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(vs_caption_lang_valid(good[i]), "%s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!vs_caption_lang_valid(bad[i]), "%s", bad[i]);
}
END_TEST

/* The rung list of the n durations d, ended or growing. */
static void
rung(struct vs_hls_list *l, const double *d, int n, int ended)
{
	int	 i;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < n; i++)
		ck_assert_int_eq(vs_hls_list_add(l, d[i]), 0);
	l->hl_ended = ended;
}

/* The WebVTT of segment n of c over l. */
static char *
segment(const char *vtt, const struct vs_hls_list *l, int n)
{
	struct vs_caption	 c;
	struct vs_buf		 b = { 0 };
	long long		 from, to;
	char			 why[256];

	ck_assert_int_eq(vs_caption_parse(vtt, strlen(vtt), 0, &c, why,
	    sizeof(why)), VS_OK);
	ck_assert_int_eq(vs_caption_span(l, n, &from, &to), 0);
	ck_assert_int_eq(vs_caption_write_span(&c, from, to, &b), 0);
	vs_caption_free(&c);
	return b.b_data;
}

/* Boundaries are the sums of the durations, rounded once, never drifting. */
START_TEST(spans)
{
	const double		 d[] = { 6.006, 6.006, 6.006, 2.5 };
	struct vs_hls_list	 l;
	long long		 from, to;

	rung(&l, d, 4, 0);
	ck_assert_int_eq(vs_caption_span(&l, 0, &from, &to), 0);
	ck_assert_int_eq(from, 0);
	ck_assert_int_eq(to, 6006);
	ck_assert_int_eq(vs_caption_span(&l, 2, &from, &to), 0);
	ck_assert_int_eq(from, 12012);
	ck_assert_int_eq(to, 18018);
	ck_assert_int_eq(vs_caption_span(&l, 3, &from, &to), 0);
	ck_assert_int_eq(to, 20518);
	ck_assert_int_eq(vs_caption_span(&l, 4, &from, &to), -1);
	ck_assert_int_eq(vs_caption_span(&l, -1, &from, &to), -1);
	l.hl_ended = 1;
	ck_assert_int_eq(vs_caption_span(&l, 3, &from, &to), 0);
	ck_assert_int_eq(from, 18018);
	ck_assert_int_eq(to, LLONG_MAX);
	vs_hls_list_clear(&l);
}
END_TEST

/*
 * A segment has the cues overlapping it, with absolute times: one across
 * a boundary in both, one ending on the boundary only in the first, the
 * last segment of a finished video also those past its end.
 */
START_TEST(segment_cues)
{
	const double		 d[] = { 6.0, 6.0, 3.0 };
	const char		*vtt = "WEBVTT\n\n"
				    "00:00:01.000 --> 00:00:02.000\none\n\n"
				    "00:00:05.000 --> 00:00:07.000 align:start\n"
				    "across\n\n"
				    "00:00:07.000 --> 00:00:12.000\nto twelve\n\n"
				    "00:00:14.500 --> 00:00:16.000\npast\n";
	struct vs_hls_list	 l;
	char			*s;

	rung(&l, d, 3, 1);
	s = segment(vtt, &l, 0);
	ck_assert_str_eq(s, "WEBVTT\n" VS_CAPTION_TIMESTAMP_MAP "\n\n"
	    "00:00:01.000 --> 00:00:02.000\none\n\n"
	    "00:00:05.000 --> 00:00:07.000 align:start\nacross\n\n");
	free(s);
	s = segment(vtt, &l, 1);
	ck_assert_str_eq(s, "WEBVTT\n" VS_CAPTION_TIMESTAMP_MAP "\n\n"
	    "00:00:05.000 --> 00:00:07.000 align:start\nacross\n\n"
	    "00:00:07.000 --> 00:00:12.000\nto twelve\n\n");
	free(s);
	s = segment(vtt, &l, 2);
	ck_assert_str_eq(s, "WEBVTT\n" VS_CAPTION_TIMESTAMP_MAP "\n\n"
	    "00:00:14.500 --> 00:00:16.000\npast\n\n");
	free(s);
	l.hl_ended = 0;
	s = segment(vtt, &l, 2);
	ck_assert_str_eq(s, "WEBVTT\n" VS_CAPTION_TIMESTAMP_MAP "\n\n"
	    "00:00:14.500 --> 00:00:16.000\npast\n\n");
	free(s);
	vs_hls_list_clear(&l);
	ck_assert_str_eq(VS_CAPTION_TIMESTAMP_MAP,
	    "X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000");
}
END_TEST

/* A segment without a cue is still a WebVTT file, for players to read. */
START_TEST(segment_empty)
{
	const double		 d[] = { 6.0, 6.0, 6.0 };
	struct vs_hls_list	 l;
	char			*s;

	rung(&l, d, 3, 0);
	s = segment("WEBVTT\n\n00:00:13.000 --> 00:00:14.000\nx\n", &l, 1);
	ck_assert_str_eq(s, "WEBVTT\n" VS_CAPTION_TIMESTAMP_MAP "\n\n");
	free(s);
	vs_hls_list_clear(&l);
}
END_TEST

/* The playlist lists what the rung lists: durations, target, its end. */
START_TEST(media_playlist)
{
	const double		 d[] = { 6.006, 7.2, 1.5 };
	struct vs_hls_list	 l;
	struct vs_buf		 b = { 0 };

	rung(&l, d, 3, 1);
	ck_assert_int_eq(vs_caption_list_write(&l, &b), 0);
	ck_assert_str_eq(b.b_data, "#EXTM3U\n#EXT-X-VERSION:3\n"
	    "#EXT-X-TARGETDURATION:8\n#EXT-X-MEDIA-SEQUENCE:0\n"
	    "#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:6.006000,\n0.vtt\n"
	    "#EXTINF:7.200000,\n1.vtt\n#EXTINF:1.500000,\n2.vtt\n"
	    "#EXT-X-ENDLIST\n");
	vs_buf_free(&b);
	l.hl_n = 2;
	l.hl_ended = 0;
	ck_assert_int_eq(vs_caption_list_write(&l, &b), 0);
	ck_assert_ptr_nonnull(strstr(b.b_data, "#EXT-X-PLAYLIST-TYPE:EVENT\n"));
	ck_assert_ptr_null(strstr(b.b_data, "ENDLIST"));
	ck_assert_ptr_null(strstr(b.b_data, "2.vtt"));
	vs_buf_free(&b);
	l.hl_n = 0;
	ck_assert_int_eq(vs_caption_list_write(&l, &b), 0);
	ck_assert_ptr_nonnull(strstr(b.b_data, "#EXT-X-TARGETDURATION:6\n"));
	vs_buf_free(&b);
	vs_hls_list_clear(&l);
}
END_TEST

START_TEST(segment_names)
{
	const char	*good[] = { "0.vtt", "7.vtt", "10.vtt", "599999.vtt" };
	const int	 want[] = { 0, 7, 10, 599999 };
	const char	*bad[] = { "", ".vtt", "00.vtt", "01.vtt", "-1.vtt",
			    "+1.vtt", " 1.vtt", "1.vtt ", "1.VTT", "1.m4s",
			    "1", "600000.vtt", "1000000.vtt", "1.vtt?x",
			    "captions.vtt", "1e3.vtt", "0x1.vtt" };
	size_t		 i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_int_eq(vs_caption_segment_number(good[i]), want[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(vs_caption_segment_number(bad[i]) == -1, "%s",
		    bad[i]);
}
END_TEST

int
main(void)
{
	RUN_TESTS("caption", webvtt, subrip, encodings, timestamps, markup,
	    caps, round_trip, font_only_line, languages, spans, segment_cues,
	    segment_empty, media_playlist, segment_names);
}
