/* test_hls.c: reading and writing a rendition's playlist. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hls.h"
#include "runner.h"

static struct vs_hls_list	 l;

static int
parse(const char *text)
{
	vs_hls_list_clear(&l);
	return vs_hls_list_parse(text, strlen(text), &l);
}

START_TEST(growing)
{
	ck_assert_int_eq(parse("#EXTM3U\n#EXT-X-VERSION:7\n"
	    "#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-MAP:URI=\"init.mp4\"\n"
	    "#EXTINF:6.000000,\n0.m4s\n#EXTINF:5.966667,\n1.m4s\n"), 0);
	ck_assert_int_eq(l.hl_n, 2);
	ck_assert_int_eq(l.hl_first, 0);
	ck_assert_int_eq(l.hl_ended, 0);
	ck_assert(l.hl_dur[1] > 5.96 && l.hl_dur[1] < 5.97);
}
END_TEST

START_TEST(ended_and_numbered_on)
{
	/* FFmpeg's own list of a resumed attempt starts further on. */
	ck_assert_int_eq(parse("#EXTM3U\r\n#EXTINF:6,\r\n7.m4s\r\n"
	    "#EXTINF:2.5,\r\n8.m4s\r\n#EXT-X-ENDLIST\r\n"), 0);
	ck_assert_int_eq(l.hl_n, 2);
	ck_assert_int_eq(l.hl_first, 7);
	ck_assert_int_eq(l.hl_ended, 1);
	ck_assert_int_eq(parse("#EXTM3U\n"), 0);
	ck_assert_int_eq(l.hl_n, 0);
}
END_TEST

START_TEST(refused)
{
	static const char *const bad[] = {
		"",
		"#EXTINF:6,\n0.m4s\n",				/* no #EXTM3U */
		"#EXTM3U\n#EXTINF:6,\n1.m4s\n#EXTINF:6,\n3.m4s\n", /* a gap */
		"#EXTM3U\n#EXTINF:6,\n0.m4s\n#EXTINF:6,\n0.m4s\n", /* again */
		"#EXTM3U\n0.m4s\n",				/* no EXTINF */
		"#EXTM3U\n#EXTINF:6,\n",			/* no URI */
		"#EXTM3U\n#EXTINF:6,\n#EXTINF:6,\n0.m4s\n",
		"#EXTM3U\n#EXTINF:0,\n0.m4s\n",
		"#EXTM3U\n#EXTINF:-6,\n0.m4s\n",
		"#EXTM3U\n#EXTINF:nan,\n0.m4s\n",
		"#EXTM3U\n#EXTINF:1e9,\n0.m4s\n",
		"#EXTM3U\n#EXTINF:6x,\n0.m4s\n",
		"#EXTM3U\n#EXTINF:6,\n../0.m4s\n",
		"#EXTM3U\n#EXTINF:6,\n00.m4s\n",
		"#EXTM3U\n#EXTINF:6,\n0.ts\n",
		"#EXTM3U\n#EXTINF:6,\n99999999999.m4s\n",
		"#EXTM3U\n#EXTINF:6,\n0.m4s\n#EXT-X-ENDLIST\n#EXTINF:6,\n1.m4s\n",
	};
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(parse(bad[i]) == -1, "%s", bad[i]);
	/* A NUL inside, and a line longer than any we write. */
	ck_assert_int_eq(vs_hls_list_parse("#EXTM3U\n\0", 9, &l), -1);
	{
		char	 big[600];

		memset(big, 'a', sizeof(big));
		memcpy(big, "#EXTM3U\n#", 9);
		vs_hls_list_clear(&l);
		ck_assert_int_eq(vs_hls_list_parse(big, sizeof(big), &l), -1);
	}
}
END_TEST

START_TEST(written_and_read_back)
{
	char	 dir[] = "/tmp/test_hls.XXXXXX", path[64];
	FILE	*f;
	char	 text[1024];
	size_t	 n;
	int	 i;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/playlist.m3u8", dir);
	vs_hls_list_clear(&l);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(vs_hls_list_add(&l, i < 2 ? 6 : 7.5), 0);
	ck_assert_int_eq(vs_hls_list_write(path, &l, 0), 0);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	ck_assert_ptr_nonnull(strstr(text, "#EXT-X-PLAYLIST-TYPE:EVENT\n"));
	ck_assert_ptr_nonnull(strstr(text, "#EXT-X-TARGETDURATION:8\n"));
	ck_assert_ptr_null(strstr(text, "ENDLIST"));
	ck_assert_ptr_nonnull(strstr(text, "#EXTINF:7.500000,\n2.m4s\n"));
	ck_assert_int_eq(vs_hls_list_write(path, &l, 1), 0);
	vs_hls_list_clear(&l);
	ck_assert_int_eq(vs_hls_list_read(path, &l), 0);
	ck_assert_int_eq(l.hl_n, 3);
	ck_assert_int_eq(l.hl_ended, 1);
	/* Nothing of the temporary file is left. */
	snprintf(path, sizeof(path), "%s/playlist.m3u8.tmp", dir);
	ck_assert_int_eq(access(path, F_OK), -1);
	snprintf(path, sizeof(path), "%s/playlist.m3u8", dir);
	unlink(path);
	rmdir(dir);
	ck_assert_int_eq(vs_hls_list_read(path, &l), -1);
	vs_hls_list_clear(&l);
}
END_TEST

int
main(void)
{
	RUN_TESTS("hls", growing, ended_and_numbered_on, refused,
	    written_and_read_back);
}
