/*
 * route.c: looking up and checking a route table (see route.h).
 */
#include "config.h"

#include <string.h>

#include "route.h"

unsigned int
http_method_bit(const char *method)
{
	if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
		return HTTP_GET;
	if (strcmp(method, "POST") == 0)
		return HTTP_POST;
	return 0;
}

const struct http_route *
http_route_find(const void *table, size_t n, size_t size, const char *url)
{
	const struct http_route	*rt;
	size_t			 i;

	for (i = 0; i < n; i++) {
		rt = (const struct http_route *)((const char *)table +
		    i * size);
		if (rt->prefix ? strncmp(url, rt->path, strlen(rt->path)) ==
		    0 : strcmp(url, rt->path) == 0)
			return rt;
	}
	return NULL;
}

unsigned int
http_route_check(const struct http_route *rt, unsigned int method,
    int role)
{
	if (role < rt->role)
		return 403;
	if ((rt->methods & method) == 0)
		return 405;
	return 0;
}

const char *
http_route_allow(const struct http_route *rt)
{
	if ((rt->methods & (HTTP_GET | HTTP_POST)) == (HTTP_GET | HTTP_POST))
		return "GET, HEAD, POST";
	return rt->methods & HTTP_GET ? "GET, HEAD" : "POST";
}
