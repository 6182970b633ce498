/*
 * tsa.c: the RFC 3161 client of certified copies (see tsa.h): the
 * request, its trip through http/fetch.h, and every check of the answer
 * through OpenSSL's TS API.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ts.h>

#include "cryptoerr.h"
#include "fetch.h"
#include "tsa.h"

#define TSA_ANSWER_MAX	(64 << 10)	/* bytes: a reply is a few KB */
/* A copy is signed inside the registry's write transaction (issue.c), so
 * every other writer waits while the authority answers: 10 s at most. */
#define TSA_CONNECT_MS	5000L
#define TSA_TOTAL_MS	10000L

int
copy_tsa_load(struct copy_tsa *t, const char *url, const char *cafile,
    char *err, size_t errsz)
{
	X509	*x;
	FILE	*fp;

	memset(t, 0, sizeof(*t));
	if (url == NULL || (strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "https://", 8) != 0)) {
		snprintf(err, errsz, "copy-tsa must be an http:// or https:// "
		    "URL");
		return -1;
	}
	if (cafile == NULL) {
		snprintf(err, errsz, "copy-tsa needs copy-tsa-ca, the CA "
		    "certificate its answers are checked against");
		return -1;
	}
	if ((fp = fopen(cafile, "r")) == NULL) {
		snprintf(err, errsz, "%s: %s", cafile, strerror(errno));
		return -1;
	}
	t->url = url;
	t->ca = X509_STORE_new();
	t->cacerts = sk_X509_new_null();
	while (t->ca != NULL && t->cacerts != NULL &&
	    (x = PEM_read_X509(fp, NULL, NULL, NULL)) != NULL) {
		if (X509_STORE_add_cert(t->ca, x) != 1 ||
		    sk_X509_push(t->cacerts, x) == 0) {
			X509_free(x);
			break;
		}
	}
	crypto_clear();
	fclose(fp);
	if (t->ca == NULL || t->cacerts == NULL ||
	    sk_X509_num(t->cacerts) == 0) {
		copy_tsa_clear(t);
		snprintf(err, errsz, "%s: no PEM certificate", cafile);
		return -1;
	}
	return 0;
}

void
copy_tsa_clear(struct copy_tsa *t)
{
	if (t == NULL)
		return;
	X509_STORE_free(t->ca);
	sk_X509_pop_free(t->cacerts, X509_free);
	memset(t, 0, sizeof(*t));
}

/* The request over SHA-256 of sig, with a fresh 64-bit nonce, asking for
 * the authority's certificate: NULL when out of memory. */
static TS_REQ *
make_request(const unsigned char *sig, size_t len)
{
	unsigned char	 md[SHA256_DIGEST_LENGTH], rnd[8];
	TS_REQ		*req = TS_REQ_new();
	TS_MSG_IMPRINT	*mi = TS_MSG_IMPRINT_new();
	X509_ALGOR	*alg = X509_ALGOR_new();
	BIGNUM		*bn = NULL;
	ASN1_INTEGER	*nonce = NULL;
	int		 ok = 0;

	if (req == NULL || mi == NULL || alg == NULL ||
	    RAND_bytes(rnd, sizeof(rnd)) != 1)
		goto out;
	SHA256(sig, len, md);
	bn = BN_bin2bn(rnd, sizeof(rnd), NULL);
	nonce = bn != NULL ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
	ok = nonce != NULL && TS_REQ_set_version(req, 1) &&
	    X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL,
	    NULL) && TS_MSG_IMPRINT_set_algo(mi, alg) &&
	    TS_MSG_IMPRINT_set_msg(mi, md, sizeof(md)) &&
	    TS_REQ_set_msg_imprint(req, mi) && TS_REQ_set_nonce(req, nonce) &&
	    TS_REQ_set_cert_req(req, 1);
out:
	BN_free(bn);
	ASN1_INTEGER_free(nonce);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	if (!ok) {
		TS_REQ_free(req);
		return NULL;
	}
	return req;
}

/* Says in err that the authority at t gave no time-stamp, and why. */
static int
refused(const struct copy_tsa *t, const char *why, char *err, size_t errsz)
{
	snprintf(err, errsz, "the time-stamping authority %s gave no valid "
	    "time-stamp (%s)", t->url, why);
	return -1;
}

/* The answer in ans, parsed: NULL with why in err. */
static TS_RESP *
parse_answer(const struct copy_tsa *t, const struct fetch_answer *ans,
    char *err, size_t errsz)
{
	const unsigned char	*p = (const unsigned char *)ans->body;
	TS_RESP			*resp;
	char			 why[160];

	if (ans->status != 200) {
		snprintf(why, sizeof(why), "it answered HTTP %ld",
		    ans->status);
		(void)refused(t, why, err, errsz);
		return NULL;
	}
	resp = d2i_TS_RESP(NULL, &p, (long)ans->len);
	if (resp == NULL || p != (const unsigned char *)ans->body + ans->len) {
		TS_RESP_free(resp);
		crypto_clear();
		(void)refused(t, "its answer is not an RFC 3161 time-stamp "
		    "response", err, errsz);
		return NULL;
	}
	return resp;
}

