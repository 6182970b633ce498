/* buf.c: a growable, NUL-terminated byte buffer (buf.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

int
buf_reserve(struct buf *b, size_t n)
{
	char	*np;
	size_t	 ncap;

	if (b->err)
		return -1;
	if (n > SIZE_MAX / 2 - b->len - 1) {
		b->err = 1;
		return -1;
	}
	if (b->len + n + 1 <= b->cap)
		return 0;
	ncap = b->cap ? b->cap * 2 : 256;
	while (ncap < b->len + n + 1)
		ncap *= 2;
	np = realloc(b->p, ncap);
	if (np == NULL) {
		b->err = 1;
		return -1;
	}
	b->p = np;
	b->cap = ncap;
	return 0;
}

void
buf_add(struct buf *b, const void *s, size_t n)
{
	if (buf_reserve(b, n) != 0)
		return;
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_u64(struct buf *b, uint64_t v)
{
	char	 d[24];
	int	 i = sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	buf_add(b, d + i, sizeof(d) - (size_t)i);
}

void
buf_vfmt(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 aq;
	size_t	 room;
	int	 n;

	if (b->err)
		return;
	/* Into the room there is; a second pass only when it is short. */
	room = b->cap - b->len;
	va_copy(aq, ap);
	n = vsnprintf(room > 0 ? b->p + b->len : NULL, room, fmt, aq);
	va_end(aq);
	if (n < 0) {
		b->err = 1;
		return;
	}
	if ((size_t)n >= room) {
		/* The first pass wrote a cut text over the NUL. */
		if (room > 0)
			b->p[b->len] = '\0';
		if (buf_reserve(b, (size_t)n) != 0)
			return;
		(void)vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_fmt(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vfmt(b, fmt, ap);
	va_end(ap);
}

char *
buf_finish(struct buf *b, size_t *len)
{
	char	*p;

	if (!b->err && b->p == NULL)
		buf_add(b, "", 0);
	if (b->err) {
		free(b->p);
		p = NULL;
		if (len != NULL)
			*len = 0;
	} else {
		p = b->p;
		if (len != NULL)
			*len = b->len;
	}
	b->p = NULL;
	b->len = b->cap = 0;
	b->err = 0;
	return p;
}
