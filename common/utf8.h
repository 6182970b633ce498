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

/*
 * Copies the NUL-terminated s into out (outsz bytes, at least 1) as
 * printable text: each byte of a control character (C0, DEL, C1), of a
 * line or paragraph separator or format character (U+2028, U+2029, bidi
 * overrides, zero-width ones), and each byte that is not part of valid
 * UTF-8 becomes \xNN, and a backslash becomes \\, so nothing in s can
 * start a line, drive a terminal or reorder what a log viewer shows.  What does not fit
 * is cut at a character's end.  Returns out.
 */
char	*utf8_printable(const char *s, char *out, size_t outsz);

#endif /* SOGOC_COMMON_UTF8_H */
