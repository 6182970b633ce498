/*
 * jsonw.c: JSON text into a buffer (see jsonw.h).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "buf.h"
#include "jsonw.h"
#include "utf8.h"

/* What a JSON string must escape (1): the quote, the backslash and C0
 * controls; and its end (2). */
static const unsigned char special[256] = {
	2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	['\\'] = 1,
};

void
jsonw_init(struct jsonw *w)
{
	memset(w, 0, sizeof(*w));
}

/* Room for n more bytes and a NUL; 0, or -1 with the error set.  A
 * receipt is a few KiB: the first reserve takes that much at once. */
static int
reserve(struct jsonw *w, size_t n)
{
	return buf_reserve(&w->b, w->b.cap == 0 && n < 4095 ? 4095 : n);
}

void
jsonw_raw(struct jsonw *w, const char *s, size_t n)
{
	if (reserve(w, n) != 0)
		return;
	memcpy(w->b.p + w->b.len, s, n);
	w->b.len += n;
	w->b.p[w->b.len] = '\0';
}

void
jsonw_string(struct jsonw *w, const char *s)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*p = (const unsigned char *)s, *run;
	char			 e[6];
	size_t			 n;

	if (w->b.err)
		return;
	if (!utf8_valid(s, strlen(s), 0)) {
		w->b.err = 1;
		return;
	}
	jsonw_raw(w, "\"", 1);
	for (run = p;; p++) {
		while (special[*p] == 0)
			p++;
		if (*p == '\0')
			break;
		jsonw_raw(w, (const char *)run, (size_t)(p - run));
		e[0] = '\\';
		if (*p == '"' || *p == '\\') {
			e[1] = (char)*p;
			n = 2;
		} else if (*p == '\n') {
			e[1] = 'n';
			n = 2;
		} else {
			memcpy(e + 1, "u00", 3);
			e[4] = hex[*p >> 4];
			e[5] = hex[*p & 0xf];
			n = 6;
		}
		jsonw_raw(w, e, n);
		run = p + 1;
	}
	jsonw_raw(w, (const char *)run, (size_t)(p - run));
	jsonw_raw(w, "\"", 1);
}

void
jsonw_b64(struct jsonw *w, const void *p, size_t len)
{
	/* Base64 has nothing to escape: encoded in place. */
	jsonw_raw(w, "\"", 1);
	if (reserve(w, B64_ENCLEN(len)) != 0)
		return;
	b64_encode(p, len, w->b.p + w->b.len, B64_ENCLEN(len) + 1);
	w->b.len += B64_ENCLEN(len);
	jsonw_raw(w, "\"", 1);
}

void
jsonw_u64(struct jsonw *w, uint64_t v)
{
	char	 n[24];
	int	 k;

	k = snprintf(n, sizeof(n), "%" PRIu64, v);
	jsonw_raw(w, n, (size_t)k);
}

void
jsonw_key(struct jsonw *w, const char *key)
{
	if (w->b.err)
		return;
	if (w->b.len > 0 && w->b.p[w->b.len - 1] != '{')
		jsonw_raw(w, ",", 1);
	jsonw_string(w, key);
	jsonw_raw(w, ":", 1);
}

void
jsonw_pair(struct jsonw *w, const char *key, const char *value)
{
	jsonw_key(w, key);
	jsonw_string(w, value);
}

char *
jsonw_finish(struct jsonw *w, size_t *len)
{
	char	*p = w->b.p;

	if (w->b.err || p == NULL) {
		free(p);
		p = NULL;
	} else if (len != NULL)
		*len = w->b.len;
	jsonw_init(w);
	return p;
}
