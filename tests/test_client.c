/*
 * test_client.c: who a request comes from (verify/client.c): the
 * trusted-proxy list as the setting takes it, and the walk of
 * X-Forwarded-For and Forwarded from the right, with spoofed, chained,
 * IPv6 and malformed headers, as a table.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm.h"

#include "client.h"

static void
test_parse(void **state)
{
	static const struct {
		const char	*list;
		const char	*err;	/* NULL: good */
	} cases[] = {
		{ "127.0.0.1", NULL },		/* the old single address */
		{ "::1", NULL },
		{ "127.0.0.1, 10.0.0.0/8, ::1", NULL },
		{ "  192.168.0.0/16\t2001:db8::/32 ,,10.1.2.3/32 ", NULL },
		{ "0.0.0.0/0", NULL },
		{ "", "one or more" },
		{ " , ", "one or more" },
		{ "proxy.local", "not \"proxy.local\"" },
		{ "127.0.0.1, nginx", "not \"nginx\"" },
		{ "10.0.0.0/33", "at most 32" },
		{ "::/129", "at most 128" },
		{ "10.1.0.0/8", "bits set past" },
		{ "2001:db8::1/32", "bits set past" },
		{ "10.0.0.0/", "no prefix length" },
		{ "10.0.0.0/x", "no prefix length" },
		{ "10.0.0.0/0008", "no prefix length" },
		{ "1.2.3.4:80", "not \"1.2.3.4:80\"" },
		{ "[::1]", "not \"[::1]\"" },
		{ "10.0.0.1/8/8", "no prefix length" },
	};
	struct client_proxies	*p;
	char			 err[256], many[2048];
	size_t			 i;
	int			 rc;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		rc = client_proxies_parse(cases[i].list, &p, err, sizeof(err));
		if (cases[i].err == NULL) {
			if (rc != 0)
				fail_msg("\"%s\" refused: %s", cases[i].list,
				    err);
			assert_non_null(p);
		} else {
			if (rc != -1 || p != NULL)
				fail_msg("\"%s\" taken", cases[i].list);
			if (strstr(err, cases[i].err) == NULL)
				fail_msg("\"%s\": \"%s\" does not say \"%s\"",
				    cases[i].list, err, cases[i].err);
		}
		client_proxies_free(p);
	}
	/* At most CLIENT_PROXIES_MAX entries. */
	many[0] = '\0';
	for (i = 0; i <= CLIENT_PROXIES_MAX; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many),
		    "10.0.%zu.1 ", i);
	assert_int_equal(client_proxies_parse(many, &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "at most"));
	assert_int_equal(client_proxies_parse(NULL, &p, err, sizeof(err)), -1);
	client_proxies_free(NULL);
}

/* addr as a socket address (v4 or v6) in ss. */
static const struct sockaddr *
sa(const char *addr, struct sockaddr_storage *ss)
{
	struct sockaddr_in	*s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*s6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1)
		s4->sin_family = AF_INET;
	else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1)
		s6->sin6_family = AF_INET6;
	else
		fail_msg("bad test address %s", addr);
	return (const struct sockaddr *)ss;
}

