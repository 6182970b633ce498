/*
 * buf.h: a growable byte buffer, always NUL-terminated, for text built a
 * piece at a time (HTML pages, signed-note bodies, metrics).
 *
 * A failed allocation sets err and makes every later call do nothing, so
 * a text is built without checks and tested once at the end (buf_finish).
 * A buffer is one thread's; the functions keep no state of their own.
 */
#ifndef SOGOC_COMMON_BUF_H
#define SOGOC_COMMON_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	char	*p;		/* NUL-terminated once anything is added;
				   the caller frees it (or buf_finish) */
	size_t	 len, cap;
	int	 err;		/* an allocation failed: p is kept as it was */
};

#define BUF_INIT	{ NULL, 0, 0, 0 }

/*
 * Room for n more bytes and the NUL, for a writer that fills b->p + b->len
 * itself (then adds to b->len and writes the NUL): 0, or -1 with b->err
 * set (also when it was set before).
 */
int	 buf_reserve(struct buf *b, size_t n);
/* n bytes at s, as they are. */
void	 buf_add(struct buf *b, const void *s, size_t n);
/* The string s, as it is. */
void	 buf_str(struct buf *b, const char *s);
/* The decimal digits of v. */
void	 buf_u64(struct buf *b, uint64_t v);
/* printf into the buffer, of any length. */
void	 buf_fmt(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vfmt(struct buf *b, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));

/*
 * Hands the text over: b->p (an empty string when nothing was added) and
 * its length in *len unless len is NULL; NULL after a failed allocation,
 * the buffer freed.  b is empty after either.
 */
char	*buf_finish(struct buf *b, size_t *len);

#endif /* SOGOC_COMMON_BUF_H */
