/*
 * copypdf.c: writes the certified copy of one record as a PDF, for
 * tests/copy_pdf.sh, until `sogoc copy` (issue 6) issues them.
 *
 *   copypdf DB SERIAL OUT.pdf URL [KEY.pem CERT.pem]
 *
 * With a key and its certificate the copy is signed (sign.h).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <openssl/pem.h>

#include "copy.h"
#include "sign.h"
#include "records.h"

static int
sign(const char *pdf, const char *keyfile, const char *certfile, char *err,
    size_t errsz)
{
	EVP_PKEY	*key = NULL;
	X509		*cert = NULL;
	FILE		*fp;
	int		 rc = -1;

	if ((fp = fopen(keyfile, "r")) != NULL) {
		key = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
		fclose(fp);
	}
	if ((fp = fopen(certfile, "r")) != NULL) {
		cert = PEM_read_X509(fp, NULL, NULL, NULL);
		fclose(fp);
	}
	if (key == NULL || cert == NULL)
		snprintf(err, errsz, "cannot read the key or the certificate");
	else
		rc = copy_pdf_sign(pdf, key, cert, NULL, "Nguyen Van Ky", err,
		    errsz);
	EVP_PKEY_free(key);
	X509_free(cert);
	return rc;
}

int
main(int argc, char **argv)
{
	struct copy_issue	 is = { "0001/2026/BS", "1/12/2026", "Cà Mau",
				    "Nguyễn Văn Ký", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
				    NULL, NULL };
	struct store		*st;
	struct copy		 c;
	uint64_t		*recs = NULL;
	size_t			 n = 0;
	char			 err[512];
	int			 rc;

	if (argc != 5 && argc != 7) {
		fprintf(stderr, "usage: copypdf DB SERIAL OUT.pdf URL "
		    "[KEY.pem CERT.pem]\n");
		return 2;
	}
	is.url = argv[4];
	if (store_open(argv[1], STORE_RDONLY, 0, &st, err, sizeof(err)) !=
	    STORE_OK) {
		fprintf(stderr, "copypdf: %s\n", err);
		return 1;
	}
	rc = records_find(st, argv[2], NULL, NULL, &recs, &n);
	if (rc != STORE_OK || n != 1) {
		fprintf(stderr, "copypdf: %s: %s\n", argv[2], rc != STORE_OK ?
		    store_errmsg(st) : "more than one record");
		store_close(st);
		free(recs);
		return 1;
	}
	rc = copy_of_record(st, recs[0], &is, &c);
	free(recs);
	if (rc != STORE_OK) {
		fprintf(stderr, "copypdf: %s\n", store_errmsg(st));
		store_close(st);
		return 1;
	}
	rc = copy_pdf_write(&c.doc, argv[3], err, sizeof(err));
	if (rc == 0 && argc == 7)
		rc = sign(argv[3], argv[5], argv[6], err, sizeof(err));
	if (rc != 0)
		fprintf(stderr, "copypdf: %s\n", err);
	copy_clear(&c);
	store_close(st);
	return rc == 0 ? 0 : 1;
}
