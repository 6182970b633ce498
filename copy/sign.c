/*
 * sign.c: a PDF's CMS signature over its byte range (see sign.h).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <utf8proc.h>

#include "cryptoerr.h"
#include "hex.h"
#include "html.h"
#include "sign.h"
#include "tsa.h"

#define SIG_MAX		8192		/* bytes of the CMS signature */
#define SIG_MAX_TS	24576		/* and with a time-stamp token */
#define PDF_MAX		(64L << 20)	/* bytes of a PDF this signs */

/*
 * A PDF text string of UTF-8 s: UTF-16BE with its byte order mark, in
 * hex, so that "Nguyễn Văn Ký" reads as itself in a PDF reader.
 */
static void
text_string(struct buf *b, const char *s)
{
	const utf8proc_uint8_t	*p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t	 cp;
	utf8proc_ssize_t	 n;

	buf_add(b, "<FEFF", 5);
	while (p != NULL && *p != '\0' &&
	    (n = utf8proc_iterate(p, -1, &cp)) > 0) {
		p += n;
		if (cp < 0x20)
			continue;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			buf_fmt(b, "%04X%04X", 0xD800 + (cp >> 10),
			    0xDC00 + (cp & 0x3FF));
		} else
			buf_fmt(b, "%04X", cp);
	}
	buf_add(b, ">", 1);
}

/* The last occurrence of s in the first n bytes of p. */
static const char *
last(const char *p, size_t n, const char *s)
{
	size_t		 l = strlen(s);
	const char	*q, *found = NULL;

	for (q = p; (q = memmem(q, n - (size_t)(q - p), s, l)) != NULL; q++)
		found = q;
	return found;
}

/*
 * The object whose dictionary has key (e.g. "/Type /Catalog", not
 * followed by a name character): its number and its dictionary, from
 * "<<" to the ">>" before "endobj".
 */
static int
find_obj(const char *p, size_t n, const char *key, long *num,
    const char **dict, size_t *dlen)
{
	const char	*k = p, *o, *e, *d;
	size_t		 kl = strlen(key);

	while ((k = memmem(k, n - (size_t)(k - p), key, kl)) != NULL) {
		if (k + kl < p + n && ((k[kl] >= 'a' && k[kl] <= 'z') ||
		    (k[kl] >= 'A' && k[kl] <= 'Z'))) {
			k += kl;
			continue;
		}
		o = last(p, (size_t)(k - p), " 0 obj");
		if (o == NULL)
			return -1;
		d = o;
		while (d > p && d[-1] >= '0' && d[-1] <= '9')
			d--;
		*num = strtol(d, NULL, 10);
		d = memmem(o, (size_t)(k - o), "<<", 2);
		e = memmem(k, n - (size_t)(k - p), "endobj", 6);
		if (d == NULL || e == NULL)
			return -1;
		while (e > d && (e[-1] == '\n' || e[-1] == '\r' ||
		    e[-1] == ' '))
			e--;
		if (e - d < 4 || memcmp(e - 2, ">>", 2) != 0)
			return -1;
		*dict = d;
		*dlen = (size_t)(e - d);
		return 0;
	}
	return -1;
}

static long
trailer_num(const char *t, size_t n, const char *key)
{
	const char	*k = memmem(t, n, key, strlen(key));

	return k != NULL ? strtol(k + strlen(key), NULL, 10) : -1;
}

/* Who signs, with what, and what the signature came to carry. */
struct signing {
	EVP_PKEY		*key;
	X509			*cert;
	STACK_OF(X509)		*chain;		/* may be NULL */
	const struct copy_ltv	*ltv;		/* may be NULL */
	int			 level;		/* COPY_PADES_* reached */
	STACK_OF(X509)		*tsacerts;	/* the token's, for the DSS */
};

const char *
copy_pades_name(int level)
{
	return level == COPY_PADES_B_LT ? "B-LT" : level == COPY_PADES_B_T ?
	    "B-T" : "B-B";
}

