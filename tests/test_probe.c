/* test_probe.c: source limits, the examiner's answer, and running it. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vstream.h>

#include "runner.h"

static const struct vs_probe_limits	 lim = { 8192, 4320, 35389440, 43200,
					    240, 16 };
static char				 why[256];

static struct vs_probe
hd(void)
{
	struct vs_probe	 p = { "mov", "h264", "aac", 1920, 1080, 0, 30, 1, 1,
			    15360, 2, 8.0, 800000 };

	return p;
}

/* p is over a limit of lim, and why says want. */
static void
refused(const struct vs_probe *p, const char *want)
{
	ck_assert_int_eq(vs_probe_check(p, &lim, why, sizeof(why)), VS_ELIMIT);
	ck_assert_str_eq(why, want);
}

START_TEST(within_limits)
{
	struct vs_probe	 p = hd();

	ck_assert_int_eq(vs_probe_check(&p, &lim, why, sizeof(why)), VS_OK);
	p.p_width = 8192;
	p.p_height = 4320;
	ck_assert_int_eq(vs_probe_check(&p, &lim, why, sizeof(why)), VS_OK);
	/* Portrait: the same limit, turned. */
	p.p_width = 4320;
	p.p_height = 8192;
	ck_assert_int_eq(vs_probe_check(&p, &lim, why, sizeof(why)), VS_OK);
}
END_TEST

START_TEST(picture_too_large)
{
	struct vs_probe	 p = hd();

	p.p_width = p.p_height = 16384;
	refused(&p, "the picture is 16384x16384, larger than "
	    "8192x4320");
	p.p_width = 8200;
	p.p_height = 16;
	refused(&p, "the picture is 8200x16, larger than 8192x4320");
	p.p_width = 5000;
	p.p_height = 5000;
	ck_assert_int_eq(vs_probe_check(&p, &lim, why, sizeof(why)),
	    VS_ELIMIT);
	p.p_width = 0;
	refused(&p, "the video has no picture size");
}
END_TEST

START_TEST(too_many_pixels)
{
	struct vs_probe_limits	 small = lim;
	struct vs_probe		 p = hd();

	small.pl_pixels = 1920 * 1080 - 1;
	ck_assert_int_eq(vs_probe_check(&p, &small, why, sizeof(why)),
	    VS_ELIMIT);
	ck_assert_str_eq(why, "the picture has 2073600 pixels, more than "
	    "2073599");
}
END_TEST

START_TEST(rate_duration_streams)
{
	struct vs_probe	 p = hd();

	p.p_fps_num = 300;
	refused(&p, "the frame rate is 300 fps, more than 240");
	p = hd();
	p.p_fps_num = 240000;
	p.p_fps_den = 1001;
	ck_assert_int_eq(vs_probe_check(&p, &lim, why, sizeof(why)), VS_OK);
	p = hd();
	p.p_duration = 43201;
	refused(&p, "the video lasts 43201 s, longer than 43200 s");
	p = hd();
	p.p_streams = 17;
	refused(&p, "the file holds 17 streams, more than 16");
}
END_TEST

START_TEST(time_base_sane)
{
	struct vs_probe	 p = hd();

	p.p_tb_den = 0;
	refused(&p, "the video's time base 1/0 is not usable");
	p.p_tb_num = 0;
	p.p_tb_den = 90000;
	ck_assert_int_eq(vs_probe_check(&p, &lim, why, sizeof(why)),
	    VS_ELIMIT);
	p.p_tb_num = 1;
	p.p_tb_den = 2000000000;
	ck_assert_int_eq(vs_probe_check(&p, &lim, why, sizeof(why)),
	    VS_ELIMIT);
	p.p_tb_num = 1001;
	p.p_tb_den = 30000;
	ck_assert_int_eq(vs_probe_check(&p, &lim, why, sizeof(why)), VS_OK);
	p.p_fps_den = 0;
	refused(&p, "the frame rate 30/0 is not usable");
}
END_TEST

/* What the examiner prints, read back: the same probe. */
START_TEST(answer_round_trip)
{
	struct vs_probe		 p = hd(), q;
	struct json_object	*o = vs_probe_json(&p, NULL);
	const char		*s = json_object_to_json_string(o);

	ck_assert_int_eq(vs_probe_parse(s, strlen(s), &q, why, sizeof(why)),
	    VS_OK);
	ck_assert_int_eq(memcmp(&p, &q, sizeof(p)), 0);
	json_object_put(o);
	o = vs_probe_json(NULL, "no video stream");
	s = json_object_to_json_string(o);
	ck_assert_int_eq(vs_probe_parse(s, strlen(s), &q, why, sizeof(why)),
	    VS_EINVAL);
	ck_assert_str_eq(why, "no video stream");
	json_object_put(o);
}
END_TEST

static enum vs_err
parse(const char *s)
{
	struct vs_probe	 q;

	return vs_probe_parse(s, strlen(s), &q, why, sizeof(why));
}

#define GOOD_TAIL "\"height\":1,\"rotation\":0,\"fps_num\":1,\"fps_den\":1," \
	"\"time_base_num\":1,\"time_base_den\":1,\"streams\":1," \
	"\"duration\":1,\"bitrate\":0}"

