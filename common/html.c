/*
 * html.c: HTML built in a growing buffer (see html.h).
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

void
html_add(struct html *h, const char *s, size_t n)
{
	char	*np;
	size_t	 ncap;

	if (h->err)
		return;
	if (h->len + n + 1 > h->cap) {
		ncap = h->cap ? h->cap * 2 : 4096;
		while (ncap < h->len + n + 1)
			ncap *= 2;
		np = realloc(h->p, ncap);
		if (np == NULL) {
			h->err = 1;
			return;
		}
		h->p = np;
		h->cap = ncap;
	}
	memcpy(h->p + h->len, s, n);
	h->len += n;
	h->p[h->len] = '\0';
}

void
html_raw(struct html *h, const char *s)
{
	html_add(h, s, strlen(s));
}

void
html_esc(struct html *h, const char *s)
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
			html_add(h, s, 1);
			continue;
		}
		html_raw(h, e);
	}
}

void
html_urlesc(struct html *h, const char *s)
{
	char	 b[4];

	for (; s != NULL && *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '.' ||
		    *s == '_')
			html_add(h, s, 1);
		else {
			snprintf(b, sizeof(b), "%%%02X", (unsigned char)*s);
			html_raw(h, b);
		}
	}
}

void
html_fmt(struct html *h, const char *fmt, ...)
{
	va_list	 ap;
	char	 b[256], *big;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(b, sizeof(b), fmt, ap);
	va_end(ap);
	if (n < 0) {
		h->err = 1;
		return;
	}
	if ((size_t)n < sizeof(b)) {
		html_add(h, b, (size_t)n);
		return;
	}
	big = malloc((size_t)n + 1);
	if (big == NULL) {
		h->err = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	html_add(h, big, (size_t)n);
	free(big);
}
