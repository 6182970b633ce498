/*
 * utf8.h: checks on UTF-8 text that comes from outside (files, the
 * command line, the network), done with utf8proc.
 */
#ifndef SOGOC_COMMON_UTF8_H
#define SOGOC_COMMON_UTF8_H

#include <stddef.h>

#define UTF8_NO_CONTROLS	0x1	/* reject C0, DEL and C1 controls */

/*
 * Returns 1 when the len bytes at s are valid UTF-8 without NUL (and, with
 * UTF8_NO_CONTROLS, without control characters), else 0.
 */
int	utf8_valid(const char *s, size_t len, int flags);

#endif /* SOGOC_COMMON_UTF8_H */
