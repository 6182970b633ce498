/*
 * fetch.h: the one HTTP client of sogoc (libcurl): a bounded GET (for
 * `sogoc check-receipt --online`), a POST (a witness's add-checkpoint),
 * and many GETs at once over kept-alive connections (a monitor's tiles).
 *
 * Only http:// and https:// are fetched, redirects are never followed (a
 * 3xx is an answer like any other; its Location is not asked), and an
 * answer longer than its cap is cut off with an error, so a hostile
 * server can waste the caller's time up to the timeouts, and memory up
 * to the caps, but no more.  Caps count the body as the caller gets it,
 * after any gzip is undone, so a small compressed answer cannot unfold
 * past its cap.
 *
 * Ownership: what a call returns is malloc'd and the caller's, freed by
 * fetch_answer_clear(), fetch_items_clear() or free() as each says.
 * Errors: 0, or -1 with why in err (errsz bytes, NUL-terminated);
 * fetch_many() gives each URL a result of its own.
 *
 * Threads: every call is safe from many threads at once; each makes its
 * own libcurl handles.  libcurl's global state is set up once, under
 * pthread_once, by the first call or by fetch_global_init(), which a
 * program that also uses libcurl elsewhere calls from main before it
 * starts threads (curl_global_init is thread-safe only in libcurl built
 * so, as Debian 12's 7.88 is).  libcurl is told not to touch signals
 * (CURLOPT_NOSIGNAL), so a program ignores SIGPIPE itself, as `sogoc
 * serve` does.
 */
#ifndef SOGOC_HTTP_FETCH_H
#define SOGOC_HTTP_FETCH_H

#include <stddef.h>
#include <stdint.h>

#define FETCH_CONNECT_MS	10000L	/* connect timeout unless told */
#define FETCH_TOTAL_MS		20000L	/* whole-answer timeout unless told */

/* What one answer may cost; zeroed members take the defaults. */
struct fetch_limits {
	size_t		 max;		/* body bytes at most; 0: none */
	long		 connect_ms;	/* 0: FETCH_CONNECT_MS */
	long		 total_ms;	/* 0: FETCH_TOTAL_MS */
};

/* An answer: fetch_answer_clear() frees it. */
struct fetch_answer {
	long		 status;	/* the HTTP status */
	char		*type;		/* its Content-Type; NULL if none */
	char		*body;		/* NUL-terminated (len bytes before) */
	size_t		 len;
};

/* Why one URL of fetch_many() has no answer. */
#define FETCH_OK	0
#define FETCH_EURL	1	/* not an http:// or https:// URL */
#define FETCH_ETOOBIG	2	/* the answer is longer than the cap */
#define FETCH_ETIMEOUT	3	/* no whole answer in time */
#define FETCH_ECONNECT	4	/* no connection (resolve, refuse) */
#define FETCH_ENOMEM	5
#define FETCH_EFAIL	6	/* anything else libcurl reports */

/* One URL of fetch_many(): url in, the rest out. */
struct fetch_item {
	const char	*url;		/* the caller's; not freed */
	int		 result;	/* FETCH_OK or why not */
	long		 status;	/* the HTTP status, when FETCH_OK */
	char		*body;		/* when FETCH_OK: NUL-terminated */
	size_t		 len;
	char		 err[160];	/* why, when not FETCH_OK */
};

/* What fetch_many() moved, added to what the struct held before. */
struct fetch_stats {
	uint64_t	 wire;		/* body bytes as sent (compressed) */
	uint64_t	 headers;	/* bytes of the answers' headers */
	uint64_t	 bodies;	/* body bytes delivered (decoded) */
	uint64_t	 connects;	/* connections opened */
	uint64_t	 answers;	/* URLs answered (any status) */
};

/* Sets up libcurl once (0), or -1 when it cannot.  Optional: every call
 * below does it first. */
int		 fetch_global_init(void);

/*
 * GETs url: on 0, *body (malloc'd, NUL-terminated, the caller frees) holds
 * at most max bytes of answer (*len), *status its HTTP status; -1 with why
 * in err when it could not be fetched.  20 s at most; no Accept-Encoding.
 */
int		 fetch_get(const char *url, size_t max, char **body,
		    size_t *len, long *status, char *err, size_t errsz);

/*
 * POSTs len bytes of body, of Content-Type type (no CR or LF), to url
 * within lim: on 0, *ans holds the answer, whatever its status (the
 * caller fetch_answer_clear()s it); -1 with why in err, *ans empty.
 */
int		 fetch_post(const char *url, const char *type,
		    const void *body, size_t len,
		    const struct fetch_limits *lim, struct fetch_answer *ans,
		    char *err, size_t errsz);

/*
 * GETs the n items' URLs, at most parallel at once over connections
 * kept alive between them (not between calls: each opens its own, up to
 * parallel), each within lim (its cap per answer), asking
 * for `Accept-Encoding: gzip, identity`.  Every item gets its result; the
 * bytes and connections are added to *stats (NULL: not counted).  0 once
 * every item has its result, whatever they are; -1 with why in err when
 * libcurl cannot start (no item was asked).  The caller frees the bodies
 * with fetch_items_clear().
 */
int		 fetch_many(struct fetch_item *items, size_t n,
		    size_t parallel, const struct fetch_limits *lim,
		    struct fetch_stats *stats, char *err, size_t errsz);

/* Frees the bodies of n items and clears their results; NULL is fine. */
void		 fetch_items_clear(struct fetch_item *items, size_t n);

/* Frees what ans holds and zeroes it; NULL is fine. */
void		 fetch_answer_clear(struct fetch_answer *ans);

/* s escaped for a URL's query, malloc'd (the caller frees); NULL when out
 * of memory. */
char		*fetch_escape(const char *s);

#endif /* SOGOC_HTTP_FETCH_H */
