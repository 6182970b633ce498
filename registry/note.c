/*
 * note.c: C2SP signed notes with Ed25519 keys, and checkpoints (see note.h).
 *
 * Parsing follows Go's golang.org/x/mod/sumdb/note, the reference for these
 * formats, so that keys and notes pass between the two unchanged: key names
 * without '+' or white space, key ids recomputed and compared, canonical
 * base64 only.  Private key bytes live in OpenSSL's EVP_PKEY and in buffers
 * that are wiped before they are freed.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "b64.h"
#include "cryptoerr.h"
#include "note.h"
#include "utf8.h"

#define ED_KEYLEN	32
#define ED_SIGLEN	64
#define MAX_SIGS	100
#define MAX_NOTE	(1 << 20)

static const char sig_prefix[] = "\xe2\x80\x94 ";	/* U+2014, space */

struct note_signer {
	char		*name;
	uint32_t	 id;
	int		 type;		/* NOTE_TYPE_* */
	uint8_t		 pub[ED_KEYLEN];
	EVP_PKEY	*pkey;
};

struct note_verifier {
	char		*name;
	uint32_t	 id;
	int		 type;		/* NOTE_TYPE_* */
	EVP_PKEY	*pkey;
};

const char *
note_strerror(int code)
{
	switch (code) {
	case NOTE_OK:
		return "no error";
	case NOTE_ENOMEM:
		return "out of memory";
	case NOTE_EKEY:
		return "malformed key";
	case NOTE_EFORMAT:
		return "malformed signed note or checkpoint";
	case NOTE_EUNKNOWN:
		return "not signed by any of the given keys";
	case NOTE_EBADSIG:
		return "a signature does not verify: the note was changed or "
		    "forged";
	case NOTE_ECRYPTO:
		return "cryptographic library failure";
	}
	return "unknown note error";
}

/* Empties OpenSSL's error queue; the caller reports NOTE_ECRYPTO. */
static int
crypto_fail(void)
{
	crypto_clear();
	return NOTE_ECRYPTO;
}

/* A key name: non-empty UTF-8 without '+', white space or controls. */
static int
name_ok(const char *s, size_t len)
{
	static const char *const uspaces[] = {
		"\xc2\x85", "\xc2\xa0", "\xe1\x9a\x80", "\xe2\x80\xa8",
		"\xe2\x80\xa9", "\xe2\x80\xaf", "\xe2\x81\x9f",
		"\xe3\x80\x80",
	};
	size_t	 i;

	if (len == 0 || !utf8_valid(s, len, UTF8_NO_CONTROLS))
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] == '+' || s[i] == ' ' || s[i] == '\t')
			return 0;
	/* Unicode spaces Go's unicode.IsSpace knows beyond ASCII; s is a
	 * slice of a larger text, not a C string. */
	for (i = 0; i < sizeof(uspaces) / sizeof(uspaces[0]); i++)
		if (memmem(s, len, uspaces[i], strlen(uspaces[i])) != NULL)
			return 0;
	for (i = 0; i + 2 < len; i++)
		if ((uint8_t)s[i] == 0xe2 && (uint8_t)s[i + 1] == 0x80 &&
		    (uint8_t)s[i + 2] >= 0x80 && (uint8_t)s[i + 2] <= 0x8a)
			return 0;
	return 1;
}

/* The key id of name, type and pub into *id; -1 when OpenSSL fails. */
static int
key_id(const char *name, int type, const uint8_t *pub, uint32_t *id)
{
	uint8_t		 h[SHA256_DIGEST_LENGTH];
	EVP_MD_CTX	*c;
	const uint8_t	 nl_alg[2] = { '\n', (uint8_t)type };

	c = EVP_MD_CTX_new();
	if (c == NULL || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(c, name, strlen(name)) != 1 ||
	    EVP_DigestUpdate(c, nl_alg, 2) != 1 ||
	    EVP_DigestUpdate(c, pub, ED_KEYLEN) != 1 ||
	    EVP_DigestFinal_ex(c, h, NULL) != 1) {
		EVP_MD_CTX_free(c);
		crypto_fail();
		return -1;
	}
	EVP_MD_CTX_free(c);
	*id = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 |
	    (uint32_t)h[2] << 8 | h[3];
	return 0;
}

