/*
 * sdjwt.h: a diploma as an SD-JWT VC (RFC 9901, SD-JWT; draft-ietf-oauth-
 * sd-jwt-vc-13): every field of the record a selectively disclosable
 * claim, each with a fresh 128-bit salt, the status list index the
 * registry assigns (registry/statuslist.h), holder binding when a wallet
 * key is given.  Issuing gives the holder every disclosure; the wallet
 * chooses which to present.
 *
 * Errors come back as -1 with a message in err (errsz bytes); thread-safe
 * as the store and the issuer are.
 */
#ifndef SOGOC_CRED_SDJWT_H
#define SOGOC_CRED_SDJWT_H

#include <stddef.h>
#include <stdint.h>

#include "issuer.h"
#include "store.h"

/* Bytes of a holder's JWK (cnf) we take. */
#define CRED_JWK_MAX	2048

/*
 * Issues a credential for record at time now: assigns it the next status
 * list index (its own write transaction on st, committed before the
 * credential is signed) into *index unless NULL, and writes the SD-JWT
 * (issuer-signed JWT, then every disclosure, each followed by `~`)
 * malloc'd into *out.  holder_jwk, unless NULL, is the wallet's public
 * JWK as JSON text, put in `cnf`; one with private members is refused.
 * A revoked record gets none.
 */
int		 cred_issue(struct cred_issuer *ci, struct store *st,
		    uint64_t record, const char *holder_jwk, int64_t now,
		    char **out, uint64_t *index, char *err, size_t errsz);

#endif /* SOGOC_CRED_SDJWT_H */
