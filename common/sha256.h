/*
 * sha256.h: SHA-256 for the many small inputs of the registry (leaves,
 * Merkle nodes, field digests).  OpenSSL 3's one-shot SHA256() fetches the
 * algorithm on every call; this keeps one fetched digest and one context
 * per thread, so hashing a million leaves costs hashing, not lookups.
 */
#ifndef SOGOC_COMMON_SHA256_H
#define SOGOC_COMMON_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN	32

/*
 * out = SHA-256(a || b); b may be NULL with blen 0.  Returns 0, or -1 when
 * OpenSSL fails (out of memory), with out zeroed.
 */
int	sha256_2(const void *a, size_t alen, const void *b, size_t blen,
	    uint8_t *out) __attribute__((warn_unused_result));

/* The SHA-256 of the file at path into out: 0, or -1 with why in err. */
int	sha256_file(const char *path, uint8_t *out, char *err, size_t errsz)
	    __attribute__((warn_unused_result));

#endif /* SOGOC_COMMON_SHA256_H */