/*
 * Splits "name+hex8+base64" (after an optional prefix already skipped)
 * and decodes it: the name is copied to *name, the key bytes (algorithm
 * byte first) to key.
 */
static int
split_key(const char *s, size_t len, char **name, uint32_t *id,
    uint8_t *key, size_t keysz, size_t *keylen)
{
	const char	*p1, *p2, *end = s + len;
	char		 hex[9], *e;
	size_t		 i;

	p1 = memchr(s, '+', len);
	if (p1 == NULL)
		return NOTE_EKEY;
	p2 = memchr(p1 + 1, '+', (size_t)(end - p1 - 1));
	if (p2 == NULL || p2 - p1 - 1 != 8 || !name_ok(s, (size_t)(p1 - s)))
		return NOTE_EKEY;
	memcpy(hex, p1 + 1, 8);
	hex[8] = '\0';
	for (i = 0; i < 8; i++)
		if (!((hex[i] >= '0' && hex[i] <= '9') ||
		    (hex[i] >= 'a' && hex[i] <= 'f')))
			return NOTE_EKEY;
	*id = (uint32_t)strtoul(hex, &e, 16);
	if (b64_decode(p2 + 1, (size_t)(end - p2 - 1), key, keysz, keylen) !=
	    0)
		return NOTE_EKEY;
	*name = strndup(s, (size_t)(p1 - s));
	if (*name == NULL)
		return NOTE_ENOMEM;
	return NOTE_OK;
}

