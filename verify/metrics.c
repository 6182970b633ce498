/*
 * metrics.c: request counters and latency buckets (see metrics.h).
 * Times are kept only over all routes together, in buckets of a
 * millisecond and more, and summed in whole milliseconds: a time per
 * route to the microsecond once told one kind of "not found" from
 * another (issue 13).
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "metrics.h"

static const unsigned int statuses[] = {
	200, 400, 404, 405, 413, 414, 429, 431, 500, 503
};
#define NSTATUS	(sizeof(statuses) / sizeof(statuses[0]))

static const double buckets[] = {
	0.001, 0.005, 0.025, 0.1, 0.5, 2.5
};
#define NBUCKET	(sizeof(buckets) / sizeof(buckets[0]))

static const char *const route_names[ROUTE_COUNT] = {
	"verify", "page", "checkpoint", "consistency", "healthz", "metrics",
	"other",
};

struct metrics {
	uint64_t	 requests[ROUTE_COUNT][NSTATUS + 1];	/* + other */
	uint64_t	 le[NBUCKET + 1];			/* + Inf */
	uint64_t	 sum_ms;		/* each answer rounded up */
};

struct metrics *
metrics_new(void)
{
	return calloc(1, sizeof(struct metrics));
}

void
metrics_free(struct metrics *m)
{
	free(m);
}

const char *
metrics_route_name(enum metrics_route route)
{
	return (int)route >= 0 && route < ROUTE_COUNT ? route_names[route] :
	    "other";
}

void
metrics_count(struct metrics *m, enum metrics_route route,
    unsigned int status, double seconds)
{
	size_t	 s, b;

	if (m == NULL || (int)route < 0 || route >= ROUTE_COUNT)
		return;
	for (s = 0; s < NSTATUS && statuses[s] != status; s++)
		continue;
	for (b = 0; b < NBUCKET && seconds > buckets[b]; b++)
		continue;
	__atomic_fetch_add(&m->requests[route][s], 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&m->le[b], 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&m->sum_ms, (uint64_t)ceil(seconds * 1e3),
	    __ATOMIC_RELAXED);
}

char *
metrics_text(struct metrics *m, uint64_t registry_size)
{
	struct buf	 o = BUF_INIT;
	uint64_t	 v, cum;
	size_t		 r, s, b;

	buf_fmt(&o, "# HELP sogoc_http_requests_total Requests answered, by "
	    "route and status.\n# TYPE sogoc_http_requests_total counter\n");
	for (r = 0; r < ROUTE_COUNT; r++)
		for (s = 0; s <= NSTATUS; s++) {
			v = __atomic_load_n(&m->requests[r][s],
			    __ATOMIC_RELAXED);
			if (v == 0)
				continue;
			if (s < NSTATUS)
				buf_fmt(&o, "sogoc_http_requests_total{route="
				    "\"%s\",status=\"%u\"} %" PRIu64 "\n",
				    route_names[r], statuses[s], v);
			else
				buf_fmt(&o, "sogoc_http_requests_total{route="
				    "\"%s\",status=\"other\"} %" PRIu64 "\n",
				    route_names[r], v);
		}
	buf_fmt(&o, "# HELP sogoc_http_request_duration_seconds Time to "
	    "answer, over all routes, the sum in whole milliseconds.\n"
	    "# TYPE sogoc_http_request_duration_seconds histogram\n");
	cum = 0;
	for (b = 0; b <= NBUCKET; b++) {
		cum += __atomic_load_n(&m->le[b], __ATOMIC_RELAXED);
		if (b < NBUCKET)
			buf_fmt(&o, "sogoc_http_request_duration_seconds_bucket"
			    "{le=\"%g\"} %" PRIu64 "\n", buckets[b], cum);
		else
			buf_fmt(&o, "sogoc_http_request_duration_seconds_bucket"
			    "{le=\"+Inf\"} %" PRIu64 "\n", cum);
	}
	buf_fmt(&o, "sogoc_http_request_duration_seconds_sum %.3f\n"
	    "sogoc_http_request_duration_seconds_count %" PRIu64 "\n",
	    __atomic_load_n(&m->sum_ms, __ATOMIC_RELAXED) / 1e3, cum);
	buf_fmt(&o, "# HELP sogoc_registry_size Events in the signed log.\n"
	    "# TYPE sogoc_registry_size gauge\nsogoc_registry_size %" PRIu64
	    "\n", registry_size);
	return buf_finish(&o, NULL);
}
