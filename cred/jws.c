/*
 * jws.c: the issuer's Ed25519 key, its JWK and thumbprint, and compact
 * JWS signing (see jws.h).
 *
 * The key is OpenSSL's EVP_PKEY, read from PEM, as copy/ reads its
 * signing key: so `openssl pkeyutl -sign` can sign with the same file
 * (bench/), and the key never passes through our own parser.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "b64.h"
#include "buf.h"
#include "cryptoerr.h"
#include "jws.h"
#include "sha256.h"

#define ED_PUBLEN	32
#define KID_MAX		48

struct cred_key {
	EVP_PKEY	*pkey;
	char		 x[B64_ENCLEN(ED_PUBLEN) + 1]; /* base64url */
	char		 kid[KID_MAX];
};

int
cred_sha256_b64url(const void *s, size_t len, char *out, size_t outsz)
{
	uint8_t	 h[SHA256_LEN];

	if (sha256_2(s, len, NULL, 0, h) != 0)
		return -1;
	return b64url_encode(h, sizeof(h), out, outsz) < 0 ? -1 : 0;
}

/* x and the RFC 7638 thumbprint of the key's public half. */
static int
key_names(struct cred_key *k, char *err, size_t errsz)
{
	uint8_t	 pub[ED_PUBLEN];
	size_t	 len = sizeof(pub);
	char	 members[128];
	int	 n;

	if (EVP_PKEY_get_raw_public_key(k->pkey, pub, &len) != 1 ||
	    len != ED_PUBLEN)
		return crypto_err("the credential key's public half", err,
		    errsz);
	if (b64url_encode(pub, len, k->x, sizeof(k->x)) < 0)
		return -1;
	/* The required members, sorted, no white space (RFC 7638 3.2). */
	n = snprintf(members, sizeof(members),
	    "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"%s\"}", k->x);
	if (n < 0 || (size_t)n >= sizeof(members) ||
	    cred_sha256_b64url(members, (size_t)n, k->kid,
	    sizeof(k->kid)) != 0) {
		snprintf(err, errsz, "cannot make the key's thumbprint");
		return -1;
	}
	return 0;
}

/* The private key file at path, opened, unless others may read it. */
static FILE *
key_open(const char *path, char *err, size_t errsz)
{
	struct stat	 sb;
	FILE		*fp;
	int		 fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1 || fstat(fd, &sb) == -1) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return NULL;
	}
	/* Whoever reads it can issue diplomas in the department's name. */
	if (sb.st_mode & 077) {
		close(fd);
		snprintf(err, errsz, "%s: others may read this private key "
		    "(mode %04o): run chmod 600 %s", path,
		    (unsigned)(sb.st_mode & 07777), path);
		return NULL;
	}
	fp = fdopen(fd, "r");
	if (fp == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		close(fd);
	}
	return fp;
}

int
cred_key_load(const char *path, struct cred_key **out, char *err,
    size_t errsz)
{
	struct cred_key	*k;
	FILE		*fp;

	*out = NULL;
	fp = key_open(path, err, errsz);
	if (fp == NULL)
		return -1;
	k = calloc(1, sizeof(*k));
	if (k == NULL) {
		fclose(fp);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	k->pkey = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
	fclose(fp);
	if (k->pkey == NULL) {
		free(k);
		return crypto_err(path, err, errsz);
	}
	if (EVP_PKEY_get_id(k->pkey) != EVP_PKEY_ED25519) {
		cred_key_free(k);
		snprintf(err, errsz, "%s: not an Ed25519 private key", path);
		return -1;
	}
	if (key_names(k, err, errsz) != 0) {
		cred_key_free(k);
		return -1;
	}
	*out = k;
	return 0;
}

void
cred_key_free(struct cred_key *k)
{
	if (k == NULL)
		return;
	/* EVP_PKEY_free() wipes the private key. */
	EVP_PKEY_free(k->pkey);
	free(k);
}

const char *
cred_key_kid(const struct cred_key *k)
{
	return k->kid;
}

json_t *
cred_key_jwk(const struct cred_key *k)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kty", "OKP",
	    "crv", "Ed25519", "x", k->x, "kid", k->kid, "alg", "EdDSA",
	    "use", "sig");
}

int
cred_key_sign(const struct cred_key *k, const void *msg, size_t len,
    uint8_t sig[CRED_SIGLEN], char *err, size_t errsz)
{
	EVP_MD_CTX	*c;
	size_t		 sl = CRED_SIGLEN;
	int		 ok;

	c = EVP_MD_CTX_new();
	ok = c != NULL &&
	    EVP_DigestSignInit(c, NULL, NULL, NULL, k->pkey) == 1 &&
	    EVP_DigestSign(c, sig, &sl, msg, len) == 1 && sl == CRED_SIGLEN;
	EVP_MD_CTX_free(c);
	if (!ok)
		return crypto_err("signing a credential", err, errsz);
	return 0;
}

/* base64url of the compact JSON of o, added to b. */
static int
add_b64url_json(struct buf *b, const json_t *o)
{
	char	*s;
	size_t	 len;

	s = json_dumps(o, JSON_COMPACT);
	if (s == NULL)
		return -1;
	len = strlen(s);
	if (buf_reserve(b, B64_ENCLEN(len) + 1) != 0) {
		free(s);
		return -1;
	}
	b->len += (size_t)b64url_encode(s, len, b->p + b->len,
	    B64_ENCLEN(len) + 1);
	free(s);
	return 0;
}

int
cred_jws_sign(const struct cred_key *k, const char *typ,
    const json_t *payload, char **out, char *err, size_t errsz)
{
	struct buf	 b = BUF_INIT;
	json_t		*hdr;
	uint8_t		 sig[CRED_SIGLEN];
	char		 s64[B64_ENCLEN(CRED_SIGLEN) + 1];
	int		 rc;

	*out = NULL;
	hdr = json_pack("{s:s, s:s, s:s}", "alg", "EdDSA", "typ", typ, "kid",
	    k->kid);
	rc = hdr == NULL ? -1 : add_b64url_json(&b, hdr);
	json_decref(hdr);
	if (rc == 0) {
		buf_add(&b, ".", 1);
		rc = add_b64url_json(&b, payload);
	}
	if (rc != 0 || b.err) {
		free(buf_finish(&b, NULL));
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if (cred_key_sign(k, b.p, b.len, sig, err, errsz) != 0) {
		free(buf_finish(&b, NULL));
		return -1;
	}
	b64url_encode(sig, sizeof(sig), s64, sizeof(s64));
	buf_add(&b, ".", 1);
	buf_str(&b, s64);
	*out = buf_finish(&b, NULL);
	if (*out == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	return 0;
}
