/*
 * reply.h: answers with the security headers of sogoc's HTTP servers,
 * all of them written here.
 *
 * Each server is a site with its own headers: the public service's pages
 * run no script and send no Referer path (a private link, the question
 * asked); the console's run its own script, may not be framed or opened
 * from another origin, and send their path to the console only.  Every
 * answer of either is also no-store unless the caller names a cache
 * policy (the console's static files).
 *
 * Errors come back as NULL or MHD_NO (out of memory); a body handed over
 * is freed on every path.  Thread-safe: nothing is shared.
 */
#ifndef SOGOC_HTTP_REPLY_H
#define SOGOC_HTTP_REPLY_H

#include <stddef.h>

#include <microhttpd.h>

enum http_site {
	HTTP_SITE_PUBLIC = 0,	/* the verification service */
	HTTP_SITE_CONSOLE,	/* the staff console */
	/* A page of the verification service that runs its own inline
	 * script (/receipt): the public site's headers but its CSP, which
	 * the caller gives as the extra header (it names the script's
	 * hash). */
	HTTP_SITE_PUBLIC_SCRIPTED
};

/*
 * A response of the len bytes at body (kept, copied or freed as mode
 * says) with its Content-Type, Cache-Control (cache; NULL: no-store)
 * and site's security headers; NULL when out of memory.  A MUST_FREE
 * body is the response's from the call on, freed also when NULL is
 * returned.  The caller destroys the response.
 */
struct MHD_Response *http_response(enum http_site site, const char *type,
		    void *body, size_t len, enum MHD_ResponseMemoryMode mode,
		    const char *cache);

/*
 * As http_response(), of a malloc'd body that the response frees (also
 * when NULL is returned), with one more header hname: hvalue unless
 * hname is NULL.  body NULL gives NULL.
 */
struct MHD_Response *http_response_take(enum http_site site,
		    const char *type, void *body, size_t len,
		    const char *cache, const char *hname,
		    const char *hvalue);

/*
 * Queues on conn the answer status with body (len bytes, malloc'd:
 * taken, freed in every case) as http_response_take() makes it: for a
 * server that has nothing to add to a response (no metrics, no route
 * name).  MHD_NO when it cannot be made.
 */
enum MHD_Result	 http_reply_take(struct MHD_Connection *conn,
		    unsigned int status, enum http_site site,
		    const char *type, void *body, size_t len,
		    const char *hname, const char *hvalue);

#endif /* SOGOC_HTTP_REPLY_H */
