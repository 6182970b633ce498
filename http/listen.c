/*
 * listen.c: a libmicrohttpd daemon as every sogoc server starts it (see
 * listen.h).
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "listen.h"
#include "log.h"

struct MHD_Daemon *
http_listen(const struct http_listen *l, char *err, size_t errsz)
{
	struct sockaddr_in	 sa;
	struct MHD_Daemon	*d;
	unsigned int		 flags;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(l->port);
	sa.sin_addr.s_addr = htonl(l->loopback ? INADDR_LOOPBACK :
	    INADDR_ANY);
	if (l->addr != NULL && inet_pton(AF_INET, l->addr, &sa.sin_addr) !=
	    1) {
		snprintf(err, errsz, "%s is not an IPv4 address", l->addr);
		return NULL;
	}
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY |
	    MHD_USE_ERROR_LOG;
	if (l->no_listen)
		flags |= MHD_USE_NO_LISTEN_SOCKET;
	/* libmicrohttpd takes a pool of 0 or 1 as no pool. */
	d = MHD_start_daemon(flags, l->port, NULL, NULL, l->handler,
	    l->handler_cls,
	    MHD_OPTION_EXTERNAL_LOGGER, log_repeated, l->log_prefix,
	    MHD_OPTION_NOTIFY_COMPLETED, l->completed, l->completed_cls,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, l->threads > 1 ? l->threads : 0u,
	    MHD_OPTION_CONNECTION_TIMEOUT, l->timeout,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, l->per_ip,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, l->memory,
	    MHD_OPTION_CONNECTION_LIMIT, l->max_conns,
	    MHD_OPTION_STRICT_FOR_CLIENT, l->strict ? 1 : 0,
	    MHD_OPTION_END);
	if (d == NULL)
		snprintf(err, errsz, "cannot listen on %s:%u (in use, or not "
		    "allowed)", l->addr != NULL ? l->addr : l->loopback ?
		    "127.0.0.1" : "0.0.0.0", l->port);
	return d;
}

int
http_listen_parse(const char *key, const char *v, char **paddr,
    uint16_t *pport, char *err, size_t errsz)
{
	struct in_addr	 a;
	const char	*colon = strrchr(v, ':');
	unsigned long	 port;
	char		*end, *addr;

	if (colon == NULL || colon[1] < '0' || colon[1] > '9')
		goto bad;
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno != 0 || *end != '\0' || port == 0 || port > 65535)
		goto bad;
	addr = NULL;
	if (colon > v) {
		addr = strndup(v, (size_t)(colon - v));
		if (addr == NULL) {
			snprintf(err, errsz, "out of memory");
			return -1;
		}
		if (inet_pton(AF_INET, addr, &a) != 1) {
			snprintf(err, errsz, "%s: %s is not an IPv4 "
			    "address", key, addr);
			free(addr);
			return -1;
		}
	}
	free(*paddr);
	*paddr = addr;
	*pport = (uint16_t)port;
	return 0;
bad:
	snprintf(err, errsz, "%s takes ADDR:PORT, e.g. 127.0.0.1:8080, "
	    "not \"%s\"", key, v);
	return -1;
}
