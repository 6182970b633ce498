/*
 * timing.h: what the in-process benchmarks share: a monotonic clock in
 * microseconds, and the median and 99th percentile of a set of times.
 */
#ifndef SOGOC_BENCH_TIMING_H
#define SOGOC_BENCH_TIMING_H

#include <stddef.h>

double	now_us(void);

/* Prints "what  median .. us  p99 .. us  (n)"; sorts t (n > 0). */
void	report(const char *what, double *t, size_t n);

#endif /* SOGOC_BENCH_TIMING_H */