/* Whether resp was granted: 0, or -1 with the authority's words in err. */
static int
check_status(const struct copy_tsa *t, TS_RESP *resp, char *err,
    size_t errsz)
{
	TS_STATUS_INFO		*si = TS_RESP_get_status_info(resp);
	const ASN1_INTEGER	*st = TS_STATUS_INFO_get0_status(si);
	const STACK_OF(ASN1_UTF8STRING) *txt = TS_STATUS_INFO_get0_text(si);
	const unsigned char	*p;
	char			 why[200], said[121];
	long			 v = ASN1_INTEGER_get(st);
	int			 i, n = 0;

	/* 0 granted, 1 granted with modifications: a token either way. */
	if ((v == 0 || v == 1) && TS_RESP_get_token(resp) != NULL)
		return 0;
	/* The authority's own words, as printable ASCII: they go to the
	 * log and to the registrar's page. */
	if (txt != NULL && sk_ASN1_UTF8STRING_num(txt) > 0) {
		p = ASN1_STRING_get0_data(sk_ASN1_UTF8STRING_value(txt, 0));
		n = ASN1_STRING_length(sk_ASN1_UTF8STRING_value(txt, 0));
		n = n > 120 ? 120 : n;
		for (i = 0; i < n; i++)
			said[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] :
			    '?';
	}
	said[n] = '\0';
	snprintf(why, sizeof(why), "status %ld%s%s", v, n > 0 ? ": " : "",
	    said);
	return refused(t, why, err, errsz);
}

/* Checks resp against req: imprint, nonce, version, the signature and
 * the signer's chain to t's CA.  0, or -1 with why in err. */
static int
check_answer(const struct copy_tsa *t, TS_REQ *req, TS_RESP *resp,
    char *err, size_t errsz)
{
	TS_VERIFY_CTX	*ctx;
	char		 why[256];
	int		 ok;

	if (check_status(t, resp, err, errsz) != 0)
		return -1;
	ctx = TS_REQ_to_TS_VERIFY_CTX(req, NULL);
	if (ctx == NULL || X509_STORE_up_ref(t->ca) != 1) {
		TS_VERIFY_CTX_free(ctx);
		return crypto_err("out of memory", err, errsz);
	}
	/* The context frees the store it is given: it gets a reference. */
	TS_VERIFY_CTX_set_store(ctx, t->ca);
	TS_VERIFY_CTX_add_flags(ctx, TS_VFY_SIGNATURE);
	ok = TS_RESP_verify_response(ctx, resp);
	TS_VERIFY_CTX_free(ctx);
	if (ok != 1) {
		(void)crypto_err("its token does not check", why, sizeof(why));
		return refused(t, why, err, errsz);
	}
	return 0;
}

int
copy_tsa_stamp(const struct copy_tsa *t, const unsigned char *sig,
    size_t len, unsigned char **token, size_t *toklen, char *err,
    size_t errsz)
{
	struct fetch_limits	 lim = { TSA_ANSWER_MAX, TSA_CONNECT_MS,
				    TSA_TOTAL_MS };
	struct fetch_answer	 ans = { 0 };
	TS_REQ			*req;
	TS_RESP			*resp = NULL;
	unsigned char		*der = NULL;
	char			 why[256];
	int			 derlen, n, rc = -1;

	*token = NULL;
	req = make_request(sig, len);
	derlen = req != NULL ? i2d_TS_REQ(req, &der) : -1;
	if (derlen <= 0) {
		TS_REQ_free(req);
		return crypto_err("the time-stamp request", err, errsz);
	}
	if (fetch_post(t->url, "application/timestamp-query", der,
	    (size_t)derlen, &lim, &ans, why, sizeof(why)) != 0) {
		(void)refused(t, why, err, errsz);
		goto out;
	}
	resp = parse_answer(t, &ans, err, errsz);
	if (resp == NULL || check_answer(t, req, resp, err, errsz) != 0)
		goto out;
	*token = NULL;
	n = i2d_PKCS7(TS_RESP_get_token(resp), token);
	if (n <= 0) {
		(void)crypto_err("the time-stamp token", err, errsz);
		goto out;
	}
	*toklen = (size_t)n;
	rc = 0;
out:
	OPENSSL_free(der);
	fetch_answer_clear(&ans);
	TS_RESP_free(resp);
	TS_REQ_free(req);
	return rc;
}
