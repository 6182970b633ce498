/*
 * sample.h: the records an in-process benchmark asks about: a registry
 * opened read-only and QUERIES of its records drawn at random, the same
 * ones for the same seed (regbench, verifybench).
 *
 * Benchmark code: a failure ends the program with err(3).  Not
 * thread-safe (it seeds and draws from random(3)).
 */
#ifndef SOGOC_BENCH_SAMPLE_H
#define SOGOC_BENCH_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

struct event;
struct store;

/*
 * Called for the i-th record drawn (i from 0 to n - 1): rec is its
 * number, evidx the index of its latest event, ev that event, valid
 * during the call only (copy what is kept).
 */
typedef void	(*sample_fn)(size_t i, uint64_t rec, uint64_t evidx,
		    const struct event *ev, void *arg);

/*
 * Opens the registry at path read-only, seeds random(3) with seed, draws
 * n records (repeats allowed) in one read transaction and calls fn for
 * each with arg.  Returns the open store; store_close() is the caller's.
 */
struct store	*sample_records(const char *path, size_t n, unsigned seed,
		    sample_fn fn, void *arg);

#endif /* SOGOC_BENCH_SAMPLE_H */
