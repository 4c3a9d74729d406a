/* test_addr.c: addresses, networks and the client behind proxies. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdlib.h>
#include <string.h>

#include <vstream.h>

#include "runner.h"

/* Is address a inside the list? The list must parse. */
static int
inside(const char *list, const char *a)
{
	struct vs_net	 nets[VS_ADDR_NETS_MAX];
	unsigned char	 b[VS_ADDR_LEN];
	int		 n = vs_addr_nets(list, nets, VS_ADDR_NETS_MAX);

	ck_assert_msg(n >= 0, "list refused: %s", list);
	ck_assert_msg(vs_addr_parse(a, b) == 0, "address refused: %s", a);
	return vs_addr_in(b, nets, (size_t)n);
}

START_TEST(parse_addresses)
{
	static const char *const good[] = { "192.0.2.1", "0.0.0.0",
	    "255.255.255.255", "::", "::1", "2001:db8::1",
	    "2001:0db8:0000:0000:0000:0000:0000:0001", "::ffff:192.0.2.1" };
	static const char *const bad[] = { "", " 192.0.2.1", "192.0.2.1 ",
	    "192.0.2", "192.0.2.256", "192.0.2.1.5", "192.0.2.1:80",
	    "[2001:db8::1]", "2001:db8::1%eth0", "fe80::1%1", "2001:db8:::1",
	    "1:2:3:4:5:6:7:8:9", "unknown", "localhost", "-1.0.0.0",
	    "192.0.2.1/32" };
	unsigned char	 a[VS_ADDR_LEN], b[VS_ADDR_LEN];
	size_t		 i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(vs_addr_parse(good[i], a) == 0, "%s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(vs_addr_parse(bad[i], a) == -1, "%s", bad[i]);
	/* IPv4 and its mapped IPv6 form are one address. */
	vs_addr_parse("192.0.2.1", a);
	vs_addr_parse("::ffff:192.0.2.1", b);
	ck_assert(memcmp(a, b, VS_ADDR_LEN) == 0);
}
END_TEST

START_TEST(parse_lists)
{
	static const char *const bad[] = { "10.0.0.0/", "10.0.0.0/33",
	    "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/8a", "10.0.0.0/0008",
	    "10.0.0.0//8", "10.0.0.0/8/8", "::/129", "::/1000", "2001:db8::/ 32",
	    "10.0.0.1/8", "2001:db8::1/32", "10.0.0.0/8;", "10.0.0.0/8,x",
	    "/8", "10.0.0.0/99999999999999999999",
	    "2001:0db8:0000:0000:0000:0000:0000:0000:0000/128" };
	struct vs_net	 nets[VS_ADDR_NETS_MAX + 1];
	struct vs_buf	 b = { 0 };
	size_t		 i;

	ck_assert_int_eq(vs_addr_nets("", nets, VS_ADDR_NETS_MAX), 0);
	ck_assert_int_eq(vs_addr_nets(" , ", nets, VS_ADDR_NETS_MAX), 0);
	ck_assert_int_eq(vs_addr_nets("10.0.0.0/8, 2001:db8::/32 ::1\t"
	    "192.0.2.7", nets, VS_ADDR_NETS_MAX), 4);
	ck_assert_int_eq(nets[0].n_bits, 104);
	ck_assert_int_eq(nets[1].n_bits, 32);
	ck_assert_int_eq(nets[2].n_bits, 128);
	ck_assert_int_eq(nets[3].n_bits, 128);
	ck_assert_int_eq(vs_addr_nets("0.0.0.0/0 ::/0", nets,
	    VS_ADDR_NETS_MAX), 2);
	ck_assert_int_eq(nets[0].n_bits, 96);
	ck_assert_int_eq(nets[1].n_bits, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(vs_addr_nets(bad[i], nets, VS_ADDR_NETS_MAX) ==
		    -1, "taken: %s", bad[i]);
	/* No more entries than the caller has room for. */
	for (i = 0; i <= VS_ADDR_NETS_MAX; i++)
		vs_buf_printf(&b, "10.0.%zu.0/24,", i);
	ck_assert_int_eq(vs_addr_nets(b.b_data, nets, VS_ADDR_NETS_MAX), -1);
	ck_assert_int_eq(vs_addr_nets("10.0.0.0/8 10.1.0.0/16", nets, 1), -1);
	vs_buf_free(&b);
}
END_TEST

START_TEST(match)
{
	ck_assert(inside("10.0.0.0/8", "10.255.255.255"));
	ck_assert(!inside("10.0.0.0/8", "11.0.0.0"));
	ck_assert(!inside("10.0.0.0/8", "9.255.255.255"));
	ck_assert(inside("192.0.2.7/32", "192.0.2.7"));
	ck_assert(!inside("192.0.2.7/32", "192.0.2.6"));
	ck_assert(inside("192.0.2.7", "192.0.2.7"));
	ck_assert(inside("0.0.0.0/0", "203.0.113.9"));
	ck_assert(!inside("0.0.0.0/0", "2001:db8::1"));
	ck_assert(inside("::/0", "2001:db8::1"));
	ck_assert(inside("172.16.0.0/12", "172.31.255.255"));
	ck_assert(!inside("172.16.0.0/12", "172.32.0.0"));
	ck_assert(inside("192.0.2.128/25", "192.0.2.200"));
	ck_assert(!inside("192.0.2.128/25", "192.0.2.127"));
	ck_assert(inside("2001:db8::/32", "2001:db8:ffff::1"));
	ck_assert(!inside("2001:db8::/32", "2001:db9::1"));
	ck_assert(inside("::1/128", "::1"));
	ck_assert(!inside("::1/128", "::2"));
	ck_assert(inside("2001:db8::/127", "2001:db8::1"));
	ck_assert(!inside("2001:db8::/127", "2001:db8::2"));
	/* An IPv4 network holds the mapped form of its addresses. */
	ck_assert(inside("10.0.0.0/8", "::ffff:10.1.2.3"));
	ck_assert(inside("::ffff:10.0.0.0/104", "10.1.2.3"));
	ck_assert(!inside("", "10.1.2.3"));
}
END_TEST

/* The client vs_addr_client() finds behind proxies. */
static const char *
client(const char *list, const char *peer, const char *xff)
{
	static char	 out[64];
	struct vs_net	 nets[VS_ADDR_NETS_MAX];
	int		 n = vs_addr_nets(list, nets, VS_ADDR_NETS_MAX);

	ck_assert_int_ge(n, 0);
	vs_addr_client(peer, xff, nets, (size_t)n, out, sizeof(out));
	return out;
}

START_TEST(forwarded_for)
{
	struct vs_buf	 b = { 0 };
	int		 i;

	/* Nothing trusted (the default): the header is ignored. */
	ck_assert_str_eq(client("", "192.0.2.1", "203.0.113.9"), "192.0.2.1");
	/* From an untrusted peer, whatever it claims. */
	ck_assert_str_eq(client("10.0.0.0/8", "192.0.2.1", "203.0.113.9"),
	    "192.0.2.1");
	ck_assert_str_eq(client("10.0.0.0/8", "10.0.0.2", NULL), "10.0.0.2");
	ck_assert_str_eq(client("10.0.0.0/8", "10.0.0.2", "203.0.113.9"),
	    "203.0.113.9");
	/* The right-most untrusted hop: what the client wrote is not it. */
	ck_assert_str_eq(client("10.0.0.0/8", "10.0.0.2",
	    "198.51.100.1, 203.0.113.9"), "203.0.113.9");
	ck_assert_str_eq(client("10.0.0.0/8", "10.0.0.2",
	    "198.51.100.1,203.0.113.9 , 10.0.0.3,10.0.0.4"), "203.0.113.9");
	/* All trusted: the left-most. */
	ck_assert_str_eq(client("10.0.0.0/8", "10.0.0.2", "10.0.0.5, 10.0.0.3"),
	    "10.0.0.5");
	/* Garbage stops the walk at the proxy that passed it on. */
	ck_assert_str_eq(client("10.0.0.0/8", "10.0.0.2", "unknown"),
	    "10.0.0.2");
	ck_assert_str_eq(client("10.0.0.0/8", "10.0.0.2",
	    "203.0.113.9, junk, 10.0.0.3"), "10.0.0.3");
	ck_assert_str_eq(client("10.0.0.0/8", "10.0.0.2", ""), "10.0.0.2");
	ck_assert_str_eq(client("10.0.0.0/8", "10.0.0.2", ",,"), "10.0.0.2");
	ck_assert_str_eq(client("10.0.0.0/8", "10.0.0.2", "203.0.113.9:4711"),
	    "10.0.0.2");
	/* IPv6, written back in its short form. */
	ck_assert_str_eq(client("::1/128, 2001:db8::/32", "::1",
	    "2001:0db8:0:0::7, 2001:db8::2"), "2001:db8::7");
	ck_assert_str_eq(client("::1", "::1", "::ffff:203.0.113.9"),
	    "203.0.113.9");
	/* A peer that is no address is kept as the server gave it. */
	ck_assert_str_eq(client("0.0.0.0/0", "", "203.0.113.9"), "");
	/* A chain of trusted hops is looked through only so far. */
	vs_buf_puts(&b, "203.0.113.9");
	for (i = 0; i < 100; i++)
		vs_buf_puts(&b, ", 10.0.0.9");
	ck_assert_str_eq(client("10.0.0.0/8", "10.0.0.2", b.b_data),
	    "10.0.0.9");
	vs_buf_free(&b);
}
END_TEST

int
main(void)
{
	RUN_TESTS("addr", parse_addresses, parse_lists, match, forwarded_for);
}
