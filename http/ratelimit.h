/*
 * ratelimit.h: a token bucket per client address, shared by the server's
 * threads.  Each address may burst to its bucket's size and then make
 * `rate` requests a second; buckets live in a fixed table, so a flood of
 * addresses costs no memory, only a little fairness (two addresses that
 * hash alike share a bucket; the hash is seeded at random, so which do
 * cannot be chosen).
 */
#ifndef SOGOC_VERIFY_RATELIMIT_H
#define SOGOC_VERIFY_RATELIMIT_H

#include <stddef.h>

struct ratelimit;

/* A limiter of burst tokens refilled at rate a second; NULL on ENOMEM. */
struct ratelimit *ratelimit_new(double rate, double burst);
void		 ratelimit_free(struct ratelimit *rl);

/*
 * Takes a token for the client whose address is the len bytes at addr.
 * Returns 0 when allowed, else the whole seconds to wait (at least 1).
 * now is a monotonic time in seconds.
 */
unsigned int	 ratelimit_take(struct ratelimit *rl, const void *addr,
		    size_t len, double now);

#endif /* SOGOC_VERIFY_RATELIMIT_H */
