/*
 * server.h: the public verification service over libmicrohttpd.
 *
 * Routes (all GET): /healthz; /checkpoint, the latest signed checkpoint
 * in the C2SP text format; /api/v1/verify?serial=&name=&dob=, a receipt
 * (receipt.h) or a "not found" that looks the same whatever was wrong;
 * /api/v1/proof/consistency?old=N; /receipt, the page that checks a
 * receipt in the browser, and /.well-known/sogoc/keys, the keys it
 * checks with (receiptpage.h).  A thread pool answers from LMDB read
 * transactions; every connection has a timeout, every client address a
 * connection limit, and every answer security headers.  The metrics
 * (metrics.h) are never on the public port: on metrics-listen, a port of
 * their own, and through server_metrics_text() on the staff console's.
 */
#ifndef SOGOC_VERIFY_SERVER_H
#define SOGOC_VERIFY_SERVER_H

#include <sys/socket.h>

#include <signal.h>
#include <stdint.h>

#include "store.h"

struct server_opts {
	const char	*addr;		/* IPv4 address to bind, NULL: any */
	uint16_t	 port;
	unsigned int	 threads;	/* thread pool size */
	unsigned int	 timeout;	/* seconds a connection may idle */
	unsigned int	 per_ip;	/* connections per client address */
	double		 rate;		/* requests a second per address,
					   0: no limit */
	double		 burst;		/* requests at once per address */
	int		 access_log;	/* a line per request on stderr
					   (errors are always logged) */
	unsigned int	 max_conns;	/* connections at once, in all */
	const struct client_proxies *proxies; /* trusted reverse proxies,
					   whose X-Forwarded-For or
					   Forwarded names the client
					   (client.h; NULL: none) */
	int		 no_listen;	/* no socket: server_add_connection
					   only (tests and fuzzing) */
	const char	*public_url;	/* its address (https://host), for
					   the links it shows; may be NULL */
	const char	*metrics_addr;	/* GET /metrics here (IPv4, NULL:
					   any) ... */
	uint16_t	 metrics_port;	/* ... on this port; 0: not served */
	const char	*witnesses;	/* the witnesses file, whose keys
					   /.well-known/sogoc/keys and
					   /receipt publish (NULL: none) */
	struct cred_issuer *cred;	/* serves its documents
					   (credweb.h); NULL: none */
	int		 no_ask_limit;	/* no limits by what is asked
					   (asklimit.h): benchmarks only */
};

struct client_proxies;
struct server;

/*
 * Starts serving st on a thread pool and returns at once; NULL with why
 * in err (errsz bytes) when it cannot.  server_stop() ends it, waiting for
 * the requests in hand, and frees it (NULL is fine).  Only one server at
 * a time per process: they share the metrics.
 */
struct server	*server_start(struct store *st, const struct server_opts *o,
		    char *err, size_t errsz);
void		 server_stop(struct server *sv);

/*
 * Hands the connected socket fd (its peer's address sa) to sv, which
 * closes it when done.  Returns 0, or -1 (fd is closed then too).
 */
int		 server_add_connection(struct server *sv, int fd,
		    const struct sockaddr *sa, socklen_t salen);

/*
 * The metrics of sv, in the Prometheus text format, with the registry's
 * size, as metrics-listen serves them: a malloc'd string the caller
 * frees, or NULL (out of memory, or no server).  sv NULL is the server
 * this process runs (there is at most one), so that the staff console
 * can serve the same text at its /metrics.  Safe from any thread while
 * the server runs.
 */
char		*server_metrics_text(struct server *sv);

/*
 * Serves st (server_start) until *stop becomes non-zero (a signal handler sets it).
 * Returns 0, or -1 with why in err (errsz bytes) when it cannot start.
 */
int		 server_run(struct store *st, const struct server_opts *o,
		    volatile sig_atomic_t *stop, char *err, size_t errsz);

#endif /* SOGOC_VERIFY_SERVER_H */
