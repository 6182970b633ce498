/*
 * reply.c: responses and the security headers of each site (see
 * reply.h).
 */
#include "config.h"

#include <stdlib.h>

#include <microhttpd.h>

#include "reply.h"

#define NHEADERS	6

static const char *const site_headers[][NHEADERS][2] = {
	[HTTP_SITE_PUBLIC] = {
		{ "X-Content-Type-Options", "nosniff" },
		/* Never a path or query (the verify page's question, a
		 * private link), but a form's post carries its real
		 * Origin. */
		{ "Referrer-Policy", "strict-origin" },
		{ "Content-Security-Policy", "default-src 'none'; "
		  "style-src 'self'; form-action 'self'; base-uri 'none'; "
		  "frame-ancestors 'none'" },
	},
	[HTTP_SITE_CONSOLE] = {
		{ "Content-Security-Policy", "default-src 'none'; "
		  "img-src 'self'; style-src 'self'; script-src 'self'; "
		  "connect-src 'self'; form-action 'self'; "
		  "frame-ancestors 'none'; base-uri 'none'" },
		{ "X-Content-Type-Options", "nosniff" },
		{ "X-Frame-Options", "DENY" },
		{ "Referrer-Policy", "same-origin" },
		{ "Cross-Origin-Opener-Policy", "same-origin" },
		{ "Cross-Origin-Resource-Policy", "same-origin" },
	},
	[HTTP_SITE_PUBLIC_SCRIPTED] = {
		{ "X-Content-Type-Options", "nosniff" },
		{ "Referrer-Policy", "no-referrer" },
		{ "X-Frame-Options", "DENY" },
		{ "Cross-Origin-Opener-Policy", "same-origin" },
	},
};

struct MHD_Response *
http_response(enum http_site site, const char *type, void *body,
    size_t len, enum MHD_ResponseMemoryMode mode, const char *cache)
{
	struct MHD_Response	*resp;
	size_t			 i;

	resp = MHD_create_response_from_buffer(len, body, mode);
	if (resp == NULL) {
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(body);
		return NULL;
	}
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    type) != MHD_YES ||
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	    cache != NULL ? cache : "no-store") != MHD_YES)
		goto fail;
	for (i = 0; i < NHEADERS && site_headers[site][i][0] != NULL; i++)
		if (MHD_add_response_header(resp, site_headers[site][i][0],
		    site_headers[site][i][1]) != MHD_YES)
			goto fail;
	return resp;
fail:
	/* Frees a MUST_FREE body with it. */
	MHD_destroy_response(resp);
	return NULL;
}

struct MHD_Response *
http_response_take(enum http_site site, const char *type, void *body,
    size_t len, const char *cache, const char *hname, const char *hvalue)
{
	struct MHD_Response	*resp;

	if (body == NULL)
		return NULL;
	resp = http_response(site, type, body, len, MHD_RESPMEM_MUST_FREE,
	    cache);
	if (resp != NULL && hname != NULL &&
	    MHD_add_response_header(resp, hname, hvalue) != MHD_YES) {
		MHD_destroy_response(resp);
		return NULL;
	}
	return resp;
}

enum MHD_Result
http_reply_take(struct MHD_Connection *conn, unsigned int status,
    enum http_site site, const char *type, void *body, size_t len,
    const char *hname, const char *hvalue)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 r;

	resp = http_response_take(site, type, body, len, NULL, hname,
	    hvalue);
	if (resp == NULL)
		return MHD_NO;
	r = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return r;
}
