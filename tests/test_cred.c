/*
 * test_cred.c: the SD-JWT VC issuer (cred/): the JWK thumbprint and the
 * EdDSA signature against RFC 8037's test vectors; an issued credential
 * taken apart (header, payload, every disclosure's digest in _sd, fresh
 * salts, the status index, cnf); the status list token's bits; and the
 * refusals: an issuer URL with a path or no scheme, a key that is not
 * Ed25519 or that others may read, a wallet JWK with private members or not a JWK, a record that
 * does not exist or is revoked.
 */
#include "config.h"

#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <zlib.h>

#include "b64.h"
#include "issuer.h"
#include "jws.h"
#include "records.h"
#include "sdjwt.h"
#include "tmpstore.h"

#define URL	"https://vanbang.sogd.example.vn"

/* RFC 8037 appendix A.1's private key, A.3's thumbprint, A.4's JWS. */
static const char rfc_d[] = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
static const char rfc_x[] = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
static const char rfc_kid[] = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
static const char rfc_input[] =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
static const char rfc_sig[] = "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6"
    "dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

/* RFC 8037's key as a PEM file in f's directory; its path in buf. */
static const char *
rfc_key(struct fixture *f, char *buf, size_t sz)
{
	uint8_t		 d[32];
	size_t		 n;
	EVP_PKEY	*k;
	FILE		*fp;

	assert_int_equal(b64url_decode(rfc_d, strlen(rfc_d), d, sizeof(d),
	    &n), 0);
	k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, d, n);
	assert_non_null(k);
	snprintf(buf, sz, "%s/cred.pem", f->dir);
	fp = fopen(buf, "w");
	assert_non_null(fp);
	assert_int_equal(PEM_write_PrivateKey(fp, k, NULL, NULL, 0, NULL,
	    NULL), 1);
	fclose(fp);
	assert_int_equal(chmod(buf, 0600), 0);
	EVP_PKEY_free(k);
	return buf;
}

static void
test_rfc8037(void **state)
{
	struct fixture	*f = *state;
	struct cred_key	*k;
	json_t		*jwk;
	uint8_t		 sig[CRED_SIGLEN];
	char		 path[128], s64[128], err[256];

	assert_int_equal(cred_key_load(rfc_key(f, path, sizeof(path)), &k,
	    err, sizeof(err)), 0);
	assert_string_equal(cred_key_kid(k), rfc_kid);
	jwk = cred_key_jwk(k);
	assert_string_equal(json_string_value(json_object_get(jwk, "x")),
	    rfc_x);
	assert_string_equal(json_string_value(json_object_get(jwk, "crv")),
	    "Ed25519");
	assert_null(json_object_get(jwk, "d"));
	json_decref(jwk);
	assert_int_equal(cred_key_sign(k, rfc_input, strlen(rfc_input), sig,
	    err, sizeof(err)), 0);
	b64url_encode(sig, sizeof(sig), s64, sizeof(s64));
	assert_string_equal(s64, rfc_sig);
	cred_key_free(k);
}

/* Refusals of an issuer: its URL, its key. */
static void
test_issuer_refusals(void **state)
{
	static const char *const bad[] = {
		"vanbang.example.vn", "https://", "https://h/path",
		"ftp://h", "https://h?x", "https://h/#f",
	};
	struct fixture		*f = *state;
	struct cred_issuer	*ci;
	char			 path[128], err[256];
	size_t			 i;
	EVP_PKEY_CTX		*c;
	EVP_PKEY		*k = NULL;
	FILE			*fp;

	rfc_key(f, path, sizeof(path));
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		if (cred_issuer_new(path, bad[i], &ci, err, sizeof(err)) == 0)
			fail_msg("took the issuer \"%s\"", bad[i]);
		assert_null(ci);
	}
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(cred_issuer_new(path, URL, &ci, err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "others may read"));
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(cred_issuer_new(path, URL "/", &ci, err,
	    sizeof(err)), 0);
	assert_string_equal(cred_issuer_iss(ci), URL);
	assert_string_equal(cred_issuer_status_uri(ci), URL
	    CRED_STATUS_PATH);
	cred_issuer_free(ci);
	/* An EC key is not the issuer's kind. */
	c = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, NULL);
	assert_non_null(c);
	assert_int_equal(EVP_PKEY_keygen_init(c), 1);
	assert_int_equal(EVP_PKEY_CTX_set_ec_paramgen_curve_nid(c,
	    NID_X9_62_prime256v1), 1);
	assert_int_equal(EVP_PKEY_keygen(c, &k), 1);
	EVP_PKEY_CTX_free(c);
	fp = fopen(path, "w");
	assert_non_null(fp);
	PEM_write_PrivateKey(fp, k, NULL, NULL, 0, NULL, NULL);
	fclose(fp);
	EVP_PKEY_free(k);
	assert_int_equal(cred_issuer_new(path, URL, &ci, err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "not an Ed25519"));
}

