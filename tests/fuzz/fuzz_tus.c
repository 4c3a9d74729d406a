/* fuzz_tus.c: the tus headers: Upload-Metadata, Upload-Checksum, sizes. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vs_kvlist	 l = { 0 };
	struct vs_tus_sum	 sum;
	long long		 n;
	size_t			 i;
	char			*s;

	if ((s = vs_str_ndup((const char *)data, len)) == NULL)
		return 0;
	if (vs_tus_metadata(s, &l) == 0) {
		if (l.kl_len > VS_TUS_META_PAIRS)
			abort();
		for (i = 0; i < l.kl_len; i++)
			if (*l.kl_items[i].kv_key == '\0' ||
			    strchr(l.kl_items[i].kv_key, ',') != NULL)
				abort();
	}
	vs_kv_free(&l);
	if (vs_tus_checksum(s, &sum) == 0 && sum.ts_len > VS_TUS_DIGEST_MAX)
		abort();
	if (vs_tus_size(s, 1000, &n) == 0 && (n < 0 || n > 1000))
		abort();
	vs_str_utf8(s);
	free(s);
	return 0;
}
