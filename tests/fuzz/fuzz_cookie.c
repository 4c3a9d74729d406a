/* fuzz_cookie.c: the Cookie header (vs_cookie_parse). */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include "kv.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	return fuzz_kv(data, len, vs_cookie_parse);
}
