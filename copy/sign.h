/*
 * sign.h: a PDF's digital signature, as PDF readers and pdfsig check it.
 *
 * An incremental update appends a signature field on the first page and a
 * signature dictionary whose /Contents is a detached CMS signature
 * (OpenSSL, SHA-256, with the ESS signing-certificate-v2 attribute of
 * PAdES) over every byte of the file but the signature itself
 * (/ByteRange).  Made for the PDFs of pdf.h (Cairo's classic xref table);
 * another PDF is refused.
 *
 * With a time-stamping authority (tsa.h) the signature carries an RFC
 * 3161 token over its value as the unsigned attribute
 * id-aa-signatureTimeStampToken (PAdES B-T), and a second incremental
 * update after it adds the Document Security Store, /DSS with /Certs
 * (the signer's chain, the authority's) and /CRLs when given (PAdES
 * B-LT): what a verifier needs once the certificate has expired.
 */
#ifndef SOGOC_COPY_SIGN_H
#define SOGOC_COPY_SIGN_H

#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

struct copy_tsa;

/* What a copy carries for the long term; all may be NULL (PAdES B-B). */
struct copy_ltv {
	const struct copy_tsa	*tsa;		/* NULL: no time-stamp */
	int			 tsa_optional;	/* the authority failing:
						   B-B, not an error */
	STACK_OF(X509_CRL)	*crls;		/* CRLs for the DSS */
};

/* The level a signed copy reached. */
#define COPY_PADES_B_B	0
#define COPY_PADES_B_T	1	/* time-stamped */
#define COPY_PADES_B_LT	2	/* time-stamped, with a DSS and CRLs */

/* "B-B", "B-T" or "B-LT". */
const char	*copy_pades_name(int level);

/*
 * Signs the PDF file path in place (a new file renamed over it) with key
 * and cert (chain: more certificates to include, may be NULL); name is the
 * signer's, for the signature dictionary; ltv (may be NULL) what more it
 * carries.  0 with the level reached in *level (may be NULL; below what
 * ltv asks only when ltv->tsa_optional lets it, with the authority's
 * failure in err), or -1 with why in err, the file unchanged;
 * COPY_SIGN_ETSA likewise when the authority gave no valid time-stamp.
 */
#define COPY_SIGN_ETSA	(-2)
int	copy_pdf_sign(const char *path, EVP_PKEY *key, X509 *cert,
	    STACK_OF(X509) *chain, const char *name,
	    const struct copy_ltv *ltv, int *level, char *err, size_t errsz);

#endif /* SOGOC_COPY_SIGN_H */
