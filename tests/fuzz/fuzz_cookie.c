/* fuzz_cookie.c: the Cookie header (vs_cookie_parse). */
#include <stdint.h>
#include <stdlib.h>

#include <vstream.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vs_kvlist	 l = { 0 };
	char			*s = vs_str_ndup((const char *)data, len);

	if (s == NULL)
		return 0;
	vs_cookie_parse(&l, s);
	vs_kv_free(&l);
	free(s);
	return 0;
}