/* Who the client is, from the peer and the two proxy headers. */
static const struct walk_case {
	const char	*peer;
	const char	*xff;
	const char	*fwd;
	const char	*client;	/* client_key_text() */
} walk_cases[] = {
	/* Straight from a client: whatever it says is ignored. */
	{ "203.0.113.9", NULL, NULL, "203.0.113.9" },
	{ "203.0.113.9", "1.2.3.4", NULL, "203.0.113.9" },
	{ "203.0.113.9", NULL, "for=1.2.3.4", "203.0.113.9" },
	{ "11.9.9.9", "1.2.3.4", NULL, "11.9.9.9" }, /* not trusted */
	/* From the proxy: the address it appended. */
	{ "127.0.0.1", "1.2.3.4", NULL, "1.2.3.4" },
	{ "127.0.0.1", NULL, NULL, "127.0.0.1" },
	/* What the client wrote before it is not believed. */
	{ "127.0.0.1", "6.6.6.6, 1.2.3.4", NULL, "1.2.3.4" },
	{ "127.0.0.1", "127.0.0.1, 1.2.3.4", NULL, "1.2.3.4" },
	/* A chain of trusted proxies (10.0.0.0/8) is walked past. */
	{ "127.0.0.1", "6.6.6.6, 1.2.3.4, 10.1.2.3, 10.200.0.1", NULL,
	  "1.2.3.4" },
	{ "10.0.0.7", "1.2.3.4,10.1.2.3", NULL, "1.2.3.4" },
	/* All trusted: the first of them. */
	{ "127.0.0.1", "10.0.0.1, 10.0.0.2", NULL, "10.0.0.1" },
	/* Ports, as some proxies write them. */
	{ "127.0.0.1", "1.2.3.4:5678", NULL, "1.2.3.4" },
	{ "127.0.0.1", "[2001:db8:1:2::7]:443", NULL,
	  "2001:db8:1:2::/64" },
	/* An IPv6 client is its /64. */
	{ "127.0.0.1", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", NULL,
	  "2001:db8:1:2::/64" },
	{ "2001:db8:ffff::1", NULL, NULL, "2001:db8:ffff::/64" },
	{ "::1", "2001:db8:5:6::9", NULL, "2001:db8:5:6::/64" },
	/* An IPv4-mapped peer is its IPv4 address, and trusted. */
	{ "::ffff:127.0.0.1", "1.2.3.4", NULL, "1.2.3.4" },
	{ "127.0.0.1", "::ffff:1.2.3.4", NULL, "1.2.3.4" },
	/* Garbage from the proxy: the proxy's own. */
	{ "127.0.0.1", "bogus", NULL, "127.0.0.1" },
	{ "127.0.0.1", "", NULL, "127.0.0.1" },
	{ "127.0.0.1", ",,", NULL, "127.0.0.1" },
	{ "127.0.0.1", "1.2.3.4, bogus", NULL, "127.0.0.1" },
	{ "127.0.0.1", "1.2.3.4 5.6.7.8", NULL, "127.0.0.1" },
	{ "127.0.0.1", "1.2.3.4:", NULL, "127.0.0.1" },
	{ "127.0.0.1", "1.2.3.4:123456", NULL, "127.0.0.1" },
	{ "127.0.0.1", "[1.2.3.4]", NULL, "127.0.0.1" },
	{ "127.0.0.1", "[2001:db8::1", NULL, "127.0.0.1" },
	{ "127.0.0.1", "\"1.2.3.4", NULL, "127.0.0.1" },
	{ "127.0.0.1", "1.2.3.4%eth0", NULL, "127.0.0.1" },
	{ "127.0.0.1", "999.1.1.1", NULL, "127.0.0.1" },
	/* ... or the last trusted hop's, past which it is garbage. */
	{ "127.0.0.1", "bogus, 10.0.0.5", NULL, "10.0.0.5" },
	/* RFC 7239 Forwarded. */
	{ "127.0.0.1", NULL,
	  "for=192.0.2.60;proto=http;by=203.0.113.43", "192.0.2.60" },
	{ "127.0.0.1", NULL, "For=\"[2001:db8:cafe::17]:4711\"",
	  "2001:db8:cafe::/64" },
	{ "127.0.0.1", NULL, "proto=https; for=\"192.0.2.61:80\"",
	  "192.0.2.61" },
	{ "127.0.0.1", NULL, "for=6.6.6.6, for=1.2.3.4", "1.2.3.4" },
	{ "127.0.0.1", NULL, "for=1.2.3.4, for=10.0.0.3", "1.2.3.4" },
	{ "127.0.0.1", NULL, "for=unknown", "127.0.0.1" },
	{ "127.0.0.1", NULL, "for=_gazonk", "127.0.0.1" },
	{ "127.0.0.1", NULL, "proto=http", "127.0.0.1" },
	{ "127.0.0.1", NULL, "for=\"1.2.3.4", "127.0.0.1" },
	{ "127.0.0.1", NULL, "for=\"[::1\"", "127.0.0.1" },
	{ "127.0.0.1", NULL, "for=\"1.2,3.4\"", "127.0.0.1" },
	/*
	 * Both headers: X-Forwarded-For, which nginx appends to;
	 * the Forwarded beside it is what the client sent, passed
	 * through, and must neither pick the client's bucket nor put
	 * it in the proxy's (finding 2 of the second review).
	 */
	{ "127.0.0.1", "1.2.3.4", "for=1.2.3.4", "1.2.3.4" },
	{ "127.0.0.1", "1.2.3.4", "for=6.6.6.6", "1.2.3.4" },
	{ "127.0.0.1", "1.2.3.4", "for=127.0.0.1", "1.2.3.4" },
	{ "127.0.0.1", "1.2.3.4", "for=unknown", "1.2.3.4" },
	{ "127.0.0.1", "1.2.3.4", "for=\"", "1.2.3.4" },
	{ "127.0.0.1", "6.6.6.6, 1.2.3.4", "for=1.2.3.4", "1.2.3.4" },
	{ "127.0.0.1", "2001:db8:7::1", "for=\"[2001:db8:8::1]\"",
	  "2001:db8:7::/64" },
	/* ... and cannot rescue an X-Forwarded-For the proxy spoiled,
	 * nor name a client when X-Forwarded-For is empty. */
	{ "127.0.0.1", "bogus", "for=1.2.3.4", "127.0.0.1" },
	{ "127.0.0.1", "", "for=1.2.3.4", "127.0.0.1" },
	{ "10.0.0.9", "10.0.0.8", "for=1.2.3.4", "10.0.0.8" },
};

