/*
 * credweb.c: the issuer's documents on the public service (see
 * credweb.h).  The metadata change only with the key, so they may be
 * kept a day; the status list token as long as its ttl says, so that a
 * revocation reaches verifiers within CRED_STATUS_TTL seconds.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "credweb.h"
#include "issuer.h"
#include "reply.h"
#include "sv.h"

#define META_CACHE	"public, max-age=86400"

int
credweb_owns(const char *url)
{
	return strcmp(url, CRED_ISSUER_PATH) == 0 ||
	    strcmp(url, CRED_VCT_PATH) == 0 ||
	    strcmp(url, CRED_STATUS_PATH) == 0;
}

/* body (taken) as type, with its cache policy, open to any origin. */
static enum MHD_Result
reply_doc(struct MHD_Connection *conn, const char *type, char *body,
    const char *cache, double t0)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;

	resp = http_response_take(HTTP_SITE_PUBLIC, type, body, strlen(body),
	    cache, "Access-Control-Allow-Origin", "*");
	if (resp == NULL)
		return MHD_NO;
	ret = sv_queue(conn, MHD_HTTP_OK, resp, "credential", t0);
	MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result
credweb_handle(struct cred_issuer *ci, struct store *st,
    struct MHD_Connection *conn, const char *url, double t0)
{
	char	 err[256], cache[64], *body = NULL;
	int	 rc;

	if (ci == NULL)
		return sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "this service "
		    "issues no credentials", "credential", t0);
	if (strcmp(url, CRED_STATUS_PATH) == 0) {
		if (cred_status_token(ci, st, (int64_t)time(NULL), &body, err,
		    sizeof(err)) != 0)
			return sv_reply_error(conn,
			    MHD_HTTP_SERVICE_UNAVAILABLE, "the status list "
			    "cannot be read just now", "credential", t0);
		snprintf(cache, sizeof(cache), "public, max-age=%d",
		    CRED_STATUS_TTL);
		return reply_doc(conn, CRED_STATUS_MEDIA_TYPE, body, cache,
		    t0);
	}
	if (strcmp(url, CRED_ISSUER_PATH) == 0)
		rc = cred_issuer_metadata(ci, &body, err, sizeof(err));
	else
		rc = cred_type_metadata(ci, &body, err, sizeof(err));
	if (rc != 0)
		return MHD_NO;
	return reply_doc(conn, "application/json", body, META_CACHE, t0);
}
