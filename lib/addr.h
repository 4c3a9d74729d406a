/* addr.h: client addresses: IPv4 and IPv6 networks, X-Forwarded-For. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_ADDR_H
#define VS_ADDR_H

#include <stddef.h>

/* An address: IPv6, or IPv4 as an IPv4-mapped IPv6 address. */
#define VS_ADDR_LEN	16
/* Networks one list may hold, and X-Forwarded-For hops looked through. */
#define VS_ADDR_NETS_MAX	64
#define VS_ADDR_HOPS_MAX	32

struct vs_net {
	unsigned char	 n_addr[VS_ADDR_LEN];
	int		 n_bits;	/* prefix length over all 128 bits */
};

/*
 * Parse one address ("192.0.2.1", "2001:db8::1"; no port, no zone) into
 * a. 0, or -1 when s is anything else.
 */
int	 vs_addr_parse(const char *, unsigned char [VS_ADDR_LEN]);
/*
 * Parse a list of addresses and networks separated by commas or spaces
 * ("10.0.0.0/8, 2001:db8::/32 ::1"; a bare address is /32 or /128) into
 * at most max entries of nets. Returns the count (0 for an empty list), or
 * -1 for a bad address, a bad or too long prefix, host bits set past the
 * prefix, or too many entries.
 */
int	 vs_addr_nets(const char *, struct vs_net *, size_t);
/* 1 when address a is inside one of the n networks, else 0. */
int	 vs_addr_in(const unsigned char [VS_ADDR_LEN], const struct vs_net *,
	    size_t);
/*
 * The client behind a request from peer (the web server's REMOTE_ADDR)
 * that carried X-Forwarded-For xff (may be NULL): peer itself unless it is
 * one of the n trusted networks; then the right-most address of xff that
 * is not trusted (the left-most when all are). An entry that is not an
 * address ends the walk at the hop that added it. Written to out (len
 * bytes, truncated); never fails.
 */
void	 vs_addr_client(const char *, const char *, const struct vs_net *,
	    size_t, char *, size_t);

#endif
