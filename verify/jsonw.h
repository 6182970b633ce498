/*
 * jsonw.h: JSON text written straight into a growing buffer, for the
 * answer the service writes most (the receipt), where building a jansson
 * tree and dumping it cost more than the rest of the answer together
 * (docs/bench.md).  Everything read back, and every other answer, is
 * jansson's.
 *
 * Errors are sticky: after one (out of memory, a string that is not
 * UTF-8) every call does nothing and jsonw_finish() returns NULL, so a
 * writer need not check each call.  Commas are the caller's, except that
 * jsonw_key() puts one before a key that does not open its object.
 */
#ifndef SOGOC_VERIFY_JSONW_H
#define SOGOC_VERIFY_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct jsonw {
	struct buf	 b;
};

/* Starts w empty.  Its text is jsonw_finish()'s to hand over. */
void	 jsonw_init(struct jsonw *w);

/* n bytes of JSON syntax, as they are: "{", "]", ",". */
void	 jsonw_raw(struct jsonw *w, const char *s, size_t n);

/* s as a JSON string: valid UTF-8 as it is, the quote, the backslash and
 * C0 controls escaped (RFC 8259 section 7); invalid UTF-8 is an error. */
void	 jsonw_string(struct jsonw *w, const char *s);

/* The len bytes at p in base64 (RFC 4648, padded), as a JSON string. */
void	 jsonw_b64(struct jsonw *w, const void *p, size_t len);

void	 jsonw_u64(struct jsonw *w, uint64_t v);

/* "key": (after a comma unless it follows "{"), and "key":"value". */
void	 jsonw_key(struct jsonw *w, const char *key);
void	 jsonw_pair(struct jsonw *w, const char *key, const char *value);

/* The text (malloc'd, the caller frees it) and its length in *len unless
 * len is NULL; NULL after an error, the buffer freed either way. */
char	*jsonw_finish(struct jsonw *w, size_t *len);

#endif /* SOGOC_VERIFY_JSONW_H */
