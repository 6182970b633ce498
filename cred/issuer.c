/*
 * issuer.c: the issuer's identity, its metadata documents and the signed
 * status list token (see issuer.h).
 *
 * The token is the registry's packed bits, zlib-compressed (RFC 1950, as
 * the draft's section 4.1 wants), base64url, in a JWT of typ
 * statuslist+jwt signed with the issuer's key.  It is cached with the
 * list's version, so a status read by many verifiers costs one signature
 * per change, not one per request.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <zlib.h>

#include "b64.h"
#include "field.h"
#include "issuer.h"
#include "statuslist.h"

#define URL_MAX		512

struct cred_issuer {
	struct cred_key	*key;
	char		 iss[URL_MAX - 64];	/* room for the paths */
	char		 vct[URL_MAX];
	char		 status_uri[URL_MAX];
	pthread_mutex_t	 mu;		/* guards the token's */
	char		*token;
	uint64_t	 token_version;
	int64_t		 token_time;
};

/* A field's English label in the type metadata (Vietnamese: field.h). */
static const char *const labels_en[FIELD_COUNT] = {
	NULL, "Full name", "Date of birth", "Place of birth", "Sex",
	"Ethnicity", "School", "Classification", "Serial number",
	"Register number", "Notes", NULL,
};

/* The path-less URL u without a trailing / into out. */
static int
url_base(const char *u, char *out, size_t sz, char *err, size_t errsz)
{
	const char	*host;
	size_t		 len;

	if (strncmp(u, "https://", 8) == 0)
		host = u + 8;
	else if (strncmp(u, "http://", 7) == 0)
		host = u + 7;
	else
		host = NULL;
	len = strlen(u);
	while (len > 0 && u[len - 1] == '/')
		len--;
	if (host == NULL || host[0] == '\0' || host[0] == '/' ||
	    memchr(host, '/', len - (size_t)(host - u)) != NULL ||
	    strpbrk(u, "?#\"\\ ") != NULL || len + 64 >= sz) {
		snprintf(err, errsz, "the issuer is the public service's "
		    "address, https://host, without a path");
		return -1;
	}
	memcpy(out, u, len);
	out[len] = '\0';
	return 0;
}

int
cred_issuer_new(const char *keyfile, const char *public_url,
    struct cred_issuer **out, char *err, size_t errsz)
{
	struct cred_issuer	*ci;

