/*
 * issuer.h: the department as an issuer of SD-JWT VCs
 * (draft-ietf-oauth-sd-jwt-vc-13): its identifier (the public URL), its
 * key published as JWT VC Issuer Metadata, the credential type `vct` it
 * defines for a Vietnamese diploma and that type's metadata document,
 * and the signed status list token (draft-ietf-oauth-status-list-12, JWT
 * form) of the registry's status list (registry/statuslist.h).
 *
 * URLs, all under the public URL U (no path of its own, no trailing /):
 *   U/.well-known/jwt-vc-issuer   issuer metadata, application/json
 *   U/credentials/vn-diploma/v1   the vct and its type metadata
 *   U/credentials/status          the status list token,
 *                                 application/statuslist+jwt
 *
 * The caller owns a struct cred_issuer from cred_issuer_new() to
 * cred_issuer_free() (NULL is fine).  Errors come back as -1 with a
 * message in err (errsz bytes).  Every call is thread-safe: the status
 * token's cache is under the issuer's own lock.
 */
#ifndef SOGOC_CRED_ISSUER_H
#define SOGOC_CRED_ISSUER_H

#include <stddef.h>
#include <stdint.h>

#include "jws.h"
#include "store.h"

#define CRED_MEDIA_TYPE		"application/dc+sd-jwt"
#define CRED_STATUS_MEDIA_TYPE	"application/statuslist+jwt"
#define CRED_ISSUER_PATH	"/.well-known/jwt-vc-issuer"
#define CRED_VCT_PATH		"/credentials/vn-diploma/v1"
#define CRED_STATUS_PATH	"/credentials/status"
/* How long a verifier may keep the status list token (its ttl, and the
 * Cache-Control max-age the service sends with it), in seconds. */
#define CRED_STATUS_TTL		300

struct cred_issuer;

/*
 * An issuer with the Ed25519 key in the PEM file keyfile and the
 * identifier public_url (http:// or https://, a host and no path).
 */
int		 cred_issuer_new(const char *keyfile, const char *public_url,
		    struct cred_issuer **out, char *err, size_t errsz);
void		 cred_issuer_free(struct cred_issuer *ci);

/* Its key, identifier, vct and status list URL; valid as ci is. */
const struct cred_key *cred_issuer_key(const struct cred_issuer *ci);
const char	*cred_issuer_iss(const struct cred_issuer *ci);
const char	*cred_issuer_vct(const struct cred_issuer *ci);
const char	*cred_issuer_status_uri(const struct cred_issuer *ci);

/*
 * The JWT VC Issuer Metadata ({issuer, jwks}) and the type metadata
 * document of the vct, as JSON text malloc'd into *out.
 */
int		 cred_issuer_metadata(const struct cred_issuer *ci,
		    char **out, char *err, size_t errsz);
int		 cred_type_metadata(const struct cred_issuer *ci, char **out,
		    char *err, size_t errsz);

/*
 * The status list token of st's status list at time now, malloc'd into
 * *out: signed again only when the list changed since the last one, or
 * that one is older than CRED_STATUS_TTL (so iat stays recent).
 */
int		 cred_status_token(struct cred_issuer *ci, struct store *st,
		    int64_t now, char **out, char *err, size_t errsz);

#endif /* SOGOC_CRED_ISSUER_H */
