/*
 * client.h: who a request comes from, for every per-address limit of
 * both listeners (the public service and the staff console).
 *
 * A deployment may put reverse proxies in front (docs/deploy.md); their
 * addresses, and only theirs, are trusted to say who their client was,
 * in X-Forwarded-For or RFC 7239 Forwarded "for=".  Such a header is
 * read from the right: each proxy appends the address it saw, so the
 * first address that is not a trusted proxy is the client; what comes
 * before it is the client's own say-so and is never believed.  A request
 * straight from anyone else is its peer address, whatever it says.
 *
 * X-Forwarded-For, when a request has one, is the only header read:
 * nginx appends to it but passes a client's Forwarded through as sent,
 * so a Forwarded beside it says what the client chose.  Forwarded is read
 * only when there is no X-Forwarded-For.  A proxy that writes Forwarded
 * alone must therefore drop the client's X-Forwarded-For, or the client
 * names itself.
 *
 * An IPv6 client is its /64: one host is given a whole /64 to roam in,
 * so counting its addresses one by one would give it 2^64 allowances.
 *
 * Thread safety: a client_proxies set is read-only once parsed, and may
 * be shared by any number of threads and both listeners.  `sogoc serve`
 * parses its trusted-proxy setting once (serveconf.h: the proxies of
 * struct serve_config, freed with it) for the public server and the
 * staff console alike; a listener counts a request's client with
 * client_key_of(proxies, conn, &k) and uses k.b, k.len as its key.
 */
#ifndef SOGOC_VERIFY_CLIENT_H
#define SOGOC_VERIFY_CLIENT_H

#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

#define CLIENT_PROXIES_MAX	64	/* entries of a trusted-proxy list */

/* A set of trusted proxies: addresses and CIDR prefixes, v4 and v6. */
struct client_proxies;

/*
 * Parses list, addresses and prefixes separated by commas and/or white
 * space ("127.0.0.1, 10.0.0.0/8, ::1", or a single address, as the
 * trusted-proxy setting was before), into *out: the caller frees it with
 * client_proxies_free().  An empty list is an error, as is a host name,
 * a prefix length out of range, a prefix with bits set past its length
 * (10.1.0.0/8: a typo more likely than meant), or more than
 * CLIENT_PROXIES_MAX entries.  Returns 0, or -1 with why, naming the bad
 * entry, in err (errsz bytes).
 */
int		 client_proxies_parse(const char *list,
		    struct client_proxies **out, char *err, size_t errsz);
void		 client_proxies_free(struct client_proxies *p);

/* Whether the address sa (AF_INET or AF_INET6) is a trusted proxy of p
 * (NULL: the empty set). */
int		 client_proxies_trusts(const struct client_proxies *p,
		    const struct sockaddr *sa);

/*
 * A client, as the limits count it: a family byte then 4 bytes of an
 * IPv4 address or the first 8 bytes (the /64) of an IPv6 one.  An
 * IPv4-mapped IPv6 address (::ffff:a.b.c.d) is its IPv4 address.  Use
 * b and len as the key of a rate limit (ratelimit_take()).
 */
#define CLIENT_KEY_MAX	9
struct client_key {
	uint8_t	 b[CLIENT_KEY_MAX];
	size_t	 len;
};

/*
 * The network of client k into *net: its /24 for IPv4, its /48 for IPv6
 * (a site's usual allocation), a family byte then 3 or 6 bytes; an empty
 * k gives an empty net.  For allowances that one holder of many
 * addresses should not multiply by them (asklimit.h).  k and net may be
 * the same.
 */
void		 client_key_net(const struct client_key *k,
		    struct client_key *net);

/*
 * The client of the request on conn, given the trusted proxies p (NULL:
 * none), into *k.  When the peer is a trusted proxy, its
 * X-Forwarded-For (all such headers, in order), or when it has none its
 * Forwarded, is walked from the right past the trusted proxies; a
 * Forwarded beside an X-Forwarded-For is ignored, whatever it says.  A
 * header that cannot be read (not an address, "unknown", an obfuscated
 * name, too long) makes the request count as the last trusted proxy's
 * own.  Returns 0, or -1 when libmicrohttpd gives no
 * peer address of a known family (*k is then zero-length).  Safe from
 * any handler thread, of any daemon.
 */
int		 client_key_of(const struct client_proxies *p,
		    struct MHD_Connection *conn, struct client_key *k);

/*
 * The same from the parts: the peer's address, the X-Forwarded-For
 * value (several headers joined with ", "; NULL: none) and the
 * Forwarded value (NULL: none).  For tests, and for servers not on
 * libmicrohttpd.
 */
int		 client_key_from(const struct client_proxies *p,
		    const struct sockaddr *peer, const char *xff,
		    const char *fwd, struct client_key *k);

/*
 * k as text for a log line: "203.0.113.7", or "2001:db8:1:2::/64";
 * "?" for an empty key.  buf of at least CLIENT_TEXT_MAX bytes.
 */
#define CLIENT_TEXT_MAX	48
void		 client_key_text(const struct client_key *k, char *buf,
		    size_t sz);

#endif /* SOGOC_VERIFY_CLIENT_H */
