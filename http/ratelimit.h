/*
 * ratelimit.h: token buckets.  One bucket (struct ratelimit_bucket) is
 * the arithmetic every limiter of sogoc shares: the staff console's
 * sign-in guard keeps its own in its tables, under its own lock; a
 * bucket is its caller's to lock.
 *
 * struct ratelimit is a token bucket per client address, shared by the
 * server's threads (its calls are thread-safe).  Each address may burst to its bucket's size and then make
 * `rate` requests a second; buckets live in a fixed table, so a flood of
 * addresses costs no memory, only a little fairness (two addresses that
 * hash alike share a bucket; the hash is seeded at random, so which do
 * cannot be chosen).
 */
#ifndef SOGOC_HTTP_RATELIMIT_H
#define SOGOC_HTTP_RATELIMIT_H

#include <stddef.h>

/* tokens as of t (seconds, of any clock that the caller keeps to). */
struct ratelimit_bucket {
	double	 tokens;
	double	 t;
};

/* A full bucket: burst tokens as of now. */
void		 ratelimit_bucket_fill(struct ratelimit_bucket *b,
		    double burst, double now);

/*
 * Brings b up to now at rate tokens a second, at most burst; a clock that
 * went back adds nothing (and b keeps its later time).  Returns whether
 * b is full.
 */
int		 ratelimit_bucket_refill(struct ratelimit_bucket *b,
		    double rate, double burst, double now);

/*
 * Refills b and takes a token of it: 0, or when it has none the whole
 * seconds until it will (at least 1), taking nothing.
 */
unsigned int	 ratelimit_bucket_take(struct ratelimit_bucket *b,
		    double rate, double burst, double now);

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

#endif /* SOGOC_HTTP_RATELIMIT_H */
