/*
 * origin.c: the same-origin rule (see origin.h).
 */
#include "config.h"

#include <string.h>

#include <microhttpd.h>

#include "origin.h"

/*
 * Whether url is http:// or https:// and then exactly host, followed by
 * the end or, when a path may follow (a Referer), by '/'.
 */
static int
names_host(const char *url, const char *host, int path)
{
	size_t	 n;

	if (host == NULL || host[0] == '\0')
		return 0;
	if (strncmp(url, "http://", 7) == 0)
		url += 7;
	else if (strncmp(url, "https://", 8) == 0)
		url += 8;
	else
		return 0;
	n = strlen(host);
	if (strncmp(url, host, n) != 0)
		return 0;
	return url[n] == '\0' || (path && url[n] == '/');
}

int
http_origin_ok(const char *site, const char *origin, const char *referer,
    const char *host)
{
	if (site != NULL)
		return strcmp(site, "same-origin") == 0 ||
		    strcmp(site, "none") == 0;
	if (origin != NULL)
		return names_host(origin, host, 0);
	if (referer != NULL)
		return names_host(referer, host, 1);
	return 1;
}

int
http_same_origin(struct MHD_Connection *conn)
{
	return http_origin_ok(
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    "Sec-Fetch-Site"),
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ORIGIN),
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_REFERER),
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_HOST));
}
