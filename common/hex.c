/* hex.c: lower-case hexadecimal encoding and decoding (hex.h). */
#include "config.h"

#include "hex.h"

size_t
hex_encode(const void *src, size_t n, char *out)
{
	static const char	 digit[] = "0123456789abcdef";
	const uint8_t		*b = src;
	size_t			 i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digit[b[i] >> 4];
		out[2 * i + 1] = digit[b[i] & 15];
	}
	return 2 * n;
}

static int
nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
hex_decode(const char *s, size_t n, uint8_t *out)
{
	size_t	 i;
	int	 hi, lo;

	for (i = 0; i < n; i++) {
		hi = nibble(s[2 * i]);
		lo = hi < 0 ? -1 : nibble(s[2 * i + 1]);
		if (lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}
