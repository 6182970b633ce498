/*
 * errmsg.c: an error code with its sentence in the caller's buffer
 * (errmsg.h).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "errmsg.h"

int
errmsg(char *err, size_t errsz, int code, const char *fmt, ...)
{
	va_list		 ap;

	if (errsz > 0) {
		va_start(ap, fmt);
		/* Truncation is allowed: the start says what failed. */
		(void)vsnprintf(err, errsz, fmt, ap);
		va_end(ap);
	}
	return code;
}
