/* fuzz_token.c: Authorization headers, access tokens and signed links. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdint.h>
#include <stdlib.h>

#include <vstream.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static int		 ready;
	struct vs_claims	 c;
	struct vs_signed_link	 l;
	const char		*t;
	char			*s, err[256];

	if (!ready) {
		setenv("VSTREAM_CONFIG", "/dev/null", 1);
		setenv("VSTREAM_SECRET_KEY", "0123456789abcdef0123456789abcdef",
		    1);
		if (vs_config_load(NULL, err, sizeof(err)) == -1)
			abort();
		ready = 1;
	}
	if ((s = vs_str_ndup((const char *)data, len)) == NULL)
		return 0;
	if ((t = vs_token_bearer(s)) != NULL)
		vs_token_verify(t, &c);
	vs_token_verify(s, &c);
	vs_signed_check("verify", "subject", s);
	if (vs_signed_link_check("media", "subject", s, &l) &&
	    (l.sl_gen < 1 || l.sl_expiry < 1))
		abort();
	free(s);
	return 0;
}
