/* test_subtitle.c: subtitle events as plain cue text; language tags. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

#include "subtitle.h"
#include "runner.h"

/* The cue text of s (an ASS event when ass is set); static storage. */
static const char *
text(const char *s, int ass)
{
	static char	 out[4096];
	struct vs_buf	 b = { 0 };

	ck_assert_int_eq(vs_subtitle_text(s, ass, &b), 0);
	snprintf(out, sizeof(out), "%s", b.b_data ? b.b_data : "");
	vs_buf_free(&b);
	return out;
}

START_TEST(ass_fields)
{
	/* libavcodec's form: ReadOrder, Layer, Style, Name, margins, Effect. */
	ck_assert_str_eq(text("0,0,Default,,0,0,0,,Hello, world", 1),
	    "Hello, world");
	/* A file's Dialogue line: Layer, Start, End, Style, ... */
	ck_assert_str_eq(text("Dialogue: 0,0:00:01.00,0:00:02.00,Default,Ann,"
	    "0,0,0,,Hi, there", 1), "Hi, there");
	/* Too few fields: no text. */
	ck_assert_str_eq(text("0,0,Default,,0", 1), "");
	ck_assert_str_eq(text("", 1), "");
}
END_TEST

START_TEST(ass_overrides)
{
	ck_assert_str_eq(text("0,0,Default,,0,0,0,,{\\an8}{\\i1}Top{\\i0} "
	    "line", 1), "Top line");
	ck_assert_str_eq(text("0,0,Default,,0,0,0,,one\\Ntwo\\nthree", 1),
	    "one\ntwo\nthree");
	ck_assert_str_eq(text("0,0,Default,,0,0,0,,a\\hb", 1), "a b");
	/* Blank lines and spaces around lines go. */
	ck_assert_str_eq(text("0,0,Default,,0,0,0,,  a  \\N\\N{\\b1}\\N b ",
	    1), "a\nb");
	/* An unclosed brace is text; a drawing's other escapes stay. */
	ck_assert_str_eq(text("0,0,Default,,0,0,0,,{open \\x", 1),
	    "{open \\x");
	/* Plain text keeps braces and backslashes. */
	ck_assert_str_eq(text("{\\an8}a\\Nb", 0), "{\\an8}a\\Nb");
}
END_TEST

/* Drawn shapes are not text: skipped from \\p1 (or any other) up to \\p0. */
START_TEST(ass_drawing)
{
	ck_assert_str_eq(text("0,0,Default,,0,0,0,,a{\\p1}m 0 0 l 100 0 100 "
	    "100{\\p0}b", 1), "ab");
	ck_assert_str_eq(text("0,0,Default,,0,0,0,,{\\an7\\p2}m 0 0 b 1 2\\N"
	    "3 4{\\i1\\p0}Sign", 1), "Sign");
	/* Drawn to the end; a \\pos or \\pbo draws nothing. */
	ck_assert_str_eq(text("0,0,Default,,0,0,0,,x{\\p1}m 0 0", 1), "x");
	ck_assert_str_eq(text("0,0,Default,,0,0,0,,{\\pos(1,2)\\pbo3}y", 1),
	    "y");
	/* The last \\p of a block counts. */
	ck_assert_str_eq(text("0,0,Default,,0,0,0,,{\\p1\\p0}z", 1), "z");
}
END_TEST

/*
 * Braces that never close are text, and found so once: a scan per brace
 * to the end of a long event took most of a second (32 MB).
 */
START_TEST(ass_unclosed)
{
	size_t		 n = 1024 * 1024;
	char		*big;
	const char	*out;

	/* Braces that never close are text, cut at the cap. */
	ck_assert_ptr_nonnull(big = malloc(n + 1));
	memcpy(big, "0,0,Default,,0,0,0,,", 20);
	memset(big + 20, '{', n - 20);
	big[n] = '\0';
	out = text(big, 1);
	ck_assert_uint_eq(strlen(out), VS_SUB_TEXT_MAX);
	ck_assert_int_eq(out[0], '{');
	free(big);
	/* A '{' takes the first '}' after it; one with none is text. */
	ck_assert_str_eq(text("0,0,Default,,0,0,0,,a{b{c}d", 1), "ad");
	ck_assert_str_eq(text("0,0,Default,,0,0,0,,a{b}c{d{e", 1), "ac{d{e");
	ck_assert_str_eq(text("0,0,Default,,0,0,0,,a}b{c", 1), "a}b{c");
}
END_TEST

START_TEST(markup_escaped)
{
	ck_assert_str_eq(text("<b>bold</b> & <script>x</script>", 0),
	    "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;");
	ck_assert_str_eq(text("00:01.000 --> 00:02.000", 0),
	    "00:01.000 --&gt; 00:02.000");
	ck_assert_str_eq(text("a\r\nb\rc", 0), "a\nb\nc");
}
END_TEST

