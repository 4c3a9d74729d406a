/* chapter.c: chapters from the timestamps that start description lines. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <string.h>

#include "chapter.h"
#include "str.h"

/* n decimal digits at s, at most max of them: their value, or -1. */
static long long
digits(const char *s, size_t min, size_t max, size_t *len)
{
	long long	 v = 0;
	size_t		 n = 0;

	while (n < max && s[n] >= '0' && s[n] <= '9')
		v = v * 10 + (s[n++] - '0');
	if (n < min || (s[n] >= '0' && s[n] <= '9'))
		return -1;
	*len = n;
	return v;
}

/*
 * The time that starts line s, h:mm:ss or m:ss, followed by a space or a
 * tab: the bytes it takes, with *secs set; 0 when the line starts
 * otherwise.
 */
static size_t
start_time(const char *s, long long *secs)
{
	long long	 part[3];
	size_t		 n, at = 0, i;

	for (i = 0; i < 3; i++) {
		if ((part[i] = digits(s + at, i == 0 ? 1 : 2, 2, &n)) == -1)
			return 0;
		at += n;
		if (s[at] != ':')
			break;
		at++;
	}
	if (i == 0 || i == 3 || (s[at] != ' ' && s[at] != '\t'))
		return 0;
	if (part[i] > 59 || part[i - 1] > 59)
		return 0;
	*secs = i == 1 ? part[0] * 60 + part[1] :
	    part[0] * 3600 + part[1] * 60 + part[2];
	return at;
}

/* Is title (len bytes) 1..VS_CHAPTER_TITLE_MAX characters of clean UTF-8? */
static int
title_valid(const char *t, size_t len)
{
	size_t	 i, chars = 0;

	if (len == 0 || len >= sizeof(((struct vs_chapter *)0)->ch_title))
		return 0;
	for (i = 0; i < len; i++) {
		if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f)
			return 0;
		if (((unsigned char)t[i] & 0xc0) != 0x80)
			chars++;
	}
	return chars <= VS_CHAPTER_TITLE_MAX;
}

/*
 * Read the chapter on the line at s (len bytes) into c: 1 when it is one,
 * 0 when the line is text, -1 when it starts with a time but its title is
 * not valid.
 */
static int
chapter_line(const char *s, size_t len, struct vs_chapter *c)
{
	size_t	 at;

	while (len > 0 && strchr(" \t\r", s[len - 1]) != NULL)
		len--;
	if (len == 0 || (at = start_time(s, &c->ch_start)) == 0 || at >= len)
		return 0;
	while (at < len && (s[at] == ' ' || s[at] == '\t'))
		at++;
	/* "0:00 - Intro": the dash only separates. */
	if (len - at > 2 && s[at] == '-' && s[at + 1] == ' ')
		at += 2;
	if (!title_valid(s + at, len - at))
		return -1;
	memcpy(c->ch_title, s + at, len - at);
	c->ch_title[len - at] = '\0';
	return vs_str_utf8(c->ch_title) ? 1 : -1;
}

size_t
vs_chapter_parse(const char *desc, double duration, struct vs_chapter *out)
{
	struct vs_chapter	 c;
	const char		*end;
	size_t			 n = 0, len;
	int			 rc;

	if (desc == NULL || duration <= 0)
		return 0;
	for (; *desc != '\0'; desc = *end ? end + 1 : end) {
		end = desc + strcspn(desc, "\n");
		len = (size_t)(end - desc);
		if ((rc = chapter_line(desc, len, &c)) == 0)
			continue;
		if (rc == -1 || n == VS_CHAPTERS_MAX || (double)c.ch_start >=
		    duration || (n == 0 && c.ch_start != 0) ||
		    (n > 0 && c.ch_start <= out[n - 1].ch_start))
			return 0;
		out[n++] = c;
	}
	return n >= 2 ? n : 0;
}

/* Append ms as a WebVTT timestamp, hh:mm:ss.ttt. */
static int
timestamp(struct vs_buf *b, long long ms)
{
	return vs_buf_printf(b, "%02lld:%02lld:%02lld.%03lld", ms / 3600000,
	    ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
}

/* Append s as WebVTT cue text: & < > as entities. */
static int
cue_text(struct vs_buf *b, const char *s)
{
	const char	*ent;
	size_t		 n;

	while (*s != '\0') {
		n = strcspn(s, "&<>");
		if (vs_buf_add(b, s, n) == -1)
			return -1;
		if (s[n] == '\0')
			break;
		ent = s[n] == '&' ? "&amp;" : s[n] == '<' ? "&lt;" : "&gt;";
		if (vs_buf_puts(b, ent) == -1)
			return -1;
		s += n + 1;
	}
	return vs_buf_puts(b, "\n");
}

int
vs_chapter_write(const struct vs_chapter *c, size_t n, double duration,
    struct vs_buf *b)
{
	long long	 end;
	size_t		 i;

	if (vs_buf_puts(b, "WEBVTT\n") == -1)
		return -1;
	for (i = 0; i < n; i++) {
		end = i + 1 < n ? c[i + 1].ch_start * 1000 :
		    (long long)(duration * 1000 + 0.5);
		if (vs_buf_printf(b, "\n%zu\n", i + 1) == -1 ||
		    timestamp(b, c[i].ch_start * 1000) == -1 ||
		    vs_buf_puts(b, " --> ") == -1 || timestamp(b, end) == -1 ||
		    vs_buf_puts(b, "\n") == -1 || cue_text(b, c[i].ch_title) == -1)
			return -1;
	}
	return 0;
}
