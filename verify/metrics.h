/*
 * metrics.h: the service's counters, in the Prometheus text format:
 * requests by route and status, and one latency histogram over all
 * routes (coarse, so that it cannot tell one kind of miss from
 * another).  Updated lock-free from every server thread.  Served only
 * off the public port (server.h: metrics-listen, or the staff console).
 */
#ifndef SOGOC_VERIFY_METRICS_H
#define SOGOC_VERIFY_METRICS_H

#include <stddef.h>
#include <stdint.h>

enum metrics_route {
	ROUTE_VERIFY = 0,
	ROUTE_PAGE,
	ROUTE_CHECKPOINT,
	ROUTE_CONSISTENCY,
	ROUTE_HEALTHZ,
	ROUTE_METRICS,
	ROUTE_OTHER,
	ROUTE_COUNT
};

struct metrics;

struct metrics	*metrics_new(void);
void		 metrics_free(struct metrics *m);

/* Counts one answer of route with HTTP status, taking seconds. */
void		 metrics_count(struct metrics *m, enum metrics_route route,
		    unsigned int status, double seconds);

/* The route's name as it appears in labels; static. */
const char	*metrics_route_name(enum metrics_route route);

/*
 * Writes the exposition text, with the registry's size as a gauge, into a
 * malloc'd string (NULL on ENOMEM).
 */
char		*metrics_text(struct metrics *m, uint64_t registry_size);

#endif /* SOGOC_VERIFY_METRICS_H */