static void
test_walk(void **state)
{
	const struct walk_case	*c;
	struct client_proxies	*p;
	struct sockaddr_storage	 ss;
	struct client_key	 k;
	char			 err[256], text[CLIENT_TEXT_MAX];
	size_t			 i;

	(void)state;
	assert_int_equal(client_proxies_parse("127.0.0.1 10.0.0.0/8 ::1", &p,
	    err, sizeof(err)), 0);
	for (i = 0; i < sizeof(walk_cases) / sizeof(walk_cases[0]); i++) {
		c = &walk_cases[i];
		assert_int_equal(client_key_from(p, sa(c->peer, &ss), c->xff,
		    c->fwd, &k), 0);
		client_key_text(&k, text, sizeof(text));
		if (strcmp(text, c->client) != 0)
			fail_msg("peer %s, X-Forwarded-For %s, Forwarded %s: "
			    "%s, not %s", c->peer, c->xff ? c->xff : "(none)",
			    c->fwd ? c->fwd : "(none)", text, c->client);
	}
	/* No proxies at all: every header is ignored. */
	assert_int_equal(client_key_from(NULL, sa("127.0.0.1", &ss),
	    "1.2.3.4", "for=1.2.3.4", &k), 0);
	client_key_text(&k, text, sizeof(text));
	assert_string_equal(text, "127.0.0.1");
	assert_int_equal(client_proxies_trusts(p, sa("10.255.0.1", &ss)), 1);
	assert_int_equal(client_proxies_trusts(p, sa("11.0.0.1", &ss)), 0);
	assert_int_equal(client_proxies_trusts(p, sa("::2", &ss)), 0);
	client_proxies_free(p);
}

/*
 * Fills the stack below the caller with digits, so that a parser reading
 * past what it wrote into a buffer of its own frame reads digits and
 * runs on past the buffer's end, where AddressSanitizer catches it.
 */
static void __attribute__((noinline))
paint_stack(void)
{
	volatile char	 digits[8192];
	size_t		 i;

	for (i = 0; i < sizeof(digits); i++)
		digits[i] = '7';
}

/* A peer 127.0.0.1 trusted, Forwarded fwd: the client's key as text. */
static void
forwarded_client(const char *fwd, char *text)
{
	struct client_proxies	*p;
	struct sockaddr_storage	 ss;
	struct client_key	 k;
	char			 err[256];

	assert_int_equal(client_proxies_parse("127.0.0.1", &p, err,
	    sizeof(err)), 0);
	paint_stack();
	assert_int_equal(client_key_from(p, sa("127.0.0.1", &ss), NULL, fwd,
	    &k), 0);
	client_key_text(&k, text, CLIENT_TEXT_MAX);
	client_proxies_free(p);
}

/*
 * A quoted Forwarded "for=" is unescaped into a buffer of 62 bytes: its
 * value filling all of it, ending in a port, must be read within it (the
 * port was checked with strspn over bytes never written, finding 1 of
 * the second review); longer is unreadable, and a port is 1 to 5 digits
 * however the bytes after it read.
 */
