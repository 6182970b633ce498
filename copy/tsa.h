/*
 * tsa.h: an RFC 3161 time-stamp for a certified copy's signature (PAdES
 * B-T), asked of the department's time-stamping authority over HTTP.
 *
 * The request is over SHA-256 of the signature value, with a random
 * nonce, asking for the authority's certificate.  Its answer counts only
 * when every check passes: status granted, the nonce and the message
 * imprint ours, the token signed by a certificate for time-stamping that
 * chains to the CA the department configured.  Anything else (the
 * authority down, slow, answering garbage or someone else's token) is an
 * error that says so: no token is better than an unchecked one.
 *
 * Ownership: copy_tsa_load()'s store is the caller's (copy_tsa_clear());
 * a token from copy_tsa_stamp() is the caller's, freed with OPENSSL_free().
 * Errors: 0, or -1 with why in err (errsz bytes).
 * Threads: copy_tsa_stamp() is safe from many threads at once with one
 * struct copy_tsa (the store is only read).
 */
#ifndef SOGOC_COPY_TSA_H
#define SOGOC_COPY_TSA_H

#include <stddef.h>

#include <openssl/x509.h>

struct copy_tsa {
	const char	*url;		/* http:// or https://; the caller's */
	X509_STORE	*ca;		/* whom its certificate chains to */
	STACK_OF(X509)	*cacerts;	/* the same, as a list for the DSS */
};

/*
 * Sets t to ask url, trusting the PEM certificates of cafile.  0, or -1
 * with why in err.
 */
int	copy_tsa_load(struct copy_tsa *t, const char *url, const char *cafile,
	    char *err, size_t errsz);
void	copy_tsa_clear(struct copy_tsa *t);

/*
 * Asks t for a time-stamp token over SHA-256 of the len bytes of sig (a
 * CMS signature value) and checks it as above.  On 0, *token (DER of the
 * TimeStampToken, a CMS ContentInfo; OPENSSL_free() it) holds *toklen bytes.
 */
int	copy_tsa_stamp(const struct copy_tsa *t, const unsigned char *sig,
	    size_t len, unsigned char **token, size_t *toklen, char *err,
	    size_t errsz);

#endif /* SOGOC_COPY_TSA_H */
