/* fuzz_template.c: template compilation and rendering. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdint.h>
#include <stdlib.h>

#include <vstream.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char	 ctx_json[] = "{\"title\":\"<b>\",\"n\":3,"
    "\"items\":[{\"name\":\"a\"},{\"name\":\"<i>\"}],\"a\":{\"b\":true}}";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct json_object	*ctx;
	struct vs_buf			 out = { 0 };
	char				 err[256], *src;

	if (ctx == NULL && (ctx = json_tokener_parse(ctx_json)) == NULL)
		abort();
	if ((src = vs_str_ndup((const char *)data, len)) == NULL)
		return 0;
	vs_template_add("partials/self", "{{> partials/self}}", err,
	    sizeof(err));
	if (vs_template_add("fuzz", src, err, sizeof(err)) == 0)
		vs_template_render("fuzz", ctx, &out);
	vs_buf_free(&out);
	vs_template_clear();
	free(src);
	return 0;
}
