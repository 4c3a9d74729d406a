/* fuzz_addr.c: trusted_proxies lists and X-Forwarded-For headers. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The input is a list, a newline, a peer, a newline and a header. The
 * client found is always the peer (as far as it fits) or an address.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vs_net	 nets[VS_ADDR_NETS_MAX];
	unsigned char	 a[VS_ADDR_LEN];
	char		*s, *peer, *xff, out[64];
	int		 n;

	if ((s = vs_str_ndup((const char *)data, len)) == NULL)
		return 0;
	if ((peer = strchr(s, '\n')) != NULL)
		*peer++ = '\0';
	xff = peer != NULL ? strchr(peer, '\n') : NULL;
	if (xff != NULL)
		*xff++ = '\0';
	n = vs_addr_nets(s, nets, VS_ADDR_NETS_MAX);
	if (n > VS_ADDR_NETS_MAX)
		abort();
	if (n > 0 && vs_addr_parse(s, a) == 0)
		vs_addr_in(a, nets, (size_t)n);
	if (peer != NULL) {
		vs_addr_client(peer, xff, nets, n > 0 ? (size_t)n : 0, out,
		    sizeof(out));
		if (strncmp(out, peer, sizeof(out) - 1) != 0 && (xff == NULL ||
		    vs_addr_parse(out, a) == -1))
			abort();
	}
	free(s);
	return 0;
}