	*out = NULL;
	ci = calloc(1, sizeof(*ci));
	if (ci == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if (url_base(public_url, ci->iss, sizeof(ci->iss), err, errsz) != 0 ||
	    cred_key_load(keyfile, &ci->key, err, errsz) != 0) {
		free(ci);
		return -1;
	}
	/* url_base() left room for the longest suffix. */
	snprintf(ci->vct, sizeof(ci->vct), "%s%s", ci->iss, CRED_VCT_PATH);
	snprintf(ci->status_uri, sizeof(ci->status_uri), "%s%s", ci->iss,
	    CRED_STATUS_PATH);
	pthread_mutex_init(&ci->mu, NULL);
	*out = ci;
	return 0;
}

void
cred_issuer_free(struct cred_issuer *ci)
{
	if (ci == NULL)
		return;
	cred_key_free(ci->key);
	free(ci->token);
	pthread_mutex_destroy(&ci->mu);
	free(ci);
}

const struct cred_key *
cred_issuer_key(const struct cred_issuer *ci)
{
	return ci->key;
}

const char *
cred_issuer_iss(const struct cred_issuer *ci)
{
	return ci->iss;
}

const char *
cred_issuer_vct(const struct cred_issuer *ci)
{
	return ci->vct;
}

const char *
cred_issuer_status_uri(const struct cred_issuer *ci)
{
	return ci->status_uri;
}

/* o as JSON text into *out, o released. */
static int
dump(json_t *o, char **out, char *err, size_t errsz)
{
	*out = o == NULL ? NULL : json_dumps(o, JSON_INDENT(1) |
	    JSON_PRESERVE_ORDER);
	json_decref(o);
	if (*out == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	return 0;
}

int
cred_issuer_metadata(const struct cred_issuer *ci, char **out, char *err,
    size_t errsz)
{
	json_t	*jwk = cred_key_jwk(ci->key);

	return dump(jwk == NULL ? NULL : json_pack("{s:s, s:{s:[o]}}",
	    "issuer", ci->iss, "jwks", "keys", jwk), out, err, errsz);
}

/* The claims of the type metadata: one per field, disclosable. */
static json_t *
claims_meta(void)
{
	json_t	*a = json_array(), *c;
	int	 i;

	for (i = 0; a != NULL && i < FIELD_COUNT; i++) {
		if (labels_en[i] == NULL)
			continue;
		c = json_pack("{s:[s], s:[{s:s, s:s}, {s:s, s:s}], s:s}",
		    "path", field_key((enum field)i), "display", "locale",
		    "vi-VN", "label", field_label((enum field)i), "locale",
		    "en-US", "label", labels_en[i], "sd", "always");
		if (c == NULL || json_array_append_new(a, c) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

int
cred_type_metadata(const struct cred_issuer *ci, char **out, char *err,
    size_t errsz)
{
	json_t	*claims = claims_meta();

	if (claims == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	return dump(json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s}, "
	    "{s:s, s:s, s:s}], s:o}", "vct", ci->vct, "name",
	    "Vietnamese diploma (văn bằng)", "description", "A diploma "
	    "recorded in a Vietnamese department of education's register "
	    "(sổ gốc), as its registry holds it now.", "display", "locale",
	    "vi-VN", "name", "Văn bằng tốt nghiệp", "description",
	    "Văn bằng ghi trong sổ gốc của Sở Giáo dục và Đào tạo",
	    "locale", "en-US", "name", "Diploma", "description",
	    "A diploma recorded in the department's register", "claims",
	    claims), out, err, errsz);
}

/* base64url(zlib(bits)) into a malloc'd *lst. */
static int
compress_bits(const uint8_t *bits, size_t len, char **lst, char *err,
    size_t errsz)
{
	static const uint8_t	 none[1];
	uLongf			 zlen;
	uint8_t			*z;
	size_t			 cap;

	/* A list of no credential yet is one byte of valid statuses. */
	if (len == 0) {
		bits = none;
		len = 1;
	}
	zlen = compressBound((uLong)len);
	z = malloc(zlen);
	*lst = NULL;
	if (z == NULL || compress2(z, &zlen, bits, (uLong)len, 9) != Z_OK) {
		free(z);
		snprintf(err, errsz, "cannot compress the status list");
		return -1;
	}
	cap = B64_ENCLEN(zlen) + 1;
	*lst = malloc(cap);
	if (*lst != NULL)
		b64url_encode(z, zlen, *lst, cap);
	free(z);
	if (*lst == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	return 0;
}

/* Signs a new token of bits at now into a malloc'd *out. */
static int
sign_token(struct cred_issuer *ci, const uint8_t *bits, size_t len,
    int64_t now, char **out, char *err, size_t errsz)
{
	json_t	*p;
	char	*lst;
	int	 rc;

	if (compress_bits(bits, len, &lst, err, errsz) != 0)
		return -1;
	p = json_pack("{s:s, s:I, s:I, s:I, s:{s:i, s:s}}", "sub",
	    ci->status_uri, "iat", (json_int_t)now, "exp",
	    (json_int_t)(now + 24 * 3600), "ttl", (json_int_t)CRED_STATUS_TTL,
	    "status_list", "bits", 1, "lst", lst);
	free(lst);
	if (p == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	rc = cred_jws_sign(ci->key, "statuslist+jwt", p, out, err, errsz);
	json_decref(p);
	return rc;
}

int
cred_status_token(struct cred_issuer *ci, struct store *st, int64_t now,
    char **out, char *err, size_t errsz)
{
	struct store_rd	*rd;
	uint8_t		*bits = NULL;
	size_t		 len;
	uint64_t	 version;
	char		*tok = NULL;
	int		 rc;

	*out = NULL;
	rc = store_rd_begin(st, &rd);
	if (rc == STORE_OK) {
		rc = statuslist_bits(rd, &bits, &len, &version);
		store_rd_end(rd);
	}
	if (rc != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		return -1;
	}
	pthread_mutex_lock(&ci->mu);
	if (ci->token == NULL || ci->token_version != version ||
	    now - ci->token_time >= CRED_STATUS_TTL || now < ci->token_time) {
		rc = sign_token(ci, bits, len, now, &tok, err, errsz);
		if (rc == 0) {
			free(ci->token);
			ci->token = tok;
			ci->token_version = version;
			ci->token_time = now;
		}
	}
	if (rc == 0) {
		*out = strdup(ci->token);
		if (*out == NULL) {
			snprintf(err, errsz, "out of memory");
			rc = -1;
		}
	}
	pthread_mutex_unlock(&ci->mu);
	free(bits);
	return rc;
}
