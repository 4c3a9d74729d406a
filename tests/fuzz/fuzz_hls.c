/* fuzz_hls.c: a rendition's playlist, as a resumed attempt reads it back. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdint.h>
#include <stdlib.h>

#include "hls.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vs_hls_list	 l = { 0 };
	int			 i;

	if (vs_hls_list_parse((const char *)data, len, &l) == 0) {
		if (l.hl_n < 0 || l.hl_n > VS_HLS_SEGMENTS_MAX ||
		    l.hl_first < 0 || (l.hl_n > 0 && l.hl_dur == NULL))
			abort();
		for (i = 0; i < l.hl_n; i++)
			if (!(l.hl_dur[i] > 0 && l.hl_dur[i] <= 3600))
				abort();
	}
	vs_hls_list_clear(&l);
	return 0;
}
