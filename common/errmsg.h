/*
 * errmsg.h: a library's error as its code and a sentence in the caller's
 * buffer (the err, errsz pair of durable.h, tiles.h), in one call.
 * Thread-safe: it writes only the caller's buffer.
 */
#ifndef SOGOC_COMMON_ERRMSG_H
#define SOGOC_COMMON_ERRMSG_H

#include <stddef.h>

/*
 * printf of fmt into err (errsz bytes; 0: nothing is written), cut short
 * when it does not fit (it still names what failed first); returns code.
 */
int	 errmsg(char *err, size_t errsz, int code, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

#endif /* SOGOC_COMMON_ERRMSG_H */
