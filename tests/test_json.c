/* test_json.c: strict JSON parsing and the error body. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <string.h>

#include <vstream.h>

#include "runner.h"

START_TEST(parse_strict)
{
	struct json_object	*o;

	o = vs_json_parse("{\"username\":\"ann\",\"n\":1}", 24);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(vs_json_str(o, "username"), "ann");
	ck_assert_ptr_null(vs_json_str(o, "n"));
	ck_assert_ptr_null(vs_json_str(o, "missing"));
	json_object_put(o);
	o = vs_json_parse("{\"a\":\"x\\u0000y\"}", 16);
	ck_assert_ptr_nonnull(o);
	ck_assert_ptr_null(vs_json_str(o, "a"));
	json_object_put(o);
	ck_assert_ptr_null(vs_json_parse("{\"a\":1} x", 9));
	ck_assert_ptr_null(vs_json_parse("{\"a\":'x'}", 9));
	ck_assert_ptr_null(vs_json_parse("{\"a\":1,}", 8));
	ck_assert_ptr_null(vs_json_parse("", 0));
}
END_TEST

START_TEST(parse_depth)
{
	char			 deep[81];
	struct json_object	*o;

	memset(deep, '[', 40);
	memset(deep + 40, ']', 40);
	deep[80] = '\0';
	ck_assert_ptr_null(vs_json_parse(deep, 80));
	o = vs_json_parse(deep + 30, 20);
	ck_assert_ptr_nonnull(o);
	json_object_put(o);
}
END_TEST

START_TEST(error_body)
{
	struct json_object	*o = vs_json_error("not_found", "No \"such\"");

	ck_assert_str_eq(json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN),
	    "{\"error\":{\"code\":\"not_found\",\"message\":\"No \\\"such\\\"\"}}");
	json_object_put(o);
}
END_TEST

int
main(void)
{
	RUN_TESTS("json", parse_strict, parse_depth, error_body);
}
