/*
 * hex.h: bytes as lower-case hexadecimal and back, for digests and
 * signatures in keys, file names and documents.
 */
#ifndef SOGOC_COMMON_HEX_H
#define SOGOC_COMMON_HEX_H

#include <stddef.h>
#include <stdint.h>

/*
 * Writes the n bytes at src as 2n lower-case hex digits at out, with no
 * terminating NUL (the caller adds one where it needs a string); returns
 * 2n.  Thread-safe.
 */
size_t	hex_encode(const void *src, size_t n, char *out);

/*
 * The 2n hex digits at s (either case) as n bytes at out: 0, or -1 when
 * one is not a hex digit (out is then partly written).  Thread-safe.
 */
int	hex_decode(const char *s, size_t n, uint8_t *out)
	    __attribute__((warn_unused_result));

#endif /* SOGOC_COMMON_HEX_H */
