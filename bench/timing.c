/*
 * timing.c: clock and percentiles for the in-process benchmarks (see
 * timing.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "timing.h"

double
now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
dcmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void
report(const char *what, double *t, size_t n)
{
	qsort(t, n, sizeof(*t), dcmp);
	printf("%-32s median %7.2f us   p99 %7.2f us   (%zu)\n", what,
	    t[n / 2], t[n * 99 / 100], n);
}
