/* fuzz_json.c: request bodies through the strict JSON parser. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdint.h>

#include <vstream.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct json_object	*o = vs_json_parse((const char *)data, len);

	if (o != NULL) {
		vs_json_str(o, "username");
		json_object_put(o);
	}
	return 0;
}