/*
 * Adds t's token over si's signature value as its unsigned attribute
 * signatureTimeStampToken (it signs the signature, so it comes after),
 * and the token's certificates into *certs.  0, or -1 with why in err.
 */
static int
add_timestamp(CMS_SignerInfo *si, const struct copy_tsa *t,
    STACK_OF(X509) **certs, char *err, size_t errsz)
{
	ASN1_OCTET_STRING	*sv = CMS_SignerInfo_get0_signature(si);
	const unsigned char	*p;
	unsigned char		*tok = NULL;
	size_t			 toklen;
	PKCS7			*p7;

	if (copy_tsa_stamp(t, ASN1_STRING_get0_data(sv),
	    (size_t)ASN1_STRING_length(sv), &tok, &toklen, err, errsz) != 0)
		return -1;
	if (!CMS_unsigned_add1_attr_by_NID(si,
	    NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, tok,
	    (int)toklen)) {
		OPENSSL_free(tok);
		return crypto_err("the time-stamp attribute", err, errsz);
	}
	p = tok;
	p7 = d2i_PKCS7(NULL, &p, (long)toklen);
	if (p7 != NULL && PKCS7_type_is_signed(p7) &&
	    p7->d.sign->cert != NULL)
		*certs = X509_chain_up_ref(p7->d.sign->cert);
	crypto_clear();
	PKCS7_free(p7);
	OPENSSL_free(tok);
	return 0;
}

/*
 * The CMS signature of the two ranges of b by s, DER into *der, with a
 * time-stamp when s->ltv asks for one.  0, or -1 with why in err,
 * COPY_SIGN_ETSA when the authority gave none; 0 with its failure in err
 * when s->ltv->tsa_optional lets it be.
 */
static int
cms_of(const struct buf *b, const size_t *br, struct signing *s,
    unsigned char **der, int *derlen, char *err, size_t errsz)
{
	ESS_SIGNING_CERT_V2	*ess = NULL;
	CMS_ContentInfo		*cms = NULL;
	CMS_SignerInfo		*si;
	unsigned char		*a = NULL;
	BIO			*in = NULL;
	int			 alen, rc = -1;
	unsigned int		 fl = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL |
				    CMS_NOSMIMECAP;

	*der = NULL;
	in = BIO_new(BIO_s_mem());
	if (in == NULL || BIO_write(in, b->p, (int)br[1]) != (int)br[1] ||
	    BIO_write(in, b->p + br[2], (int)br[3]) != (int)br[3])
		goto out;
	cms = CMS_sign(NULL, NULL, s->chain, NULL, fl);
	si = cms != NULL ? CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(),
	    fl) : NULL;
	if (si == NULL) {
		rc = crypto_err("the key does not sign with the "
		    "certificate", err, errsz);
		goto out;
	}
	/* PAdES: which certificate signed, bound into the signature. */
	ess = OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), s->cert, NULL,
	    0);
	alen = ess != NULL ? i2d_ESS_SIGNING_CERT_V2(ess, &a) : -1;
	if (alen <= 0 || !CMS_signed_add1_attr_by_NID(si,
	    NID_id_smime_aa_signingCertificateV2, V_ASN1_SEQUENCE, a, alen)) {
		rc = crypto_err("the signing certificate attribute", err,
		    errsz);
		goto out;
	}
	if (!CMS_final(cms, in, NULL, fl)) {
		rc = crypto_err("signing", err, errsz);
		goto out;
	}
	if (s->ltv != NULL && s->ltv->tsa != NULL) {
		if (add_timestamp(si, s->ltv->tsa, &s->tsacerts, err,
		    errsz) == 0)
			s->level = COPY_PADES_B_T;
		else if (!s->ltv->tsa_optional) {
			rc = COPY_SIGN_ETSA;
			goto out;
		}
	}
	*derlen = i2d_CMS_ContentInfo(cms, der);
	rc = *derlen > 0 ? 0 : crypto_err("encoding the signature", err,
	    errsz);
out:
	if (rc != 0 && err[0] == '\0')
		snprintf(err, errsz, "out of memory");
	OPENSSL_free(a);
	ESS_SIGNING_CERT_V2_free(ess);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return rc;
}