/* Length of s without trailing white space. */
static size_t
trimmed(const char *s)
{
	size_t	 n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' ||
	    s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

static char *
format_key(const char *prefix, const char *name, uint32_t id, int type,
    const uint8_t *key32)
{
	uint8_t	 k[1 + ED_KEYLEN];
	char	 b[B64_ENCLEN(1 + ED_KEYLEN) + 1], *out;
	size_t	 n;

	k[0] = (uint8_t)type;
	memcpy(k + 1, key32, ED_KEYLEN);
	b64_encode(k, sizeof(k), b, sizeof(b));
	explicit_bzero(k, sizeof(k));
	n = strlen(prefix) + strlen(name) + 10 + strlen(b) + 1;
	out = malloc(n);
	if (out != NULL)
		snprintf(out, n, "%s%s+%08" PRIx32 "+%s", prefix, name, id, b);
	explicit_bzero(b, sizeof(b));
	return out;
}

/* The Ed25519 signature types of signed-note this file knows. */
static int
type_ok(int type)
{
	return type == NOTE_TYPE_ED25519 || type == NOTE_TYPE_COSIG;
}

int
note_keygen(const char *name, char **skey, char **vkey)
{
	return note_keygen_type(name, NOTE_TYPE_ED25519, skey, vkey);
}

int
note_keygen_type(const char *name, int type, char **skey, char **vkey)
{
	EVP_PKEY_CTX	*ctx = NULL;
	EVP_PKEY	*pkey = NULL;
	uint8_t		 seed[ED_KEYLEN], pub[ED_KEYLEN];
	size_t		 sl = sizeof(seed), pl = sizeof(pub);
	uint32_t	 id;
	int		 rc = NOTE_OK;

	*skey = *vkey = NULL;
	if (name == NULL || !name_ok(name, strlen(name)) || !type_ok(type))
		return NOTE_EKEY;
	ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	if (ctx == NULL || EVP_PKEY_keygen_init(ctx) != 1 ||
	    EVP_PKEY_keygen(ctx, &pkey) != 1 ||
	    EVP_PKEY_get_raw_private_key(pkey, seed, &sl) != 1 ||
	    EVP_PKEY_get_raw_public_key(pkey, pub, &pl) != 1 ||
	    sl != ED_KEYLEN || pl != ED_KEYLEN) {
		rc = crypto_fail();
		goto out;
	}
	if (key_id(name, type, pub, &id) != 0) {
		rc = NOTE_ECRYPTO;
		goto out;
	}
	*skey = format_key("PRIVATE+KEY+", name, id, type, seed);
	*vkey = format_key("", name, id, type, pub);
	if (*skey == NULL || *vkey == NULL) {
		if (*skey != NULL)
			explicit_bzero(*skey, strlen(*skey));
		free(*skey);
		free(*vkey);
		*skey = *vkey = NULL;
		rc = NOTE_ENOMEM;
	}
out:
	explicit_bzero(seed, sizeof(seed));
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(ctx);
	return rc;
}

int
note_signer_new(const char *skey, struct note_signer **out)
{
	return note_signer_new_type(skey, NOTE_TYPE_ED25519, out);
}

int
note_signer_new_type(const char *skey, int type, struct note_signer **out)
{
	struct note_signer	*s;
	uint8_t			 key[64];
	uint32_t		 id;
	size_t			 len, keylen, pl = ED_KEYLEN;
	int			 rc;

	*out = NULL;
	len = trimmed(skey);
	if (len < 12 || strncmp(skey, "PRIVATE+KEY+", 12) != 0)
		return NOTE_EKEY;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NOTE_ENOMEM;
	rc = split_key(skey + 12, len - 12, &s->name, &s->id, key,
	    sizeof(key), &keylen);
	if (rc != NOTE_OK)
		goto fail;
	if (keylen != 1 + ED_KEYLEN || key[0] != type || !type_ok(type)) {
		rc = NOTE_EKEY;
		goto fail;
	}
	s->type = type;
	s->pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL,
	    key + 1, ED_KEYLEN);
	if (s->pkey == NULL ||
	    EVP_PKEY_get_raw_public_key(s->pkey, s->pub, &pl) != 1) {
		rc = crypto_fail();
		goto fail;
	}
	if (key_id(s->name, type, s->pub, &id) != 0) {
		rc = NOTE_ECRYPTO;
		goto fail;
	}
	if (id != s->id) {
		rc = NOTE_EKEY;
		goto fail;
	}
	explicit_bzero(key, sizeof(key));
	*out = s;
	return NOTE_OK;
fail:
	explicit_bzero(key, sizeof(key));
	note_signer_free(s);
	return rc;
}

void
note_signer_free(struct note_signer *s)
{
	if (s == NULL)
		return;
	EVP_PKEY_free(s->pkey);
	free(s->name);
	explicit_bzero(s, sizeof(*s));
	free(s);
}

const char *
note_signer_name(const struct note_signer *s)
{
	return s->name;
}

uint32_t
note_signer_id(const struct note_signer *s)
{
	return s->id;
}

int
note_signer_type(const struct note_signer *s)
{
	return s->type;
}

char *
note_signer_vkey(const struct note_signer *s)
{
	return format_key("", s->name, s->id, s->type, s->pub);
}

int
note_verifier_new(const char *vkey, struct note_verifier **out)
{
	return note_verifier_new_type(vkey, NOTE_TYPE_ED25519, out);
}

int
note_verifier_new_type(const char *vkey, int type,
    struct note_verifier **out)
{
	struct note_verifier	*v;
	uint8_t			 key[64];
	uint32_t		 id;
	size_t			 keylen;
	int			 rc;

	*out = NULL;
	v = calloc(1, sizeof(*v));
	if (v == NULL)
		return NOTE_ENOMEM;
	rc = split_key(vkey, trimmed(vkey), &v->name, &v->id, key,
	    sizeof(key), &keylen);
	if (rc != NOTE_OK)
		goto fail;
	/* Type 0 takes either type; the key's own byte decides. */
	if (keylen != 1 + ED_KEYLEN || !type_ok(key[0]) ||
	    (type != 0 && key[0] != type)) {
		rc = NOTE_EKEY;
		goto fail;
	}
	v->type = key[0];
	if (key_id(v->name, v->type, key + 1, &id) != 0) {
		rc = NOTE_ECRYPTO;
		goto fail;
	}
	if (id != v->id) {
		rc = NOTE_EKEY;
		goto fail;
	}
	v->pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL,
	    key + 1, ED_KEYLEN);
	if (v->pkey == NULL) {
		rc = crypto_fail();
		goto fail;
	}
	*out = v;
	return NOTE_OK;
