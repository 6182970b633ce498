/*
 * client.c: the client of a request behind trusted reverse proxies (see
 * client.h).  Nothing here allocates per request: the headers are joined
 * into a buffer on the stack and walked from the right.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client.h"

/* Bytes of the X-Forwarded-For (or Forwarded) headers of one request
 * read at most: longer counts as unreadable. */
#define HDR_MAX		2048
/* Elements of one header walked at most. */
#define HOPS_MAX	64

struct addr {
	int	 family;	/* AF_INET or AF_INET6 */
	uint8_t	 b[16];
};

struct proxy {
	struct addr	 a;
	unsigned int	 bits;
};

struct client_proxies {
	size_t		 n;
	struct proxy	 p[CLIENT_PROXIES_MAX];
};

/* An IPv4-mapped IPv6 address is the IPv4 one. */
static void
unmap(struct addr *a)
{
	static const uint8_t	 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };

	if (a->family == AF_INET6 && memcmp(a->b, mapped, 12) == 0) {
		memmove(a->b, a->b + 12, 4);
		memset(a->b + 4, 0, 12);
		a->family = AF_INET;
	}
}

/* The n bytes at s, an address and nothing else, into a. */
static int
pton(const char *s, size_t n, struct addr *a)
{
	char	 buf[INET6_ADDRSTRLEN + 1];

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, buf, a->b) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, a->b) == 1)
		a->family = AF_INET6;
	else
		return -1;
	unmap(a);
	return 0;
}

/* Whether the n bytes at s, and only they (s need not be a string), are
 * a port number. */
