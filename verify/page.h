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

/* Parts of a question that were missing or malformed (bad, below). */
#define PAGE_BAD_SERIAL	0x1
#define PAGE_BAD_NAME	0x2
#define PAGE_BAD_DOB	0x4

/*
 * The form page in lang ("vi" or "en", NULL: "vi") with what was asked
 * (serial, name, dob; each NULL or valid UTF-8) in its fields, and the
 * answer above them: receipt is the match, or NULL with notfound set when
 * nothing matched, or NULL with bad set to the parts to correct, or NULL
 * and 0 for the bare form.  Returns a malloc'd page or NULL on ENOMEM.
 * Every value is HTML-escaped.
 */
char		*page_render(const char *lang, const char *serial,
		    const char *name, const char *dob, json_t *receipt,
		    int notfound, unsigned int bad);

#endif /* SOGOC_VERIFY_PAGE_H */