/* The file at path into b (empty), at most PDF_MAX bytes: 0, or -1 with
 * why in err (b is then freed). */
static int
read_whole(const char *path, struct buf *b, char *err, size_t errsz)
{
	FILE	*fp;

	fp = fopen(path, "rb");
	if (fp == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		char	 chunk[65536];
		size_t	 got = fread(chunk, 1, sizeof(chunk), fp);

		if (got == 0)
			break;
		buf_add(b, chunk, got);
		if (b->len > PDF_MAX)
			b->err = 1;
	}
	fclose(fp);
	if (b->err || b->len < 64) {
		free(b->p);
		b->p = NULL;
		snprintf(err, errsz, "%s: cannot be read whole", path);
		return -1;
	}
	return 0;
}

/*
 * The signature's object, number size, at the end of b: its /Contents
 * reserved as zeros between offsets *c0 and *c1, its /ByteRange as
 * spaces at *brpos, both for later.
 */
static void
append_sig(struct buf *b, long size, const char *name, size_t sigmax,
    size_t *brpos, size_t *c0, size_t *c1)
{
	char		 stamp[32];
	struct tm	 tm;
	time_t		 now = time(NULL);
	size_t		 i;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "D:%Y%m%d%H%M%SZ", &tm);
	buf_fmt(b, "%ld 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite "
	    "/SubFilter /ETSI.CAdES.detached /ByteRange [", size);
	*brpos = b->len;
	buf_add(b, "0 0000000000 0000000000 0000000000", 34);
	buf_fmt(b, "] /M (%s) /Name ", stamp);
	text_string(b, name);
	buf_add(b, " /Contents ", 11);
	*c0 = b->len;
	buf_add(b, "<", 1);
	for (i = 0; i < 2 * sigmax; i++)
		buf_add(b, "0", 1);
	buf_add(b, ">", 1);
	*c1 = b->len;
	buf_add(b, " >>\nendobj\n", 11);
}

/*
 * The update's cross-reference section at the end of b: the new objects
 * size and size + 1 at off[0] and off[1], the page and the catalog again
 * at off[2] and off[3], and the trailer over the previous one (prev).
 * Returns where the section starts, for the next update's /Prev.
 */
static size_t
append_xref(struct buf *b, long size, const size_t *off, long page,
    long cat, long root, long info, long prev)
{
	size_t	 at = b->len;

	buf_fmt(b, "xref\n0 1\n0000000000 65535 f \n%ld 2\n%010zu 00000 n \n"
	    "%010zu 00000 n \n", size, off[0], off[1]);
	if (page < cat)
		buf_fmt(b, "%ld 1\n%010zu 00000 n \n%ld 1\n%010zu 00000 n \n",
		    page, off[2], cat, off[3]);
	else
		buf_fmt(b, "%ld 1\n%010zu 00000 n \n%ld 1\n%010zu 00000 n \n",
		    cat, off[3], page, off[2]);
	buf_fmt(b, "trailer\n<< /Size %ld /Root %ld 0 R", size + 2, root);
	if (info > 0)
		buf_fmt(b, " /Info %ld 0 R", info);
	buf_fmt(b, " /Prev %ld >>\nstartxref\n%zu\n%%%%EOF\n", prev, at);
	return at;
}

/*
 * Signs the update in b: its /ByteRange (at brpos) covers all but the
 * <...> of /Contents (c0 to c1), into which the CMS signature goes in
 * hex.  0, or -1 with why in err; b stays the caller's to free.
 */
static int
sign_update(struct buf *b, size_t brpos, size_t c0, size_t c1,
    struct signing *s, char *err, size_t errsz)
{
	unsigned char	*der = NULL;
	size_t		 br[4];
	char		 rb[64];
	int		 derlen = 0, n, rc;

