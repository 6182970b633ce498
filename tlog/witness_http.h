/*
 * witness_http.h: the witness's HTTP endpoint, POST /add-checkpoint
 * (c2sp.org/tlog-witness), on http/listen, route and reply.  Bodies are
 * capped at WITNESS_BODY_MAX (else 413); other paths are 404, other
 * methods 405.  The checks are witness.h's.
 *
 * The server's threads share the witness; start and stop are called
 * from one thread.  Errors come back as NULL with a message in err.
 */
#ifndef SOGOC_TLOG_WITNESS_HTTP_H
#define SOGOC_TLOG_WITNESS_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "witness.h"

struct witness_http;

/*
 * Listens on addr (IPv4, NULL: 127.0.0.1) and port with threads threads
 * (0: 4), answering for w, which must outlive it.
 */
struct witness_http *witness_http_start(struct witness *w, const char *addr,
	    uint16_t port, unsigned int threads, char *err, size_t errsz);

/* Stops the server after the requests under way; NULL is fine. */
void	 witness_http_stop(struct witness_http *h);

#endif /* SOGOC_TLOG_WITNESS_HTTP_H */
