/*
 * rng.h: the fixture generator's random numbers, one splitmix64 stream
 * seeded by --seed, shared by the page drawing (gen.c) and the capture
 * (capture.c) so that every choice of a page comes from that one stream.
 * Never rand(): the same seed must give the same pages everywhere.
 */
#ifndef SCANS_RNG_H
#define SCANS_RNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t	 s;
};

/* Random numbers: splitmix64, never rand(). */

static inline uint64_t
rng_next(struct rng *r)
{
	uint64_t	 z;

	r->s += 0x9e3779b97f4a7c15ULL;
	z = r->s;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static inline double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static inline double
rng_uniform(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_unit(r);
}

/* Uniform integer in [lo, hi]. */
static inline int
rng_range(struct rng *r, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static inline int
rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

static inline size_t
rng_weighted(struct rng *r, const int *w, size_t n)
{
	long	 total = 0, x;
	size_t	 i;

	for (i = 0; i < n; i++)
		total += w[i];
	x = (long)(rng_unit(r) * (double)total);
	for (i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

#endif /* SCANS_RNG_H */
