/* iframe.c: I-frame playlists over the keyframes of fMP4 segments. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iframe.h"
#include "log.h"
#include "str.h"

#define TYPE(a, b, c, d)	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
				 (uint32_t)(c) << 8 | (uint32_t)(d))
#define NON_SYNC		0x00010000u	/* sample_is_non_sync_sample */
#define SEGMENTS_MAX		100000		/* of one rendition */

/* A box inside a buffer. */
struct box {
	uint32_t		 b_type;
	const unsigned char	*b_body;
	size_t			 b_len;
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static uint64_t
be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/*
 * The box at *at of the len bytes at p, into *b, and *at past it: 1, 0 at
 * the end, -1 when its size does not fit.
 */
static int
next_box(const unsigned char *p, size_t len, size_t *at, struct box *b)
{
	uint64_t	 size;
	size_t		 hdr = 8;

	if (*at == len)
		return 0;
	if (len - *at < 8)
		return -1;
	size = be32(p + *at);
	b->b_type = be32(p + *at + 4);
	if (size == 1) {
		if (len - *at < 16)
			return -1;
		size = be64(p + *at + 8);
		hdr = 16;
	} else if (size == 0)
		size = len - *at;
	if (size < hdr || size > len - *at)
		return -1;
	b->b_body = p + *at + hdr;
	b->b_len = (size_t)size - hdr;
	*at += (size_t)size;
	return 1;
}

/* The first box of type in the len bytes at p: 1, 0 (none), -1. */
static int
find_box(const unsigned char *p, size_t len, uint32_t type, struct box *b)
{
	size_t	 at = 0;
	int	 rc;

	while ((rc = next_box(p, len, &at, b)) == 1)
		if (b->b_type == type)
			return 1;
	return rc;
}

/* The child of box in at path (n types deep) into *b: 1, 0, -1. */
static int
find_path(const struct box *in, const uint32_t *path, int n, struct box *b)
{
	struct box	 cur = *in;
	int		 i, rc;

	for (i = 0; i < n; i++) {
		if ((rc = find_box(cur.b_body, cur.b_len, path[i], b)) != 1)
			return rc;
		cur = *b;
	}
	return 1;
}

/* A video trak's id and timescale: 1, 0 (not video), -1. */
static int
video_trak(const struct box *trak, struct vs_iframe_track *t)
{
	static const uint32_t	 hdlr[] = { TYPE('m','d','i','a'),
				    TYPE('h','d','l','r') };
	static const uint32_t	 mdhd[] = { TYPE('m','d','i','a'),
				    TYPE('m','d','h','d') };
	struct box		 b;
	size_t			 v1;

	if (find_path(trak, hdlr, 2, &b) != 1 || b.b_len < 12)
		return -1;
	if (be32(b.b_body + 8) != TYPE('v','i','d','e'))
		return 0;
	if (find_box(trak->b_body, trak->b_len, TYPE('t','k','h','d'), &b) != 1 ||
	    b.b_len < 4)
		return -1;
	v1 = b.b_body[0] == 1 ? 8 : 0;
	if (b.b_len < 16 + 2 * v1)
		return -1;
	t->it_id = be32(b.b_body + 12 + 2 * v1);
	if (find_path(trak, mdhd, 2, &b) != 1 || b.b_len < 4)
		return -1;
	v1 = b.b_body[0] == 1 ? 8 : 0;
	if (b.b_len < 16 + 2 * v1)
		return -1;
	t->it_timescale = be32(b.b_body + 12 + 2 * v1);
	return t->it_timescale > 0 ? 1 : -1;
}

/* The trex defaults of track t in mvex, when there are any. */
static int
trex(const struct box *moov, struct vs_iframe_track *t)
{
	struct box	 mvex, b;
	size_t		 at = 0;
	int		 rc;

	if ((rc = find_box(moov->b_body, moov->b_len, TYPE('m','v','e','x'),
	    &mvex)) != 1)
		return rc;
	while ((rc = next_box(mvex.b_body, mvex.b_len, &at, &b)) == 1)
		if (b.b_type == TYPE('t','r','e','x') && b.b_len >= 24 &&
		    be32(b.b_body + 4) == t->it_id) {
			t->it_size = be32(b.b_body + 16);
			t->it_flags = be32(b.b_body + 20);
			return 1;
		}
	return rc;
}

int
vs_iframe_init(const unsigned char *p, size_t len, struct vs_iframe_track *t)
{
	struct box	 moov, b;
	size_t		 at = 0;
	int		 rc;

	memset(t, 0, sizeof(*t));
	if (find_box(p, len, TYPE('m','o','o','v'), &moov) != 1)
		return -1;
	while ((rc = next_box(moov.b_body, moov.b_len, &at, &b)) == 1) {
		if (b.b_type != TYPE('t','r','a','k'))
			continue;
		if ((rc = video_trak(&b, t)) == -1)
			return -1;
		if (rc == 1)
			return trex(&moov, t) == -1 ? -1 : 0;
	}
	return -1;
}

/* What a traf's tfhd says; flags per ISO/IEC 14496-12. */
struct tfhd {
	uint32_t	 tf_flags;
	uint64_t	 tf_base;
	uint32_t	 tf_size;
	uint32_t	 tf_sflags;
};

/* Read tfhd b for track t: 1 when it is t's, 0 when not, -1. */
static int
read_tfhd(const struct box *b, const struct vs_iframe_track *t,
    struct tfhd *h)
{
	const unsigned char	*p = b->b_body;
	size_t			 at = 8;

