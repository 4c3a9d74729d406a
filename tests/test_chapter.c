/* test_chapter.c: chapters from description lines, as WebVTT. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <string.h>

#include <vstream.h>

#include "runner.h"

static struct vs_chapter	 c[VS_CHAPTERS_MAX];

/* How many chapters description s (duration 4000 s) has. */
static size_t
count(const char *s)
{
	return vs_chapter_parse(s, 4000, c);
}

START_TEST(found)
{
	ck_assert_uint_eq(vs_chapter_parse("A video.\n\n0:00 Intro\r\n"
	    "1:02 - The middle  \nnot a chapter 3:00\n1:02:03\tPart two\n"
	    "Thanks for watching", 3800.5, c), 3);
	ck_assert_int_eq(c[0].ch_start, 0);
	ck_assert_str_eq(c[0].ch_title, "Intro");
	ck_assert_int_eq(c[1].ch_start, 62);
	ck_assert_str_eq(c[1].ch_title, "The middle");
	ck_assert_int_eq(c[2].ch_start, 3723);
	ck_assert_str_eq(c[2].ch_title, "Part two");
	ck_assert_uint_eq(count("00:00 a\n10:00 b"), 2);
	ck_assert_uint_eq(count("0:00:00 a\n0:59 b\n1:00:00 c"), 3);
	ck_assert_uint_eq(count("0:00 Café & <b>\n0:10 ünïcödé"), 2);
}
END_TEST

START_TEST(refused)
{
	const char	*bad[] = {
		NULL, "", "no chapters here",
		"0:00 only one",
		"0:05 Intro\n1:00 Late start",
		"0:00 a\n1:00 b\n0:30 back",
		"0:00 a\n0:00 same",
		"0:00 a\n1:60 bad seconds",
		"0:00 a\n60:00 minutes over 59",
		"0:00 a\n1:75:00 minutes over 59",
		"0:00 a\n123:00 three digits",
		"0:00 a\n2:00 \x01 control",
		"0:00 a\n2:00 \xff\xfe not UTF-8",
		"0:00 a\n1:07:00 past the end",
	};
	char		 s[2048];
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(vs_chapter_parse(bad[i], 3600, c) == 0, "%zu", i);
	ck_assert_uint_eq(vs_chapter_parse("0:00 a\n1:00 b", 0, c), 0);
	ck_assert_uint_eq(vs_chapter_parse("0:00 a\n1:00 b", 60, c), 0);
	/* A time without a title, or glued to it, is text. */
	ck_assert_uint_eq(count("0:00 a\n1:00\n2:00 b"), 2);
	ck_assert_uint_eq(count("0:00 a\n1:00b\n2:00 b"), 2);
	ck_assert_uint_eq(count("0:00 a\n1:00:00:00 four parts\n2:00 b"), 2);
	ck_assert_uint_eq(count(" 0:00 a\n1:00 b"), 0);
	/* A title of 100 characters, then 101. */
	snprintf(s, sizeof(s), "0:00 a\n1:00 %0100d", 0);
	ck_assert_uint_eq(count(s), 2);
	snprintf(s, sizeof(s), "0:00 a\n1:00 %0101d", 0);
	ck_assert_uint_eq(count(s), 0);
}
END_TEST

START_TEST(capped)
{
	char	 s[4096];
	size_t	 i, n = 0;

	for (i = 0; i < VS_CHAPTERS_MAX + 1; i++)
		n += (size_t)snprintf(s + n, sizeof(s) - n, "%zu:%02zu c\n",
		    i / 60, i % 60);
	ck_assert_uint_eq(vs_chapter_parse(s, 4000, c), 0);
	s[n - strlen("1:40 c\n")] = '\0';
	ck_assert_uint_eq(vs_chapter_parse(s, 4000, c), VS_CHAPTERS_MAX);
}
END_TEST

START_TEST(written)
{
	struct vs_buf	 b = { 0 };
	size_t		 n;

	n = vs_chapter_parse("0:00 Intro & <more>\n1:02 Part --> two\n",
	    90.25, c);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(vs_chapter_write(c, n, 90.25, &b), 0);
	ck_assert_str_eq(b.b_data, "WEBVTT\n\n1\n00:00:00.000 --> "
	    "00:01:02.000\nIntro &amp; &lt;more&gt;\n\n2\n00:01:02.000 --> "
	    "00:01:30.250\nPart --&gt; two\n");
	vs_buf_free(&b);
}
END_TEST

/* What vstream writes is a caption file its own parser reads back. */
START_TEST(reads_back)
{
	struct vs_caption	 cap;
	struct vs_buf		 b = { 0 };
	char			 why[256];
	size_t			 n;

	n = vs_chapter_parse("0:00 One\n0:30 <i>Two</i>\n1:00:00 Three", 3700,
	    c);
	ck_assert_int_eq(vs_chapter_write(c, n, 3700, &b), 0);
	ck_assert_int_eq(vs_caption_parse(b.b_data, b.b_len, 3700000, &cap,
	    why, sizeof(why)), VS_OK);
	ck_assert_uint_eq(cap.cp_n, 3);
	ck_assert_str_eq(cap.cp_cues[1].c_text, "&lt;i&gt;Two&lt;/i&gt;");
	ck_assert_int_eq(cap.cp_cues[2].c_end, 3700000);
	vs_caption_free(&cap);
	vs_buf_free(&b);
}
END_TEST

int
main(void)
{
	RUN_TESTS("chapter", found, refused, capped, written, reads_back);
}
