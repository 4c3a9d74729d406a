/* hls.c: measuring renditions and writing the master playlist. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hls.h"
#include "str.h"

/* Write f's buffered text, sync it, close it and rename tmp to path. */
static int
commit_file(FILE *f, const char *tmp, const char *path)
{
	int	 rc = 0;

	if (ferror(f) || fflush(f) != 0 || fsync(fileno(f)) == -1)
		rc = -1;
	if (fclose(f) != 0 || rc == -1 || rename(tmp, path) == -1) {
		remove(tmp);
		return -1;
	}
	return 0;
}

int
vs_hls_measure(const char *dir, struct vs_variant *v)
{
	char		 path[4096], line[512];
	struct stat	 st;
	double		 dur = -1, bits = 0, rate;
	FILE		*f;

	snprintf(path, sizeof(path), "%s/playlist.m3u8", dir);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	v->v_peak = v->v_average = 0;
	v->v_duration = 0;
	v->v_segments = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, "#EXTINF:", 8) == 0) {
			dur = strtod(line + 8, NULL);
			continue;
		}
		if (line[0] == '#' || line[0] == '\0' || dur <= 0 ||
		    strchr(line, '/') != NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, line);
		if (stat(path, &st) == -1)
			break;
		rate = (double)st.st_size * 8 / dur;
		if (rate > v->v_peak)
			v->v_peak = (long long)(rate + 0.5);
		bits += (double)st.st_size * 8;
		v->v_duration += dur;
		v->v_segments++;
		dur = -1;
	}
	fclose(f);
	if (v->v_segments == 0 || v->v_duration <= 0)
		return -1;
	v->v_average = (long long)(bits / v->v_duration + 0.5);
	return 0;
}

int
vs_hls_master(const char *path, const struct vs_variant *v, int n)
{
	char	 tmp[4096];
	FILE	*f;
	int	 i;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL)
		return -1;
	fprintf(f, "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
	for (i = 0; i < n; i++)
		fprintf(f, "#EXT-X-STREAM-INF:BANDWIDTH=%lld,"
		    "AVERAGE-BANDWIDTH=%lld,CODECS=\"%s\",RESOLUTION=%dx%d,"
		    "FRAME-RATE=%.3f\n%dp/playlist.m3u8\n", v[i].v_peak,
		    v[i].v_average, v[i].v_codecs, v[i].v_width,
		    v[i].v_height, v[i].v_fps, v[i].v_name);
	for (i = 0; i < n; i++)
		if (v[i].v_iframe_peak > 0)
			fprintf(f, "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=%lld,"
			    "AVERAGE-BANDWIDTH=%lld,CODECS=\"%.*s\","
			    "RESOLUTION=%dx%d,URI=\"%dp/iframes.m3u8\"\n",
			    v[i].v_iframe_peak, v[i].v_iframe_average,
			    (int)strcspn(v[i].v_codecs, ","), v[i].v_codecs,
			    v[i].v_width, v[i].v_height, v[i].v_name);
	return commit_file(f, tmp, path);
}

/* The largest playlist file vs_hls_list_read takes. */
#define LIST_BYTES_MAX	(64 * 1024 * 1024)
/* The longest line of a playlist we write, and then some. */
#define LINE_MAX_LEN	256

int
vs_hls_list_add(struct vs_hls_list *l, double dur)
{
	double	*d;
	int	 cap;

	if (l->hl_n >= VS_HLS_SEGMENTS_MAX)
		return -1;
	if (l->hl_n == l->hl_cap) {
		cap = l->hl_cap == 0 ? 64 : l->hl_cap * 2;
		if ((d = realloc(l->hl_dur, (size_t)cap * sizeof(*d))) == NULL)
			return -1;
		l->hl_dur = d;
		l->hl_cap = cap;
	}
	l->hl_dur[l->hl_n++] = dur;
	return 0;
}

void
vs_hls_list_clear(struct vs_hls_list *l)
{
	free(l->hl_dur);
	memset(l, 0, sizeof(*l));
}

/* The duration of an EXTINF value "6.000000," or "6"; -1 if not one. */
static double
extinf(const char *s)
{
	char	*end;
	double	 d;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	d = strtod(s, &end);
	if (errno != 0 || (*end != ',' && *end != '\0') || !(d > 0) ||
	    d > 3600)
		return -1;
	return d;
}

/* The segment number of a URI "<k>.m4s"; -1 if not one. */
static int
segment_number(const char *s)
{
	long long	 k = 0;
	const char	*p;

	for (p = s; *p >= '0' && *p <= '9'; p++) {
		k = k * 10 + (*p - '0');
		if (k > INT_MAX)
			return -1;
	}
	if (p == s || (p - s > 1 && *s == '0') || strcmp(p, ".m4s") != 0)
		return -1;
	return (int)k;
}

