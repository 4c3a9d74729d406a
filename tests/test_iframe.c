/* test_iframe.c: the fMP4 boxes the I-frame playlists are read from. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <string.h>

#include <vstream.h>

#include "runner.h"

/* Big-endian numbers and boxes, built into a buffer. */
static void
u32(struct vs_buf *b, uint32_t v)
{
	unsigned char	 p[4] = { v >> 24, v >> 16, v >> 8, v };

	ck_assert_int_eq(vs_buf_add(b, p, 4), 0);
}

static void
u64(struct vs_buf *b, uint64_t v)
{
	u32(b, (uint32_t)(v >> 32));
	u32(b, (uint32_t)v);
}

/* Append box type around the body in c. */
static void
box(struct vs_buf *b, const char *type, const struct vs_buf *c)
{
	u32(b, (uint32_t)(8 + c->b_len));
	ck_assert_int_eq(vs_buf_add(b, type, 4), 0);
	if (c->b_len > 0)
		ck_assert_int_eq(vs_buf_add(b, c->b_data, c->b_len), 0);
}

/* Wrap b's bytes in a box of type, in place. */
static void
wrap(struct vs_buf *b, const char *type)
{
	struct vs_buf	 out = { 0 };

	box(&out, type, b);
	vs_buf_free(b);
	*b = out;
}

/* A trak of track id, handler hdlr ("vide", "soun"), timescale ts. */
static void
trak(struct vs_buf *moov, uint32_t id, const char *hdlr, uint32_t ts)
{
	struct vs_buf	 t = { 0 }, c = { 0 }, mdia = { 0 };

	u32(&c, 0); u32(&c, 0); u32(&c, 0); u32(&c, id); u32(&c, 0);
	box(&t, "tkhd", &c);
	vs_buf_free(&c);
	u32(&c, 0); u32(&c, 0); u32(&c, 0); u32(&c, ts); u32(&c, 0);
	box(&mdia, "mdhd", &c);
	vs_buf_free(&c);
	u32(&c, 0); u32(&c, 0);
	ck_assert_int_eq(vs_buf_add(&c, hdlr, 4), 0);
	u32(&c, 0);
	box(&mdia, "hdlr", &c);
	vs_buf_free(&c);
	wrap(&mdia, "mdia");
	ck_assert_int_eq(vs_buf_add(&t, mdia.b_data, mdia.b_len), 0);
	wrap(&t, "trak");
	ck_assert_int_eq(vs_buf_add(moov, t.b_data, t.b_len), 0);
	vs_buf_free(&t);
	vs_buf_free(&mdia);
}

/* An init segment: an audio track 1, then a video track 2 at 12800. */
static void
init(struct vs_buf *b)
{
	struct vs_buf	 moov = { 0 }, c = { 0 }, mvex = { 0 };

	u32(&c, 0x69736f6d);
	box(b, "ftyp", &c);
	vs_buf_free(&c);
	trak(&moov, 1, "soun", 48000);
	trak(&moov, 2, "vide", 12800);
	u32(&c, 0); u32(&c, 2); u32(&c, 1); u32(&c, 512); u32(&c, 700);
	u32(&c, 0x01010000);
	box(&mvex, "trex", &c);
	vs_buf_free(&c);
	wrap(&mvex, "mvex");
	ck_assert_int_eq(vs_buf_add(&moov, mvex.b_data, mvex.b_len), 0);
	wrap(&moov, "moov");
	ck_assert_int_eq(vs_buf_add(b, moov.b_data, moov.b_len), 0);
	vs_buf_free(&moov);
	vs_buf_free(&mvex);
}

/*
 * A moof with one traf for track id: tfhd with flags, then base (when
 * flag 0x01); tfdt at time; a trun of one sample at data offset off,
 * with first sample flags sflags and size size.
 */
static void
moof(struct vs_buf *b, uint32_t id, uint32_t flags, uint64_t base,
    uint32_t sflags, uint32_t size, int32_t off)
{
	struct vs_buf	 traf = { 0 }, c = { 0 };

	u32(&c, flags); u32(&c, id);
	if (flags & 0x01)
		u64(&c, base);
	box(&traf, "tfhd", &c);
	vs_buf_free(&c);
	u32(&c, 0x01000000); u64(&c, 25600);
	box(&traf, "tfdt", &c);
	vs_buf_free(&c);
	u32(&c, 0x000205); u32(&c, 1); u32(&c, (uint32_t)off); u32(&c, sflags);
	u32(&c, size);
	box(&traf, "trun", &c);
	vs_buf_free(&c);
	wrap(&traf, "traf");
	u32(&c, 0); u32(&c, 1);
	box(b, "mfhd", &c);
	vs_buf_free(&c);
	ck_assert_int_eq(vs_buf_add(b, traf.b_data, traf.b_len), 0);
	wrap(b, "moof");
	vs_buf_free(&traf);
}

