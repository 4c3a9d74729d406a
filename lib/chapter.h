/* chapter.h: chapters from the timestamps that start description lines. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_CHAPTER_H
#define VS_CHAPTER_H

#include <stddef.h>

struct vs_buf;

#define VS_CHAPTERS_MAX		100	/* chapters of one video */
#define VS_CHAPTER_TITLE_MAX	100	/* characters of a title */

/* One chapter: where it starts, in seconds, and its title (UTF-8). */
struct vs_chapter {
	long long	 ch_start;
	char		 ch_title[VS_CHAPTER_TITLE_MAX * 4 + 1];
};

/*
 * Find the chapters in a description: every line that starts with a time
 * (h:mm:ss or m:ss) and a space, then a title of 1 to
 * VS_CHAPTER_TITLE_MAX characters, is one; other lines are text. The list
 * counts only when it is whole: at least two, the first at 0:00, each
 * later than the one before and before duration (seconds), at most
 * VS_CHAPTERS_MAX, every title valid UTF-8 without control characters.
 * Fills out (VS_CHAPTERS_MAX entries) and returns how many, or 0 when
 * there are none (no timestamps, or a list that breaks a rule).
 */
size_t	 vs_chapter_parse(const char *, double, struct vs_chapter *);
/*
 * Append the chapters as a WebVTT chapters track to b: one cue from each
 * start to the next, the last to duration (seconds), the titles escaped.
 * 0, or -1 when memory runs out.
 */
int	 vs_chapter_write(const struct vs_chapter *, size_t, double,
	    struct vs_buf *);

#endif
