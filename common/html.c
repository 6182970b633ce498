/*
 * html.c: escaping for HTML text, attributes and URLs (see html.h).
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "html.h"

void
html_esc(struct buf *h, const char *s)
{
	const char	*e;

	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '&':
			e = "&amp;";
			break;
		case '<':
			e = "&lt;";
			break;
		case '>':
			e = "&gt;";
			break;
		case '"':
			e = "&quot;";
			break;
		case '\'':
			e = "&#39;";
			break;
		default:
			buf_add(h, s, 1);
			continue;
		}
		buf_str(h, e);
	}
}

void
html_urlesc(struct buf *h, const char *s)
{
	char	 b[4];

	for (; s != NULL && *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '.' ||
		    *s == '_')
			buf_add(h, s, 1);
		else {
			snprintf(b, sizeof(b), "%%%02X", (unsigned char)*s);
			buf_str(h, b);
		}
	}
}
