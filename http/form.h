/*
 * form.h: a POST form's values, collected with limits as libmicrohttpd's
 * post processor hands them over (application/x-www-form-urlencoded or
 * multipart/form-data).
 *
 * A form is its collector's own: http_form_free() frees it and every
 * value it returned.  Going over a limit (the body's bytes, the number
 * of values, a value's bytes) or running out of memory is not an error
 * of the calls: the form is marked HTTP_FORM_TOO_BIG, keeps what it has
 * and takes nothing more, and the server answers 413 once the body is
 * in.  A NUL byte in a value (%00) becomes \x01, a control character, so
 * that a value is never cut short unseen: a check for text refuses it.
 * A form is used by one request's thread at a time; nothing is shared.
 */
#ifndef SOGOC_HTTP_FORM_H
#define SOGOC_HTTP_FORM_H

#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

struct http_form;

enum http_form_state {
	HTTP_FORM_OK = 0,
	HTTP_FORM_TOO_BIG,	/* over a limit, or out of memory */
	HTTP_FORM_BAD_TYPE	/* the body is not a form */
};

struct http_form_limits {
	uint64_t	 body;		/* bytes of the whole body */
	int		 fields;	/* values, in all */
	size_t		 value;		/* bytes of one value */
};

/*
 * A part of a file (multipart/form-data, a part with a filename): its
 * name, size bytes at data, off bytes into it.  Given the form, so that
 * the callee can read the values sent before the file (a CSRF token).
 */
typedef void	(*http_form_file_fn)(void *cls, struct http_form *f,
		    const char *filename, const char *data, uint64_t off,
		    size_t size);

/* An empty form of these limits; NULL when out of memory. */
struct http_form *http_form_new(const struct http_form_limits *lim);
void		 http_form_free(struct http_form *f);

/*
 * Reads the body of conn's request as a form, from the next
 * http_form_feed() on; file parts go to file(cls, ...) (NULL: dropped).
 * Returns 0, or -1 when the request's Content-Type is not a form (the
 * form is then HTTP_FORM_BAD_TYPE and feeding it only counts bytes).
 */
int		 http_form_attach(struct http_form *f,
		    struct MHD_Connection *conn, http_form_file_fn file,
		    void *cls);

/*
 * Takes the next size bytes of the body: counted against the body's
 * limit, and parsed unless the form is over a limit already.  Returns 0,
 * or -1 when the body cannot be parsed (malformed multipart).
 */
int		 http_form_feed(struct http_form *f, const char *data,
		    size_t size);

/*
 * Adds the size bytes at data to the value of key, off bytes into it
 * (libmicrohttpd hands a long value over in parts): off 0 starts a new
 * value, so a key sent twice has two.  What the post processor calls;
 * public for tests.
 */
void		 http_form_add(struct http_form *f, const char *key,
		    const char *data, uint64_t off, size_t size);

enum http_form_state http_form_state(const struct http_form *f);

/* The first value of key, or NULL; valid until http_form_free(). */
const char	*http_form_get(const struct http_form *f, const char *key);
/* The last value of key, or NULL; valid until http_form_free(). */
const char	*http_form_last(const struct http_form *f, const char *key);

/* Whether every value is UTF-8 text without control characters. */
int		 http_form_text(const struct http_form *f);

#endif /* SOGOC_HTTP_FORM_H */
