/*
 * origin.h: the one same-origin rule of sogoc's HTTP servers, asked of
 * every request that changes something (a POST) before it is read.
 *
 * A browser that sends Sec-Fetch-Site is believed: "same-origin" and
 * "none" (typed, or a bookmark) are taken; "same-site" (another port or
 * subdomain: the public service beside the console), "cross-site" and
 * anything else are refused.  An older browser says where a request
 * comes from in Origin, or failing that in Referer: either must name the
 * host that served the request (its Host header) over http or https;
 * "null" (a sandboxed page, or a page whose Referrer-Policy hides its
 * origin) is refused.  A request with none of the three comes from no
 * page at all (a program) and is taken: what guards a session against
 * forgery beyond this is the console's CSRF token.
 *
 * Both calls are pure functions of what they are given: thread-safe.
 */
#ifndef SOGOC_HTTP_ORIGIN_H
#define SOGOC_HTTP_ORIGIN_H

struct MHD_Connection;

/*
 * Whether a request whose Sec-Fetch-Site, Origin, Referer and Host
 * headers are these (each NULL when absent) comes from the host it was
 * sent to, by the rule above: 1 or 0.
 */
int		 http_origin_ok(const char *site, const char *origin,
		    const char *referer, const char *host);

/* http_origin_ok() of conn's request headers. */
int		 http_same_origin(struct MHD_Connection *conn);

#endif /* SOGOC_HTTP_ORIGIN_H */
