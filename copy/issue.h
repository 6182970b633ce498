/*
 * issue.h: issuing a certified copy (bản sao văn bằng từ sổ gốc).
 *
 * One write transaction does it all or nothing: a "copy" event of the
 * record (its copy number, the signer's name and office) appended to the
 * log and signed into a checkpoint, the copy's own code for its QR code
 * (it never expires and cannot be withdrawn: whoever holds the paper can
 * check it for good), and the copy itself, a PDF signed with the
 * department's certificate, kept in the registry (the copies database)
 * to be fetched again.
 */
#ifndef SOGOC_COPY_ISSUE_H
#define SOGOC_COPY_ISSUE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "note.h"
#include "share.h"
#include "sign.h"
#include "store.h"
#include "tsa.h"

/* Who signs copies, with what, and where the QR code leads. */
struct copy_signing {
	EVP_PKEY		*key;
	X509			*cert;
	STACK_OF(X509)		*chain;		/* may be NULL */
	const char		*signer;	/* a person's name */
	const char		*signer_title;	/* "KT. GIÁM ĐỐC / PHÓ ..." */
	const char		*place;		/* "Cà Mau", may be NULL */
	const char		*public_url;	/* https://host, no slash */
	/* PAdES B-T and B-LT (sign.h), set by copy_signing_load_ltv(). */
	struct copy_tsa		 tsa;		/* url NULL: none */
	STACK_OF(X509_CRL)	*crls;		/* for the DSS, or NULL */
	int			 tsa_optional;	/* B-B when the TSA fails */
};

/*
 * Reads the PEM private key (a file only its owner may read), the PEM
 * certificate and, when chainfile is not NULL, more certificates, and
 * checks that the key is the certificate's and the certificate is valid
 * now.  0, or -1 with why in err.  copy_signing_clear() frees them.
 */
int	copy_signing_load(struct copy_signing *cs, const char *keyfile,
	    const char *certfile, const char *chainfile, char *err,
	    size_t errsz);
void	copy_signing_clear(struct copy_signing *cs);

/*
 * Adds to cs, loaded, the time-stamping authority at tsa_url (NULL: none)
 * checked against the PEM CA certificates of tsa_ca, whether a copy may
 * go out without a time-stamp when it fails (optional), and the PEM CRLs
 * of crlfile (NULL: none) for the copies' DSS, refused when one of them
 * lists cs's certificate.  cs keeps tsa_url; 0, or -1 with why in err (cs
 * as before).
 */
int	copy_signing_load_ltv(struct copy_signing *cs, const char *tsa_url,
	    const char *tsa_ca, int optional, const char *crlfile, char *err,
	    size_t errsz);

struct copy_result {
	uint64_t	 record;
	uint64_t	 index;		/* the copy event's leaf index */
	int64_t		 time;		/* when issued */
	char		 copy_no[32];	/* "7/2026/BS" */
	char		 code[SHARE_CODE_LEN + 1];	/* the copy's own */
	size_t		 pdflen;
	int		 level;		/* COPY_PADES_* (sign.h) */
	char		 warning[512];	/* the TSA's failure, when the
					   config let the copy go out B-B */
};

/*
 * Something else a caller writes in the same transaction (a request's
 * new state): STORE_OK, or a code that undoes everything.
 */
typedef int	copy_also_fn(struct store_txn *t, void *arg,
		    const struct copy_result *res);

/*
 * Issues a copy of record, signed by cs; by names the account that
 * approved it, request the request it answers (0: none).  The log's
 * checkpoint is signed by signer.  A revoked diploma gets no copy
 * (STORE_ECONFLICT).  STORE_OK, or a
 * STORE_* code (store_errmsg) with nothing stored.
 */
int	copy_issue(struct store *st, const struct note_signer *signer,
	    const struct copy_signing *cs, uint64_t record, const char *by,
	    uint64_t request, copy_also_fn *also, void *arg,
	    struct copy_result *res);

/* The signed PDF of the copy event at index, malloc'd into *pdf. */
int	copy_fetch(struct store *st, uint64_t index, uint8_t **pdf,
	    size_t *len);

/* A date (seconds since the epoch) as d/m/yyyy in Viet Nam (UTC+7). */
void	copy_local_date(int64_t t, char *buf, size_t sz);

#endif /* SOGOC_COPY_ISSUE_H */
