/* caption.c: reading WebVTT and SubRip captions, writing clean WebVTT. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/file.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "caption.h"
#include "db.h"
#include "fs.h"
#include "hls.h"
#include "log.h"
#include "path.h"
#include "str.h"
#include "stream.h"

/* The tags cue text may carry; SubRip's font is dropped, not kept. */
static const char *const tags[] = { "b", "i", "u", "c", "v", "lang", "ruby",
    "rt" };
#define TAGS_N		(int)(sizeof(tags) / sizeof(tags[0]))

/* Largest hour a timestamp may name; keeps the arithmetic small. */
#define HOURS_MAX	9999

/* A parse in progress: the text, cut into lines as it is read. */
struct rd {
	char			*r_text;	/* UTF-8, NUL-terminated */
	char			*r_next;	/* the next line, NULL at the end */
	int			 r_line;	/* number of the line read last */
	int			 r_vtt;
	long long		 r_duration;
	struct vs_caption	*r_c;
	size_t			 r_cap;
	int			 r_settings;	/* cue settings dropped */
	int			 r_fonts;	/* font tags dropped */
	char			*r_why;
	size_t			 r_whylen;
};

/* Say what is wrong at the current line; returns VS_EINVAL. */
static enum vs_err
fail(struct rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static enum vs_err
fail(struct rd *r, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	n = snprintf(r->r_why, r->r_whylen, "line %d: ", r->r_line);
	if (n < 0 || (size_t)n >= r->r_whylen)
		return VS_EINVAL;
	va_start(ap, fmt);
	vsnprintf(r->r_why + n, r->r_whylen - (size_t)n, fmt, ap);
	va_end(ap);
	return VS_EINVAL;
}

/* The line that byte off of data is on, counting from 1. */
static int
line_of(const char *data, size_t off)
{
	size_t	 i;
	int	 n = 1;

	for (i = 0; i < off; i++)
		if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == off ||
		    data[i + 1] != '\n')))
			n++;
	return n;
}

/* Latin-1 bytes as UTF-8; malloc'd, caller frees; NULL out of memory. */
static char *
from_latin1(const unsigned char *s, size_t len)
{
	char	*out, *o;
	size_t	 i;

	if ((out = o = malloc(len * 2 + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] < 0x80)
			*o++ = (char)s[i];
		else {
			*o++ = (char)(0xc0 | s[i] >> 6);
			*o++ = (char)(0x80 | (s[i] & 0x3f));
		}
	}
	*o = '\0';
	return out;
}

/*
 * The bytes as UTF-8 text in r->r_text: no NUL or control bytes, a BOM
 * dropped, Latin-1 converted. VS_OK, VS_EINVAL, VS_ERR.
 */
