/*
 * html.h: HTML built in a growing buffer, with the escaping its parts need.
 *
 * A failed allocation sets err and makes every later call do nothing, so
 * a page is built without checks and tested once at the end.
 */
#ifndef SOGOC_COMMON_HTML_H
#define SOGOC_COMMON_HTML_H

#include <stddef.h>

struct html {
	char	*p;		/* NUL-terminated; the caller frees it */
	size_t	 len, cap;
	int	 err;
};

/* n bytes of s, as they are. */
void	 html_add(struct html *h, const char *s, size_t n);
/* Markup of our own. */
void	 html_raw(struct html *h, const char *s);
/* Text from outside, escaped for HTML text and attribute values. */
void	 html_esc(struct html *h, const char *s);
/* A query value, %-escaped for a URL inside an attribute. */
void	 html_urlesc(struct html *h, const char *s);
/* printf for numbers and our own strings (never text from outside). */
void	 html_fmt(struct html *h, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif /* SOGOC_COMMON_HTML_H */
