/*
 * jws.h: the credential issuer's Ed25519 key and the compact JWS (RFC
 * 7515) signatures it makes: alg EdDSA (RFC 8037), the key's public JWK
 * and its RFC 7638 thumbprint as kid.
 *
 * The caller owns a struct cred_key from cred_key_load() to
 * cred_key_free() (NULL is fine), which wipes the private key.  Errors
 * come back as -1 with a message in err (errsz bytes).  A loaded key is
 * only read: every call on it is thread-safe.
 */
#ifndef SOGOC_CRED_JWS_H
#define SOGOC_CRED_JWS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define CRED_SIGLEN	64	/* an Ed25519 signature */

struct cred_key;

/*
 * Reads the PEM Ed25519 private key at path (`openssl genpkey -algorithm
 * ed25519`) into *out; any other kind of key is refused, and so is a
 * file others may read (mode & 077), as the log's and the copies' keys.
 */
int		 cred_key_load(const char *path, struct cred_key **out,
		    char *err, size_t errsz);
void		 cred_key_free(struct cred_key *k);

/* The key's kid, its JWK thumbprint (base64url); valid as k is. */
const char	*cred_key_kid(const struct cred_key *k);

/* The public JWK {kty, crv, x, kid, alg, use}: a new reference. */
json_t		*cred_key_jwk(const struct cred_key *k);

/* The Ed25519 signature of len bytes at msg into sig. */
int		 cred_key_sign(const struct cred_key *k, const void *msg,
		    size_t len, uint8_t sig[CRED_SIGLEN], char *err,
		    size_t errsz);

/*
 * The compact JWS of payload, header {alg: EdDSA, typ, kid}, malloc'd
 * into *out (the caller frees).
 */
int		 cred_jws_sign(const struct cred_key *k, const char *typ,
		    const json_t *payload, char **out, char *err,
		    size_t errsz);

/*
 * base64url of the SHA-256 of len bytes at s into out (at least
 * B64_ENCLEN(32) + 1 bytes): an SD-JWT disclosure's digest, a JWK thumbprint.
 */
int		 cred_sha256_b64url(const void *s, size_t len, char *out,
		    size_t outsz);

#endif /* SOGOC_CRED_JWS_H */
