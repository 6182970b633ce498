/*
 * ratelimit.c: token buckets, and a table of them by client address (see
 * ratelimit.h).  The table is indexed by FNV-1a of the address from a
 * random seed.
 */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "locked.h"
#include "ratelimit.h"

#define RL_SLOTS	65536

struct bucket {
	struct ratelimit_bucket	 b;
	int			 used;
};

struct ratelimit {
	pthread_mutex_t	 mu;
	double		 rate, burst;
	/* A secret start for the hash, so that nobody can choose an address
	 * that shares a given client's bucket and spend it for them. */
	uint32_t	 seed;
	struct bucket	 b[RL_SLOTS];
};

void
ratelimit_bucket_fill(struct ratelimit_bucket *b, double burst, double now)
{
	b->tokens = burst;
	b->t = now;
}

int
ratelimit_bucket_refill(struct ratelimit_bucket *b, double rate,
    double burst, double now)
{
	if (now > b->t) {
		b->tokens += (now - b->t) * rate;
		b->t = now;
	}
	if (b->tokens >= burst) {
		b->tokens = burst;
		return 1;
	}
	return 0;
}

unsigned int
ratelimit_bucket_take(struct ratelimit_bucket *b, double rate, double burst,
    double now)
{
	ratelimit_bucket_refill(b, rate, burst, now);
	if (b->tokens >= 1) {
		b->tokens -= 1;
		return 0;
	}
	return (unsigned int)ceil((1 - b->tokens) / rate);
}

struct ratelimit *
ratelimit_new(double rate, double burst)
{
	struct ratelimit	*rl;

	rl = locked_new(sizeof(*rl), offsetof(struct ratelimit, mu));
	if (rl == NULL)
		return NULL;
	if (RAND_bytes((unsigned char *)&rl->seed, sizeof(rl->seed)) != 1) {
		ratelimit_free(rl);
		return NULL;
	}
	rl->rate = rate;
	rl->burst = burst;
	return rl;
}

void
ratelimit_free(struct ratelimit *rl)
{
	locked_free(rl, sizeof(*rl), offsetof(struct ratelimit, mu), 0);
}

unsigned int
ratelimit_take(struct ratelimit *rl, const void *addr, size_t len,
    double now)
{
	const uint8_t	*p = addr;
	struct bucket	*b;
	uint32_t	 h = 2166136261u ^ rl->seed;
	unsigned int	 wait;
	size_t		 i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	pthread_mutex_lock(&rl->mu);
	b = &rl->b[h % RL_SLOTS];
	if (!b->used) {
		b->used = 1;
		ratelimit_bucket_fill(&b->b, rl->burst, now);
	}
	wait = ratelimit_bucket_take(&b->b, rl->rate, rl->burst, now);
	pthread_mutex_unlock(&rl->mu);
	return wait;
}