fail:
	note_verifier_free(v);
	return rc;
}

void
note_verifier_free(struct note_verifier *v)
{
	if (v == NULL)
		return;
	EVP_PKEY_free(v->pkey);
	free(v->name);
	free(v);
}

const char *
note_verifier_name(const struct note_verifier *v)
{
	return v->name;
}

uint32_t
note_verifier_id(const struct note_verifier *v)
{
	return v->id;
}

int
note_verifier_type(const struct note_verifier *v)
{
	return v->type;
}

/* The note text rules: UTF-8, no controls but '\n', ends in '\n'. */
static int
text_ok(const char *text, size_t len)
{
	size_t	 i;

	if (len == 0 || len > MAX_NOTE || text[len - 1] != '\n')
		return 0;
	for (i = 0; i < len; i++)
		if ((uint8_t)text[i] < 0x20 && text[i] != '\n')
			return 0;
	return utf8_valid(text, len, 0);
}

int
note_text_signable(const char *text, size_t len)
{
	size_t	 i;

	if (!text_ok(text, len))
		return 0;
	/* No blank line, and no line that would read as a signature. */
	for (i = 0; i + 1 < len; i++)
		if (text[i] == '\n' && text[i + 1] == '\n')
			return 0;
	for (i = 0; i + 3 <= len; i++)
		if ((i == 0 || text[i - 1] == '\n') &&
		    memcmp(text + i, sig_prefix, 3) == 0)
			return 0;
	return 1;
}

int
note_sign_raw(const struct note_signer *s, const void *msg, size_t len,
    uint8_t *sig)
{
	EVP_MD_CTX	*c;
	size_t		 sl = ED_SIGLEN;

	c = EVP_MD_CTX_new();
	if (c == NULL ||
	    EVP_DigestSignInit(c, NULL, NULL, NULL, s->pkey) != 1 ||
	    EVP_DigestSign(c, sig, &sl, msg, len) != 1 || sl != ED_SIGLEN) {
		EVP_MD_CTX_free(c);
		return crypto_fail();
	}
	EVP_MD_CTX_free(c);
	return NOTE_OK;
}

int
note_sig_line(const char *name, uint32_t id, const uint8_t *sig,
    size_t siglen, char **out)
{
	uint8_t	*b;
	char	*e;
	size_t	 n;
	int	 w;

	*out = NULL;
	b = malloc(4 + siglen);
	e = malloc(B64_ENCLEN(4 + siglen) + 1);
	if (b == NULL || e == NULL) {
		free(b);
		free(e);
		return NOTE_ENOMEM;
	}
	b[0] = (uint8_t)(id >> 24);
	b[1] = (uint8_t)(id >> 16);
	b[2] = (uint8_t)(id >> 8);
	b[3] = (uint8_t)id;
	memcpy(b + 4, sig, siglen);
	b64_encode(b, 4 + siglen, e, B64_ENCLEN(4 + siglen) + 1);
	free(b);
	n = strlen(sig_prefix) + strlen(name) + 1 + strlen(e) + 2;
	*out = malloc(n);
	if (*out == NULL) {
		free(e);
		return NOTE_ENOMEM;
	}
	w = snprintf(*out, n, "%s%s %s\n", sig_prefix, name, e);
	free(e);
	if (w < 0 || (size_t)w >= n) {
		free(*out);
		*out = NULL;
		return NOTE_EFORMAT;
	}
	return NOTE_OK;
}

