/*
 * b64.h: standard base64 (RFC 4648 section 4, with padding), the encoding of
 * hashes, keys and signatures in the C2SP formats the registry speaks.
 *
 * A thin layer over OpenSSL's EVP_EncodeBlock/EVP_DecodeBlock that adds what
 * they lack for untrusted input: exact output lengths, and rejection of
 * anything but the one canonical encoding of the bytes.
 */
#ifndef SOGOC_COMMON_B64_H
#define SOGOC_COMMON_B64_H

#include <stddef.h>
#include <stdint.h>

/* Length of the encoding of n bytes, without the terminating NUL. */
#define B64_ENCLEN(n)	((((n) + 2) / 3) * 4)

/*
 * Encodes len bytes of in into out, NUL-terminated.  outsz must be at least
 * B64_ENCLEN(len) + 1.  Returns the length written (without the NUL), or -1
 * when out is too small.
 */
int	b64_encode(const void *in, size_t len, char *out, size_t outsz);

/*
 * Decodes the len characters of in (no white space, padding required) into
 * out, which has room for outsz bytes, and stores the decoded length in
 * *outlen.  Returns 0, or -1 when in is not canonical base64 or does not fit.
 */
int	b64_decode(const char *in, size_t len, uint8_t *out, size_t outsz,
	    size_t *outlen);

/*
 * base64url (RFC 4648 section 5) without padding, as JOSE (RFC 7515
 * section 2) and SD-JWT spell bytes.  b64url_encode() writes len bytes of
 * in into out, NUL-terminated; outsz must be at least B64_ENCLEN(len) + 1.
 * Returns the length written (without the NUL), or -1 when out is too
 * small.  b64url_decode() takes exactly the one canonical spelling (no
 * padding, no white space, zero trailing bits) and is otherwise as
 * b64_decode().  Thread-safe.
 */
int	b64url_encode(const void *in, size_t len, char *out, size_t outsz);
int	b64url_decode(const char *in, size_t len, uint8_t *out, size_t outsz,
	    size_t *outlen);

#endif /* SOGOC_COMMON_B64_H */
