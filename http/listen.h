/*
 * listen.h: starting a libmicrohttpd daemon as every sogoc server does.
 *
 * One internal epoll thread, or a pool of them (one a core is what the
 * public service wants: each thread answers many connections, and no
 * thread is made per connection); an IPv4 address; a timeout on idle
 * connections, a limit on connections in all and per client address, a
 * memory bound per connection; libmicrohttpd's own errors in the log
 * (common/log.h), each kind once.
 *
 * http_listen() returns the daemon, which the caller stops with
 * MHD_stop_daemon(), or NULL with why in err.  Thread-safe.
 */
#ifndef SOGOC_HTTP_LISTEN_H
#define SOGOC_HTTP_LISTEN_H

#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

struct http_listen {
	const char	*addr;		/* IPv4 address, NULL: any_addr */
	int		 loopback;	/* addr NULL: 127.0.0.1, not any */
	uint16_t	 port;
	unsigned int	 threads;	/* pool size; 0 or 1: one thread */
	unsigned int	 timeout;	/* seconds a connection may idle */
	unsigned int	 per_ip;	/* connections per address, 0: any */
	unsigned int	 max_conns;	/* connections at once, in all */
	size_t		 memory;	/* bytes per connection */
	int		 strict;	/* refuse HTTP/1.1 without Host, and a
					   space in a URL */
	int		 no_listen;	/* no socket: MHD_add_connection()
					   only */
	const char	*log_prefix;	/* before its log lines, or NULL */
	MHD_AccessHandlerCallback handler;
	void		*handler_cls;
	MHD_RequestCompletedCallback completed; /* may be NULL */
	void		*completed_cls;
};

struct MHD_Daemon *http_listen(const struct http_listen *l, char *err,
		    size_t errsz);

/*
 * Parses "[ADDR]:PORT" (IPv4 ADDR, PORT 1 to 65535) into *addr (malloc'd,
 * NULL when not given; the old one is freed) and *port.  0, or -1 with a
 * message in err naming key when malformed.
 */
int		 http_listen_parse(const char *key, const char *v,
		    char **addr, uint16_t *port, char *err, size_t errsz);

#endif /* SOGOC_HTTP_LISTEN_H */
