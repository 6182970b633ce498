/*
 * fetch.h: HTTP GET of a small answer from a sogoc service, for
 * `sogoc check-receipt --online` (libcurl).
 *
 * Only http:// and https:// are fetched, redirects are not followed, and
 * an answer longer than asked for is cut off with an error, so a hostile
 * server can waste a few seconds of the caller's but no more.  Safe from
 * many threads once fetch_get() has run once.
 */
#ifndef SOGOC_VERIFY_FETCH_H
#define SOGOC_VERIFY_FETCH_H

#include <stddef.h>

/*
 * GETs url: on 0, *body (malloc'd, NUL-terminated, the caller frees) holds
 * at most max bytes of answer (*len), *status its HTTP status; -1 with why
 * in err (errsz bytes) when it could not be fetched.
 */
int		 fetch_get(const char *url, size_t max, char **body,
		    size_t *len, long *status, char *err, size_t errsz);

/* s escaped for a URL's query, malloc'd (the caller frees); NULL when out
 * of memory. */
char		*fetch_escape(const char *s);

#endif /* SOGOC_VERIFY_FETCH_H */
