/*
 * pubhtml.h: the public service's HTML, first the verification page
 * employers use in a browser: plain HTML and one stylesheet, no
 * JavaScript, Vietnamese by default with an English switch, labelled
 * fields, readable on a phone; its parts serve copyweb.c's pages too.
 */
#ifndef SOGOC_VERIFY_PUBHTML_H
#define SOGOC_VERIFY_PUBHTML_H

#include <jansson.h>

#include "html.h"

/* The stylesheet served at /style.css; static. */
const char	*pubhtml_css(void);

/* Parts of a question that were missing or malformed (bad, below). */
#define PUBHTML_BAD_SERIAL	0x1
#define PUBHTML_BAD_NAME	0x2
#define PUBHTML_BAD_DOB	0x4

/*
 * The form page in lang ("vi" or "en", NULL: "vi") with what was asked
 * (serial, name, dob; each NULL or valid UTF-8) in its fields, and the
 * answer above them: receipt is the match, or NULL with notfound set when
 * nothing matched, or NULL with bad set to the parts to correct, or NULL
 * and 0 for the bare form.  Returns a malloc'd page or NULL on ENOMEM.
 * Every value is HTML-escaped.
 */
char		*pubhtml_render(const char *lang, const char *serial,
		    const char *name, const char *dob, json_t *receipt,
		    int notfound, unsigned int bad);

/* A row of a <dl>: label and value, escaped; nothing when there is no
 * value. */
void		 pubhtml_row(struct buf *h, const char *label,
		    const char *value);


/*
 * The head of a page of the public side, to the opening of <main>:
 * title is markup (escape what came from outside), other the address of
 * the page in the other language (markup too; NULL: no switch).
 */
void		 pubhtml_open(struct buf *h, const char *lang,
		    const char *title, const char *other);

/*
 * Opens a form to action (a path of our own) by method ("get" or
 * "post") that carries the page's language (en: English, else
 * Vietnamese) in a hidden field, so that its answer is in it too.
 */
void		 pubhtml_form(struct buf *h, const char *method,
		    const char *action, int en);

/*
 * One labelled input: attrs is markup of our own (type, required,
 * maxlength, ...), value what goes in it, err (NULL: none) what is wrong
 * with it and hint (NULL: none) how to write it, both plain text; mark
 * shows a required field's asterisk.
 */
void		 pubhtml_field(struct buf *h, const char *id,
		    const char *label, int mark, const char *attrs,
		    const char *value, const char *err, const char *hint);

/*
 * The answer of a receipt r (valid, revoked, corrected): the disclosed
 * fields, the diploma, the latest decision and the history, and a link
 * to download the receipt from href (markup).
 */
void		 pubhtml_result(struct buf *h, const char *lang, json_t *r,
		    const char *href);

#endif /* SOGOC_VERIFY_PUBHTML_H */