START_TEST(answer_strict)
{
	ck_assert_int_eq(parse("{\"container\":\"mov\",\"video_codec\":\"h264\","
	    "\"audio_codec\":\"\",\"width\":1," GOOD_TAIL), VS_OK);
	ck_assert_int_eq(parse(""), VS_ERR);
	ck_assert_int_eq(parse("[]"), VS_ERR);
	ck_assert_int_eq(parse("{\"container\":\"mov\"}"), VS_ERR);
	ck_assert_int_eq(parse("{\"container\":\"mov\",\"video_codec\":\"h264\","
	    "\"audio_codec\":\"\",\"width\":-1," GOOD_TAIL), VS_ERR);
	ck_assert_int_eq(parse("{\"container\":\"mov\",\"video_codec\":\"h264\","
	    "\"audio_codec\":\"\",\"width\":\"1\"," GOOD_TAIL), VS_ERR);
	ck_assert_int_eq(parse("{\"container\":\"mov\",\"video_codec\":\"h264\","
	    "\"audio_codec\":\"\",\"width\":4294967296," GOOD_TAIL), VS_ERR);
	ck_assert_int_eq(parse("{\"container\":\"M<b>\",\"video_codec\":\"h264\","
	    "\"audio_codec\":\"\",\"width\":1," GOOD_TAIL), VS_ERR);
	ck_assert_int_eq(parse("{\"container\":\"abcdefghijklmnopqrstuvwxyzabcdef\","
	    "\"video_codec\":\"h264\",\"audio_codec\":\"\",\"width\":1,"
	    GOOD_TAIL), VS_ERR);
	ck_assert_int_eq(parse("{\"error\":\"two\\nlines\"}"), VS_ERR);
	ck_assert_int_eq(parse("{\"error\":7}"), VS_ERR);
	ck_assert_int_eq(parse("{\"error\":\"fine\"} trailing"), VS_ERR);
}
END_TEST

static char	 dir[] = "/tmp/vstream-test-probe-XXXXXX";

/* An executable stand-in for the examiner; its path in buf. */
static void
script(const char *name, const char *body, char *buf, size_t len)
{
	FILE	*f;

	snprintf(buf, len, "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(buf, "w"));
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	ck_assert_int_eq(chmod(buf, 0755), 0);
}

static enum vs_err
probe_with(const char *name, const char *body)
{
	struct vs_probe	 p;
	char		 helper[256], err[256];

	script(name, body, helper, sizeof(helper));
	setenv("VSTREAM_MEDIA_HELPER", helper, 1);
	setenv("VSTREAM_MEDIA_PROBE_TIMEOUT", "1", 1);
	ck_assert_int_eq(vs_config_load("/dev/null", err, sizeof(err)), 0);
	return vs_probe_file("/nonexistent.mp4", &p, why, sizeof(why));
}

/* Whatever goes wrong in the examiner becomes a refusal with a reason. */
START_TEST(examiner_failures)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(probe_with("slow", "exec sleep 30"), VS_ELIMIT);
	ck_assert_str_eq(why, "the file could not be examined: it took "
	    "longer than 1 s");
	ck_assert_int_eq(probe_with("crash", "kill -SEGV $$"), VS_ELIMIT);
	ck_assert_str_eq(why, "the file could not be examined: it was "
	    "stopped by SIGSEGV (Segmentation fault)");
	ck_assert_int_eq(probe_with("fails", "exit 3"), VS_ELIMIT);
	ck_assert_str_eq(why, "the file could not be examined: it exited "
	    "with status 3");
	ck_assert_int_eq(probe_with("babble", "echo '{\"width\": 1'"),
	    VS_ELIMIT);
	ck_assert_str_eq(why, "the file could not be examined: its answer "
	    "was not understood");
	ck_assert_int_eq(probe_with("flood", "exec yes"), VS_ELIMIT);
	ck_assert_str_eq(why, "the file could not be examined: its answer "
	    "was too long");
	ck_assert_int_eq(probe_with("refuses", "echo '{\"error\":\"no video "
	    "stream\"}'"), VS_EINVAL);
	ck_assert_str_eq(why, "no video stream");
	ck_assert_int_eq(probe_with("big", "echo '{\"container\":\"mov\","
	    "\"video_codec\":\"h264\",\"audio_codec\":\"\",\"width\":9000,"
	    GOOD_TAIL "'"), VS_ELIMIT);
	ck_assert_str_eq(why, "the picture is 9000x1, larger than 8192x4320");
	unsetenv("VSTREAM_MEDIA_HELPER");
	unsetenv("VSTREAM_MEDIA_PROBE_TIMEOUT");
	ck_assert_int_eq(system("rm -rf /tmp/vstream-test-probe-*"), 0);
}
END_TEST

/* From the build tree the examiner is found beside tests/. */
START_TEST(examiner_found)
{
	char	 buf[4096], err[256];

	unsetenv("VSTREAM_MEDIA_HELPER");
	ck_assert_int_eq(vs_config_load("/dev/null", err, sizeof(err)), 0);
	ck_assert_int_eq(vs_probe_helper(buf, sizeof(buf)), 0);
	ck_assert_ptr_nonnull(strstr(buf, "/tests/../worker/vstream-worker"));
}
END_TEST

int
main(void)
{
	char	 err[256];

	if (vs_config_load("/dev/null", err, sizeof(err)) == -1)
		return 1;
	RUN_TESTS("probe", within_limits, picture_too_large, too_many_pixels,
	    rate_duration_streams, time_base_sane, answer_round_trip,
	    answer_strict, examiner_failures, examiner_found);
}
