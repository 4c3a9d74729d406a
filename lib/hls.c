/* hls.c: measuring renditions and writing the master playlist. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hls.h"
#include "str.h"

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
	int	 i, rc;

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
	rc = ferror(f) ? -1 : 0;
	if (fclose(f) != 0 || rc == -1 || rename(tmp, path) == -1) {
		remove(tmp);
		return -1;
	}
	return 0;
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
