/*
 * note.c: C2SP signed notes with Ed25519 keys, and the checkpoints the
 * registry signs with them (see note.h).
 *
 * Keys and notes must pass unchanged between this file and Go's
 * golang.org/x/mod/sumdb/note, the reference for these formats, so parsing
 * follows Go's rules, and is stricter where Go is lenient: key ids are
 * lowercase hex and recomputed, base64 has one spelling only, and a known
 * key that signs a note twice makes it malformed.  Everything parsed here
 * may come from outside, so lengths are bounded and nothing is read past
 * the bytes given.  Private key bytes live in OpenSSL's EVP_PKEY and in
 * buffers that are wiped before they go.  Nothing here prints: an OpenSSL
 * failure empties its error queue and returns NOTE_ECRYPTO for the caller
 * to report.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "b64.h"
#include "note.h"

#define ALG_ED25519	0x01
#define ED_KEYLEN	32
#define ED_SIGLEN	64
#define ID_LEN		4
#define MAX_SIGS	100		/* signature lines in one note */
#define MAX_NOTE	(1 << 20)	/* bytes in one note */
#define SKEY_PREFIX	"PRIVATE+KEY+"

/* U+2014 EM DASH and a space, which begin every signature line. */
static const char sig_prefix[] = "\xe2\x80\x94 ";
#define SIG_PREFIX_LEN	(sizeof(sig_prefix) - 1)

struct note_signer {
	char		*name;
	uint32_t	 id;
	uint8_t		 pub[ED_KEYLEN];
	EVP_PKEY	*pkey;
};

struct note_verifier {
	char		*name;
	uint32_t	 id;
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

/*
 * Empties OpenSSL's error queue, so that a later, unrelated failure is not
 * blamed on this one; the caller reports NOTE_ECRYPTO.
 */
static int
crypto_fail(void)
{
	while (ERR_get_error() != 0)
		continue;
	return NOTE_ECRYPTO;
}

/*
 * Decodes the code point at the start of the len (> 0) bytes at s into *cp
 * and returns its length, or 0 when the bytes are not UTF-8.  Overlong
 * forms, surrogates and values past U+10FFFF are refused, as by Go's
 * utf8.Valid.
 */
static size_t
utf8_next(const uint8_t *s, size_t len, uint32_t *cp)
{
	uint32_t	 c;
	size_t		 n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (n == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff)))
		return 0;
	if (n == 4 && (c < 0x10000 || c > 0x10ffff))
		return 0;
	*cp = c;
	return n;
}

/* C0 controls, DEL and C1 controls. */
static int
is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c < 0xa0);
}

/* The white space of Go's unicode.IsSpace. */
static int
is_space(uint32_t c)
{
	static const uint32_t	 spaces[] = {
		'\t', '\n', '\v', '\f', '\r', ' ', 0x85, 0xa0, 0x1680,
		0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
	};
	size_t			 i;

	if (c >= 0x2000 && c <= 0x200a)
		return 1;
	for (i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++)
		if (c == spaces[i])
			return 1;
	return 0;
}

/*
 * A key name (len bytes, not a C string): non-empty UTF-8 without '+',
 * white space or controls.  Go allows controls that are not spaces; a name
 * is printed in logs and on the command line, so they are refused here.
 */
static int
name_ok(const char *s, size_t len)
{
	const uint8_t	*p = (const uint8_t *)s;
	uint32_t	 c;
	size_t		 i, n;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i += n) {
		n = utf8_next(p + i, len - i, &c);
		if (n == 0 || c == '+' || is_control(c) || is_space(c))
			return 0;
	}
	return 1;
}

/*
 * Text a signed note may hold (c2sp.org/signed-note): UTF-8 without ASCII
 * controls other than newline.
 */
static int
text_ok(const char *s, size_t len)
{
	const uint8_t	*p = (const uint8_t *)s;
	uint32_t	 c;
	size_t		 i, n;

	for (i = 0; i < len; i += n) {
		n = utf8_next(p + i, len - i, &c);
		if (n == 0 || (c < 0x20 && c != '\n'))
			return 0;
	}
	return 1;
}

