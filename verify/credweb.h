/*
 * credweb.h: the public service's documents for wallets and verifiers of
 * the diplomas' SD-JWT VCs (cred/issuer.h): the JWT VC Issuer Metadata at
 * /.well-known/jwt-vc-issuer, the type metadata at the vct's URL, and the
 * signed status list token at its URL, each with its media type, a cache
 * lifetime and CORS open to any origin (a verifier's page fetches them).
 *
 * The issuer is the caller's (the server's), alive while it serves.
 * Thread-safe as cred_status_token() is.
 */
#ifndef SOGOC_VERIFY_CREDWEB_H
#define SOGOC_VERIFY_CREDWEB_H

#include <microhttpd.h>

struct cred_issuer;
struct store;

/* Whether url is one of these documents. */
int		 credweb_owns(const char *url);

/* Answers a GET or HEAD of url (credweb_owns()) at time t0. */
enum MHD_Result	 credweb_handle(struct cred_issuer *ci, struct store *st,
		    struct MHD_Connection *conn, const char *url, double t0);

#endif /* SOGOC_VERIFY_CREDWEB_H */