	if (b->b_len < 8)
		return -1;
	if (be32(p + 4) != t->it_id)
		return 0;
	h->tf_flags = be32(p) & 0xffffff;
	h->tf_size = t->it_size;
	h->tf_sflags = t->it_flags;
	h->tf_base = 0;
	if (b->b_len < at + (h->tf_flags & 0x01 ? 8 : 0) +
	    (h->tf_flags & 0x02 ? 4 : 0) + (h->tf_flags & 0x08 ? 4 : 0) +
	    (h->tf_flags & 0x10 ? 4 : 0) + (h->tf_flags & 0x20 ? 4 : 0))
		return -1;
	if (h->tf_flags & 0x01) {
		h->tf_base = be64(p + at);
		at += 8;
	}
	at += (h->tf_flags & 0x02 ? 4 : 0) + (h->tf_flags & 0x08 ? 4 : 0);
	if (h->tf_flags & 0x10) {
		h->tf_size = be32(p + at);
		at += 4;
	}
	if (h->tf_flags & 0x20)
		h->tf_sflags = be32(p + at);
	return 1;
}

/*
 * The first sample of trun b: where its data starts, relative to the
 * data's base, its size and its flags. 0, or -1 (no sample, too short).
 */
static int
first_sample(const struct box *b, const struct tfhd *h, long long *off,
    uint32_t *size, uint32_t *flags)
{
	const unsigned char	*p = b->b_body;
	uint32_t		 f;
	size_t			 at = 8;

	if (b->b_len < 8 || be32(p + 4) == 0)
		return -1;
	f = be32(p) & 0xffffff;
	*off = 0;
	*size = h->tf_size;
	*flags = h->tf_sflags;
	if (b->b_len < at + (f & 0x01 ? 4 : 0) + (f & 0x04 ? 4 : 0) +
	    (f & 0x100 ? 4 : 0) + (f & 0x200 ? 4 : 0) + (f & 0x400 ? 4 : 0))
		return -1;
	if (f & 0x01) {
		*off = (int32_t)be32(p + at);
		at += 4;
	}
	if (f & 0x04) {
		*flags = be32(p + at);
		at += 4;
	}
	at += f & 0x100 ? 4 : 0;
	if (f & 0x200) {
		*size = be32(p + at);
		at += 4;
	}
	if ((f & 0x400) && !(f & 0x04))
		*flags = be32(p + at);
	return 0;
}

/* The decode time in tfdt b: 0, or -1. */
static int
read_tfdt(const struct box *b, uint64_t *time)
{
	if (b->b_len < 8 || (b->b_body[0] == 1 && b->b_len < 12))
		return -1;
	*time = b->b_body[0] == 1 ? be64(b->b_body + 4) : be32(b->b_body + 4);
	return 0;
}

/* The keyframe in traf b (of the moof at off) for track t: 1, 0, -1. */
static int
traf_key(const struct box *traf, long long off, int first,
    const struct vs_iframe_track *t, struct vs_iframe_key *k)
{
	struct tfhd	 h;
	struct box	 b;
	long long	 base, data;
	uint32_t	 size, flags;
	int		 rc;

	if (find_box(traf->b_body, traf->b_len, TYPE('t','f','h','d'), &b) != 1)
		return -1;
	if ((rc = read_tfhd(&b, t, &h)) != 1)
		return rc;
	/* Without either flag only the first traf's base is the moof. */
	if (!(h.tf_flags & 0x01) && !(h.tf_flags & 0x020000) && !first)
		return 0;
	base = h.tf_flags & 0x01 ? (long long)(h.tf_base & INT64_MAX) : off;
	if (find_box(traf->b_body, traf->b_len, TYPE('t','f','d','t'), &b) != 1 ||
	    read_tfdt(&b, &k->ik_time) == -1 ||
	    find_box(traf->b_body, traf->b_len, TYPE('t','r','u','n'), &b) != 1 ||
	    first_sample(&b, &h, &data, &size, &flags) == -1)
		return -1;
	if (flags & NON_SYNC)
		return 0;
	if (base > INT64_MAX / 2 || data < -base)
		return -1;
	k->ik_offset = off;
	k->ik_length = base + data + size - off;
	return 1;
}

int
vs_iframe_moof(const unsigned char *p, size_t len, long long off,
    long long seglen, const struct vs_iframe_track *t,
    struct vs_iframe_key *k)
{
	struct box	 moof, b;
	size_t		 at = 0;
	int		 rc, first = 1;

