/*
 * locked.h: a heap object with a mutex of its own, the shape of the
 * servers' shared tables (token buckets, the sign-in guard, sessions, the
 * page cache): made zeroed with its mutex ready, and freed with the mutex
 * destroyed and, for one that holds secrets, every byte wiped first.  The
 * caller's struct has a pthread_mutex_t at mutex_at (offsetof); what else
 * it holds, and how it is set up or let go, stays the caller's.
 *
 * Errors: locked_new returns NULL with errno ENOMEM when out of memory or
 * when the mutex cannot be made, EINVAL when the mutex would not fit in
 * size (nothing is then left allocated).  Thread-safety:
 * locked_new is thread-safe; locked_free must be the last use of its
 * object, with no thread holding or waiting on the mutex.
 */
#ifndef SOGOC_COMMON_LOCKED_H
#define SOGOC_COMMON_LOCKED_H

#include <stddef.h>

/* size zeroed bytes whose mutex at mutex_at is initialised; the caller
 * frees them with locked_free(). */
void	*locked_new(size_t size, size_t mutex_at);

/*
 * Destroys obj's mutex at mutex_at, wipes its size bytes when wipe is not
 * 0 (for keys, seeds and tokens), and frees it.  NULL does nothing.
 */
void	 locked_free(void *obj, size_t size, size_t mutex_at, int wipe);

#endif /* SOGOC_COMMON_LOCKED_H */