/* Big-endian 32-bit value of the 4 bytes at p. */
static uint32_t
get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* *id = the first 4 bytes of SHA-256(name || "\n" || 0x01 || pub). */
static int
key_id(const char *name, size_t namelen, const uint8_t *pub, uint32_t *id)
{
	static const uint8_t	 nl_alg[2] = { '\n', ALG_ED25519 };
	uint8_t			 h[EVP_MAX_MD_SIZE];
	EVP_MD_CTX		*c;
	int			 ok;

	c = EVP_MD_CTX_new();
	ok = c != NULL && EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(c, name, namelen) == 1 &&
	    EVP_DigestUpdate(c, nl_alg, sizeof(nl_alg)) == 1 &&
	    EVP_DigestUpdate(c, pub, ED_KEYLEN) == 1 &&
	    EVP_DigestFinal_ex(c, h, NULL) == 1;
	EVP_MD_CTX_free(c);
	if (!ok)
		return crypto_fail();
	*id = get_be32(h);
	return NOTE_OK;
}

/*
 * Parses the 8 lowercase hex digits at s.  Go also takes uppercase; the
 * keys it writes never have it, and a key has one spelling here.
 */
static int
parse_hex8(const char *s, uint32_t *out)
{
	uint32_t	 v = 0;
	int		 i, d;

	for (i = 0; i < 8; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else
			return 0;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 1;
}

/*
 * Splits "name+hex8+base64(0x01 || key32)", the len bytes at s, and checks
 * everything but the id, which needs the public key: *name is malloc'd,
 * *id is the id as written, key gets the 32 key bytes.  key is wiped by
 * the caller, who may have put a seed there.
 */
static int
split_key(const char *s, size_t len, char **name, uint32_t *id,
    uint8_t *key)
{
	const char	*end = s + len, *p1, *p2;
	uint8_t		 buf[1 + ED_KEYLEN + 3];
	size_t		 n;
	int		 bad;

	*name = NULL;
	p1 = memchr(s, '+', len);
	if (p1 == NULL || end - p1 < 10 || p1[9] != '+' ||
	    !name_ok(s, (size_t)(p1 - s)) || !parse_hex8(p1 + 1, id))
		return NOTE_EKEY;
	/* The base64 may itself hold '+': it is all that follows p2. */
	p2 = p1 + 9;
	bad = b64_decode(p2 + 1, (size_t)(end - p2 - 1), buf, sizeof(buf),
	    &n) != 0 || n != 1 + ED_KEYLEN || buf[0] != ALG_ED25519;
	if (!bad)
		memcpy(key, buf + 1, ED_KEYLEN);
	explicit_bzero(buf, sizeof(buf));
	if (bad)
		return NOTE_EKEY;
	*name = strndup(s, (size_t)(p1 - s));
	if (*name == NULL)
		return NOTE_ENOMEM;
	return NOTE_OK;
}

/* Length of the C string s without trailing white space. */
static size_t
trimmed(const char *s)
{
	size_t	 n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' ||
	    s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

/* prefix name+hex8(id)+base64(0x01 || key32), malloc'd; NULL if no memory. */
static char *
format_key(const char *prefix, const char *name, uint32_t id,
    const uint8_t *key32)
{
	uint8_t	 k[1 + ED_KEYLEN];
	char	 b[B64_ENCLEN(sizeof(k)) + 1], *out;
	size_t	 n;
	int	 w;

	k[0] = ALG_ED25519;
	memcpy(k + 1, key32, ED_KEYLEN);
	b64_encode(k, sizeof(k), b, sizeof(b));
	n = strlen(prefix) + strlen(name) + 1 + 8 + 1 + strlen(b) + 1;
	out = malloc(n);
	if (out != NULL) {
		w = snprintf(out, n, "%s%s+%08" PRIx32 "+%s", prefix, name,
		    id, b);
		if (w < 0 || (size_t)w >= n) {
			explicit_bzero(out, n);
			free(out);
			out = NULL;
		}
	}
	explicit_bzero(k, sizeof(k));
	explicit_bzero(b, sizeof(b));
	return out;
}

int
note_keygen(const char *name, char **skey, char **vkey)
{
	EVP_PKEY_CTX	*ctx = NULL;
	EVP_PKEY	*pkey = NULL;
	uint8_t		 seed[ED_KEYLEN], pub[ED_KEYLEN];
	size_t		 sl = sizeof(seed), pl = sizeof(pub);
	uint32_t	 id;
	int		 rc;

	*skey = *vkey = NULL;
	if (name == NULL || !name_ok(name, strlen(name)))
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
	rc = key_id(name, strlen(name), pub, &id);
	if (rc != NOTE_OK)
		goto out;
	*skey = format_key(SKEY_PREFIX, name, id, seed);
	*vkey = format_key("", name, id, pub);
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
	struct note_signer	*s;
	uint8_t			 seed[ED_KEYLEN];
	size_t			 len, pl = ED_KEYLEN;
	uint32_t		 id;
	int			 rc;

	*out = NULL;
	len = trimmed(skey);
	if (len < strlen(SKEY_PREFIX) ||
	    memcmp(skey, SKEY_PREFIX, strlen(SKEY_PREFIX)) != 0)
		return NOTE_EKEY;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NOTE_ENOMEM;
	rc = split_key(skey + strlen(SKEY_PREFIX), len - strlen(SKEY_PREFIX),
	    &s->name, &s->id, seed);
	if (rc != NOTE_OK)
		goto fail;
	s->pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed,
	    ED_KEYLEN);
	if (s->pkey == NULL ||
	    EVP_PKEY_get_raw_public_key(s->pkey, s->pub, &pl) != 1 ||
	    pl != ED_KEYLEN) {
		rc = crypto_fail();
		goto fail;
	}
	/* The id is of the public key, so it can only be checked now. */
	rc = key_id(s->name, strlen(s->name), s->pub, &id);
	if (rc == NOTE_OK && id != s->id)
		rc = NOTE_EKEY;
	if (rc != NOTE_OK)
		goto fail;
	explicit_bzero(seed, sizeof(seed));
	*out = s;
	return NOTE_OK;
fail:
	explicit_bzero(seed, sizeof(seed));
	note_signer_free(s);
	return rc;
}

void
note_signer_free(struct note_signer *s)
{
	if (s == NULL)
		return;
	EVP_PKEY_free(s->pkey);	/* which wipes the private key */
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

char *
note_signer_vkey(const struct note_signer *s)
{
	return format_key("", s->name, s->id, s->pub);
}

int
note_verifier_new(const char *vkey, struct note_verifier **out)
{
	struct note_verifier	*v;
	uint8_t			 pub[ED_KEYLEN];
	uint32_t		 id;
	int			 rc;

	*out = NULL;
	v = calloc(1, sizeof(*v));
	if (v == NULL)
		return NOTE_ENOMEM;
	rc = split_key(vkey, trimmed(vkey), &v->name, &v->id, pub);
	if (rc != NOTE_OK)
		goto fail;
	rc = key_id(v->name, strlen(v->name), pub, &id);
	if (rc == NOTE_OK && id != v->id)
		rc = NOTE_EKEY;
	if (rc != NOTE_OK)
		goto fail;
	v->pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub,
	    ED_KEYLEN);
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
note_sign(const struct note_signer *s, const char *text, size_t len,
    char **out)
{
	EVP_MD_CTX	*c;
	uint8_t		 sig[ID_LEN + ED_SIGLEN];
	char		 b[B64_ENCLEN(sizeof(sig)) + 1];
	size_t		 sl = ED_SIGLEN, n, i;
	int		 ok, w;

	*out = NULL;
	if (len == 0 || len > MAX_NOTE || text[len - 1] != '\n' ||
	    !text_ok(text, len))
		return NOTE_EFORMAT;
	/*
	 * No blank line, and no line that reads as a signature: the text
	 * must come back whole from note_open() however it is cut.
	 */
	for (i = 0; i < len; i++) {
		if (i > 0 && text[i - 1] != '\n')
			continue;
		if (text[i] == '\n' || (len - i >= SIG_PREFIX_LEN - 1 &&
		    memcmp(text + i, sig_prefix, SIG_PREFIX_LEN - 1) == 0))
			return NOTE_EFORMAT;
	}
	c = EVP_MD_CTX_new();
	ok = c != NULL &&
	    EVP_DigestSignInit(c, NULL, NULL, NULL, s->pkey) == 1 &&
	    EVP_DigestSign(c, sig + ID_LEN, &sl, (const uint8_t *)text,
	    len) == 1 && sl == ED_SIGLEN;
	EVP_MD_CTX_free(c);
	if (!ok)
		return crypto_fail();
	sig[0] = (uint8_t)(s->id >> 24);
	sig[1] = (uint8_t)(s->id >> 16);
	sig[2] = (uint8_t)(s->id >> 8);
	sig[3] = (uint8_t)s->id;
	b64_encode(sig, sizeof(sig), b, sizeof(b));
	n = len + 1 + SIG_PREFIX_LEN + strlen(s->name) + 1 + strlen(b) + 2;
	*out = malloc(n);
	if (*out == NULL)
		return NOTE_ENOMEM;
	memcpy(*out, text, len);
	w = snprintf(*out + len, n - len, "\n%s%s %s\n", sig_prefix,
	    s->name, b);
	if (w < 0 || (size_t)w >= n - len) {
		free(*out);
		*out = NULL;
		return NOTE_ENOMEM;
	}
	return NOTE_OK;
}

/* NOTE_OK when sig (ED_SIGLEN bytes) is v's signature of text. */
static int
verify(const struct note_verifier *v, const char *text, size_t len,
    const uint8_t *sig)
{
	EVP_MD_CTX	*c;
	int		 r;

	c = EVP_MD_CTX_new();
	if (c == NULL ||
	    EVP_DigestVerifyInit(c, NULL, NULL, NULL, v->pkey) != 1) {
		EVP_MD_CTX_free(c);
		return crypto_fail();
	}
	r = EVP_DigestVerify(c, sig, ED_SIGLEN, (const uint8_t *)text, len);
	EVP_MD_CTX_free(c);
	if (r == 1)
		return NOTE_OK;
	/* A wrong signature may leave errors queued too. */
	crypto_fail();
	return r == 0 ? NOTE_EBADSIG : NOTE_ECRYPTO;
}

/* Index in v of the key named name (namelen bytes) with id, or nv. */
static size_t
find_key(struct note_verifier *const *v, size_t nv, const char *name,
    size_t namelen, uint32_t id)
{
	size_t	 i;

	for (i = 0; i < nv; i++)
		if (v[i]->id == id && strlen(v[i]->name) == namelen &&
		    memcmp(v[i]->name, name, namelen) == 0)
			break;
	return i;
}

/*
 * Parses the signature line from line to nl (its newline): the em dash and
 * a space, the key name, a space, and the base64 of the key id and at
 * least one byte of signature, decoded into sig (sigsz bytes).  Returns 0
 * when the line is malformed.
 */
static int
sig_line(const char *line, const char *nl, size_t *namelen, uint8_t *sig,
    size_t sigsz, size_t *siglen)
{
	const char	*name, *sp;

	if ((size_t)(nl - line) < SIG_PREFIX_LEN ||
	    memcmp(line, sig_prefix, SIG_PREFIX_LEN) != 0)
		return 0;
	name = line + SIG_PREFIX_LEN;
	sp = memchr(name, ' ', (size_t)(nl - name));
	if (sp == NULL || !name_ok(name, (size_t)(sp - name)))
		return 0;
	if (b64_decode(sp + 1, (size_t)(nl - sp - 1), sig, sigsz, siglen) !=
	    0 || *siglen <= ID_LEN)
		return 0;
	*namelen = (size_t)(sp - name);
	return 1;
}

int
note_open(const char *msg, size_t len, struct note_verifier *const *v,
    size_t nv, size_t *textlen, size_t *signer)
{
	const char	*end = msg + len, *line, *nl;
	uint8_t		*seen = NULL, *sig = NULL;
	size_t		 i, tlen, namelen, siglen, k, nsig = 0, good = 0;
	int		 rc = NOTE_OK;

	*textlen = 0;
	if (len < 2 || len > MAX_NOTE || msg[len - 1] != '\n' ||
	    !text_ok(msg, len))
		return NOTE_EFORMAT;
	/*
	 * The text may hold blank lines: the last one ends it, and the
	 * signature lines follow; the text keeps its final newline.
	 */
	for (i = len - 1; i > 0; i--)
		if (msg[i - 1] == '\n' && msg[i] == '\n')
			break;
	if (i == 0 || i == len - 1)
		return NOTE_EFORMAT;
	tlen = i;
	seen = calloc(nv > 0 ? nv : 1, 1);
	sig = malloc(len);	/* a decoded signature is shorter than msg */
	if (seen == NULL || sig == NULL) {
		rc = NOTE_ENOMEM;
		goto out;
	}
	for (line = msg + tlen + 1; line < end; line = nl + 1) {
		/* msg ends in a newline, so every line has one. */
		nl = memchr(line, '\n', (size_t)(end - line));
		if (++nsig > MAX_SIGS ||
		    !sig_line(line, nl, &namelen, sig, len, &siglen)) {
			rc = NOTE_EFORMAT;
			goto out;
		}
		k = find_key(v, nv, line + SIG_PREFIX_LEN, namelen,
		    get_be32(sig));
		if (k == nv)
			continue;	/* not ours to check */
		/*
		 * Go drops a known key's second signature unchecked; a note
		 * we trust carries each signature once.
		 */
		if (seen[k]) {
			rc = NOTE_EFORMAT;
			goto out;
		}
		seen[k] = 1;
		if (siglen != ID_LEN + ED_SIGLEN) {
			rc = NOTE_EBADSIG;
			goto out;
		}
		rc = verify(v[k], msg, tlen, sig + ID_LEN);
		if (rc != NOTE_OK)
			goto out;
		if (good++ == 0 && signer != NULL)
			*signer = k;
	}
	if (good == 0)
		rc = NOTE_EUNKNOWN;
	else
		*textlen = tlen;
out:
	free(seen);
	free(sig);
	return rc;
}

/* An origin line: non-empty UTF-8 without controls or a newline. */
static int
origin_ok(const char *s, size_t len)
{
	const uint8_t	*p = (const uint8_t *)s;
	uint32_t	 c;
	size_t		 i, n;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i += n) {
		n = utf8_next(p + i, len - i, &c);
		if (n == 0 || is_control(c))
			return 0;
	}
	return 1;
}

int
checkpoint_format(const char *origin, uint64_t size, const uint8_t *root,
    char **out)
{
	char	 b[B64_ENCLEN(32) + 1];
	size_t	 n;
	int	 w;

	*out = NULL;
	if (origin == NULL || !origin_ok(origin, strlen(origin)))
		return NOTE_EFORMAT;
	b64_encode(root, 32, b, sizeof(b));
	n = strlen(origin) + 1 + 20 + 1 + strlen(b) + 2;
	*out = malloc(n);
	if (*out == NULL)
		return NOTE_ENOMEM;
	w = snprintf(*out, n, "%s\n%" PRIu64 "\n%s\n", origin, size, b);
	if (w < 0 || (size_t)w >= n) {
		free(*out);
		*out = NULL;
		return NOTE_ENOMEM;
	}
	return NOTE_OK;
}

/* Parses the decimal digits from s to e: no sign, no leading zero. */
static int
parse_size(const char *s, const char *e, uint64_t *out)
{
	uint64_t	 v = 0, d;

	if (s == e || (*s == '0' && e - s > 1))
		return 0;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		d = (uint64_t)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	*out = v;
	return 1;
}

int
checkpoint_parse(const char *text, size_t len, char **origin, uint64_t *size,
    uint8_t *root)
{
	const char	*end = text + len, *l1, *l2, *l3, *p;
	uint8_t		 h[32];
	size_t		 hl;
	uint64_t	 v;

	*origin = NULL;
	if (len == 0 || len > MAX_NOTE || text[len - 1] != '\n' ||
	    !text_ok(text, len))
		return NOTE_EFORMAT;
	/* Text ends in a newline, so l1 is found; l2 and l3 may not be. */
	l1 = memchr(text, '\n', len);
	l2 = memchr(l1 + 1, '\n', (size_t)(end - l1 - 1));
	if (l2 == NULL || !origin_ok(text, (size_t)(l1 - text)) ||
	    !parse_size(l1 + 1, l2, &v))
		return NOTE_EFORMAT;
	l3 = memchr(l2 + 1, '\n', (size_t)(end - l2 - 1));
	if (l3 == NULL || b64_decode(l2 + 1, (size_t)(l3 - l2 - 1), h,
	    sizeof(h), &hl) != 0 || hl != sizeof(h))
		return NOTE_EFORMAT;
	/* Extension lines, if any, are not empty. */
	for (p = l3 + 1; p < end; p++)
		if (*p == '\n' && p[-1] == '\n')
			return NOTE_EFORMAT;
	*origin = strndup(text, (size_t)(l1 - text));
	if (*origin == NULL)
		return NOTE_ENOMEM;
	*size = v;
	memcpy(root, h, sizeof(h));
	return NOTE_OK;
}