	if (next_box(p, len, &at, &moof) != 1 ||
	    moof.b_type != TYPE('m','o','o','f'))
		return -1;
	at = 0;
	while ((rc = next_box(moof.b_body, moof.b_len, &at, &b)) == 1) {
		if (b.b_type != TYPE('t','r','a','f'))
			continue;
		if ((rc = traf_key(&b, off, first, t, k)) != 0)
			break;
		first = 0;
	}
	if (rc == 1 && (k->ik_length <= (long long)len ||
	    k->ik_length > seglen - off))
		return -1;
	return rc;
}

/* A keyframe of the rendition: its segment and where it is in it. */
struct entry {
	char			 e_seg[32];
	struct vs_iframe_key	 e_key;
};

/* The rendition being read: its video track and keyframes so far. */
struct scan {
	struct vs_iframe_track	 s_track;
	struct entry		*s_e;
	size_t			 s_n;
	size_t			 s_cap;
	double			 s_duration;	/* the playlist's, seconds */
};

/* Keep key k of segment seg: 0, or -1 (no memory, a name too long). */
static int
keep(struct scan *s, const char *seg, const struct vs_iframe_key *k)
{
	struct entry	*e;
	size_t		 cap, n = strlen(seg);

	if (s->s_n == s->s_cap) {
		cap = s->s_cap ? s->s_cap * 2 : 64;
		if ((e = reallocarray(s->s_e, cap, sizeof(*e))) == NULL)
			return -1;
		s->s_e = e;
		s->s_cap = cap;
	}
	if (n >= sizeof(s->s_e[0].e_seg))
		return -1;
	memcpy(s->s_e[s->s_n].e_seg, seg, n + 1);
	s->s_e[s->s_n++].e_key = *k;
	return 0;
}

/* The size of the box whose header is at off of f (len bytes): 0 / -1. */
static int
box_at(FILE *f, long long off, long long len, uint32_t *type,
    long long *size)
{
	unsigned char	 h[16];

	if (len - off < 8 || fseeko(f, off, SEEK_SET) == -1 ||
	    fread(h, 1, 8, f) != 8)
		return -1;
	*type = be32(h + 4);
	*size = be32(h);
	if (*size == 1) {
		if (len - off < 16 || fread(h + 8, 1, 8, f) != 8 ||
		    be64(h + 8) > INT64_MAX)
			return -1;
		*size = (long long)be64(h + 8);
	} else if (*size == 0)
		*size = len - off;
	return *size < 8 || *size > len - off ? -1 : 0;
}

/* Find the keyframes of segment name in dir: 0, or -1. */
static int
scan_segment(struct scan *s, const char *dir, const char *name)
{
	unsigned char	*moof = NULL;
	struct vs_iframe_key k;
	char		 path[4096];
	long long	 off = 0, len, size;
	uint32_t	 type;
	FILE		*f;
	int		 rc = -1;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "rb")) == NULL || fseeko(f, 0, SEEK_END) == -1 ||
	    (len = ftello(f)) == -1)
		goto out;
	for (; off < len; off += size) {
		if (box_at(f, off, len, &type, &size) == -1)
			goto out;
		if (type != TYPE('m','o','o','f'))
			continue;
		if (size > VS_IFRAME_MOOF_MAX ||
		    (moof = malloc((size_t)size)) == NULL ||
		    fseeko(f, off, SEEK_SET) == -1 ||
		    fread(moof, 1, (size_t)size, f) != (size_t)size)
			goto out;
		switch (vs_iframe_moof(moof, (size_t)size, off, len, &s->s_track,
		    &k)) {
		case -1:
			goto out;
		case 1:
			if (keep(s, name, &k) == -1)
				goto out;
		}
		free(moof);
		moof = NULL;
	}
	rc = 0;
out:
	free(moof);
	if (f != NULL)
		fclose(f);
	return rc;
}

