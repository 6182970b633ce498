/*
 * sign.h: a PDF's digital signature, as PDF readers and pdfsig check it.
 *
 * An incremental update appends a signature field on the first page and a
 * signature dictionary whose /Contents is a detached CMS signature
 * (OpenSSL, SHA-256, with the ESS signing-certificate-v2 attribute of
 * PAdES) over every byte of the file but the signature itself
 * (/ByteRange).  Made for the PDFs of pdf.h (Cairo's classic xref table);
 * another PDF is refused.
 */
#ifndef SOGOC_COPY_SIGN_H
#define SOGOC_COPY_SIGN_H

#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/*
 * Signs the PDF file path in place (a new file renamed over it) with key
 * and cert (chain: more certificates to include, may be NULL); name is the
 * signer's, for the signature dictionary.  0, or -1 with why in err, the
 * file unchanged.
 */
int	copy_pdf_sign(const char *path, EVP_PKEY *key, X509 *cert,
	    STACK_OF(X509) *chain, const char *name, char *err,
	    size_t errsz);

#endif /* SOGOC_COPY_SIGN_H */