int
note_sign(const struct note_signer *s, const char *text, size_t len,
    char **out)
{
	uint8_t		 sig[ED_SIGLEN];
	char		*line;
	size_t		 n;
	int		 rc;

	*out = NULL;
	if (s->type != NOTE_TYPE_ED25519)
		return NOTE_EKEY;
	if (!note_text_signable(text, len))
		return NOTE_EFORMAT;
	rc = note_sign_raw(s, text, len, sig);
	if (rc == NOTE_OK)
		rc = note_sig_line(s->name, s->id, sig, sizeof(sig), &line);
	if (rc != NOTE_OK)
		return rc;
	n = len + 1 + strlen(line) + 1;
	*out = malloc(n);
	if (*out == NULL) {
		free(line);
		return NOTE_ENOMEM;
	}
	memcpy(*out, text, len);
	(*out)[len] = '\n';
	memcpy(*out + len + 1, line, strlen(line) + 1);
	free(line);
	return NOTE_OK;
}

int
note_verify_raw(const struct note_verifier *v, const void *msg, size_t len,
    const uint8_t *sig)
{
	EVP_MD_CTX	*c;
	int		 ok;

	c = EVP_MD_CTX_new();
	if (c == NULL || EVP_DigestVerifyInit(c, NULL, NULL, NULL, v->pkey) !=
	    1) {
		EVP_MD_CTX_free(c);
		return crypto_fail();
	}
	ok = EVP_DigestVerify(c, sig, ED_SIGLEN, msg, len);
	EVP_MD_CTX_free(c);
	if (ok != 1) {
		crypto_fail();
		return NOTE_EBADSIG;
	}
	return NOTE_OK;
}

int
note_split(const char *msg, size_t len, size_t *textlen)
{
	size_t	 i, split = 0;
	int	 found = 0;

	*textlen = 0;
	if (len > MAX_NOTE || !text_ok(msg, len))
		return NOTE_EFORMAT;
	/* The signatures follow the last blank line. */
	for (i = 0; i + 1 < len; i++)
		if (msg[i] == '\n' && msg[i + 1] == '\n') {
			split = i + 1;
			found = 1;
		}
	if (!found || split + 1 >= len)
		return NOTE_EFORMAT;
	*textlen = split;
	return NOTE_OK;
}

int
note_sig_parse(const char *line, size_t len, const char **name,
    size_t *namelen, uint32_t *id, uint8_t **sig, size_t *siglen)
{
	const char	*p, *sp, *e = line + len;
	uint8_t		*b;
	size_t		 pl = strlen(sig_prefix), cap, n;

	*sig = NULL;
	if (len < pl || memcmp(line, sig_prefix, pl) != 0)
		return NOTE_EFORMAT;
	p = line + pl;
	sp = memchr(p, ' ', (size_t)(e - p));
	if (sp == NULL || !name_ok(p, (size_t)(sp - p)))
		return NOTE_EFORMAT;
	/* Other keys may sign with long signatures (post-quantum ones):
	 * decode whatever length, the caller ignores unknown keys. */
	cap = (size_t)(e - sp - 1) / 4 * 3 + 1;
	b = malloc(cap);
	if (b == NULL)
		return NOTE_ENOMEM;
	if (b64_decode(sp + 1, (size_t)(e - sp - 1), b, cap, &n) != 0 ||
	    n < 5) {
		free(b);
		return NOTE_EFORMAT;
	}
	*name = p;
	*namelen = (size_t)(sp - p);
	*id = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
	memmove(b, b + 4, n - 4);
	*sig = b;
	*siglen = n - 4;
	return NOTE_OK;
}

/* The index in v of the key named [name, +namelen) with id, or nv. */
static size_t
match_key(struct note_verifier *const *v, size_t nv, const char *name,
    size_t namelen, uint32_t id)
{
	size_t	 i;

	for (i = 0; i < nv; i++)
		if (v[i]->id == id && strlen(v[i]->name) == namelen &&
		    memcmp(v[i]->name, name, namelen) == 0)
			break;
	return i;
}