/* Read dir's init segment, then every segment its playlist names. */
static int
scan_rendition(struct scan *s, const char *dir)
{
	struct vs_buf	 init = { 0 };
	char		 path[4096], line[512];
	double		 dur = -1;
	FILE		*f;
	int		 rc = -1, n = 0;

	snprintf(path, sizeof(path), "%s/init.mp4", dir);
	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	if (vs_buf_read(&init, f, VS_IFRAME_MOOF_MAX) == 0)
		rc = vs_iframe_init((unsigned char *)init.b_data, init.b_len,
		    &s->s_track);
	fclose(f);
	vs_buf_free(&init);
	snprintf(path, sizeof(path), "%s/playlist.m3u8", dir);
	if (rc == -1 || (f = fopen(path, "r")) == NULL)
		return -1;
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, "#EXTINF:", 8) == 0)
			dur = strtod(line + 8, NULL);
		else if (line[0] != '#' && line[0] != '\0') {
			if (dur <= 0 || strchr(line, '/') != NULL ||
			    strlen(line) >= sizeof(s->s_e[0].e_seg) ||
			    ++n > SEGMENTS_MAX)
				rc = -1;
			else
				rc = scan_segment(s, dir, line);
			s->s_duration += dur;
			dur = -1;
		}
	}
	fclose(f);
	return rc == 0 && s->s_n > 0 ? 0 : -1;
}

/*
 * Append the playlist of the keyframes to b, with each one's duration
 * until the next (the last: until the end) and the bandwidths. 0 / -1.
 */
static int
write_entries(const struct scan *s, struct vs_buf *b, long long *peak,
    long long *average)
{
	double	 t0, at, next, d, most = 0, bits = 0;
	size_t	 i;

	t0 = (double)s->s_e[0].e_key.ik_time / s->s_track.it_timescale;
	for (i = 0; i < s->s_n; i++) {
		at = (double)s->s_e[i].e_key.ik_time / s->s_track.it_timescale;
		next = i + 1 < s->s_n ? (double)s->s_e[i + 1].e_key.ik_time /
		    s->s_track.it_timescale : t0 + s->s_duration;
		if ((d = next - at) <= 0)
			return -1;
		most = d > most ? d : most;
		bits += (double)s->s_e[i].e_key.ik_length * 8;
		if ((double)s->s_e[i].e_key.ik_length * 8 / d > *peak)
			*peak = (long long)((double)s->s_e[i].e_key.ik_length *
			    8 / d + 0.5);
		if (vs_buf_printf(b, "#EXTINF:%.6f,\n#EXT-X-BYTERANGE:%lld@%lld"
		    "\n%s\n", d, s->s_e[i].e_key.ik_length,
		    s->s_e[i].e_key.ik_offset, s->s_e[i].e_seg) == -1)
			return -1;
	}
	*average = (long long)(bits / s->s_duration + 0.5);
	return vs_buf_printf(b, "#EXT-X-ENDLIST\n") == -1 ? -1 :
	    (int)(most + 0.999);
}

/* Write head, then body, to path through a temporary file: 0 / -1. */
static int
write_file(const char *path, const struct vs_buf *head,
    const struct vs_buf *body)
{
	char	 tmp[4200];
	FILE	*f;
	int	 rc;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL)
		return -1;
	fwrite(head->b_data, 1, head->b_len, f);
	fwrite(body->b_data, 1, body->b_len, f);
	rc = ferror(f) ? -1 : 0;
	if (fclose(f) != 0 || rc == -1 || rename(tmp, path) == -1) {
		remove(tmp);
		return -1;
	}
	return 0;
}

int
vs_iframe_playlist(const char *dir, long long *peak, long long *average)
{
	struct scan	 s;
	struct vs_buf	 head = { 0 }, body = { 0 };
	char		 path[4096];
	int		 rc = -1, target;

	memset(&s, 0, sizeof(s));
	*peak = *average = 0;
	snprintf(path, sizeof(path), "%s/iframes.m3u8", dir);
	if (scan_rendition(&s, dir) == -1 || s.s_duration <= 0 ||
	    (target = write_entries(&s, &body, peak, average)) == -1 ||
	    vs_buf_printf(&head, "#EXTM3U\n#EXT-X-VERSION:7\n"
	    "#EXT-X-TARGETDURATION:%d\n#EXT-X-MEDIA-SEQUENCE:0\n"
	    "#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-I-FRAMES-ONLY\n"
	    "#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"init.mp4\"\n",
	    target) == -1 || write_file(path, &head, &body) == -1) {
		vs_warnx("%s: no I-frame playlist for %s", __func__, dir);
		*peak = *average = 0;
		remove(path);
		goto out;
	}
	rc = (int)s.s_n;
out:
	free(s.s_e);
	vs_buf_free(&head);
	vs_buf_free(&body);
	return rc;
}