static enum vs_err
to_text(struct rd *r, const char *data, size_t len)
{
	const unsigned char	*u = (const unsigned char *)data;
	size_t			 i, skip = 0;
	int			 latin = 0;

	for (i = 0; i < len; i++) {
		if (u[i] == 0 || (u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' &&
		    u[i] != '\r') || u[i] == 0x7f) {
			r->r_line = line_of(data, i);
			return fail(r, "control byte 0x%02x: this is not a text "
			    "file.", u[i]);
		}
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		skip = 3;
	if ((r->r_text = vs_str_ndup(data + skip, len - skip)) == NULL)
		return VS_ERR;
	if (vs_str_utf8(r->r_text))
		goto out;
	for (i = skip; i < len; i++) {
		if (u[i] >= 0x80 && u[i] < 0xa0) {
			r->r_line = line_of(data, i);
			return fail(r, "byte 0x%02x is neither UTF-8 nor Latin-1 "
			    "text; save the file as UTF-8.", u[i]);
		}
	}
	free(r->r_text);
	if ((r->r_text = from_latin1(u + skip, len - skip)) == NULL)
		return VS_ERR;
	latin = 1;
out:
	snprintf(r->r_c->cp_note, sizeof(r->r_c->cp_note), "%s%s",
	    skip ? "A byte order mark was removed. " : "",
	    latin ? "The text was read as Latin-1 and converted to UTF-8. " :
	    "");
	return VS_OK;
}

/*
 * The next line, its end cut off (CR LF, LF or CR); NULL at the end of the
 * text. A line too long is VS_EINVAL in *rc.
 */
static char *
next_line(struct rd *r, enum vs_err *rc)
{
	char	*line = r->r_next;
	size_t	 n;

	*rc = VS_OK;
	if (line == NULL)
		return NULL;
	r->r_line++;
	n = strcspn(line, "\r\n");
	if (line[n] == '\0')
		r->r_next = NULL;
	else {
		r->r_next = line + n + 1 + (line[n] == '\r' &&
		    line[n + 1] == '\n');
		if (*r->r_next == '\0')
			r->r_next = NULL;
		line[n] = '\0';
	}
	if (n > VS_CAPTION_LINE_MAX) {
		*rc = fail(r, "longer than %d bytes.", VS_CAPTION_LINE_MAX);
		return NULL;
	}
	return line;
}

/* Read digits (at most 9) into *v; their count. */
static int
digits(const char **sp, long long *v)
{
	const char	*s = *sp;
	int		 n = 0;

	*v = 0;
	while (n < 10 && isdigit((unsigned char)*s)) {
		*v = *v * 10 + (*s++ - '0');
		n++;
	}
	*sp = s;
	return n;
}

/*
 * A timestamp at *sp: WebVTT's [hh:]mm:ss.ttt or SubRip's hh:mm:ss,ttt.
 * 0 with *ms and *sp past it, or -1 with a reason in *why.
 */
static int
parse_time(const char **sp, int vtt, long long *ms, const char **why)
{
	const char	*s = *sp;
	long long	 f[3], frac;
	int		 nd[3], n = 0;

	do {
		if ((nd[n] = digits(&s, &f[n])) == 0 || nd[n] > 9) {
			*why = "expected a timestamp such as 00:01:02.500";
			return -1;
		}
		n++;
	} while (n < 3 && *s == ':' && *++s != '\0');
	if (*s != '.' && *s != ',') {
		*why = "a timestamp needs its milliseconds (00:01:02.500)";
		return -1;
	}
	if ((*s == ',') == vtt) {
		*why = vtt ? "WebVTT timestamps put a dot before the "
		    "milliseconds, not a comma" : "SubRip timestamps put a "
		    "comma before the milliseconds, not a dot";
		return -1;
	}
	s++;
	if (digits(&s, &frac) != 3) {
		*why = "milliseconds are three digits";
		return -1;
	}
	if (n < 2 || (n == 2 && !vtt) || nd[n - 1] != 2 || nd[n - 2] != 2 ||
	    (n == 3 && vtt && nd[0] < 2)) {
		*why = vtt ? "a timestamp is [hh:]mm:ss.ttt" :
		    "a timestamp is hh:mm:ss,ttt";
		return -1;
	}
	if (n == 3 && f[0] > HOURS_MAX) {
		*why = "hours run to 9999";
		return -1;
	}
	if (f[n - 2] > 59 || f[n - 1] > 59) {
		*why = f[n - 2] > 59 ? "minutes run from 00 to 59" :
		    "seconds run from 00 to 59";
		return -1;
	}
	*ms = ((n == 3 ? f[0] : 0) * 3600 + f[n - 2] * 60 + f[n - 1]) * 1000 +
	    frac;
	*sp = s;
	return 0;
}

/* Is s a percentage from 0 to 100 ("50%", "12.5%")? */
static int
percent(const char *s)
{
	char	*end;
	double	 d;

	if (!isdigit((unsigned char)*s))
		return 0;
	d = strtod(s, &end);
	return strcmp(end, "%") == 0 && d <= 100;
}

/* Is v one of the n words of list? */
static int
one_of(const char *v, const char *const *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return 1;
	return 0;
}

/* Is name:value a WebVTT cue setting vstream keeps? */
static int
setting_valid(const char *name, char *value)
{
	static const char *const vert[] = { "rl", "lr" };
	static const char *const lal[] = { "start", "center", "end" };
	static const char *const pal[] = { "line-left", "center",
	    "line-right" };
	static const char *const al[] = { "start", "center", "end", "left",
	    "right" };
	char		*comma = strchr(value, ','), *end;
	const char	*s;
	int		 ok;

	if (comma != NULL)
		*comma++ = '\0';
	if (strcmp(name, "vertical") == 0)
		ok = comma == NULL && one_of(value, vert, 2);
	else if (strcmp(name, "size") == 0)
		ok = comma == NULL && percent(value);
	else if (strcmp(name, "align") == 0)
		ok = comma == NULL && one_of(value, al, 5);
	else if (strcmp(name, "position") == 0)
		ok = percent(value) && (comma == NULL || one_of(comma, pal, 3));
	else if (strcmp(name, "line") == 0) {
		s = value + (*value == '-');
		ok = isdigit((unsigned char)*s) && (percent(value) ||
		    (strtol(s, &end, 10) < 1000 && *end == '\0')) &&
		    (comma == NULL || one_of(comma, lal, 3));
	} else
		ok = 0;
	if (comma != NULL)
		comma[-1] = ',';
	return ok;
}

/* The valid settings of s, space-separated, malloc'd; NULL for none. */
static char *
clean_settings(struct rd *r, char *s)
{
	struct vs_buf	 b = { 0 };
	char		*tok, *colon, *save = NULL;

	for (tok = strtok_r(s, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		colon = strchr(tok, ':');
		if (colon == NULL || colon == tok || colon[1] == '\0') {
			r->r_settings++;
			continue;
		}
		*colon = '\0';
		if (!setting_valid(tok, colon + 1)) {
			r->r_settings++;
			continue;
		}
		*colon = ':';
		if ((b.b_len > 0 && vs_buf_puts(&b, " ") == -1) ||
		    vs_buf_puts(&b, tok) == -1) {
			vs_buf_free(&b);
			return NULL;
		}
	}
	return b.b_data;
}

/*
 * The timing line: start, end and settings (malloc'd or NULL) of a cue.
 * VS_OK, VS_EINVAL, VS_ERR.
 */
static enum vs_err
parse_timing(struct rd *r, char *line, struct vs_cue *cue)
{
	const char	*s = line, *why;
	int		 n;

	if (parse_time(&s, r->r_vtt, &cue->c_start, &why) == -1)
		return fail(r, "%s.", why);
	if ((*s != ' ' && *s != '\t') || strncmp(s + strspn(s, " \t"),
	    "-->", 3) != 0)
		return fail(r, "expected \" --> \" after the start time.");
	s += strspn(s, " \t") + 3;
	if (*s != ' ' && *s != '\t')
		return fail(r, "expected a space after \"-->\".");
	s += strspn(s, " \t");
	if (parse_time(&s, r->r_vtt, &cue->c_end, &why) == -1)
		return fail(r, "%s.", why);
	if (*s != '\0' && *s != ' ' && *s != '\t')
		return fail(r, "unexpected text after the end time.");
	s += strspn(s, " \t");
	if (cue->c_end <= cue->c_start)
		return fail(r, "the cue ends before it starts (or as it "
		    "starts).");
	cue->c_settings = NULL;
	if (r->r_vtt && *s != '\0') {
		n = r->r_settings;
		cue->c_settings = clean_settings(r, line + (s - line));
		if (cue->c_settings == NULL && r->r_settings == n)
			return VS_ERR;
	}
	return VS_OK;
}

/* Is the tag named n (len bytes) one cue text may carry? */
static int
tag_known(const char *n, size_t len)
{
	int	 i;

	for (i = 0; i < TAGS_N; i++)
		if (strlen(tags[i]) == len && strncmp(tags[i], n, len) == 0)
			return 1;
	return 0;
}

/*
 * Check the tag t (between < and >) and append it to b: names from the
 * table with classes; an annotation only on v (a name) and lang (a
 * language tag); timestamps. SubRip's font tags are dropped and its tag
 * names taken in any case. VS_OK, VS_EINVAL, VS_ERR.
 */
static enum vs_err
add_tag(struct rd *r, char *t, struct vs_buf *b)
{
	const char	*s = t, *why;
	char		*ann;
	long long	 ms;
	size_t		 n;
	int		 close = *t == '/';

	if (isdigit((unsigned char)*t)) {
		if (!r->r_vtt || parse_time(&s, 1, &ms, &why) == -1 || *s != '\0')
			return fail(r, "<%.20s> is not a timestamp tag.", t);
		return vs_buf_printf(b, "<%s>", t) == 0 ? VS_OK : VS_ERR;
	}
	t += close;
	if (!r->r_vtt)
		for (ann = t; *ann != '\0' && *ann != ' '; ann++)
			*ann = (char)tolower((unsigned char)*ann);
	n = strcspn(t, ". \t");
	if (!r->r_vtt && n == 4 && strncmp(t, "font", 4) == 0) {
		r->r_fonts++;
		return VS_OK;
	}
	if (!tag_known(t, n))
		return fail(r, "<%s%.*s> is not allowed in captions: only b, i, "
		    "u, c, v, lang, ruby and rt.", close ? "/" : "", (int)n, t);
	ann = t + strcspn(t, " \t");
	if (close && *(t + n) != '\0')
		return fail(r, "a closing tag </%.*s> takes nothing more.",
		    (int)n, t);
	if (*ann != '\0') {
		*ann++ = '\0';
		if (strncmp(t, "v", n) == 0 && n == 1 ? strpbrk(ann, "=\"'&") !=
		    NULL : !(n == 4 && strncmp(t, "lang", 4) == 0 &&
		    vs_caption_lang_valid(ann)))
			return fail(r, "<%s> takes no attributes (a voice takes a "
			    "name, lang a language tag).", t);
	} else if (!close && n == 4 && strncmp(t, "lang", 4) == 0)
		return fail(r, "<lang> needs a language tag.");
	if (strchr(t, '<') != NULL || strstr(t, "..") != NULL ||
	    t[strlen(t) - 1] == '.')
		return fail(r, "a malformed tag.");
	return vs_buf_printf(b, "<%s%s%s%s>", close ? "/" : "", t,
	    *ann ? " " : "", ann) == 0 ? VS_OK : VS_ERR;
}

/*
 * Check one line of cue text and append it to b as WebVTT cue text
 * (SubRip's & and > escaped). VS_OK, VS_EINVAL, VS_ERR.
 */
static enum vs_err
add_text(struct rd *r, char *line, struct vs_buf *b)
{
	char		*gt;
	enum vs_err	 rc;
	int		 ok = 0;

	if (strstr(line, "-->") != NULL)
		return fail(r, "\"-->\" in cue text (a missing blank line "
		    "before a cue?).");
	while (*line != '\0' && ok == 0) {
		if (*line == '<') {
			if ((gt = strchr(line, '>')) == NULL)
				return fail(r, "a \"<\" opens no tag; write "
				    "&lt; for the character.");
			*gt = '\0';
			if ((rc = add_tag(r, line + 1, b)) != VS_OK)
				return rc;
			line = gt + 1;
			continue;
		}
		if (!r->r_vtt && *line == '&')
			ok = vs_buf_puts(b, "&amp;");
		else if (!r->r_vtt && *line == '>')
			ok = vs_buf_puts(b, "&gt;");
		else
			ok = vs_buf_add(b, line, 1);
		line++;
	}
	return ok == 0 ? VS_OK : VS_ERR;
}

/* Make room for one more cue; 0 / -1. */
static int
grow(struct rd *r)
{
	struct vs_cue	*n;
	size_t		 cap;

	if (r->r_c->cp_n < r->r_cap)
		return 0;
	cap = r->r_cap ? r->r_cap * 2 : 64;
	if ((n = reallocarray(r->r_c->cp_cues, cap, sizeof(*n))) == NULL)
		return -1;
	r->r_c->cp_cues = n;
	r->r_cap = cap;
	return 0;
}

/* The cue text after a timing line, up to a blank line. */
static enum vs_err
read_text(struct rd *r, struct vs_cue *cue)
{
	struct vs_buf	 b = { 0 };
	enum vs_err	 rc = VS_OK;
	char		*line;
	size_t		 mark, start;
	int		 first = 1;

	while ((line = next_line(r, &rc)) != NULL && *line != '\0') {
		mark = b.b_len;
		if (!first && vs_buf_puts(&b, "\n") == -1) {
			rc = VS_ERR;
			break;
		}
		start = b.b_len;
		if ((rc = add_text(r, line, &b)) != VS_OK)
			break;
		/* A line left empty (only a dropped font tag) would end the
		 * cue once written as WebVTT: it is left out. */
		if (b.b_len == start) {
			b.b_len = mark;
			if (b.b_data != NULL)
				b.b_data[mark] = '\0';
			continue;
		}
		if (b.b_len - start > VS_CAPTION_LINE_MAX) {
			rc = fail(r, "longer than %d bytes once & and > are "
			    "written as &amp; and &gt;.", VS_CAPTION_LINE_MAX);
			break;
		}
		if (b.b_len > VS_CAPTION_TEXT_MAX) {
			rc = fail(r, "the cue's text is longer than %d bytes.",
			    VS_CAPTION_TEXT_MAX);
			break;
		}
		first = 0;
	}
	if (rc == VS_OK && (cue->c_text = strdup(b.b_data ? b.b_data : "")) ==
	    NULL)
		rc = VS_ERR;
	vs_buf_free(&b);
	return rc;
}

/* A cue from its timing line on; checked against the one before. */
static enum vs_err
read_cue(struct rd *r, char *timing)
{
	struct vs_cue	 cue = { 0 };
	struct vs_caption *c = r->r_c;
	enum vs_err	 rc;

	if (c->cp_n == VS_CAPTION_CUES_MAX)
		return fail(r, "more than %d cues.", VS_CAPTION_CUES_MAX);
	if ((rc = parse_timing(r, timing, &cue)) != VS_OK)
		return rc;
	if (c->cp_n > 0 && cue.c_start < c->cp_cues[c->cp_n - 1].c_start)
		rc = fail(r, "this cue starts before the one above it: cues "
		    "must be in order of their start.");
	else if (r->r_duration > 0 && cue.c_end > r->r_duration +
	    VS_CAPTION_SLACK_MS)
		rc = fail(r, "the cue ends after the video does (%lld.%03lld "
		    "s).", r->r_duration / 1000, r->r_duration % 1000);
	else if (grow(r) == -1)
		rc = VS_ERR;
	else
		rc = read_text(r, &cue);
	if (rc != VS_OK) {
		free(cue.c_settings);
		free(cue.c_text);
		return rc;
	}
	c->cp_cues[c->cp_n++] = cue;
	return VS_OK;
}

/* Does line start with word, alone or followed by a space or tab? */
static int
keyword(const char *line, const char *word)
{
	size_t	 n = strlen(word);

	return strncmp(line, word, n) == 0 && (line[n] == '\0' ||
	    line[n] == ' ' || line[n] == '\t');
}

/* Skip a block up to a blank line; a STYLE block must load nothing. */
static enum vs_err
skip_block(struct rd *r, int style)
{
	enum vs_err	 rc = VS_OK;
	char		*line;

	while ((line = next_line(r, &rc)) != NULL && *line != '\0')
		if (style && (strcasestr(line, "url(") != NULL ||
		    strcasestr(line, "@import") != NULL))
			return fail(r, "a STYLE block may not load anything "
			    "(url( or @import).");
	return rc;
}

/* One block of a WebVTT body: a cue, or a NOTE, STYLE or REGION. */
static enum vs_err
vtt_block(struct rd *r, char *line)
{
	enum vs_err	 rc;

	if (keyword(line, "NOTE") || keyword(line, "REGION"))
		return skip_block(r, 0);
	if (keyword(line, "STYLE"))
		return skip_block(r, 1);
	if (strstr(line, "-->") == NULL) {
		if ((line = next_line(r, &rc)) == NULL || *line == '\0')
			return rc != VS_OK ? rc : fail(r, "expected a cue "
			    "timing line (start --> end) after the cue's name.");
	}
	return read_cue(r, line);
}

/* One block of SubRip: an optional number, a timing line, text. */
static enum vs_err
srt_block(struct rd *r, char *line)
{
	enum vs_err	 rc;

	if (strstr(line, "-->") == NULL) {
		if (line[strspn(line, "0123456789")] != '\0')
			return fail(r, "expected a cue number or a timing line "
			    "(00:00:01,000 --> 00:00:02,000).");
		if ((line = next_line(r, &rc)) == NULL || *line == '\0')
			return rc != VS_OK ? rc : fail(r, "expected a timing "
			    "line after the cue number.");
	}
	return read_cue(r, line);
}

/* The WEBVTT line and its header, up to the first blank line. */
static enum vs_err
vtt_header(struct rd *r)
{
	enum vs_err	 rc;
	char		*line;

	if ((line = next_line(r, &rc)) == NULL)
		return rc;
	while ((line = next_line(r, &rc)) != NULL && *line != '\0')
		if (strstr(line, "-->") != NULL)
			return fail(r, "a blank line must follow the WEBVTT "
			    "line and its header.");
	return rc;
}

/* Every block of the text. */
static enum vs_err
read_blocks(struct rd *r)
{
	enum vs_err	 rc = VS_OK;
	char		*line;

	if (r->r_vtt && (rc = vtt_header(r)) != VS_OK)
		return rc;
	while (rc == VS_OK && (line = next_line(r, &rc)) != NULL)
		if (*line != '\0')
			rc = r->r_vtt ? vtt_block(r, line) : srt_block(r, line);
	return rc;
}

enum vs_err
vs_caption_parse(const char *data, size_t len, long long duration,
    struct vs_caption *c, char *why, size_t whylen)
{
	struct rd	 r = { .r_c = c, .r_why = why, .r_whylen = whylen,
			    .r_duration = duration };
	enum vs_err	 rc;
	size_t		 n;

	memset(c, 0, sizeof(*c));
	snprintf(why, whylen, "%s", "");
	if (len > VS_CAPTION_FILE_MAX) {
		snprintf(why, whylen, "The file is larger than %d MiB.",
		    VS_CAPTION_FILE_MAX / (1024 * 1024));
		return VS_EINVAL;
	}
	if ((rc = to_text(&r, data, len)) == VS_OK) {
		r.r_next = *r.r_text ? r.r_text : NULL;
		r.r_vtt = strncmp(r.r_text, "WEBVTT", 6) == 0 &&
		    strchr(" \t\r\n", r.r_text[6]) != NULL;
		rc = read_blocks(&r);
	}
	if (rc == VS_OK && c->cp_n == 0) {
		snprintf(why, whylen, "No cues: this is not a %s file.",
		    r.r_vtt ? "usable WebVTT" : "WebVTT or SubRip");
		rc = VS_EINVAL;
	}
	free(r.r_text);
	if (rc != VS_OK) {
		vs_caption_free(c);
		return rc;
	}
	n = strlen(c->cp_note);
	if (r.r_settings)
		n += snprintf(c->cp_note + n, sizeof(c->cp_note) - n, "%d cue "
		    "setting(s) were not valid and were dropped. ",
		    r.r_settings);
	if (r.r_fonts && n < sizeof(c->cp_note))
		snprintf(c->cp_note + n, sizeof(c->cp_note) - n, "Font tags "
		    "were dropped. ");
	return VS_OK;
}

/* Append a timestamp as hh:mm:ss.ttt. */
static int
put_time(struct vs_buf *b, long long ms)
{
	return vs_buf_printf(b, "%02lld:%02lld:%02lld.%03lld", ms / 3600000,
	    ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
}

/* Append cue q as a WebVTT block, after its blank line. */
static int
put_cue(struct vs_buf *b, const struct vs_cue *q)
{
	if (vs_buf_puts(b, "\n") == -1 || put_time(b, q->c_start) == -1 ||
	    vs_buf_puts(b, " --> ") == -1 || put_time(b, q->c_end) == -1 ||
	    (q->c_settings && vs_buf_printf(b, " %s", q->c_settings) == -1) ||
	    vs_buf_puts(b, "\n") == -1 ||
	    (*q->c_text && vs_buf_printf(b, "%s\n", q->c_text) == -1))
		return -1;
	return 0;
}

int
vs_caption_write(const struct vs_caption *c, struct vs_buf *b)
{
	size_t	 i;

	if (vs_buf_puts(b, "WEBVTT\n") == -1)
		return -1;
	for (i = 0; i < c->cp_n; i++)
		if (put_cue(b, &c->cp_cues[i]) == -1)
			return -1;
	return 0;
}

int
vs_caption_span(const struct vs_hls_list *l, int n, long long *from,
    long long *to)
{
	double	 at = 0;
	int	 i;

	if (n < 0 || n >= l->hl_n)
		return -1;
	for (i = 0; i < n; i++)
		at += l->hl_dur[i];
	*from = llround(at * 1000);
	*to = n == l->hl_n - 1 && l->hl_ended ? LLONG_MAX :
	    llround((at + l->hl_dur[n]) * 1000);
	return 0;
}

int
vs_caption_write_span(const struct vs_caption *c, long long from,
    long long to, struct vs_buf *b)
{
	const struct vs_cue	*q;
	size_t			 i;

	if (vs_buf_puts(b, "WEBVTT\n" VS_CAPTION_TIMESTAMP_MAP "\n") == -1)
		return -1;
	/* Cues are in order of start: none past the first starting later. */
	for (i = 0; i < c->cp_n && c->cp_cues[i].c_start < to; i++) {
		q = &c->cp_cues[i];
		if (q->c_end > from && put_cue(b, q) == -1)
			return -1;
	}
	/*
	 * A blank line at the end: readers that join the segments (ffmpeg)
	 * then find the next one's header a block of its own, not cue text.
	 */
	return vs_buf_puts(b, "\n");
}

int
vs_caption_list_write(const struct vs_hls_list *l, struct vs_buf *b)
{
	double	 top = VS_HLS_TARGET;
	int	 i;

	for (i = 0; i < l->hl_n; i++)
		if (l->hl_dur[i] > top)
			top = l->hl_dur[i];
	if (vs_buf_printf(b, "#EXTM3U\n#EXT-X-VERSION:3\n"
	    "#EXT-X-TARGETDURATION:%d\n#EXT-X-MEDIA-SEQUENCE:0\n"
	    "#EXT-X-PLAYLIST-TYPE:%s\n", (int)ceil(top), l->hl_ended ?
	    "VOD" : "EVENT") == -1)
		return -1;
	for (i = 0; i < l->hl_n; i++)
		if (vs_buf_printf(b, "#EXTINF:%.6f,\n%d.vtt\n", l->hl_dur[i],
		    i) == -1)
			return -1;
	return l->hl_ended ? vs_buf_puts(b, "#EXT-X-ENDLIST\n") : 0;
}

int
vs_caption_segment_number(const char *s)
{
	size_t	 n = strspn(s, "0123456789");
	int	 k;

	if (n < 1 || n > 6 || (n > 1 && s[0] == '0') ||
	    strcmp(s + n, ".vtt") != 0)
		return -1;
	k = atoi(s);
	return k < VS_HLS_SEGMENTS_MAX ? k : -1;
}

void
vs_caption_free(struct vs_caption *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->cp_n; i++) {
		free(c->cp_cues[i].c_settings);
		free(c->cp_cues[i].c_text);
	}
	free(c->cp_cues);
	c->cp_cues = NULL;
	c->cp_n = 0;
}

/* Count the run of characters at s that pass test; stop at max + 1. */
static size_t
run_of(const char *s, int (*test)(int), size_t max)
{
	size_t	 n = 0;

	while (n <= max && s[n] != '\0' && test((unsigned char)s[n]))
		n++;
	return n;
}

int
vs_caption_lang_valid(const char *s)
{
	size_t	 n;

	if (s == NULL || strlen(s) > 35)
		return 0;
	n = run_of(s, isalpha, 3);
	if (n < 2 || n > 3 || !isascii((unsigned char)s[0]))
		return 0;
	s += n;
	if (*s == '-' && run_of(s + 1, isalpha, 4) == 4 &&
	    (s[5] == '\0' || s[5] == '-'))
		s += 5;
	if (*s == '-' && ((n = run_of(s + 1, isalpha, 2)) == 2 ||
	    (n == 0 && run_of(s + 1, isdigit, 3) == 3)) &&
	    (s[n ? 3 : 4] == '\0'))
		s += n ? 3 : 4;
	return *s == '\0';
}

int
vs_caption_label_valid(const char *s)
{
	size_t	 n = 0;

	if (s == NULL || *s == '\0' || !vs_str_utf8(s))
		return 0;
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
		if ((*s & 0xc0) != 0x80)
			n++;
	}
	return n <= 64;
}

/* Stored tracks: their rows, their files and the master playlist. */

#define TRACK_JSON \
	"json_build_object('lang', lang, 'label', label, 'default', " \
	"is_default, 'url', '/api/videos/' || video_id || '/hls/subs/' || " \
	"lang || '/captions.vtt', 'source', source, 'embedded', source = " \
	"'embedded', 'created_at', created_at, 'updated_at', updated_at)"

/* Largest master playlist rewritten. */
#define MASTER_MAX	(1024 * 1024)

int
vs_caption_path(const char *video, const char *lang, char *buf, size_t len)
{
	char	 dir[4096];
	int	 n;

	if (!vs_caption_lang_valid(lang) ||
	    vs_path_video(video, dir, sizeof(dir)) == -1)
		return -1;
	n = snprintf(buf, len, "%s/captions/%s.vtt", dir, lang);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* Write len bytes to path whole or not at all: VS_OK, VS_ENOSPACE, VS_ERR. */
static enum vs_err
write_whole(const char *path, const char *data, size_t len)
{
	int	 e;

	if (vs_fs_write(path, data, len) == 0)
		return VS_OK;
	e = errno;
	vs_warnx("%s: %s: %s", __func__, path, strerror(e));
	return e == ENOSPC || e == EDQUOT ? VS_ENOSPACE : VS_ERR;
}

/* The video's length in ms (0 when unknown): VS_OK, VS_ENOTFOUND ... */
static enum vs_err
duration_of(const char *video, long long *ms)
{
	const char	*p[] = { video };
	PGresult	*res;
	enum vs_err	 rc = VS_ENOTFOUND;

	if ((res = vs_db_exec("SELECT coalesce(round(duration * 1000), 0) "
	    "FROM videos WHERE id = $1", 1, p)) == NULL)
		return vs_db_error();
	if (PQntuples(res) == 1) {
		*ms = vs_db_ll(res, 0, 0);
		rc = VS_OK;
	}
	PQclear(res);
	return rc;
}

/* Record the track; VS_OK with *item and *created. */
static enum vs_err
record(const struct vs_caption_in *in, const char *note,
    struct json_object **item, int *created)
{
	const char	*p[] = { in->ci_video, in->ci_lang, in->ci_label ?
			    in->ci_label : in->ci_lang, in->ci_default ? "t" :
			    "f", note };
	struct json_object *row;
	enum vs_err	 rc;

	rc = vs_db_json_row("WITH others AS (UPDATE captions SET is_default "
	    "= false WHERE video_id = $1 AND lang <> $2 AND $4::boolean AND "
	    "is_default), t AS (INSERT INTO captions (video_id, lang, label, "
	    "is_default) VALUES ($1, $2, $3, $4) ON CONFLICT (video_id, lang) "
	    "DO UPDATE SET label = EXCLUDED.label, is_default = "
	    "EXCLUDED.is_default, source = 'upload', updated_at = now() "
	    "RETURNING *, xmax = 0 AS "
	    "created) SELECT json_build_object('track', " TRACK_JSON ", "
	    "'created', created, 'note', $5::text) FROM t", 5, p, &row);
	if (rc != VS_OK)
		return rc;
	*created = json_object_get_boolean(json_object_object_get(row,
	    "created"));
	*item = json_object_get(json_object_object_get(row, "track"));
	json_object_object_add(*item, "note", json_object_get(
	    json_object_object_get(row, "note")));
	json_object_put(row);
	return VS_OK;
}

/* Make media/<video>/captions; 0 / -1. */
static int
make_dir(const char *video)
{
	char	 dir[4096], sub[4200];

	if (vs_path_video(video, dir, sizeof(dir)) == -1)
		return -1;
	snprintf(sub, sizeof(sub), "%s/captions", dir);
	return mkdir(sub, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

/* A track's file and row, written in one transaction under its lock. */
struct store {
	const struct vs_caption_in *s_in;
	int			 s_embedded;
	const char		*s_path;
	const struct vs_buf	*s_vtt;
	const char		*s_note;
	struct json_object	**s_item;
	int			*s_created;
	enum vs_err		 s_rc;
};

/*
 * Wait for the track's lock, held to the end of the transaction: an upload
 * and the worker's extraction of the same language never interleave their
 * file and row. VS_OK, or the database's error.
 */
static enum vs_err
lock_track(const char *video, const char *lang)
{
	const char	*p[] = { video, lang };
	PGresult	*res;

	if ((res = vs_db_exec("SELECT pg_advisory_xact_lock(hashtextextended("
	    "'caption/' || $1 || '/' || $2, 0))", 2, p)) == NULL)
		return vs_db_error();
	PQclear(res);
	return VS_OK;
}

/* Is the language's track one the owner uploaded? 1, 0, or -1. */
static int
uploaded(const char *video, const char *lang)
{
	const char	*p[] = { video, lang };
	PGresult	*res;
	int		 rc;

	if ((res = vs_db_exec("SELECT 1 FROM captions WHERE video_id = $1 AND "
	    "lang = $2 AND source = 'upload'", 2, p)) == NULL)
		return -1;
	rc = PQntuples(res) > 0;
	PQclear(res);
	return rc;
}

/* Record an extracted track, never over an uploaded one. */
static enum vs_err
record_embedded(const struct vs_caption_in *in)
{
	const char	*p[] = { in->ci_video, in->ci_lang, in->ci_label ?
			    in->ci_label : in->ci_lang };
	PGresult	*res;

	if ((res = vs_db_exec("INSERT INTO captions (video_id, lang, label, "
	    "source) VALUES ($1, $2, $3, 'embedded') ON CONFLICT (video_id, "
	    "lang) DO UPDATE SET label = EXCLUDED.label, updated_at = now() "
	    "WHERE captions.source = 'embedded'", 3, p)) == NULL)
		return vs_db_error();
	PQclear(res);
	return VS_OK;
}

/* The file, then the row, under the track's lock; 0 commits. */
static int
store_tx(void *arg)
{
	struct store	*s = arg;
	int		 up;

	if ((s->s_rc = lock_track(s->s_in->ci_video, s->s_in->ci_lang)) !=
	    VS_OK)
		return -1;
	if (s->s_embedded && (up = uploaded(s->s_in->ci_video,
	    s->s_in->ci_lang)) != 0) {
		s->s_rc = up == 1 ? VS_ECONFLICT : vs_db_error();
		return -1;
	}
	if ((s->s_rc = write_whole(s->s_path, s->s_vtt->b_data,
	    s->s_vtt->b_len)) != VS_OK)
		return -1;
	s->s_rc = s->s_embedded ? record_embedded(s->s_in) :
	    record(s->s_in, s->s_note, s->s_item, s->s_created);
	return s->s_rc == VS_OK ? 0 : -1;
}

/* Check, clean and store a track: vs_caption_put() and _embed(). */
static enum vs_err
store(struct store *s, char *why, size_t whylen)
{
	const struct vs_caption_in *in = s->s_in;
	struct vs_caption	 c = { 0 };
	struct vs_buf		 b = { 0 };
	char			 path[4400];
	long long		 ms = 0;
	enum vs_err		 rc;

	snprintf(why, whylen, "%s", "");
	if (!vs_caption_lang_valid(in->ci_lang) ||
	    (in->ci_label != NULL && !vs_caption_label_valid(in->ci_label))) {
		snprintf(why, whylen, "%s", !vs_caption_lang_valid(in->ci_lang) ?
		    "The language is a tag such as en, pt-BR or zh-Hant." :
		    "The label is 1 to 64 characters.");
		return VS_EINVAL;
	}
	if ((rc = duration_of(in->ci_video, &ms)) != VS_OK ||
	    (rc = vs_caption_parse(in->ci_data, in->ci_len, ms, &c, why,
	    whylen)) != VS_OK)
		return rc;
	rc = VS_ERR;
	if (vs_caption_write(&c, &b) == -1)
		goto out;
	/* The stored file is read again for each segment: it must parse. */
	if (b.b_len > VS_CAPTION_FILE_MAX) {
		snprintf(why, whylen, "The file is larger than %d MiB once "
		    "written as WebVTT in UTF-8.", VS_CAPTION_FILE_MAX /
		    (1024 * 1024));
		rc = VS_EINVAL;
		goto out;
	}
	if (vs_caption_path(in->ci_video, in->ci_lang, path, sizeof(path)) ==
	    -1 || make_dir(in->ci_video) == -1)
		goto out;
	s->s_path = path;
	s->s_vtt = &b;
	s->s_note = c.cp_note;
	s->s_rc = VS_ERR;
	if (vs_db_tx(store_tx, s) == 0)
		rc = VS_OK;
	else
		rc = s->s_rc != VS_OK ? s->s_rc : vs_db_error();
out:
	vs_caption_free(&c);
	vs_buf_free(&b);
	return rc;
}

enum vs_err
vs_caption_put(const struct vs_caption_in *in, struct json_object **item,
    int *created, char *why, size_t whylen)
{
	struct store	 s = { .s_in = in, .s_item = item,
			    .s_created = created };
	enum vs_err	 rc;

	*item = NULL;
	if ((rc = store(&s, why, whylen)) == VS_OK)
		vs_caption_publish(in->ci_video);
	else {
		json_object_put(*item);
		*item = NULL;
	}
	return rc;
}

/* What a deletion needs inside its transaction, and what it found. */
struct drop {
	const char		*d_video;
	const char		*d_lang;
	const char		*d_path;
	struct json_object	*d_before;
	enum vs_err		 d_rc;
};

/* The row, then the file, under the track's lock; 0 commits. */
static int
drop_tx(void *arg)
{
	struct drop	*d = arg;
	const char	*p[] = { d->d_video, d->d_lang };

	if ((d->d_rc = lock_track(d->d_video, d->d_lang)) != VS_OK ||
	    (d->d_rc = vs_db_json_row("DELETE FROM captions WHERE video_id = "
	    "$1 AND lang = $2 RETURNING " TRACK_JSON, 2, p, &d->d_before)) !=
	    VS_OK)
		return -1;
	if (unlink(d->d_path) == -1 && errno != ENOENT)
		vs_warnx("%s: %s: %s", __func__, d->d_path, strerror(errno));
	return 0;
}

enum vs_err
vs_caption_delete(const char *video, const char *lang,
    struct json_object **before)
{
	struct drop	 d = { video, lang, NULL, NULL, VS_ERR };
	char		 path[4400];

	*before = NULL;
	if (vs_caption_path(video, lang, path, sizeof(path)) == -1)
		return VS_ENOTFOUND;
	d.d_path = path;
	if (vs_db_tx(drop_tx, &d) == -1) {
		json_object_put(d.d_before);
		return d.d_rc != VS_OK ? d.d_rc : vs_db_error();
	}
	*before = d.d_before;
	vs_caption_publish(video);
	return VS_OK;
}

enum vs_err
vs_caption_list(const char *video, struct json_object **items)
{
	const char	*p[] = { video };

	return vs_db_json_rows("SELECT " TRACK_JSON " FROM captions WHERE "
	    "video_id = $1 ORDER BY lang", 1, p, items);
}

/* The master playlist text with res's tracks; 0 / -1. */
static int
rewrite(const char *master, PGresult *res, struct vs_buf *out)
{
	struct vs_hls_sub	*subs;
	int			 i, n = PQntuples(res), rc;

	if ((subs = calloc((size_t)n + 1, sizeof(*subs))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		subs[i].hs_lang = vs_db_get(res, i, 0);
		subs[i].hs_label = vs_db_get(res, i, 1);
		subs[i].hs_default = vs_db_bool(res, i, 2);
	}
	rc = vs_hls_subtitles(master, subs, n, out);
	free(subs);
	return rc;
}

/* The folders, under the video's, of the masters a track change rewrites. */
static const char *const masters[] = { "hls", "live/hls" };

int
vs_caption_lock(const char *video)
{
	char	 dir[4096];
	int	 fd;

	if (vs_path_video(video, dir, sizeof(dir)) == -1)
		return -1;
	/* The video's folder itself: never renamed, no file to leave. */
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		vs_warnx("%s: %s: %s", __func__, dir, strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR) {
			vs_warnx("%s: %s: %s", __func__, dir, strerror(errno));
			close(fd);
			return -1;
		}
	return fd;
}

void
vs_caption_unlock(int fd)
{
	if (fd != -1)
		close(fd);
}

/*
 * Rewrite the master at path with res's tracks, if it is there: 0 (also
 * when it is not), or -1.
 */
static int
rewrite_file(const char *path, PGresult *res)
{
	struct vs_buf	 old = { 0 }, b = { 0 };
	FILE		*f;
	int		 rc = -1;

	if ((f = fopen(path, "r")) == NULL)
		return errno == ENOENT ? 0 : -1;
	if (vs_buf_read(&old, f, MASTER_MAX) == 0 && old.b_data != NULL &&
	    strlen(old.b_data) == old.b_len &&
	    rewrite(old.b_data, res, &b) == 0 &&
	    write_whole(path, b.b_data, b.b_len) == VS_OK)
		rc = 0;
	fclose(f);
	vs_buf_free(&old);
	vs_buf_free(&b);
	return rc;
}

/* Rewrite the video's masters with its tracks; the lock is held. 0 / -1. */
static int
publish_locked(const char *video)
{
	const char	*p[] = { video };
	PGresult	*res;
	char		 dir[4096], path[4200];
	size_t		 i;
	int		 rc = 0;

	if (vs_path_video(video, dir, sizeof(dir)) == -1)
		return -1;
	if ((res = vs_db_exec("SELECT lang, label, is_default FROM captions "
	    "WHERE video_id = $1 ORDER BY lang", 1, p)) == NULL)
		return -1;
	for (i = 0; i < sizeof(masters) / sizeof(masters[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s/master.m3u8", dir,
		    masters[i]);
		if (rewrite_file(path, res) == -1)
			rc = -1;
	}
	PQclear(res);
	return rc;
}

int
vs_caption_publish(const char *video)
{
	int	 fd, rc = -1;

	if ((fd = vs_caption_lock(video)) != -1)
		rc = publish_locked(video);
	vs_caption_unlock(fd);
	vs_stream_forget(video);
	if (rc == -1)
		vs_warnx("%s: video %s: the master playlist was not rewritten",
		    __func__, video);
	return rc;
}

int
vs_caption_master(const char *video, const char *path,
    const struct vs_variant *v, int n)
{
	int	 fd, rc;

	if ((fd = vs_caption_lock(video)) == -1)
		return -1;
	if ((rc = vs_hls_master(path, v, n)) == 0 &&
	    publish_locked(video) == -1)
		vs_warnx("%s: video %s: the master playlist has no captions",
		    __func__, video);
	vs_caption_unlock(fd);
	return rc;
}

/*
 * The rung name of the first variant of master text m ("360p" of
 * "360p/playlist.m3u8") into q: 0, or -1 when it has none.
 */
static int
first_rung(const char *m, char *q, size_t len)
{
	size_t	 n;

	for (; *m != '\0'; m += n + (m[n] == '\n')) {
		n = strcspn(m, "\n");
		if (n == 0 || *m == '#')
			continue;
		n = strcspn(m, "/\n");
		if (n >= len || strncmp(m + n, "/playlist.m3u8", 14) != 0)
			return -1;
		memcpy(q, m, n);
		q[n] = '\0';
		return vs_stream_valid_quality(q) ? 0 : -1;
	}
	return -1;
}

/*
 * The segments of the video's first rung into l (empty), and whether they
 * come from the ladder still growing: VS_OK, VS_ENOTFOUND, VS_ERR.
 */
static enum vs_err
rung_list(const char *video, struct vs_hls_list *l, int *growing)
{
	char		*body = NULL, q[16];
	size_t		 len;
	enum vs_err	 rc;

	if ((rc = vs_stream_playlist(video, NULL, &body, &len, growing)) !=
	    VS_OK)
		return rc;
	rc = first_rung(body, q, sizeof(q)) == -1 ? VS_ENOTFOUND : VS_OK;
	free(body);
	body = NULL;
	if (rc == VS_OK && (rc = vs_stream_playlist(video, q, &body, &len,
	    growing)) == VS_OK && vs_hls_list_parse(body, len, l) == -1)
		rc = VS_ERR;
	free(body);
	return rc;
}

/* Is there a stored file of the track? */
static int
has_track(const char *video, const char *lang, char *path, size_t len)
{
	struct stat	 st;

	return vs_uuid_valid(video) && vs_caption_path(video, lang, path,
	    len) == 0 && stat(path, &st) == 0;
}

/* Hand b's text to the caller as *body and *len. */
static enum vs_err
hand_over(struct vs_buf *b, char **body, size_t *len)
{
	*body = b->b_data;
	*len = b->b_len;
	return VS_OK;
}

enum vs_err
vs_caption_playlist(const char *video, const char *lang, char **body,
    size_t *len, int *growing)
{
	struct vs_hls_list	 l = { 0 };
	struct vs_buf		 b = { 0 };
	char			 path[4400];
	enum vs_err		 rc;

	if (!has_track(video, lang, path, sizeof(path)))
		return VS_ENOTFOUND;
	if ((rc = rung_list(video, &l, growing)) == VS_OK)
		rc = vs_caption_list_write(&l, &b) == 0 ?
		    hand_over(&b, body, len) : VS_ERR;
	if (rc != VS_OK)
		vs_buf_free(&b);
	vs_hls_list_clear(&l);
	return rc;
}

/*
 * The last track load() parsed, kept while its file is the same one: a
 * player asks for a track's segments one after another, and parsing a
 * 2 MiB track again for each would cost tens of milliseconds. A track is
 * only ever replaced by a rename, so device, inode, size and change time
 * tell a new file.
 */
static struct {
	dev_t			 lc_dev;
	ino_t			 lc_ino;
	off_t			 lc_size;
	struct timespec		 lc_ctime;
	int			 lc_full;
	struct vs_caption	 lc_c;
} last;

static int
same_file(const struct stat *st)
{
	return last.lc_full && st->st_dev == last.lc_dev &&
	    st->st_ino == last.lc_ino && st->st_size == last.lc_size &&
	    st->st_ctim.tv_sec == last.lc_ctime.tv_sec &&
	    st->st_ctim.tv_nsec == last.lc_ctime.tv_nsec;
}

/* Parse the open track f, whose status is st, into the kept copy. */
static enum vs_err
parse_kept(FILE *f, const struct stat *st, const char *path)
{
	struct vs_caption	 c = { 0 };
	struct vs_buf		 file = { 0 };
	char			 why[256];
	enum vs_err		 rc = VS_ERR;

	if (vs_buf_read(&file, f, VS_CAPTION_FILE_MAX) == 0 &&
	    (rc = vs_caption_parse(file.b_data, file.b_len, 0, &c, why,
	    sizeof(why))) != VS_OK) {
		vs_warnx("%s: %s: %s", __func__, path, why);
		rc = VS_ERR;
	}
	vs_buf_free(&file);
	if (rc != VS_OK)
		return rc;
	vs_caption_free(&last.lc_c);
	last.lc_c = c;
	last.lc_dev = st->st_dev;
	last.lc_ino = st->st_ino;
	last.lc_size = st->st_size;
	last.lc_ctime = st->st_ctim;
	last.lc_full = 1;
	return VS_OK;
}

/*
 * The stored track at path, parsed: VS_OK with *c pointing at the kept
 * copy (the caller does not free it; it lasts until the next call),
 * VS_ENOTFOUND, VS_ERR.
 */
static enum vs_err
load(const char *path, const struct vs_caption **c)
{
	struct stat	 st;
	FILE		*f;
	enum vs_err	 rc = VS_OK;

	if ((f = fopen(path, "r")) == NULL)
		return VS_ENOTFOUND;
	if (fstat(fileno(f), &st) == -1)
		rc = VS_ERR;
	else if (!same_file(&st))
		rc = parse_kept(f, &st, path);
	fclose(f);
	*c = &last.lc_c;
	return rc;
}

/* Extracted tracks and the subtitle streams that were not. */

enum vs_err
vs_caption_embed(const struct vs_caption_in *in, char *why, size_t whylen)
{
	struct store	 s = { .s_in = in, .s_embedded = 1 };
	enum vs_err	 rc;

	if ((rc = store(&s, why, whylen)) == VS_ECONFLICT)
		snprintf(why, whylen, "a caption track uploaded for %s is kept",
		    in->ci_lang);
	return rc;
}

enum vs_err
vs_caption_segment(const char *video, const char *lang, int n, char **body,
    size_t *len, int *growing)
{
	struct vs_hls_list	 l = { 0 };
	const struct vs_caption	*c;
	struct vs_buf		 b = { 0 };
	char			 path[4400];
	long long		 from, to;
	enum vs_err		 rc;

	if (!has_track(video, lang, path, sizeof(path)))
		return VS_ENOTFOUND;
	if ((rc = rung_list(video, &l, growing)) != VS_OK)
		goto out;
	if (vs_caption_span(&l, n, &from, &to) == -1) {
		rc = VS_ENOTFOUND;
		goto out;
	}
	if ((rc = load(path, &c)) == VS_OK)
		rc = vs_caption_write_span(c, from, to, &b) == 0 ?
		    hand_over(&b, body, len) : VS_ERR;
out:
	if (rc != VS_OK)
		vs_buf_free(&b);
	vs_hls_list_clear(&l);
	return rc;
}

enum vs_err
vs_caption_skips_clear(const char *video)
{
	const char	*p[] = { video };
	PGresult	*res;

	if ((res = vs_db_exec("DELETE FROM caption_skips WHERE video_id = $1",
	    1, p)) == NULL)
		return vs_db_error();
	PQclear(res);
	return VS_OK;
}

enum vs_err
vs_caption_skip(const char *video, int stream, const char *codec,
    const char *lang, const char *reason)
{
	char		 idx[16];
	const char	*p[] = { video, idx, codec, lang, reason };
	PGresult	*res;

	snprintf(idx, sizeof(idx), "%d", stream);
	if ((res = vs_db_exec("INSERT INTO caption_skips (video_id, stream, "
	    "codec, lang, reason) VALUES ($1, $2, $3, $4, $5) ON CONFLICT "
	    "(video_id, stream) DO UPDATE SET codec = EXCLUDED.codec, lang = "
	    "EXCLUDED.lang, reason = EXCLUDED.reason", 5, p)) == NULL)
		return vs_db_error();
	PQclear(res);
	return VS_OK;
}

enum vs_err
vs_caption_skips(const char *video, struct json_object **items)
{
	const char	*p[] = { video };

	return vs_db_json_rows("SELECT json_build_object('stream', stream, "
	    "'codec', codec, 'lang', lang, 'reason', reason) FROM "
	    "caption_skips WHERE video_id = $1 ORDER BY stream", 1, p, items);
}