	/* Everything but the <...> of /Contents is signed. */
	br[0] = 0;
	br[1] = c0;
	br[2] = c1;
	br[3] = b->len - c1;
	n = snprintf(rb, sizeof(rb), "0 %-10zu %-10zu %-10zu", br[1], br[2],
	    br[3]);
	if (n != 34) {
		snprintf(err, errsz, "the PDF is too large to sign");
		return -1;
	}
	memcpy(b->p + brpos, rb, 34);
	rc = cms_of(b, br, s, &der, &derlen, err, errsz);
	if (rc != 0)
		return rc;
	if ((size_t)derlen > (c1 - c0 - 2) / 2) {
		OPENSSL_free(der);
		snprintf(err, errsz, "the signature is larger than %zu bytes "
		    "(a long certificate chain?)", (c1 - c0 - 2) / 2);
		return -1;
	}
	(void)hex_encode(der, (size_t)derlen, b->p + c0 + 1);
	OPENSSL_free(der);
	return 0;
}

/* The len bytes at p as the file at path, in a new file renamed over
 * the old: all or nothing.  0, or -1 with why in err. */
static int
write_over(const char *path, const char *p, size_t len, char *err,
    size_t errsz)
{
	FILE	*fp;
	char	 tmp[4096];
	int	 fd;

	snprintf(tmp, sizeof(tmp), "%s.sign-%ld", path, (long)getpid());
	/* Only ours, and no link followed: the copy is personal data. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	fp = fd != -1 ? fdopen(fd, "wb") : NULL;
	if (fp == NULL && fd != -1)
		close(fd);
	if (fp == NULL || fwrite(p, 1, len, fp) != len ||
	    fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		snprintf(err, errsz, "%s: %s", tmp, strerror(errno));
		if (fp != NULL)
			fclose(fp);
		unlink(tmp);
		return -1;
	}
	if (fclose(fp) != 0 || rename(tmp, path) != 0) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* The catalog cat again: cdict (its first dictionary, "<<...>>") with the
 * signature field and, when dss > 0, the Document Security Store. */
static void
append_catalog(struct buf *b, long cat, long field, long dss,
    const char *cdict)
{
	buf_fmt(b, "%ld 0 obj\n<< ", cat);
	if (dss > 0)
		buf_fmt(b, "/DSS %ld 0 R ", dss);
	buf_fmt(b, "/AcroForm << /Fields [%ld 0 R] /SigFlags 3 >>", field);
	buf_add(b, cdict + 2, strlen(cdict) - 2);
	buf_add(b, "\nendobj\n", 8);
}

/* Whether s holds a certificate equal to x. */
static int
has_cert(STACK_OF(X509) *s, const X509 *x)
{
	int	 i;

	for (i = 0; i < sk_X509_num(s); i++)
		if (X509_cmp(sk_X509_value(s, i), x) == 0)
			return 1;
	return 0;
}

/* Every certificate a verifier needs, once: the signer's, its chain, the
 * authority's token's and its CA.  The stack holds no references. */
static STACK_OF(X509) *
dss_certs(const struct signing *s)
{
	STACK_OF(X509)	*all = sk_X509_new_null(), *from[3];
	size_t		 j;
	int		 i;

	from[0] = s->chain;
	from[1] = s->tsacerts;
	from[2] = s->ltv->tsa->cacerts;
	if (all == NULL || sk_X509_push(all, s->cert) == 0) {
		sk_X509_free(all);
		return NULL;
	}
	for (j = 0; j < sizeof(from) / sizeof(from[0]); j++)
		for (i = 0; i < sk_X509_num(from[j]); i++)
			if (!has_cert(all, sk_X509_value(from[j], i)) &&
			    sk_X509_push(all, sk_X509_value(from[j], i)) == 0) {
				sk_X509_free(all);
				return NULL;
			}
	return all;
}

/* Object num, a stream of the len bytes of der (a certificate or a CRL),
 * at the end of b, its offset in *off.  len <= 0 makes b's error. */
static void
append_stream(struct buf *b, long num, const unsigned char *der, int len,
    size_t *off)
{
	*off = b->len;
	if (len <= 0) {
		b->err = 1;
		return;
	}
	buf_fmt(b, "%ld 0 obj\n<< /Length %d >>\nstream\n", num, len);
	buf_add(b, der, (size_t)len);
	buf_add(b, "\nendstream\nendobj\n", 18);
}

/* Where the signed file's objects and trailer stand, for the update that
 * follows the signature. */
struct pdf_tail {
	long		 size;		/* the next free object number */
	long		 cat, field, root, info;
	size_t		 prev;		/* the last xref section */
	const char	*cdict;		/* the catalog's dictionary */
};

/*
 * The DSS update at the end of b (PAdES B-LT): a stream object for each
 * certificate and CRL, the /DSS dictionary naming them, the catalog
 * pointing to it, and their cross-reference section.  0, or -1 when out
 * of memory (b's error).
 */
static int
append_dss(struct buf *b, const struct signing *s, const struct pdf_tail *t)
{
	STACK_OF(X509)	*certs = dss_certs(s);
	STACK_OF(X509_CRL) *crls = s->ltv->crls;
	unsigned char	*der;
	size_t		*off, at, catoff;
	long		 n, nc, nr, i;
	int		 len;

	nc = certs != NULL ? sk_X509_num(certs) : 0;
	nr = sk_X509_CRL_num(crls) > 0 ? sk_X509_CRL_num(crls) : 0;
	off = calloc((size_t)(nc + nr + 1), sizeof(*off));
	if (certs == NULL || off == NULL) {
		sk_X509_free(certs);
		free(off);
		return -1;
	}
	for (i = 0, n = t->size; i < nc + nr; i++, n++) {
		der = NULL;
		if (i < nc)
			len = i2d_X509(sk_X509_value(certs, i), &der);
		else
			len = i2d_X509_CRL(sk_X509_CRL_value(crls, i - nc),
			    &der);
		append_stream(b, n, der, len, &off[i]);
		OPENSSL_free(der);
	}
	off[nc + nr] = b->len;
	buf_fmt(b, "%ld 0 obj\n<< /Type /DSS /Certs [", n);
	for (i = 0; i < nc; i++)
		buf_fmt(b, " %ld 0 R", t->size + i);
	buf_add(b, " ]", 2);
	if (nr > 0) {
		buf_add(b, " /CRLs [", 8);
		for (i = nc; i < nc + nr; i++)
			buf_fmt(b, " %ld 0 R", t->size + i);
		buf_add(b, " ]", 2);
	}
	buf_add(b, " >>\nendobj\n", 11);
	catoff = b->len;
	append_catalog(b, t->cat, t->field, n, t->cdict);
	at = b->len;
	buf_fmt(b, "xref\n0 1\n0000000000 65535 f \n%ld 1\n%010zu 00000 n \n"
	    "%ld %ld\n", t->cat, catoff, t->size, nc + nr + 1);
	for (i = 0; i <= nc + nr; i++)
		buf_fmt(b, "%010zu 00000 n \n", off[i]);
	buf_fmt(b, "trailer\n<< /Size %ld /Root %ld 0 R", n + 1, t->root);
	if (t->info > 0)
		buf_fmt(b, " /Info %ld 0 R", t->info);
	buf_fmt(b, " /Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n", t->prev, at);
	sk_X509_free(certs);
	free(off);
	return b->err ? -1 : 0;
}

/*
 * The signature update of b for the page pdict (object page) and the
 * catalog t->cdict, signed by s, then the DSS update when the signature
 * got its time-stamp.  0, or -1 with why in err.
 */
static int
sign_and_store(struct buf *b, long page, const char *pdict,
    struct pdf_tail *t, long prev, const char *name, struct signing *s,
    char *err, size_t errsz)
{
	size_t	 off[4], c0, c1, brpos;
	int	 ts = s->ltv != NULL && s->ltv->tsa != NULL, rc;

	buf_add(b, "\n", 1);
	/* The signature's value: its /Contents reserved, zeros for now. */
	off[0] = b->len;
	append_sig(b, t->size, name, ts ? SIG_MAX_TS : SIG_MAX, &brpos, &c0,
	    &c1);
	/* The field, a widget with no area on the page. */
	off[1] = b->len;
	t->field = t->size + 1;
	buf_fmt(b, "%ld 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig "
	    "/T (Signature1) /V %ld 0 R /Rect [0 0 0 0] /F 132 /P %ld 0 R "
	    ">>\nendobj\n", t->field, t->size, page);
	/* The page and the catalog again, now with the field. */
	off[2] = b->len;
	buf_fmt(b, "%ld 0 obj\n<< /Annots [%ld 0 R]", page, t->field);
	buf_add(b, pdict + 2, strlen(pdict) - 2);
	buf_add(b, "\nendobj\n", 8);
	off[3] = b->len;
	append_catalog(b, t->cat, t->field, 0, t->cdict);
	t->prev = append_xref(b, t->size, off, page, t->cat, t->root,
	    t->info, prev);
	t->size += 2;
	if (b->err) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	rc = sign_update(b, brpos, c0, c1, s, err, errsz);
	if (rc != 0)
		return rc;
	if (s->level == COPY_PADES_B_T) {
		if (append_dss(b, s, t) != 0) {
			snprintf(err, errsz, "out of memory");
			return -1;
		}
		if (sk_X509_CRL_num(s->ltv->crls) > 0)
			s->level = COPY_PADES_B_LT;
	}
	return 0;
}

int
copy_pdf_sign(const char *path, EVP_PKEY *key, X509 *cert,
    STACK_OF(X509) *chain, const char *name, const struct copy_ltv *ltv,
    int *level, char *err, size_t errsz)
{
	struct buf	 b = { 0 };	/* the file, growing */
	struct signing	 s = { key, cert, chain, ltv, COPY_PADES_B_B, NULL };
	struct pdf_tail	 t;
	const char	*sx, *tr, *pd, *cd;
	size_t		 pl, cl;
	long		 prev, page;
	char		*pdict = NULL, *cdict = NULL;
	int		 rc = -1;

	err[0] = '\0';
	memset(&t, 0, sizeof(t));
	if (read_whole(path, &b, err, errsz) != 0)
		return -1;
	/* The file's last trailer and the objects to extend. */
	sx = last(b.p, b.len, "startxref");
	tr = last(b.p, b.len, "trailer");
	if (sx == NULL || tr == NULL || tr > sx ||
	    find_obj(b.p, b.len, "/Type /Page", &page, &pd, &pl) != 0 ||
	    find_obj(b.p, b.len, "/Type /Catalog", &t.cat, &cd, &cl) != 0 ||
	    memmem(pd, pl, "/Annots", 7) != NULL ||
	    memmem(cd, cl, "/AcroForm", 9) != NULL) {
		snprintf(err, errsz, "%s: not a PDF this signs (one page, "
		    "classic xref, not signed yet)", path);
		goto out;
	}
	prev = strtol(sx + 9, NULL, 10);
	t.size = trailer_num(tr, (size_t)(sx - tr), "/Size ");
	t.root = trailer_num(tr, (size_t)(sx - tr), "/Root ");
	t.info = trailer_num(tr, (size_t)(sx - tr), "/Info ");
	if (prev <= 0 || t.size <= 0 || t.root != t.cat) {
		snprintf(err, errsz, "%s: its trailer is not understood", path);
		goto out;
	}
	/* Copies of the two dictionaries, before b moves. */
	pdict = strndup(pd, pl);
	cdict = strndup(cd, cl);
	if (pdict == NULL || cdict == NULL) {
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	t.cdict = cdict;
	rc = sign_and_store(&b, page, pdict, &t, prev, name, &s, err, errsz);
	if (rc != 0)
		goto out;
	/* A failure the config lets pass is in err for the caller. */
	rc = write_over(path, b.p, b.len, err, errsz) == 0 ? 0 : -1;
	if (level != NULL)
		*level = s.level;
out:
	sk_X509_pop_free(s.tsacerts, X509_free);
	free(pdict);
	free(cdict);
	free(b.p);
	return rc;
}
