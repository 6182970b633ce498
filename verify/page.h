/*
 * page.h: the verification page employers use in a browser: plain HTML
 * and one stylesheet, no JavaScript, Vietnamese by default with an English
 * switch, labelled fields, readable on a phone.
 */
#ifndef SOGOC_VERIFY_PAGE_H
#define SOGOC_VERIFY_PAGE_H

#include <jansson.h>

/* The stylesheet served at /style.css; static. */
const char	*page_css(void);

/*
 * The form page in lang ("vi" or "en"), optionally with the answer to a
 * question below it: receipt is the match, or NULL with notfound set when
 * nothing matched, or NULL and 0 for the bare form; query is the query
 * string that asked (for the receipt link), NULL for none.  Returns a
 * malloc'd page or NULL on ENOMEM.  Every value is HTML-escaped.
 */
char		*page_render(const char *lang, const char *serial,
		    const char *name, const char *dob, json_t *receipt,
		    int notfound, int badinput);

#endif /* SOGOC_VERIFY_PAGE_H */
