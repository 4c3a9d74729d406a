/* fuzz_query.c: query strings and urlencoded form bodies (vs_url_query). */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include "kv.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	return fuzz_kv(data, len, vs_url_query);
}
