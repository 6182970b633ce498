/*
 * html.h: the escaping each part of an HTML page needs, appended to a
 * growing buffer (buf.h: buf_str() for markup of our own, buf_fmt() for
 * numbers and our own strings, never text from outside).
 *
 * A failed allocation sets the buffer's err and makes every later call do
 * nothing, so a page is built without checks and tested once at the end.
 */
#ifndef SOGOC_COMMON_HTML_H
#define SOGOC_COMMON_HTML_H

#include "buf.h"

/* Text from outside, escaped for HTML text and attribute values. */
void	 html_esc(struct buf *h, const char *s);
/* A query value, %-escaped for a URL inside an attribute. */
void	 html_urlesc(struct buf *h, const char *s);

#endif /* SOGOC_COMMON_HTML_H */
