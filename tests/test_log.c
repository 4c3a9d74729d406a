/* test_log.c: each log line is one JSON object with the fixed fields. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <vstream.h>

#include "runner.h"

/* Run fn with standard error captured into buf. */
static void
capture(void (*fn)(void), char *buf, size_t len)
{
	FILE	*tmp = tmpfile();
	int	 saved = dup(2);
	size_t	 n;

	fflush(stderr);
	dup2(fileno(tmp), 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(buf, 1, len - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
}

static void
write_lines(void)
{
	struct json_object	*f = json_object_new_object();

	vs_log_init("tester", "info");
	vs_log_request("abc123");
	vs_debug("hidden %d", 1);
	json_object_object_add(f, "status", json_object_new_int(200));
	vs_log_fields(VS_LOG_INFO, f, "quote \" and\nnewline");
	json_object_put(f);
	vs_log_request(NULL);
	vs_errx("%s: failed", "fn");
}

START_TEST(json_lines)
{
	char			 buf[4096], *nl;
	struct json_object	*o;

	capture(write_lines, buf, sizeof(buf));
	nl = strchr(buf, '\n');
	ck_assert_ptr_nonnull(nl);
	*nl = '\0';
	o = vs_json_parse(buf, strlen(buf));
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(vs_json_str(o, "level"), "info");
	ck_assert_str_eq(vs_json_str(o, "program"), "tester");
	ck_assert_str_eq(vs_json_str(o, "request_id"), "abc123");
	ck_assert_str_eq(vs_json_str(o, "msg"), "quote \" and\nnewline");
	ck_assert_ptr_nonnull(vs_json_str(o, "time"));
	json_object_put(o);
	o = vs_json_parse(nl + 1, strlen(nl + 1) - 1);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(vs_json_str(o, "level"), "error");
	ck_assert_ptr_null(vs_json_str(o, "request_id"));
	json_object_put(o);
	ck_assert_ptr_null(strstr(buf, "hidden"));
}
END_TEST

int
main(void)
{
	RUN_TESTS("log", json_lines);
}
