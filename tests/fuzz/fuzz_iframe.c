/* fuzz_iframe.c: init segments and moof boxes; what is found lies inside. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdint.h>
#include <stdlib.h>

#include <vstream.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vs_iframe_track	 t = { 1, 1000, 100, 0 };
	struct vs_iframe_key	 k;
	long long		 seglen = (long long)len + 5000;

	if (vs_iframe_init(data, len, &t) == 0 && t.it_timescale == 0)
		abort();
	if (vs_iframe_moof(data, len, 100, seglen, &t, &k) == 1 &&
	    (k.ik_offset != 100 || k.ik_length <= (long long)len ||
	    k.ik_length > seglen - 100))
		abort();
	return 0;
}
