/* test_template.c: the template engine, escaping above all. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <string.h>

#include <vstream.h>

#include "runner.h"

static char	 out[4096];

/* Compile src as "t", render it against the JSON ctx into out. */
static int
render(const char *src, const char *ctx)
{
	struct json_object	*o = json_tokener_parse(ctx);
	struct vs_buf		 b = { 0 };
	char			 err[128];
	int			 rc;

	ck_assert_ptr_nonnull(o);
	if (vs_template_add("t", src, err, sizeof(err)) == -1) {
		json_object_put(o);
		return -1;
	}
	rc = vs_template_render("t", o, &b);
	snprintf(out, sizeof(out), "%s", b.b_data ? b.b_data : "");
	vs_buf_free(&b);
	json_object_put(o);
	return rc;
}

START_TEST(escapes_by_default)
{
	ck_assert_int_eq(render("<p>{{title}}</p>",
	    "{\"title\":\"<script>alert('x')</script>&\"}"), 0);
	ck_assert_str_eq(out, "<p>&lt;script&gt;alert(&#39;x&#39;)"
	    "&lt;/script&gt;&amp;</p>");
	ck_assert_ptr_null(strstr(out, "<script>"));
	ck_assert_int_eq(render("<a title=\"{{t}}\">", "{\"t\":\"\\\" onx=1\"}"),
	    0);
	ck_assert_str_eq(out, "<a title=\"&quot; onx=1\">");
}
END_TEST

START_TEST(raw_is_explicit)
{
	ck_assert_int_eq(render("{{& html}}|{{html}}", "{\"html\":\"<b>\"}"), 0);
	ck_assert_str_eq(out, "<b>|&lt;b&gt;");
}
END_TEST

START_TEST(values_and_paths)
{
	ck_assert_int_eq(render("{{a.b.c}} {{n}} {{f}} {{missing}}|{{ spaced }}",
	    "{\"a\":{\"b\":{\"c\":\"deep\"}},\"n\":42,\"f\":false,"
	    "\"spaced\":\"ok\"}"), 0);
	ck_assert_str_eq(out, "deep 42 false |ok");
}
END_TEST

START_TEST(conditionals)
{
	const char	*t = "{{#if x}}yes{{else}}no{{/if}}";

	ck_assert_int_eq(render(t, "{\"x\":true}"), 0);
	ck_assert_str_eq(out, "yes");
	ck_assert_int_eq(render(t, "{\"x\":\"\"}"), 0);
	ck_assert_str_eq(out, "no");
	ck_assert_int_eq(render(t, "{\"x\":[]}"), 0);
	ck_assert_str_eq(out, "no");
	ck_assert_int_eq(render(t, "{\"x\":0}"), 0);
	ck_assert_str_eq(out, "no");
	ck_assert_int_eq(render(t, "{}"), 0);
	ck_assert_str_eq(out, "no");
	ck_assert_int_eq(render("{{#if x}}only{{/if}}", "{\"x\":1}"), 0);
	ck_assert_str_eq(out, "only");
}
END_TEST

START_TEST(loops)
{
	const char	*t = "{{#each items}}[{{name}}:{{site}}]{{else}}none"
			    "{{/each}}";

	ck_assert_int_eq(render(t, "{\"site\":\"s\",\"items\":"
	    "[{\"name\":\"a<\"},{\"name\":\"b\",\"site\":\"own\"}]}"), 0);
	ck_assert_str_eq(out, "[a&lt;:s][b:own]");
	ck_assert_int_eq(render(t, "{\"items\":[]}"), 0);
	ck_assert_str_eq(out, "none");
	ck_assert_int_eq(render("{{#each l}}{{.}},{{/each}}",
	    "{\"l\":[\"<x>\",2]}"), 0);
	ck_assert_str_eq(out, "&lt;x&gt;,2,");
}
END_TEST

START_TEST(partials)
{
	char	 err[128];

	ck_assert_int_eq(vs_template_add("partials/p", "<{{name}}>", err,
	    sizeof(err)), 0);
	ck_assert_int_eq(render("a{{> partials/p}}b{{! comment }}c",
	    "{\"name\":\"&\"}"), 0);
	ck_assert_str_eq(out, "a<&amp;>bc");
	ck_assert_int_eq(vs_template_add("partials/loop", "{{> partials/loop}}",
	    err, sizeof(err)), 0);
	ck_assert_int_eq(render("{{> partials/loop}}", "{}"), -1);
	ck_assert_int_eq(render("{{> partials/none}}", "{}"), -1);
	vs_template_clear();
}
END_TEST

START_TEST(syntax_errors)
{
	char	 err[128];

	ck_assert_int_eq(vs_template_add("e", "{{#if x}}", err, sizeof(err)),
	    -1);
	ck_assert_int_eq(vs_template_add("e", "a\n{{/if}}", err, sizeof(err)),
	    -1);
	ck_assert_str_eq(err, "line 2: unexpected closing tag");
	ck_assert_int_eq(vs_template_add("e", "{{x", err, sizeof(err)), -1);
	ck_assert_int_eq(vs_template_add("e", "{{a b}}", err, sizeof(err)),
	    -1);
	ck_assert_int_eq(vs_template_add("e", "{{#each x}}{{/if}}", err,
	    sizeof(err)), -1);
	ck_assert_int_eq(vs_template_add("e", "{{<script>}}", err,
	    sizeof(err)), -1);
}
END_TEST

START_TEST(nesting_capped)
{
	struct vs_buf	 b = { 0 };
	char		 err[128];
	int		 i;

	for (i = 0; i < 40; i++)
		vs_buf_puts(&b, "{{#if x}}");
	ck_assert_int_eq(vs_template_add("deep", b.b_data, err, sizeof(err)),
	    -1);
	vs_buf_free(&b);
}
END_TEST

START_TEST(loads_shipped)
{
	ck_assert_int_eq(vs_template_load(SRCDIR "/templates"), 0);
	ck_assert_int_eq(render("ok", "{}"), 0);
	ck_assert_int_eq(vs_template_load("/nonexistent"), -1);
}
END_TEST

int
main(void)
{
	RUN_TESTS("template", escapes_by_default, raw_is_explicit,
	    values_and_paths, conditionals, loops, partials, syntax_errors,
	    nesting_capped, loads_shipped);
}
