/* addr.c: client addresses: IPv4 and IPv6 networks, X-Forwarded-For. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

/* Longest entry of a list or hop of X-Forwarded-For: an IPv6 + "/128". */
#define ENTRY_MAX	(INET6_ADDRSTRLEN + 4)

static const unsigned char	 v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0,
				    0, 0, 0xff, 0xff };

static int
is_v4(const unsigned char a[VS_ADDR_LEN])
{
	return memcmp(a, v4_mapped, sizeof(v4_mapped)) == 0;
}

int
vs_addr_parse(const char *s, unsigned char a[VS_ADDR_LEN])
{
	if (inet_pton(AF_INET, s, a + 12) == 1) {
		memcpy(a, v4_mapped, sizeof(v4_mapped));
		return 0;
	}
	return inet_pton(AF_INET6, s, a) == 1 ? 0 : -1;
}

/* A prefix length: 1 to 3 digits, at most max. -1 for anything else. */
static int
prefix_len(const char *s, int max)
{
	int	 n = 0;
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i == 3 || s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	return i == 0 || n > max ? -1 : n;
}

/* Are the bits of a past the first bits all zero? */
static int
host_bits_clear(const unsigned char a[VS_ADDR_LEN], int bits)
{
	int	 i;

	for (i = bits; i < VS_ADDR_LEN * 8; i++)
		if (a[i / 8] & (0x80 >> (i % 8)))
			return 0;
	return 1;
}

/* One entry of a list, "addr" or "addr/len"; 0 / -1. */
static int
parse_net(char *s, struct vs_net *n)
{
	char	*slash = strchr(s, '/');
	int	 v4, bits;

	if (slash != NULL)
		*slash = '\0';
	if (vs_addr_parse(s, n->n_addr) == -1)
		return -1;
	/* An IPv4 prefix counts from the 96 bits of the mapping. */
	v4 = strchr(s, ':') == NULL;
	bits = v4 ? 32 : 128;
	if (slash != NULL && (bits = prefix_len(slash + 1, bits)) == -1)
		return -1;
	n->n_bits = v4 ? 96 + bits : bits;
	return host_bits_clear(n->n_addr, n->n_bits) ? 0 : -1;
}

int
vs_addr_nets(const char *s, struct vs_net *nets, size_t max)
{
	char	 e[ENTRY_MAX + 1];
	size_t	 len, n = 0;

	for (;;) {
		s += strspn(s, ", \t");
		if (*s == '\0')
			return (int)n;
		len = strcspn(s, ", \t");
		if (len > ENTRY_MAX || n == max)
			return -1;
		memcpy(e, s, len);
		e[len] = '\0';
		if (parse_net(e, &nets[n++]) == -1)
			return -1;
		s += len;
	}
}

int
vs_addr_in(const unsigned char a[VS_ADDR_LEN], const struct vs_net *nets,
    size_t n)
{
	size_t	 i;
	int	 whole, rest;

	for (i = 0; i < n; i++) {
		whole = nets[i].n_bits / 8;
		rest = nets[i].n_bits % 8;
		if (memcmp(a, nets[i].n_addr, (size_t)whole) != 0)
			continue;
		if (rest == 0 || ((a[whole] ^ nets[i].n_addr[whole]) &
		    (0xff << (8 - rest)) & 0xff) == 0)
			return 1;
	}
	return 0;
}

/* One hop of X-Forwarded-For, s up to end, spaces around it; 0 / -1. */
static int
parse_hop(const char *s, const char *end, unsigned char a[VS_ADDR_LEN])
{
	char	 e[ENTRY_MAX + 1];
	size_t	 len;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if ((len = (size_t)(end - s)) == 0 || len > ENTRY_MAX)
		return -1;
	memcpy(e, s, len);
	e[len] = '\0';
	return vs_addr_parse(e, a);
}

static void
addr_text(const unsigned char a[VS_ADDR_LEN], char *out, size_t len)
{
	char	 t[INET6_ADDRSTRLEN];

	if (inet_ntop(is_v4(a) ? AF_INET : AF_INET6, is_v4(a) ? a + 12 : a,
	    t, sizeof(t)) != NULL)
		snprintf(out, len, "%s", t);
}

void
vs_addr_client(const char *peer, const char *xff, const struct vs_net *nets,
    size_t n, char *out, size_t len)
{
	unsigned char	 a[VS_ADDR_LEN];
	const char	*end, *comma;
	int		 hops;

	snprintf(out, len, "%s", peer);
	if (xff == NULL || vs_addr_parse(peer, a) == -1 ||
	    !vs_addr_in(a, nets, n))
		return;
	end = xff + strlen(xff);
	for (hops = 0; hops < VS_ADDR_HOPS_MAX; hops++) {
		comma = memrchr(xff, ',', (size_t)(end - xff));
		if (parse_hop(comma ? comma + 1 : xff, end, a) == -1)
			return;
		addr_text(a, out, len);
		if (!vs_addr_in(a, nets, n) || comma == NULL)
			return;
		end = comma;
	}
}
