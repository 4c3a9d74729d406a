/* test_channel.c: profile rules, the Atom feed's text, referrer origins. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <vstream.h>

#include "runner.h"

START_TEST(profile_limits)
{
	char		 name[300], bio[2100];
	const char	*why = NULL;

	ck_assert_int_eq(vs_channel_check("Ann", "two\nlines\tand a tab",
	    &why), VS_OK);
	ck_assert_int_eq(vs_channel_check(NULL, NULL, &why), VS_OK);
	memset(name, 'x', 64);
	name[64] = '\0';
	ck_assert_int_eq(vs_channel_check(name, NULL, &why), VS_OK);
	name[64] = 'x';
	name[65] = '\0';
	ck_assert_int_eq(vs_channel_check(name, NULL, &why), VS_EINVAL);
	ck_assert_ptr_nonnull(why);
	/* Characters, not bytes: 64 two-byte letters are fine. */
	for (int i = 0; i < 64; i++)
		memcpy(name + 2 * i, "\xc3\xa4", 2);
	name[128] = '\0';
	ck_assert_int_eq(vs_channel_check(name, NULL, &why), VS_OK);
	ck_assert_int_eq(vs_channel_check("a\nb", NULL, &why), VS_EINVAL);
	ck_assert_int_eq(vs_channel_check("bell\a", NULL, &why), VS_EINVAL);
	ck_assert_int_eq(vs_channel_check("next\xc2\x85line", NULL, &why),
	    VS_EINVAL);
	ck_assert_int_eq(vs_channel_check("caf\xc3\xa9 \xc2\xa0", NULL, &why),
	    VS_OK);
	ck_assert_int_eq(vs_channel_check("\xff", NULL, &why), VS_EINVAL);
	memset(bio, 'y', 2000);
	bio[2000] = '\0';
	ck_assert_int_eq(vs_channel_check(NULL, bio, &why), VS_OK);
	bio[2000] = 'y';
	bio[2001] = '\0';
	ck_assert_int_eq(vs_channel_check(NULL, bio, &why), VS_EINVAL);
	ck_assert_int_eq(vs_channel_check(NULL, "esc\x1b[0m", &why), VS_EINVAL);
}
END_TEST

START_TEST(atom_escapes)
{
	struct json_object	*ch, *items, *v;
	struct vs_buf		 b = { 0 };

	ch = json_object_new_object();
	json_object_object_add(ch, "id", json_object_new_string(
	    "11111111-1111-4111-8111-111111111111"));
	json_object_object_add(ch, "username", json_object_new_string("ann"));
	json_object_object_add(ch, "display_name", json_object_new_string(
	    "Ann & \"Co\""));
	json_object_object_add(ch, "created_at", json_object_new_string(
	    "2026-01-02T03:04:05+00:00"));
	items = json_object_new_array();
	v = json_object_new_object();
	json_object_object_add(v, "id", json_object_new_string(
	    "22222222-2222-4222-8222-222222222222"));
	json_object_object_add(v, "title", json_object_new_string(
	    "<b>&\"'\x01</b>\xef\xbf\xbf\xef\xbf\xbe"));
	json_object_object_add(v, "created_at", json_object_new_string(
	    "2026-02-03T04:05:06+00:00"));
	json_object_array_add(items, v);
	ck_assert_int_eq(vs_channel_atom(&b, ch, items, "https://h/~a"), 0);
	ck_assert_ptr_nonnull(strstr(b.b_data,
	    "<title>&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;</title>"));
	ck_assert_ptr_nonnull(strstr(b.b_data, "<title>Ann &amp; &quot;Co&quot;"
	    "</title>"));
	ck_assert_ptr_nonnull(strstr(b.b_data,
	    "<id>urn:uuid:22222222-2222-4222-8222-222222222222</id>"));
	ck_assert_ptr_nonnull(strstr(b.b_data, "<updated>2026-02-03T04:05:06"
	    "+00:00</updated>"));
	ck_assert_ptr_nonnull(strstr(b.b_data, "<link rel=\"self\" type=\""
	    "application/atom+xml\" href=\"https://h/~a/u/ann/feed.atom\"/>"));
	ck_assert_ptr_nonnull(strstr(b.b_data, "<media:thumbnail url=\"https://"
	    "h/~a/api/videos/22222222-2222-4222-8222-222222222222/"
	    "thumbnail.jpg\"/>"));
	ck_assert_ptr_null(strchr(b.b_data, '\x01'));
	ck_assert_ptr_null(strstr(b.b_data, "\xef\xbf"));
	vs_buf_free(&b);
	json_object_put(ch);
	json_object_put(items);
}
END_TEST

START_TEST(referrer_origins)
{
	static const char *const good[][2] = {
		{ "https://blog.example", "https://blog.example" },
		{ "HTTP://Blog.Example:8080", "http://blog.example:8080" },
		{ "http://127.0.0.1", "http://127.0.0.1" },
		{ "https://[2001:db8::1]:443", "https://[2001:db8::1]:443" },
	};
	static const char *const bad[] = {
		"", "blog.example", "ftp://blog.example", "https://",
		"https://blog.example/", "https://blog.example/a?b",
		"https://blog.example:0", "https://blog.example:65536",
		"https://blog.example:", "https://user@blog.example",
		"javascript:alert(1)", "https://-x.example", "https://[]",
		"https://blog.example:80x", "https://a b.example",
		"https://blog.example#f",
	};
	char	 out[VS_STATS_ORIGIN_MAX + 1], big[300];
	size_t	 i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ck_assert_int_eq(vs_stats_origin(good[i][0], out, sizeof(out)),
		    0);
		ck_assert_str_eq(out, good[i][1]);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(vs_stats_origin(bad[i], out, sizeof(out)) == -1,
		    "taken: %s", bad[i]);
	memcpy(big, "https://", 8);
	memset(big + 8, 'a', VS_STATS_ORIGIN_MAX - 8);
	big[VS_STATS_ORIGIN_MAX] = '\0';
	ck_assert_int_eq(vs_stats_origin(big, out, sizeof(out)), 0);
	big[VS_STATS_ORIGIN_MAX] = 'a';
	big[VS_STATS_ORIGIN_MAX + 1] = '\0';
	ck_assert_int_eq(vs_stats_origin(big, out, sizeof(out)), -1);
	ck_assert_int_eq(vs_stats_origin(NULL, out, sizeof(out)), -1);
}
END_TEST

int
main(void)
{
	RUN_TESTS("channel", profile_limits, atom_escapes, referrer_origins);
}