int
note_open_check(const char *msg, size_t len, struct note_verifier *const *v,
    size_t nv, size_t *textlen, note_check_fn *check, void *arg)
{
	const char	*line, *nl, *name;
	uint8_t		*sig, *seen;
	size_t		 split, i, namelen, siglen, nsig = 0, verified = 0;
	uint32_t	 id;
	int		 rc;

	*textlen = 0;
	rc = note_split(msg, len, &split);
	if (rc != NOTE_OK)
		return rc;
	seen = calloc(nv ? nv : 1, 1);
	if (seen == NULL)
		return NOTE_ENOMEM;
	for (line = msg + split + 1; line < msg + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(msg + len - line));
		if (++nsig > MAX_SIGS) {
			rc = NOTE_EFORMAT;
			break;
		}
		rc = note_sig_parse(line, (size_t)(nl - line), &name, &namelen,
		    &id, &sig, &siglen);
		if (rc != NOTE_OK)
			break;
		i = match_key(v, nv, name, namelen, id);
		if (i < nv && !seen[i]) {
			/* A repeated signature by one key is skipped. */
			seen[i] = 1;
			rc = check(v[i], i, msg, split, sig, siglen, arg);
			verified++;
		}
		free(sig);
		if (rc != NOTE_OK)
			break;
	}
	free(seen);
	if (rc != NOTE_OK)
		return rc;
	if (verified == 0)
		return NOTE_EUNKNOWN;
	*textlen = split;
	return NOTE_OK;
}

/* note_open's check: a log's Ed25519 signature over the text. */
static int
check_ed25519(const struct note_verifier *v, size_t i, const char *text,
    size_t textlen, const uint8_t *sig, size_t siglen, void *arg)
{
	size_t	*first = arg;
	int	 rc;

	if (v->type != NOTE_TYPE_ED25519 || siglen != ED_SIGLEN)
		return NOTE_EBADSIG;
	rc = note_verify_raw(v, text, textlen, sig);
	if (rc == NOTE_OK && *first == SIZE_MAX)
		*first = i;
	return rc;
}

int
note_open(const char *msg, size_t len, struct note_verifier *const *v,
    size_t nv, size_t *textlen, size_t *signer)
{
	size_t	 first = SIZE_MAX;
	int	 rc;

	rc = note_open_check(msg, len, v, nv, textlen, check_ed25519, &first);
	if (rc == NOTE_OK && signer != NULL)
		*signer = first;
	return rc;
}

/* Whether the n bytes at lines are well-formed signature lines, at most
 * max of them. */
static int
lines_ok(const char *lines, size_t n, size_t max)
{
	const char	*l, *nl, *name;
	uint8_t		*sig;
	size_t		 namelen, siglen, count = 0;
	uint32_t	 id;
	int		 rc;

	if (n == 0 || !text_ok(lines, n))
		return NOTE_EFORMAT;
	for (l = lines; l < lines + n; l = nl + 1) {
		nl = memchr(l, '\n', (size_t)(lines + n - l));
		if (++count > max)
			return NOTE_EFORMAT;
		rc = note_sig_parse(l, (size_t)(nl - l), &name, &namelen, &id,
		    &sig, &siglen);
		free(sig);
		if (rc != NOTE_OK)
			return rc;
	}
	return NOTE_OK;
}

int
note_add_sigs(const char *msg, size_t len, const char *lines, size_t n,
    char **out)
{
	size_t	 split, have = 0, i;
	int	 rc;

	*out = NULL;
	rc = note_split(msg, len, &split);
	if (rc != NOTE_OK)
		return rc;
	for (i = split + 1; i < len; i++)
		if (msg[i] == '\n')
			have++;
	if (have >= MAX_SIGS || len + n > MAX_NOTE)
		return NOTE_EFORMAT;
	rc = lines_ok(msg + split + 1, len - split - 1, MAX_SIGS);
	if (rc == NOTE_OK)
		rc = lines_ok(lines, n, MAX_SIGS - have);
	if (rc != NOTE_OK)
		return rc;
	*out = malloc(len + n + 1);
	if (*out == NULL)
		return NOTE_ENOMEM;
	memcpy(*out, msg, len);
	memcpy(*out + len, lines, n);
	(*out)[len + n] = '\0';
	return NOTE_OK;
}

