/* kv.h: the body of the fuzz targets whose parsers fill a key/value list. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_FUZZ_KV_H
#define VS_FUZZ_KV_H

#include <stdint.h>
#include <stdlib.h>

#include <vstream.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
fuzz_kv(const uint8_t *data, size_t len,
    int (*parse)(struct vs_kvlist *, const char *))
{
	struct vs_kvlist	 l = { 0 };
	char			*s = vs_str_ndup((const char *)data, len);

	if (s == NULL)
		return 0;
	parse(&l, s);
	vs_kv_get(&l, "q");
	vs_kv_free(&l);
	free(s);
	return 0;
}

#endif