/* One line of a media playlist; *dur carries an EXTINF to its URI. */
static int
list_line(struct vs_hls_list *l, const char *line, double *dur)
{
	int	 k;

	if (strncmp(line, "#EXTINF:", 8) == 0) {
		if (*dur > 0 || (*dur = extinf(line + 8)) < 0)
			return -1;
		return 0;
	}
	if (strcmp(line, "#EXT-X-ENDLIST") == 0) {
		l->hl_ended = 1;
		return 0;
	}
	if (line[0] == '#' || line[0] == '\0')
		return 0;
	if (*dur <= 0 || l->hl_ended || (k = segment_number(line)) == -1)
		return -1;
	if (l->hl_n == 0)
		l->hl_first = k;
	else if (k != l->hl_first + l->hl_n)
		return -1;
	if (vs_hls_list_add(l, *dur) == -1)
		return -1;
	*dur = -1;
	return 0;
}

int
vs_hls_list_parse(const char *text, size_t len, struct vs_hls_list *l)
{
	char		 line[LINE_MAX_LEN];
	const char	*p = text, *end = text + len, *nl;
	double		 dur = -1;
	size_t		 n;
	int		 first = 1;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl != NULL ? nl : end) - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n >= sizeof(line) || memchr(p, '\0', n) != NULL)
			return -1;
		memcpy(line, p, n);
		line[n] = '\0';
		if (first ? strcmp(line, "#EXTM3U") != 0 :
		    list_line(l, line, &dur) == -1)
			return -1;
		first = 0;
		p = nl != NULL ? nl + 1 : end;
	}
	return first || dur > 0 ? -1 : 0;
}

int
vs_hls_list_read(const char *path, struct vs_hls_list *l)
{
	struct stat	 st;
	char		*buf = NULL;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || st.st_size > LIST_BYTES_MAX ||
	    (buf = malloc((size_t)st.st_size + 1)) == NULL)
		goto out;
	if (read(fd, buf, (size_t)st.st_size) == st.st_size)
		rc = vs_hls_list_parse(buf, (size_t)st.st_size, l);
out:
	free(buf);
	close(fd);
	return rc;
}

int
vs_hls_list_write(const char *path, const struct vs_hls_list *l, int ended)
{
	char	 tmp[4200];
	FILE	*f;
	double	 top = VS_HLS_TARGET;
	int	 i;

	for (i = 0; i < l->hl_n; i++)
		if (l->hl_dur[i] > top)
			top = l->hl_dur[i];
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL)
		return -1;
	fprintf(f, "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:%d\n"
	    "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:%s\n"
	    "#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"init.mp4\"\n",
	    (int)ceil(top), ended ? "VOD" : "EVENT");
	for (i = 0; i < l->hl_n; i++)
		fprintf(f, "#EXTINF:%.6f,\n%d.m4s\n", l->hl_dur[i], i);
	if (ended)
		fprintf(f, "#EXT-X-ENDLIST\n");
	return commit_file(f, tmp, path);
}

#define SUBS_MEDIA	"#EXT-X-MEDIA:TYPE=SUBTITLES,"
#define SUBS_ATTR	",SUBTITLES=\"subs\""

/* Append the EXT-X-MEDIA lines of the n subtitle renditions. */
static int
add_media(struct vs_buf *out, const struct vs_hls_sub *subs, int n)
{
	const char	*c;
	int		 i;

	for (i = 0; i < n; i++) {
		if (vs_buf_puts(out, SUBS_MEDIA "GROUP-ID=\"subs\",NAME=\"") == -1)
			return -1;
		for (c = subs[i].hs_label; *c != '\0'; c++)
			if (vs_buf_add(out, *c == '"' ? "'" : c, 1) == -1)
				return -1;
		if (vs_buf_printf(out, "\",LANGUAGE=\"%s\",DEFAULT=%s,"
		    "AUTOSELECT=YES,URI=\"subs/%s/playlist.m3u8\"\n",
		    subs[i].hs_lang, subs[i].hs_default ? "YES" : "NO",
		    subs[i].hs_lang) == -1)
			return -1;
	}
	return 0;
}

/* Append a variant's EXT-X-STREAM-INF line of len bytes, as n asks. */
static int
add_variant(struct vs_buf *out, const char *line, size_t len, int n)
{
	const char	*old = memmem(line, len, SUBS_ATTR, strlen(SUBS_ATTR));
	size_t		 cut = old ? (size_t)(old - line) : len;

	if (vs_buf_add(out, line, cut) == -1 || (old != NULL &&
	    vs_buf_add(out, old + strlen(SUBS_ATTR), len - cut -
	    strlen(SUBS_ATTR)) == -1))
		return -1;
	return vs_buf_puts(out, n > 0 ? SUBS_ATTR "\n" : "\n");
}

int
vs_hls_subtitles(const char *m, const struct vs_hls_sub *subs, int n,
    struct vs_buf *out)
{
	size_t	 len;
	int	 rc = 0, placed = 0;

	for (; rc == 0 && *m != '\0'; m += len + (m[len] == '\n')) {
		len = strcspn(m, "\n");
		if (strncmp(m, SUBS_MEDIA, strlen(SUBS_MEDIA)) == 0)
			continue;
		if (strncmp(m, "#EXT-X-STREAM-INF:", 18) != 0) {
			rc = vs_buf_add(out, m, len) == 0 &&
			    vs_buf_puts(out, "\n") == 0 ? 0 : -1;
			continue;
		}
		if (!placed && (rc = add_media(out, subs, n)) == -1)
			break;
		placed = 1;
		rc = add_variant(out, m, len, n);
	}
	return rc;
}
