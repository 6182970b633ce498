/*
 * utf8.c: UTF-8 validation for text from outside (see utf8.h).
 */
#include "config.h"

#include <utf8proc.h>

#include "utf8.h"

int
utf8_valid(const char *s, size_t len, int flags)
{
	const utf8proc_uint8_t	*p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t	 n;
	utf8proc_int32_t	 c;

	while (len > 0) {
		/* ASCII, most of any text here, without a call per byte. */
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
