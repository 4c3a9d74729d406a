/* fuzz_range.c: Range headers against body sizes. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdint.h>
#include <stdlib.h>

#include <vstream.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	long long	 size, first = -1, last = -1;
	char		*s;

	if (len < 4 || (s = vs_str_ndup((const char *)data + 4,
	    len - 4)) == NULL)
		return 0;
	size = data[0] | data[1] << 8 | data[2] << 16 |
	    (long long)(data[3] & 0x7f) << 24;
	if (vs_range_parse(s, size, &first, &last) == VS_RANGE_OK &&
	    (first < 0 || last >= size || first > last))
		abort();
	free(s);
	return 0;
}
