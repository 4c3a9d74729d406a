/* test_path.c: where a video's files live, and only for a valid id. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdlib.h>

#include <vstream.h>

#include "runner.h"

#define ID	"4d7a4131-6a8e-4632-8277-c6dee8602b5b"

START_TEST(video_folder)
{
	char	 buf[256];

	setenv("VSTREAM_DATA_DIR", "/srv/vstream", 1);
	with_secret(SECRET);
	ck_assert_int_eq(vs_path_video(ID, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/srv/vstream/media/" ID);
	/* Exactly long enough, then one byte short. */
	ck_assert_int_eq(vs_path_video(ID, buf,
	    sizeof("/srv/vstream/media/" ID)), 0);
	ck_assert_int_eq(vs_path_video(ID, buf,
	    sizeof("/srv/vstream/media/" ID) - 1), -1);
}
END_TEST

START_TEST(only_uuids)
{
	const char	*bad[] = { "", "..", "../../etc/passwd", ID "/..",
	    "4D7A4131-6A8E-4632-8277-C6DEE8602B5B", ID "0",
	    "4d7a4131-6a8e-4632-8277-c6dee8602b5",
	    "4d7a4131_6a8e_4632_8277_c6dee8602b5b" };
	char		 buf[256];
	size_t		 i;

	with_secret(SECRET);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(!vs_uuid_valid(bad[i]), "%s", bad[i]);
		ck_assert_msg(vs_path_video(bad[i], buf, sizeof(buf)) == -1,
		    "%s", bad[i]);
	}
	ck_assert(vs_uuid_valid(ID));
}
END_TEST

int
main(void)
{
	RUN_TESTS("path", video_folder, only_uuids);
}