/* base64url text s (len bytes) decoded into a malloc'd string. */
static char *
unb64(const char *s, size_t len)
{
	uint8_t	*out = malloc(len + 1);
	size_t	 n;

	assert_non_null(out);
	assert_int_equal(b64url_decode(s, len, out, len, &n), 0);
	out[n] = '\0';
	return (char *)out;
}

/* Record i's issue event: a name, an ethnicity, a serial, a year. */
static void
fill_record(struct event *ev, int i)
{
	assert_int_equal(event_set_field(ev, FIELD_FULL_NAME, i == 1 ?
	    "Lê Văn Tám" : "Phạm Thị Hoa"), EVENT_OK);
	assert_int_equal(event_set_field(ev, FIELD_ETHNICITY, "Kinh"),
	    EVENT_OK);
	assert_int_equal(event_set_field(ev, FIELD_SERIAL_NO, i == 1 ?
	    "B0000001" : "B0000002"), EVENT_OK);
	assert_int_equal(event_set_attr(ev, EVENT_YEAR, "1998"), EVENT_OK);
}

/*
 * Checks the SD-JWT text: header, payload (its claims into *payload),
 * every disclosure's digest in _sd; *names gets "name=value;" of each
 * disclosure in order, *salts their salts.
 */
static void
take_apart(const char *text, json_t **payload, char *names, size_t nsz,
    char *salts, size_t ssz)
{
	const char	*d1, *d2, *tilde, *p;
	char		*hdr, *disc, digest[64];
	json_t		*h, *a, *sd;
	size_t		 i;
	int		 found;

	d1 = strchr(text, '.');
	d2 = strchr(d1 + 1, '.');
	tilde = strchr(d2, '~');
	assert_non_null(tilde);
	hdr = unb64(text, (size_t)(d1 - text));
	h = json_loads(hdr, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(h, "typ")),
	    "dc+sd-jwt");
	assert_string_equal(json_string_value(json_object_get(h, "alg")),
	    "EdDSA");
	json_decref(h);
	free(hdr);
	disc = unb64(d1 + 1, (size_t)(d2 - d1 - 1));
	*payload = json_loads(disc, 0, NULL);
	free(disc);
	assert_non_null(*payload);
	sd = json_object_get(*payload, "_sd");
	names[0] = salts[0] = '\0';
	for (p = tilde + 1; *p != '\0'; p = tilde + 1) {
		tilde = strchr(p, '~');
		assert_non_null(tilde);	/* each ends with ~ */
		assert_int_equal(cred_sha256_b64url(p, (size_t)(tilde - p),
		    digest, sizeof(digest)), 0);
		found = 0;
		for (i = 0; i < json_array_size(sd); i++)
			found |= strcmp(json_string_value(json_array_get(sd,
			    i)), digest) == 0;
		assert_true(found);
		disc = unb64(p, (size_t)(tilde - p));
		a = json_loads(disc, 0, NULL);
		assert_int_equal(json_array_size(a), 3);
		strncat(names, json_string_value(json_array_get(a, 1)),
		    nsz - strlen(names) - 1);
		strncat(names, "=", nsz - strlen(names) - 1);
		strncat(names, json_string_value(json_array_get(a, 2)),
		    nsz - strlen(names) - 1);
		strncat(names, ";", nsz - strlen(names) - 1);
		assert_int_equal(strlen(json_string_value(json_array_get(a,
		    0))), 22);			/* 16 bytes */
		strncat(salts, json_string_value(json_array_get(a, 0)),
		    ssz - strlen(salts) - 1);
		json_decref(a);
		free(disc);
	}
}

/* The status list token of st: its header, claims, and first byte. */
static void
check_token(struct cred_issuer *ci, struct store *st, int first)
{
	json_t		*h, *p;
	const char	*d1, *d2, *lst;
	char		*tok, *s, err[256];
	uint8_t		 z[64], bits[64];
	size_t		 zlen;
	uLongf		 blen = sizeof(bits);

	assert_int_equal(cred_status_token(ci, st, 1796600000, &tok, err,
	    sizeof(err)), 0);
	d1 = strchr(tok, '.');
	d2 = strchr(d1 + 1, '.');
	s = unb64(tok, (size_t)(d1 - tok));
	h = json_loads(s, 0, NULL);
	free(s);
	assert_string_equal(json_string_value(json_object_get(h, "typ")),
	    "statuslist+jwt");
	assert_string_equal(json_string_value(json_object_get(h, "kid")),
	    rfc_kid);
	s = unb64(d1 + 1, (size_t)(d2 - d1 - 1));
	p = json_loads(s, 0, NULL);
	free(s);
	assert_string_equal(json_string_value(json_object_get(p, "sub")),
	    URL CRED_STATUS_PATH);
	assert_int_equal(json_integer_value(json_object_get(p, "ttl")),
	    CRED_STATUS_TTL);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    p, "status_list"), "bits")), 1);
	lst = json_string_value(json_object_get(json_object_get(p,
	    "status_list"), "lst"));
	assert_int_equal(b64url_decode(lst, strlen(lst), z, sizeof(z), &zlen),
	    0);
	assert_int_equal(uncompress(bits, &blen, z, zlen), Z_OK);
	assert_int_equal(blen, 1);
	assert_int_equal(bits[0], first);
	json_decref(h);
	json_decref(p);
	free(tok);
}