int
checkpoint_format(const char *origin, uint64_t size, const uint8_t *root,
    char **out)
{
	char	 b[B64_ENCLEN(32) + 1];
	size_t	 n;

	*out = NULL;
	if (origin == NULL || origin[0] == '\0' ||
	    !utf8_valid(origin, strlen(origin), UTF8_NO_CONTROLS))
		return NOTE_EFORMAT;
	b64_encode(root, 32, b, sizeof(b));
	n = strlen(origin) + 24 + strlen(b) + 4;
	*out = malloc(n);
	if (*out == NULL)
		return NOTE_ENOMEM;
	snprintf(*out, n, "%s\n%" PRIu64 "\n%s\n", origin, size, b);
	return NOTE_OK;
}

/* The decimal number in [p, e) (no sign, no leading zero) into *v. */
static int
parse_dec(const char *p, const char *e, uint64_t *v)
{
	uint64_t	 n = 0;

	if (p >= e || (p[0] == '0' && e - p > 1))
		return -1;
	for (; p < e; p++) {
		if (*p < '0' || *p > '9' || n > UINT64_MAX / 10 ||
		    n * 10 > UINT64_MAX - (uint64_t)(*p - '0'))
			return -1;
		n = n * 10 + (uint64_t)(*p - '0');
	}
	*v = n;
	return 0;
}

/* Whether [p, e) is the string s. */
static int
line_is(const char *p, const char *e, const char *s)
{
	return (size_t)(e - p) == strlen(s) && memcmp(p, s, strlen(s)) == 0;
}

int
checkpoint_parse(const char *text, size_t len, char **origin, uint64_t *size,
    uint8_t *root)
{
	const char	*l1, *l2, *l3, *p;
	size_t		 rl;
	uint64_t	 v = 0;

	*origin = NULL;
	if (len == 0 || text[len - 1] != '\n' || !text_ok(text, len))
		return NOTE_EFORMAT;
	l1 = memchr(text, '\n', len);
	if (l1 == text)
		return NOTE_EFORMAT;
	/* A note of another type is never a checkpoint (note.h). */
	if (line_is(text, l1, HEAD_TYPE) || line_is(text, l1, ISSUE_TYPE))
		return NOTE_EFORMAT;
	l2 = memchr(l1 + 1, '\n', (size_t)(text + len - l1 - 1));
	if (l2 == NULL || parse_dec(l1 + 1, l2, &v) != 0)
		return NOTE_EFORMAT;
	l3 = memchr(l2 + 1, '\n', (size_t)(text + len - l2 - 1));
	if (l3 == NULL || b64_decode(l2 + 1, (size_t)(l3 - l2 - 1), root, 32,
	    &rl) != 0 || rl != 32)
		return NOTE_EFORMAT;
	/* Extension lines, if any, must not be empty. */
	for (p = l3 + 1; p < text + len; p++)
		if (*p == '\n' && p[-1] == '\n')
			return NOTE_EFORMAT;
	*origin = strndup(text, (size_t)(l1 - text));
	if (*origin == NULL)
		return NOTE_ENOMEM;
	*size = v;
	return NOTE_OK;
}

