/*
 * sdjwt.c: issuing a diploma as an SD-JWT VC (see sdjwt.h).
 *
 * The salts are fresh, 16 random bytes per disclosure, not the
 * registry's field salts.  Reusing those would make every credential of
 * a record carry the same digests, so that two verifiers shown two
 * credentials could link them by the undisclosed digests alone, and it
 * would hand anyone shown one field the salt that opens the same field's
 * digest in the public log's leaf, for ever; SD-JWT wants a salt per
 * disclosure (RFC 9901, section 4.2.1) for that reason.  A holder who
 * wants the log's proof of a field asks for a receipt, which discloses
 * the registry's salt on purpose.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/rand.h>

#include "b64.h"
#include "buf.h"
#include "sdjwt.h"
#include "statuslist.h"

#define SALT_LEN	16
/* The encoder's room for a SHA-256. */
#define DIGEST_B64	(B64_ENCLEN(32) + 1)

/* The claims besides the ledger's fields: the diploma's attributes. */
static const struct {
	enum event_attr	 attr;
	const char	*claim;
} attr_claims[] = {
	{ EVENT_AUTHORITY, "issuing_authority" },
	{ EVENT_TYPE, "diploma_type" },
	{ EVENT_YEAR, "graduation_year" },
};

/*
 * One disclosure base64url(JSON [salt, name, value]) added to the
 * SD-JWT in b with its `~`, and its digest added to sd.
 */
static int
disclose(struct buf *b, json_t *sd, const char *name, const char *value)
{
	uint8_t	 salt[SALT_LEN];
	char	 salt64[B64_ENCLEN(SALT_LEN) + 1], digest[DIGEST_B64];
	char	*json;
	size_t	 len, start;
	json_t	*arr;
	int	 rc = -1;

	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return -1;
	b64url_encode(salt, sizeof(salt), salt64, sizeof(salt64));
	arr = json_pack("[s, s, s]", salt64, name, value);
	json = arr == NULL ? NULL : json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	if (json == NULL)
		return -1;
	len = strlen(json);
	start = b->len;
	if (buf_reserve(b, B64_ENCLEN(len) + 2) == 0) {
		b->len += (size_t)b64url_encode(json, len, b->p + b->len,
		    B64_ENCLEN(len) + 1);
		/* The digest is over the disclosure's ASCII spelling. */
		if (cred_sha256_b64url(b->p + start, b->len - start, digest,
		    sizeof(digest)) == 0 &&
		    json_array_append_new(sd, json_string(digest)) == 0) {
			buf_add(b, "~", 1);
			rc = 0;
		}
	}
	free(json);
	return rc;
}

/* Sorts digests, so their order says nothing of the claims'. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static json_t *
sorted(json_t *sd)
{
	const char	**v;
	json_t		 *out;
	size_t		  i, n = json_array_size(sd);

	v = calloc(n + 1, sizeof(*v));
	if (v == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		v[i] = json_string_value(json_array_get(sd, i));
	qsort(v, n, sizeof(*v), cmp_str);
	out = json_array();
	for (i = 0; out != NULL && i < n; i++)
		json_array_append_new(out, json_string(v[i]));
	free(v);
	return out;
}

/* Every field and attribute of ev disclosed into b, digests into sd. */
static int
disclose_all(struct buf *b, json_t *sd, const struct event *ev)
{
	const char	*v;
	size_t		 i;
	int		 f;

	for (i = 0; i < sizeof(attr_claims) / sizeof(*attr_claims); i++)
		if (ev->attr[attr_claims[i].attr] != NULL &&
		    disclose(b, sd, attr_claims[i].claim,
		    ev->attr[attr_claims[i].attr]) != 0)
			return -1;
	for (f = 0; f < FIELD_COUNT; f++) {
		v = ev->field[f].value;
		if (event_field_allowed((enum field)f) && v != NULL &&
		    v[0] != '\0' && disclose(b, sd, field_key((enum field)f),
		    v) != 0)
			return -1;
	}
	return 0;
}