static void
test_issue(void **state)
{
	struct fixture		*f = *state;
	struct note_signer	*signer;
	struct cred_issuer	*ci;
	struct records_change	 ch;
	json_t			*p, *p2;
	uint64_t		 idx, ev;
	char			 path[128], err[256], names[1024];
	char			 salts[512], salts2[512];
	char			*text, *text2, *dump;

	signer = tmp_records(f, "example.org/cred", 2, fill_record);
	assert_int_equal(cred_issuer_new(rfc_key(f, path, sizeof(path)), URL,
	    &ci, err, sizeof(err)), 0);
	assert_int_equal(cred_issue(ci, f->st, 1, NULL, 1796600000, &text,
	    &idx, err, sizeof(err)), 0);
	assert_int_equal(idx, 0);
	take_apart(text, &p, names, sizeof(names), salts, sizeof(salts));
	assert_string_equal(names, "graduation_year=1998;full_name=Lê Văn "
	    "Tám;ethnicity=Kinh;serial_no=B0000001;");
	assert_string_equal(json_string_value(json_object_get(p, "iss")),
	    URL);
	assert_string_equal(json_string_value(json_object_get(p, "vct")),
	    URL CRED_VCT_PATH);
	assert_int_equal(json_integer_value(json_object_get(p, "iat")),
	    1796600000);
	assert_int_equal(json_array_size(json_object_get(p, "_sd")), 4);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    json_object_get(p, "status"), "status_list"), "idx")), 0);
	assert_null(json_object_get(p, "cnf"));
	dump = json_dumps(p, 0);
	assert_null(strstr(dump, "Kinh"));	/* only in its disclosure */
	free(dump);
	json_decref(p);

	/* The same record again: a new index, new salts, cnf bound. */
	assert_int_equal(cred_issue(ci, f->st, 1, "{\"kty\":\"OKP\",\"crv\":"
	    "\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\""
	    "}", 1796600000, &text2, &idx, err, sizeof(err)), 0);
	assert_int_equal(idx, 1);
	take_apart(text2, &p2, names, sizeof(names), salts2,
	    sizeof(salts2));
	assert_string_not_equal(salts, salts2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_object_get(p2, "cnf"), "jwk"), "x")), rfc_x);
	json_decref(p2);
	free(text);
	free(text2);

	/* Refused: private parts, not a JWK, no such record. */
	assert_int_equal(cred_issue(ci, f->st, 1, "{\"kty\":\"OKP\",\"d\":"
	    "\"AA\",\"x\":\"AA\"}", 1, &text, &idx, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "private"));
	assert_int_equal(cred_issue(ci, f->st, 1, "[1]", 1, &text, &idx, err,
	    sizeof(err)), -1);
	assert_int_equal(cred_issue(ci, f->st, 1, "{\"kty\":1}", 1, &text,
	    &idx, err, sizeof(err)), -1);
	assert_int_equal(cred_issue(ci, f->st, 7, NULL, 1, &text, &idx, err,
	    sizeof(err)), -1);
	assert_string_equal(err, "no such record");

	/* Revoked: the token says both are 1, and no new one is issued. */
	memset(&ch, 0, sizeof(ch));
	ch.kind = EVENT_REVOKE;
	ch.decision = "1/QĐ";
	ch.decision_date = "2026-12-01";
	ch.reason = "cấp sai";
	assert_int_equal(records_change(f->st, signer, 1, &ch, &ev),
	    STORE_OK);
	assert_int_equal(cred_issue(ci, f->st, 1, NULL, 1, &text, &idx, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "revoked"));
	assert_int_equal(cred_issue(ci, f->st, 2, NULL, 1, &text, &idx, err,
	    sizeof(err)), 0);
	assert_int_equal(idx, 2);
	free(text);
	check_token(ci, f->st, 0x03);
	cred_issuer_free(ci);
	note_signer_free(signer);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rfc8037, setup, teardown),
		cmocka_unit_test_setup_teardown(test_issuer_refusals, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_issue, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