static void
test_forwarded_bounds(void **state)
{
	static const struct {
		const char	*fwd;
		const char	*client;
	} cases[] = {
		{ "for=\"[2001:db8:cafe::17]:4711\"", "2001:db8:cafe::/64" },
		{ "for=\"[2001:db8:cafe::17]:65535\";proto=https",
		  "2001:db8:cafe::/64" },
		{ "for=\"[2001:db8:cafe::17]:123456\"", "127.0.0.1" },
		{ "for=\"[2001:db8:cafe::17]:\"", "127.0.0.1" },
		{ "for=\"[2001:db8:cafe::17]:12a\"", "127.0.0.1" },
		{ "for=\"[2001:db8:cafe::17]4711\"", "127.0.0.1" },
		{ "for=\"192.0.2.61:8\"", "192.0.2.61" },
		{ "for=\"192.0.2.61:8\\0\"", "192.0.2.61" }, /* \0 is 0 */
		{ "for=\"192.0.2.61:8\\x\"", "127.0.0.1" },
		{ "for=192.0.2.61:80, for=192.0.2.62:999999", "127.0.0.1" },
		{ "for=192.0.2.61:80;by=1, for=192.0.2.62:9", "192.0.2.62" },
		/* The longest address text with a port (53 bytes): an
		 * IPv4-mapped one, which in brackets is no IPv6 client. */
		{ "for=\"[0000:0000:0000:0000:0000:ffff:192.168.100.200]:65535\"",
		  "127.0.0.1" },
	};
	char	 fwd[256], text[CLIENT_TEXT_MAX];
	size_t	 i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		forwarded_client(cases[i].fwd, text);
		if (strcmp(text, cases[i].client) != 0)
			fail_msg("Forwarded %s: %s, not %s", cases[i].fwd,
			    text, cases[i].client);
	}
	/* Quoted values of 58 to 66 bytes, ending in a 5-digit port:
	 * around the 61 bytes the buffer holds with its NUL. */
	for (n = 58; n <= 66; n++) {
		snprintf(fwd, sizeof(fwd), "for=\"%.*s:12345\"", (int)(n - 6),
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		forwarded_client(fwd, text);
		assert_string_equal(text, "127.0.0.1");
	}
}

/* One /64 is one client; the next /64 another; v4 never meets v6.  A
 * client's network is its /48 or /24. */
static void
test_keys(void **state)
{
	struct sockaddr_storage	 ss;
	struct client_key	 a, b, c, d;

	(void)state;
	assert_int_equal(client_key_from(NULL, sa("2001:db8:1:2::1", &ss),
	    NULL, NULL, &a), 0);
	assert_int_equal(client_key_from(NULL, sa("2001:db8:1:2:ffff:ffff:"
	    "ffff:ffff", &ss), NULL, NULL, &b), 0);
	assert_int_equal(client_key_from(NULL, sa("2001:db8:1:3::1", &ss),
	    NULL, NULL, &c), 0);
	assert_int_equal(client_key_from(NULL, sa("32.1.13.184", &ss), NULL,
	    NULL, &d), 0);
	assert_int_equal(a.len, 9);
	assert_memory_equal(a.b, b.b, a.len);
	assert_memory_not_equal(a.b, c.b, a.len);
	assert_int_equal(d.len, 5);
	/* 32.1.13.184 is 0x20010db8, the same first bytes. */
	assert_int_not_equal(a.b[0], d.b[0]);
	/* A network is the /48 of IPv6, the /24 of IPv4. */
	client_key_net(&a, &b);
	assert_int_equal(b.len, 7);
	assert_memory_equal(b.b, a.b, 7);
	client_key_net(&c, &c);
	assert_memory_equal(b.b, c.b, b.len);
	assert_int_equal(client_key_from(NULL, sa("2001:db8:2::1", &ss),
	    NULL, NULL, &c), 0);
	client_key_net(&c, &c);
	assert_memory_not_equal(b.b, c.b, b.len);
	client_key_net(&d, &b);
	assert_int_equal(b.len, 4);
	assert_int_equal(client_key_from(NULL, sa("32.1.13.7", &ss), NULL,
	    NULL, &c), 0);
	client_key_net(&c, &c);
	assert_memory_equal(b.b, c.b, b.len);
	assert_int_equal(client_key_from(NULL, sa("32.1.14.184", &ss), NULL,
	    NULL, &c), 0);
	client_key_net(&c, &c);
	assert_memory_not_equal(b.b, c.b, b.len);
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = AF_UNIX;
	assert_int_equal(client_key_from(NULL, (struct sockaddr *)&ss, NULL,
	    NULL, &a), -1);
	assert_int_equal(a.len, 0);
	assert_int_equal(client_key_from(NULL, NULL, NULL, NULL, &a), -1);
	client_key_net(&a, &b);
	assert_int_equal(b.len, 0);
}

CM_MAIN(
	cmocka_unit_test(test_parse),
	cmocka_unit_test(test_walk),
	cmocka_unit_test(test_forwarded_bounds),
	cmocka_unit_test(test_keys)
)