static const struct vs_iframe_track	 video = { 2, 12800, 512, 0x01010000 };

START_TEST(init_segment)
{
	struct vs_iframe_track	 t;
	struct vs_buf		 b = { 0 };

	init(&b);
	ck_assert_int_eq(vs_iframe_init((unsigned char *)b.b_data, b.b_len,
	    &t), 0);
	ck_assert_uint_eq(t.it_id, 2);
	ck_assert_uint_eq(t.it_timescale, 12800);
	ck_assert_uint_eq(t.it_size, 700);
	ck_assert_uint_eq(t.it_flags, 0x01010000);
	/* Cut anywhere inside, it is refused, never read past. */
	ck_assert_int_eq(vs_iframe_init((unsigned char *)b.b_data,
	    b.b_len - 3, &t), -1);
	ck_assert_int_eq(vs_iframe_init((unsigned char *)b.b_data, 20, &t), -1);
	vs_buf_free(&b);
}
END_TEST

START_TEST(keyframe)
{
	struct vs_iframe_key	 k;
	struct vs_buf		 b = { 0 };

	/* Data after the moof (default-base-is-moof), 3000 bytes. */
	moof(&b, 2, 0x020000, 0, 0x02000000, 3000, 100 + 8);
	ck_assert_int_eq(vs_iframe_moof((unsigned char *)b.b_data, b.b_len,
	    76, 100000, &video, &k), 1);
	ck_assert_int_eq(k.ik_offset, 76);
	ck_assert_int_eq(k.ik_length, 108 + 3000);
	ck_assert_uint_eq(k.ik_time, 25600);
	/* ... but the segment ends before the frame does. */
	ck_assert_int_eq(vs_iframe_moof((unsigned char *)b.b_data, b.b_len,
	    76, 76 + 3000, &video, &k), -1);
	vs_buf_free(&b);
	/* An explicit base offset, in the file. */
	moof(&b, 2, 0x01, 2000, 0x02000000, 50, 10);
	ck_assert_int_eq(vs_iframe_moof((unsigned char *)b.b_data, b.b_len,
	    1000, 100000, &video, &k), 1);
	ck_assert_int_eq(k.ik_length, 2000 + 10 + 50 - 1000);
	vs_buf_free(&b);
}
END_TEST

START_TEST(no_keyframe)
{
	struct vs_iframe_key	 k;
	struct vs_buf		 b = { 0 };

	moof(&b, 2, 0x020000, 0, 0x01010000, 3000, 200);
	ck_assert_int_eq(vs_iframe_moof((unsigned char *)b.b_data, b.b_len,
	    0, 100000, &video, &k), 0);
	vs_buf_free(&b);
	moof(&b, 1, 0x020000, 0, 0x02000000, 3000, 200);
	ck_assert_int_eq(vs_iframe_moof((unsigned char *)b.b_data, b.b_len,
	    0, 100000, &video, &k), 0);
	vs_buf_free(&b);
	/* A frame that would start inside the moof itself. */
	moof(&b, 2, 0x020000, 0, 0x02000000, 10, 8);
	ck_assert_int_eq(vs_iframe_moof((unsigned char *)b.b_data, b.b_len,
	    0, 100000, &video, &k), -1);
	vs_buf_free(&b);
}
END_TEST

START_TEST(malformed)
{
	struct vs_iframe_key	 k;
	struct vs_buf		 b = { 0 };
	size_t			 n;

	moof(&b, 2, 0x020000, 0, 0x02000000, 3000, 200);
	for (n = 0; n < b.b_len; n++)
		ck_assert_int_eq(vs_iframe_moof((unsigned char *)b.b_data, n,
		    0, 100000, &video, &k), -1);
	/* A box whose size runs past its parent. */
	b.b_data[8 + 3] = (char)0xff;
	ck_assert_int_eq(vs_iframe_moof((unsigned char *)b.b_data, b.b_len,
	    0, 100000, &video, &k), -1);
	/* Not a moof. */
	memcpy(b.b_data + 4, "mdat", 4);
	ck_assert_int_eq(vs_iframe_moof((unsigned char *)b.b_data, b.b_len,
	    0, 100000, &video, &k), -1);
	vs_buf_free(&b);
}
END_TEST

int
main(void)
{
	RUN_TESTS("iframe", init_segment, keyframe, no_keyframe, malformed);
}
