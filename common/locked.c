/*
 * locked.c: the making and freeing of a heap object guarded by its own
 * mutex (locked.h), so that the unwinding of a mutex that could not be
 * made, and the wiping of one that held secrets, are written once.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "locked.h"

void *
locked_new(size_t size, size_t mutex_at)
{
	char	*obj;

	/* Written not to wrap: mutex_at comes from offsetof, but a wrong
	 * one must not become a write past the allocation. */
	if (mutex_at > size || size - mutex_at < sizeof(pthread_mutex_t)) {
		errno = EINVAL;
		return NULL;
	}
	obj = calloc(1, size);
	if (obj == NULL)
		return NULL;
	if (pthread_mutex_init((pthread_mutex_t *)(obj + mutex_at),
	    NULL) != 0) {
		free(obj);
		errno = ENOMEM;
		return NULL;
	}
	return obj;
}

void
locked_free(void *obj, size_t size, size_t mutex_at, int wipe)
{
	if (obj == NULL)
		return;
	pthread_mutex_destroy((pthread_mutex_t *)((char *)obj + mutex_at));
	if (wipe)
		explicit_bzero(obj, size);
	free(obj);
}
