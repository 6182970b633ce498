/*
 * grow.h: arrays on the heap that grow by doubling, for the lists the
 * importers, the publisher and the indexes' readers build one element at
 * a time.  The array and its count stay the caller's; grow() only makes
 * room.  Errors come back as -1 with errno ENOMEM (the array untouched).
 * Thread-safety: grow() touches only what it is given.
 */
#ifndef SOGOC_COMMON_GROW_H
#define SOGOC_COMMON_GROW_H

#include <stddef.h>

/*
 * Makes room for element n of the array whose pointer is at arrp (a
 * `T **`) and whose room, in elements of size bytes, is *cap: when n is
 * *cap, the array is reallocated to twice its room (first elements when
 * it had none) and *cap updated.  0, or -1 when out of memory or when the
 * room would overflow (or size is 0), with *arrp and *cap as they were.
 */
int	 grow(void *arrp, size_t *cap, size_t n, size_t size, size_t first);

#endif /* SOGOC_COMMON_GROW_H */
