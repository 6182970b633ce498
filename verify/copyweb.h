/*
 * copyweb.h: the graduates' side of certified copies on the public
 * service, and the share codes employers open.
 *
 *   GET  /copy                        the request form (?lang=en)
 *   POST /copy                        the form sent: to the status page
 *   POST /api/v1/copy-requests        the same in JSON: 201, the number
 *                                     and the private status link
 *   GET  /api/v1/copy-requests/LINK   the request's state in JSON
 *   GET  /r/LINK                      the private status page
 *   POST /r/LINK                      extend, withdraw or add a share code
 *   GET  /r/LINK/copy.pdf             the signed copy, once approved
 *   GET  /c/CODE                      a share code: the certified extract
 *                                     and its receipt (counted as opened)
 *   GET  /c/CODE/receipt.json         the receipt alone
 *
 * Requests are taken only when the registry is open for writing (the
 * staff console runs in the same process); otherwise 503.
 */
#ifndef SOGOC_VERIFY_COPYWEB_H
#define SOGOC_VERIFY_COPYWEB_H

#include <stddef.h>

#include <microhttpd.h>

#include "store.h"

#define COPYWEB_BODY_MAX	16384	/* bytes of a request's body */

/* Whether url is one of the routes above. */
int		 copyweb_owns(const char *url);

/* Whether the request would store a new request (the POSTs of /copy and
 * /api/v1/copy-requests), which the server limits apart. */
int		 copyweb_asks(const char *url, const char *method);

/*
 * Answers a request of those routes, from its first call (headers) to its
 * last: *con_cls is the handler's own until copyweb_done() frees it.
 * public_url (may be NULL) makes the share codes' addresses whole.  A
 * request that names a serial number takes a token of what it asks from
 * al (asklimit.h; NULL: no limit), as the verify API does, since its
 * answer says whether the serial is the person's; its client is counted
 * behind the trusted proxies (client.h; NULL: none).  cred (NULL: none)
 * issues the approved requests' diplomas as SD-JWT VCs
 * (POST /r/LINK/credential).  al, proxies and cred must outlast the
 * request.
 */
struct asklimit;
struct client_proxies;
struct cred_issuer;
enum MHD_Result	 copyweb_handle(struct store *st, const char *public_url,
		    struct asklimit *al, const struct client_proxies *proxies,
		    struct cred_issuer *cred, struct MHD_Connection *conn, const char *url,
		    const char *method, const char *upload,
		    size_t *upload_size, void **con_cls, double t0);
void		 copyweb_done(void *con_cls);

/* The answer to a client over a rate limit on url: 429 with
 * Retry-After (retry seconds), as JSON for the API and a page else,
 * counted under route. */
enum MHD_Result	 copyweb_busy(struct MHD_Connection *conn, const char *url,
		    const char *retry, const char *route, double t0);

#endif /* SOGOC_VERIFY_COPYWEB_H */
