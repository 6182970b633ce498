/*
 * route.h: a server's routes as one table, so that every rule (method,
 * path, the least role) is seen at once and checked in one place.
 *
 * A server declares its rows as a struct of its own whose first member
 * is a struct http_route (the handler's type is the server's); the
 * calls here take the table, its row count and its row size.  Roles are
 * the server's, as ints ordered from least to most allowed.  The table
 * is constant: every call is thread-safe.
 */
#ifndef SOGOC_HTTP_ROUTE_H
#define SOGOC_HTTP_ROUTE_H

#include <stddef.h>

#define HTTP_GET	0x1u	/* GET, and HEAD with it */
#define HTTP_POST	0x2u

struct http_route {
	const char	*path;		/* the path, or with prefix a start */
	int		 prefix;	/* path is a start: /r/ */
	unsigned int	 methods;	/* HTTP_GET | HTTP_POST */
	int		 role;		/* the least role */
};

/* The HTTP_ bit of a method, or 0 for any other. */
unsigned int	 http_method_bit(const char *method);

/*
 * The first row of table (n rows of size bytes, each starting with a
 * struct http_route) whose path is url, or a start of it for a prefix
 * row; NULL when none (404).  The row stays valid as the table does.
 */
const struct http_route *http_route_find(const void *table, size_t n,
		    size_t size, const char *url);

/*
 * What rt answers a request of method (an HTTP_ bit) from role: 0 to go
 * on, 403 when role is below the row's (checked first: a page someone
 * may not use says only that), 405 when the row takes no such method.
 */
unsigned int	 http_route_check(const struct http_route *rt,
		    unsigned int method, int role);

/* The Allow header of rt: "GET, HEAD", "POST" or both. */
const char	*http_route_allow(const struct http_route *rt);

#endif /* SOGOC_HTTP_ROUTE_H */