/* The wallet's public JWK for cnf, or NULL with err said. */
static json_t *
holder_key(const char *text, char *err, size_t errsz)
{
	static const char *const private[] = {
		"d", "p", "q", "dp", "dq", "qi", "k",
	};
	json_error_t	 je;
	json_t		*jwk;
	size_t		 i;

	if (strlen(text) > CRED_JWK_MAX) {
		snprintf(err, errsz, "the wallet's key is too long");
		return NULL;
	}
	jwk = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(jwk) ||
	    !json_is_string(json_object_get(jwk, "kty"))) {
		json_decref(jwk);
		snprintf(err, errsz, "the wallet's key is not a JWK");
		return NULL;
	}
	for (i = 0; i < sizeof(private) / sizeof(*private); i++)
		if (json_object_get(jwk, private[i]) != NULL) {
			json_decref(jwk);
			snprintf(err, errsz, "the wallet's key has private "
			    "parts: give its public key only");
			return NULL;
		}
	return jwk;
}

/* The index and the record's state, in one transaction of st. */
static int
assign(struct store *st, uint64_t record, uint64_t *index,
    struct event *ev, char *err, size_t errsz)
{
	struct store_txn	*t;
	uint64_t		 evidx;
	int			 rc;

	rc = store_wr_begin_wait(st, &t);
	if (rc == STORE_OK) {
		rc = statuslist_assign(t, record, index);
		if (rc == STORE_OK)
			rc = store_record(st, store_txn_rd(t), record, ev,
			    &evidx);
		if (rc == STORE_OK)
			rc = store_wr_commit(t, NULL);
		else
			store_wr_abort(t);
	}
	if (rc != STORE_OK) {
		event_clear(ev);
		snprintf(err, errsz, "%s", rc == STORE_ENOTFOUND ?
		    "no such record" : store_errmsg(st));
		return -1;
	}
	return 0;
}

/* The issuer-signed JWT's payload. */
static json_t *
payload(struct cred_issuer *ci, json_t *sd, uint64_t index, int64_t now,
    json_t *cnf)
{
	json_t	*p, *s = sorted(sd);

	if (s == NULL)
		return NULL;
	p = json_pack("{s:s, s:I, s:s, s:s, s:o, s:{s:{s:I, s:s}}}", "iss",
	    cred_issuer_iss(ci), "iat", (json_int_t)now, "vct",
	    cred_issuer_vct(ci), "_sd_alg", "sha-256", "_sd", s, "status",
	    "status_list", "idx", (json_int_t)index, "uri",
	    cred_issuer_status_uri(ci));
	if (p != NULL && cnf != NULL && json_object_set_new(p, "cnf",
	    json_pack("{s:O}", "jwk", cnf)) != 0) {
		json_decref(p);
		return NULL;
	}
	return p;
}

int
cred_issue(struct cred_issuer *ci, struct store *st, uint64_t record,
    const char *holder_jwk, int64_t now, char **out, uint64_t *index,
    char *err, size_t errsz)
{
	struct buf	 disc = BUF_INIT, b = BUF_INIT;
	struct event	 ev = { 0 };
	json_t		*sd = NULL, *cnf = NULL, *p = NULL;
	uint64_t	 idx;
	char		*jws = NULL, *d;
	int		 rc = -1;

	*out = NULL;
	if (holder_jwk != NULL &&
	    (cnf = holder_key(holder_jwk, err, errsz)) == NULL)
		return -1;
	if (assign(st, record, &idx, &ev, err, errsz) != 0) {
		json_decref(cnf);
		return -1;
	}
	sd = json_array();
	if (sd == NULL || disclose_all(&disc, sd, &ev) != 0 ||
	    (p = payload(ci, sd, idx, now, cnf)) == NULL) {
		snprintf(err, errsz, "cannot make the credential's claims");
		goto out;
	}
	if (cred_jws_sign(cred_issuer_key(ci), "dc+sd-jwt", p, &jws, err,
	    errsz) != 0)
		goto out;
	buf_str(&b, jws);
	buf_add(&b, "~", 1);
	d = buf_finish(&disc, NULL);
	if (d != NULL) {
		buf_str(&b, d);
		explicit_bzero(d, strlen(d));
	}
	free(d);
	*out = buf_finish(&b, NULL);
	if (*out == NULL || d == NULL) {
		free(*out);
		*out = NULL;
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	if (index != NULL)
		*index = idx;
	rc = 0;
out:
	/* The disclosures hold the graduate's data in clear. */
	if (disc.p != NULL)
		explicit_bzero(disc.p, disc.len);
	free(buf_finish(&disc, NULL));
	free(buf_finish(&b, NULL));
	free(jws);
	json_decref(sd);
	json_decref(cnf);
	json_decref(p);
	event_clear(&ev);
	return rc;
}
