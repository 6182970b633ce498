/*
 * grow.c: arrays that grow by doubling (grow.h).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

int
grow(void *arrp, size_t *cap, size_t n, size_t size, size_t first)
{
	void	*p, *np;
	size_t	 nc;

	if (n < *cap)
		return 0;
	if (*cap > SIZE_MAX / 2 || first == 0) {
		errno = ENOMEM;
		return -1;
	}
	nc = *cap > 0 ? *cap * 2 : first;
	/* Checked here, not left to reallocarray(): a sanitizer's aborts
	 * on an overflowing size instead of returning NULL. */
	if (size == 0 || nc > SIZE_MAX / size) {
		errno = ENOMEM;
		return -1;
	}
	/* The pointer is copied, not cast: arrp is a T **, not a void **. */
	memcpy(&p, arrp, sizeof(p));
	np = reallocarray(p, nc, size);
	if (np == NULL)
		return -1;
	memcpy(arrp, &np, sizeof(np));
	*cap = nc;
	return 0;
}