int
head_format(const char *origin, const struct note_head *h, char **out)
{
	char	 b[B64_ENCLEN(32) + 1];
	size_t	 n;
	int	 w;

	*out = NULL;
	if (origin == NULL || origin[0] == '\0' ||
	    !utf8_valid(origin, strlen(origin), UTF8_NO_CONTROLS))
		return NOTE_EFORMAT;
	b64_encode(h->leaf, 32, b, sizeof(b));
	n = strlen(HEAD_TYPE) + strlen(origin) + 4 * 21 + strlen(b) + 8;
	*out = malloc(n);
	if (*out == NULL)
		return NOTE_ENOMEM;
	if (h->range)
		w = snprintf(*out, n, "%s\n%s\n%" PRIu64 "\n%" PRIu64 "\n%"
		    PRIu64 "\n%" PRIu64 "\n", ISSUE_TYPE, origin, h->size,
		    h->record, h->last, h->index);
	else
		w = snprintf(*out, n, "%s\n%s\n%" PRIu64 "\n%" PRIu64 "\n%"
		    PRIu64 "\n%s\n%" PRIu64 "\n", HEAD_TYPE, origin, h->size,
		    h->record, h->index, b, h->events);
	if (w < 0 || (size_t)w >= n) {
		free(*out);
		*out = NULL;
		return NOTE_EFORMAT;
	}
	return NOTE_OK;
}

/* A record head's lines 2..6 (line[i] starts line i) into *h. */
static int
parse_record_head(const char *const *line, struct note_head *h)
{
	uint64_t	*num[] = { &h->size, &h->record, &h->index };
	size_t		 i, rl;

	for (i = 0; i < 3; i++)
		if (parse_dec(line[i + 2], line[i + 3] - 1, num[i]) != 0)
			return NOTE_EFORMAT;
	if (b64_decode(line[5], (size_t)(line[6] - 1 - line[5]), h->leaf, 32,
	    &rl) != 0 || rl != 32 ||
	    parse_dec(line[6], line[7] - 1, &h->events) != 0)
		return NOTE_EFORMAT;
	/* The event is in the tree, and is at least the record's first. */
	if (h->index >= h->size || h->events == 0 || h->events > h->index + 1)
		return NOTE_EFORMAT;
	h->last = h->record;
	return NOTE_OK;
}

/* Issue heads' lines 2..5 into *h. */
static int
parse_issue_heads(const char *const *line, struct note_head *h)
{
	uint64_t	*num[] = { &h->size, &h->record, &h->last, &h->index };
	size_t		 i;

	for (i = 0; i < 4; i++)
		if (parse_dec(line[i + 2], line[i + 3] - 1, num[i]) != 0)
			return NOTE_EFORMAT;
	/* Records first..last, issued at consecutive leaves in the tree. */
	if (h->record == 0 || h->last < h->record ||
	    h->index >= h->size || h->last - h->record >= h->size - h->index)
		return NOTE_EFORMAT;
	h->range = 1;
	h->events = 1;
	return NOTE_OK;
}

int
head_parse(const char *text, size_t len, char **origin,
    struct note_head *h)
{
	const char	*line[8], *p, *e = text + len;
	size_t		 n;
	int		 rc;

	*origin = NULL;
	memset(h, 0, sizeof(*h));
	if (len == 0 || text[len - 1] != '\n' || !text_ok(text, len))
		return NOTE_EFORMAT;
	/* Its lines, none empty; line[i] starts line i, line[n] the end. */
	line[0] = text;
	for (n = 0, p = text; p < e && n < 7; n++) {
		p = memchr(p, '\n', (size_t)(e - p));
		if (p == line[n])
			return NOTE_EFORMAT;
		line[n + 1] = ++p;
	}
	if (p != e)
		return NOTE_EFORMAT;
	if (n == 7 && line_is(line[0], line[1] - 1, HEAD_TYPE))
		rc = parse_record_head(line, h);
	else if (n == 6 && line_is(line[0], line[1] - 1, ISSUE_TYPE))
		rc = parse_issue_heads(line, h);
	else
		rc = NOTE_EFORMAT;
	if (rc != NOTE_OK)
		return rc;
	*origin = strndup(line[1], (size_t)(line[2] - 1 - line[1]));
	if (*origin == NULL)
		return NOTE_ENOMEM;
	return NOTE_OK;
}

int
head_covers(const struct note_head *h, uint64_t record, uint64_t *index)
{
	if (record < h->record || record > h->last)
		return 0;
	*index = h->index + (record - h->record);
	return 1;
}
