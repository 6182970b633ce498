/*
 * utf8.c: UTF-8 validation for text from outside (see utf8.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "utf8.h"

#define ONES	0x0101010101010101ull
#define HIGH	0x8080808080808080ull
/* Whether a byte of w is below n (n <= 0x80), when every byte of w is
 * below 0x80: exact then (the "hasless" of Sean Anderson's bit hacks). */
#define HAS_LESS(w, n)	(((w) - ONES * (n)) & ~(w) & HIGH)

int
utf8_valid(const char *s, size_t len, int flags)
{
	const utf8proc_uint8_t	*p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t	 n;
	utf8proc_int32_t	 c;
	uint64_t		 w;

	while (len > 0) {
		/* ASCII, most of any text here, eight bytes at a time. */
		if (len >= 8) {
			memcpy(&w, p, 8);
			if ((w & HIGH) == 0) {
				if (HAS_LESS(w, 1))
					return 0;
				if ((flags & UTF8_NO_CONTROLS) &&
				    (HAS_LESS(w, 0x20) ||
				    HAS_LESS(w ^ (ONES * 0x7f), 1)))
					return 0;
				p += 8;
				len -= 8;
				continue;
			}
		}
		if (*p < 0x80) {
			if (*p == 0 || ((flags & UTF8_NO_CONTROLS) &&
			    (*p < 0x20 || *p == 0x7f)))
				return 0;
			p++;
			len--;
			continue;
		}
		n = utf8proc_iterate(p, (utf8proc_ssize_t)len, &c);
		if (n <= 0 || c == 0)
			return 0;
		if ((flags & UTF8_NO_CONTROLS) &&
		    (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)))
			return 0;
		p += n;
		len -= (size_t)n;
	}
	return 1;
}

/* Line and paragraph separators and format characters (bidi overrides,
 * zero-width ones): a log viewer would break a line at them, or show the
 * text in another order than it has. */
static int
invisible(utf8proc_int32_t c)
{
	utf8proc_category_t	 k = utf8proc_category(c);

	return k == UTF8PROC_CATEGORY_ZL || k == UTF8PROC_CATEGORY_ZP ||
	    k == UTF8PROC_CATEGORY_CF;
}

char *
utf8_printable(const char *s, char *out, size_t outsz)
{
	const utf8proc_uint8_t	*p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t	 n;
	utf8proc_int32_t	 c;
	size_t			 o = 0, len = strlen(s), in, w;
	char			 esc[8];

	while (len > 0) {
		n = utf8proc_iterate(p, (utf8proc_ssize_t)len, &c);
		if (n > 0 && c >= 0x20 && c != 0x7f && !(c >= 0x80 &&
		    c < 0xa0) && c != '\\' && !invisible(c)) {
			in = w = (size_t)n;
			memcpy(esc, p, w);
		} else if (*p == '\\') {
			in = 1;
			w = 2;
			memcpy(esc, "\\\\", 2);
		} else {
			/* A byte at a time: invalid UTF-8, and what may not
			 * be shown, as the bytes it is. */
			in = 1;
			w = 4;
			(void)snprintf(esc, sizeof(esc), "\\x%02x", *p);
		}
		if (o + w >= outsz)
			break;
		memcpy(out + o, esc, w);
		o += w;
		p += in;
		len -= in;
	}
	out[o] = '\0';
	return out;
}
