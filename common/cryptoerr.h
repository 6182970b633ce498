/*
 * cryptoerr.h: OpenSSL's error queue, read and emptied in one place.
 *
 * OpenSSL queues errors per thread.  A caller that reads one error and
 * leaves the rest queued makes a later, unrelated failure report a stale
 * reason, so every failure path of sogoc empties the queue through here.
 */
#ifndef SOGOC_COMMON_CRYPTOERR_H
#define SOGOC_COMMON_CRYPTOERR_H

#include <stddef.h>

/*
 * Writes "what: reason; reason..." into err (errsz bytes, truncated to
 * fit) with every error queued on this thread, oldest first ("what: no
 * reason given" when none is queued), and empties the queue.  err may be
 * NULL to only empty it.  Returns -1, for `return crypto_err(...)`.
 * Thread-safe (the queue is the calling thread's).
 */
int	crypto_err(const char *what, char *err, size_t errsz);

/* Empties this thread's OpenSSL error queue. */
void	crypto_clear(void);

#endif /* SOGOC_COMMON_CRYPTOERR_H */