START_TEST(bytes)
{
	/* Controls (C0, DEL, C1) go; a tab is a space. */
	ck_assert_str_eq(text("a\x01" "b\x7f" "c\xc2\x85" "d\te", 0),
	    "abcd e");
	/* UTF-8 stays; bytes that are not UTF-8 become U+FFFD. */
	ck_assert_str_eq(text("Caf\xc3\xa9", 0), "Caf\xc3\xa9");
	ck_assert_str_eq(text("Caf\xe9!", 0), "Caf\xef\xbf\xbd!");
	ck_assert_str_eq(text("\xc0\xaf", 0), "\xef\xbf\xbd\xef\xbf\xbd");
	ck_assert_str_eq(text("\xed\xa0\x80", 0),
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	ck_assert_str_eq(text("\xf0\x9f\x98", 0),
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}
END_TEST

START_TEST(capped)
{
	char		 big[8000];
	const char	*out;

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_uint_eq(strlen(text(big, 0)), VS_SUB_TEXT_MAX);
	/* Never cut inside an entity or a character. */
	memset(big, '&', sizeof(big) - 1);
	out = text(big, 0);
	ck_assert_uint_eq(strlen(out), VS_SUB_TEXT_MAX);
	ck_assert_str_eq(out + strlen(out) - 5, "&amp;");
	for (size_t i = 0; i + 1 < sizeof(big); i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	big[sizeof(big) - 2] = '\0';
	out = text(big, 0);
	ck_assert_uint_eq(strlen(out), VS_SUB_TEXT_MAX);
	ck_assert(vs_str_utf8(out));
}
END_TEST

/* What vs_subtitle_text() writes, the caption parser takes as it is. */
START_TEST(parses_back)
{
	const char	*in[] = { "<i>x</i> --> & <", "a\\Nb", "\xff\xfe",
			    "{\\i1}<c.x>y</c>" };
	struct vs_caption c;
	char		 doc[8192], why[256];
	size_t		 i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		snprintf(doc, sizeof(doc), "WEBVTT\n\n00:00.000 --> 00:01.000\n"
		    "%s\n", text(in[i], 0));
		ck_assert_msg(vs_caption_parse(doc, strlen(doc), 0, &c, why,
		    sizeof(why)) == VS_OK, "%s: %s", in[i], why);
		ck_assert_str_eq(c.cp_cues[0].c_text, text(in[i], 0));
		vs_caption_free(&c);
	}
}
END_TEST

/* The tag of s, or "-" for none, and its name ("" for none). */
static const char *
lang(const char *s, const char **name)
{
	static char	 out[64];

	if (vs_subtitle_lang(s, out, sizeof(out), name) == -1)
		return "-";
	return out;
}

START_TEST(languages)
{
	const char	*name;

	ck_assert_str_eq(lang("eng", &name), "en");
	ck_assert_str_eq(name, "English");
	ck_assert_str_eq(lang("fre", &name), "fr");
	ck_assert_str_eq(lang("fra", &name), "fr");
	ck_assert_str_eq(name, "French");
	ck_assert_str_eq(lang("ger", &name), "de");
	ck_assert_str_eq(lang("deu", &name), "de");
	ck_assert_str_eq(lang("chi", &name), "zh");
	ck_assert_str_eq(lang("JPN", &name), "ja");
	ck_assert_str_eq(name, "Japanese");
	ck_assert_str_eq(lang("es", &name), "es");
	ck_assert_str_eq(name, "Spanish");
	ck_assert_str_eq(lang("pt-BR", &name), "pt-BR");
	ck_assert_str_eq(lang("por-BR", &name), "pt-BR");
	/* A code the table does not know is kept: BCP 47 takes it. */
	ck_assert_str_eq(lang("haw", &name), "haw");
	ck_assert_ptr_null(name);
	ck_assert_str_eq(lang("und", &name), "-");
	ck_assert_str_eq(lang("UND", &name), "-");
	ck_assert_str_eq(lang("mul", &name), "-");
	ck_assert_str_eq(lang("zxx", &name), "-");
	ck_assert_str_eq(lang("", &name), "-");
	ck_assert_str_eq(lang(NULL, &name), "-");
	ck_assert_str_eq(lang("e", &name), "-");
	ck_assert_str_eq(lang("engl", &name), "-");
	ck_assert_str_eq(lang("e1g", &name), "-");
	ck_assert_str_eq(lang("\xc3\xa9n", &name), "-");
	/* What is kept after the "-" is for vs_caption_lang_valid(). */
	ck_assert(!vs_caption_lang_valid(lang("en-../x", &name)));
}
END_TEST

START_TEST(kinds)
{
	const char	*text_codecs[] = { "mov_text", "subrip", "srt", "webvtt",
			    "ass", "ssa", "text" };
	const char	*bitmap[] = { "hdmv_pgs_subtitle", "dvb_subtitle",
			    "dvd_subtitle", "xsub" };
	size_t		 i;

	for (i = 0; i < sizeof(text_codecs) / sizeof(text_codecs[0]); i++)
		ck_assert_int_eq(vs_subtitle_kind(text_codecs[i]), VS_SUB_TEXT);
	for (i = 0; i < sizeof(bitmap) / sizeof(bitmap[0]); i++)
		ck_assert_int_eq(vs_subtitle_kind(bitmap[i]), VS_SUB_BITMAP);
	ck_assert_int_eq(vs_subtitle_kind("dvb_teletext"), VS_SUB_OTHER);
	ck_assert_int_eq(vs_subtitle_kind("eia_608"), VS_SUB_OTHER);
	ck_assert_int_eq(vs_subtitle_kind(""), VS_SUB_OTHER);
	ck_assert_int_eq(vs_subtitle_kind(NULL), VS_SUB_OTHER);
}
END_TEST

int
main(void)
{
	RUN_TESTS("subtitle", ass_fields, ass_overrides, ass_drawing,
	    ass_unclosed, markup_escaped, bytes,
	    capped, parses_back, languages, kinds);
}