static int
is_port(const char *s, size_t n)
{
	size_t	 i;

	if (n < 1 || n > 5)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * An address as proxies write it into a hop of a header: 192.0.2.1,
 * 192.0.2.1:8080, 2001:db8::1, [2001:db8::1] or [2001:db8::1]:8080.
 */
static int
hop_addr(const char *s, size_t n, struct addr *a)
{
	const char	*end, *colon;

	if (n > 0 && s[0] == '[') {
		end = memchr(s, ']', n);
		if (end == NULL)
			return -1;
		if ((size_t)(end + 1 - s) != n && (end[1] != ':' ||
		    !is_port(end + 2, n - (size_t)(end + 2 - s))))
			return -1;
		if (pton(s + 1, (size_t)(end - s - 1), a) != 0)
			return -1;
		return a->family == AF_INET6 ? 0 : -1;
	}
	colon = memchr(s, ':', n);
	if (colon != NULL && memchr(colon + 1, ':', n - (size_t)(colon + 1 -
	    s)) == NULL) {
		/* One colon: an IPv4 address and its port. */
		if (!is_port(colon + 1, n - (size_t)(colon + 1 - s)) ||
		    pton(s, (size_t)(colon - s), a) != 0)
			return -1;
		return a->family == AF_INET ? 0 : -1;
	}
	return pton(s, n, a);
}

static int
in_prefix(const struct proxy *p, const struct addr *a)
{
	unsigned int	 full = p->bits / 8, rest = p->bits % 8;
	uint8_t		 mask;

	if (p->a.family != a->family || memcmp(p->a.b, a->b, full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	mask = (uint8_t)(0xff << (8 - rest));
	return (p->a.b[full] & mask) == (a->b[full] & mask);
}

static int
trusted(const struct client_proxies *p, const struct addr *a)
{
	size_t	 i;

	for (i = 0; p != NULL && i < p->n; i++)
		if (in_prefix(&p->p[i], a))
			return 1;
	return 0;
}

/* One entry of a trusted-proxy list: an address, maybe /bits. */
static int
parse_proxy(const char *s, size_t n, struct proxy *p, char *err,
    size_t errsz)
{
	const char	*slash = memchr(s, '/', n);
	size_t		 alen = slash != NULL ? (size_t)(slash - s) : n;
	unsigned int	 max, bits, i;
	int		 len = (int)(n > 64 ? 64 : n);

	if (pton(s, alen, &p->a) != 0) {
		snprintf(err, errsz, "trusted-proxy takes IPv4 or IPv6 "
		    "addresses or prefixes (10.0.0.0/8), not \"%.*s\"", len,
		    s);
		return -1;
	}
	max = p->a.family == AF_INET ? 32 : 128;
	bits = max;
	if (slash != NULL) {
		if (!is_port(slash + 1, n - alen - 1) || n - alen - 1 > 3) {
			snprintf(err, errsz, "trusted-proxy: \"%.*s\" has no "
			    "prefix length after its /", len, s);
			return -1;
		}
		bits = 0;
		for (i = 0; i < n - alen - 1; i++)
			bits = bits * 10 + (unsigned int)(slash[1 + i] - '0');
		if (bits > max) {
			snprintf(err, errsz, "trusted-proxy: \"%.*s\": a "
			    "prefix length is at most %u", len, s, max);
			return -1;
		}
	}
	p->bits = bits;
	for (i = bits; i < max; i++)
		if (p->a.b[i / 8] & (0x80 >> (i % 8))) {
			snprintf(err, errsz, "trusted-proxy: \"%.*s\" has "
			    "bits set past its prefix length", len, s);
			return -1;
		}
	return 0;
}

int
client_proxies_parse(const char *list, struct client_proxies **out,
    char *err, size_t errsz)
{
	static const char	 sep[] = ", \t";
	struct client_proxies	*p;
	const char		*s = list != NULL ? list : "";
	size_t			 n;

	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (p == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	for (s += strspn(s, sep); *s != '\0'; s += strspn(s, sep)) {
		n = strcspn(s, sep);
		if (p->n == CLIENT_PROXIES_MAX) {
			snprintf(err, errsz, "trusted-proxy takes at most %d "
			    "addresses or prefixes", CLIENT_PROXIES_MAX);
			goto fail;
		}
		if (parse_proxy(s, n, &p->p[p->n], err, errsz) != 0)
			goto fail;
		p->n++;
		s += n;
	}
	if (p->n == 0) {
		snprintf(err, errsz, "trusted-proxy takes one or more IPv4 or "
		    "IPv6 addresses or prefixes, e.g. 127.0.0.1, ::1");
		goto fail;
	}
	*out = p;
	return 0;
fail:
	free(p);
	return -1;
}

void
client_proxies_free(struct client_proxies *p)
{
	free(p);
}

static int
addr_of(const struct sockaddr *sa, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (sa == NULL)
		return -1;
	if (sa->sa_family == AF_INET) {
		a->family = AF_INET;
		memcpy(a->b, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		a->family = AF_INET6;
		memcpy(a->b, &((const struct sockaddr_in6 *)sa)->sin6_addr,
		    16);
		unmap(a);
		return 0;
	}
	return -1;
}

int
client_proxies_trusts(const struct client_proxies *p,
    const struct sockaddr *sa)
{
	struct addr	 a;

	return addr_of(sa, &a) == 0 && trusted(p, &a);
}

static void
key(const struct addr *a, struct client_key *k)
{
	k->b[0] = a->family == AF_INET ? 4 : 6;
	k->len = a->family == AF_INET ? 5 : 9;
	memcpy(k->b + 1, a->b, k->len - 1);
}

void
client_key_net(const struct client_key *k, struct client_key *net)
{
	struct client_key	 c = *k;

	memset(net, 0, sizeof(*net));
	if (c.len == 5 && c.b[0] == 4)
		net->len = 1 + 3;
	else if (c.len == 9 && c.b[0] == 6)
		net->len = 1 + 6;
	memcpy(net->b, c.b, net->len);
}

/* The n bytes at s without the white space around them. */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/*
 * Splits the n bytes at s at each sep outside a quoted string into at
 * most max spans (off, len).  Returns how many, or -1 when there are
 * more or a quote is left open.
 */
static int
split(const char *s, size_t n, char sep, size_t *off, size_t *len,
    int max)
{
	size_t	 i, start = 0;
	int	 k = 0, q = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && q && s[i] == '\\') {
			i++;
			continue;
		}
		if (i < n && s[i] == '"')
			q = !q;
		if (i < n && (q || s[i] != sep))
			continue;
		if (k == max)
			return -1;
		off[k] = start;
		len[k++] = i - start;
		start = i + 1;
	}
	return q ? -1 : k;
}

/* The for= of one Forwarded element (s, n), unquoted, into a. */
static int
forwarded_for(const char *s, size_t n, struct addr *a)
{
	size_t		 off[16], len[16], vn, i, j;
	const char	*p, *v;
	char		 buf[INET6_ADDRSTRLEN + 16];
	int		 k, pairs;

	pairs = split(s, n, ';', off, len, 16);
	for (k = 0; k < pairs; k++) {
		p = s + off[k];
		vn = len[k];
		trim(&p, &vn);
		if (vn < 4 || strncasecmp(p, "for=", 4) != 0)
			continue;
		v = p + 4;
		vn -= 4;
		if (vn >= 2 && v[0] == '"' && v[vn - 1] == '"') {
			/* A quoted string: its escapes undone. */
			for (i = 1, j = 0; i + 1 < vn && j + 1 < sizeof(buf);
			    i++) {
				if (v[i] == '\\' && i + 2 < vn)
					i++;
				buf[j++] = v[i];
			}
			if (i + 1 < vn)
				return -1;
			/* hop_addr() reads j bytes, but a string is safer for
			 * whatever reads it next. */
			buf[j] = '\0';
			return hop_addr(buf, j, a);
		}
		return hop_addr(v, vn, a);
	}
	return -1;
}

/*
 * Walks hdr (X-Forwarded-For when !fwd, else Forwarded) from the right,
 * from the trusted peer, into *client.
 */
static void
walk(const struct client_proxies *p, const struct addr *peer,
    const char *hdr, int fwd, struct addr *client)
{
	size_t		 off[HOPS_MAX], len[HOPS_MAX], n;
	const char	*s;
	struct addr	 a;
	int		 k;

	*client = *peer;
	k = split(hdr, strlen(hdr), ',', off, len, HOPS_MAX);
	while (k-- > 0) {
		s = hdr + off[k];
		n = len[k];
		trim(&s, &n);
		if ((fwd ? forwarded_for(s, n, &a) : hop_addr(s, n, &a)) != 0)
			return;		/* unreadable: the last proxy's */
		*client = a;
		if (!trusted(p, &a))
			return;
	}
}

int
client_key_from(const struct client_proxies *p, const struct sockaddr *peer,
    const char *xff, const char *fwd, struct client_key *k)
{
	struct addr	 a, c;

	memset(k, 0, sizeof(*k));
	if (addr_of(peer, &a) != 0)
		return -1;
	if (!trusted(p, &a) || (xff == NULL && fwd == NULL)) {
		key(&a, k);
		return 0;
	}
	/*
	 * X-Forwarded-For, when there is one, and Forwarded only when there
	 * is none: nginx appends to the first and passes a client's own
	 * Forwarded through as it came, so a Forwarded beside it is the
	 * client's say-so.  (Counting a disagreement as the proxy's own, as
	 * this once did, let any client spend the proxy's bucket.)
	 */
	if (xff != NULL)
		walk(p, &a, xff, 0, &c);
	else
		walk(p, &a, fwd, 1, &c);
	key(&c, k);
	return 0;
}

/* The values of one header, joined with ", " in the order sent. */
struct joined {
	const char	*name;
	char		 buf[HDR_MAX];
	size_t		 len;
	int		 seen, toolong;
};

static enum MHD_Result
join(void *cls, enum MHD_ValueKind kind, const char *name,
    const char *value)
{
	struct joined	*j = cls;
	size_t		 n;

	(void)kind;
	if (name == NULL || value == NULL || strcasecmp(name, j->name) != 0)
		return MHD_YES;
	n = strlen(value);
	if (j->len + n + 3 > sizeof(j->buf)) {
		j->toolong = 1;
		return MHD_YES;
	}
	if (j->seen) {
		memcpy(j->buf + j->len, ", ", 2);
		j->len += 2;
	}
	memcpy(j->buf + j->len, value, n);
	j->len += n;
	j->buf[j->len] = '\0';
	j->seen = 1;
	return MHD_YES;
}

int
client_key_of(const struct client_proxies *p, struct MHD_Connection *conn,
    struct client_key *k)
{
	const union MHD_ConnectionInfo	*ci;
	const struct sockaddr		*sa;
	struct joined			 x = { 0 }, f = { 0 };

	ci = MHD_get_connection_info(conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	sa = ci != NULL ? ci->client_addr : NULL;
	if (!client_proxies_trusts(p, sa))
		return client_key_from(NULL, sa, NULL, NULL, k);
	x.name = "X-Forwarded-For";
	f.name = "Forwarded";
	MHD_get_connection_values(conn, MHD_HEADER_KIND, join, &x);
	MHD_get_connection_values(conn, MHD_HEADER_KIND, join, &f);
	/* Too long to read is unreadable: the proxy's own. */
	return client_key_from(p, sa, x.toolong ? "-" : x.seen ? x.buf :
	    NULL, f.toolong ? "-" : f.seen ? f.buf : NULL, k);
}

void
client_key_text(const struct client_key *k, char *buf, size_t sz)
{
	uint8_t	 b[16] = { 0 };
	char	 t[INET6_ADDRSTRLEN];

	if (k->len == 5 && k->b[0] == 4 && inet_ntop(AF_INET, k->b + 1, t,
	    sizeof(t)) != NULL)
		snprintf(buf, sz, "%s", t);
	else if (k->len == 9 && k->b[0] == 6) {
		memcpy(b, k->b + 1, 8);
		if (inet_ntop(AF_INET6, b, t, sizeof(t)) != NULL)
			snprintf(buf, sz, "%s/64", t);
		else
			snprintf(buf, sz, "?");
	} else
		snprintf(buf, sz, "?");
}
