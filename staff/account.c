/*
 * account.c: staff accounts in the users database (see account.h).
 *
 * An account is one LMDB entry: the name's bytes map to a JSON object with
 * the role, the scrypt parameters, salt and hash of the password, and the
 * lock-out state.  The scrypt parameters are stored with each hash and used
 * to check it, so new passwords can be hashed at a higher cost later while
 * old ones still work.
 *
 * Signing in never does the slow hash inside a write transaction: it reads
 * the account, hashes the password, then counts the result in a short write
 * transaction that reads the account again, so concurrent attempts on one
 * account all count.  Nothing here appends to the log, so no signer is
 * needed.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "account.h"
#include "b64.h"
#include "cryptoerr.h"
#include "names.h"
#include "utf8.h"

/* Its name on disk: never change it. */
const struct store_db staff_dbs[] = {
	{ "users", STORE_DB_LATER },
	{ NULL, 0 },
};

#define KDF_N		32768	/* new passwords: 32 MiB, ~0.1 s */
#define KDF_R		8
#define KDF_P		1
#define KDF_N_MAX	((uint64_t)1 << 22)
#define KDF_RP_MAX	64
/* The most memory stored parameters may make scrypt ask for. */
#define KDF_MAXMEM	((uint64_t)1 << 30)
#define SALT_LEN	16
#define SALT_MAX	64
#define HASH_LEN	32

/* Hashed in place of an account that is not there, to take the same time. */
static const uint8_t	 dummy_salt[SALT_LEN + 1] = "sogoc/no-account";

static const char *const role_names[] = {
	NULL, "reviewer", "registrar", "admin"
};

/* An account as stored. */
struct account_rec {
	struct account_info	 info;
	uint64_t		 n;
	uint32_t		 r;
	uint32_t		 p;
	uint8_t			 salt[SALT_MAX];
	size_t			 saltlen;
	uint8_t			 hash[HASH_LEN];
	json_t			*obj;	/* as read, with fields unknown here */
};

static void
rec_clear(struct account_rec *r)
{
	json_decref(r->obj);
	explicit_bzero(r, sizeof(*r));
}

const char *
account_role_name(enum account_role r)
{
	return names_get(role_names, NAMES_LEN(role_names), (int)r);
}

enum account_role
account_role_parse(const char *s)
{
	int	 i;

	/* role_names[ROLE_NONE] is NULL, which no name matches. */
	i = names_find(role_names, NAMES_LEN(role_names), s);
	return i < 0 ? ROLE_NONE : (enum account_role)i;
}

/* A name for a message: printable ASCII, cut short, never a terminal
 * escape from whoever typed it. */
static void
shown(const char *s, char *out, size_t outsz)
{
	size_t	 i;

	for (i = 0; s[i] != '\0' && i + 1 < outsz; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	out[i] = '\0';
	if (s[i] != '\0' && outsz > 4)
		memcpy(out + outsz - 4, "...", 4);
}

static int
name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '.' || c == '_' || c == '-';
}

int
account_check_name(const char *name, char *err, size_t errsz)
{
	char	 s[ACCOUNT_NAME_MAX + 8];
	size_t	 i, len;

	if (name == NULL || name[0] == '\0') {
		snprintf(err, errsz, "an account needs a name");
		return -1;
	}
	shown(name, s, sizeof(s));
	len = strlen(name);
	if (len > ACCOUNT_NAME_MAX) {
		snprintf(err, errsz, "the name \"%s\" is too long: at most %d "
		    "characters", s, ACCOUNT_NAME_MAX);
		return -1;
	}
	for (i = 0; i < len; i++)
		if (!name_char((unsigned char)name[i])) {
			snprintf(err, errsz, "the name \"%s\" may only have "
			    "lowercase letters a-z, digits and '.', '_', '-'",
			    s);
			return -1;
		}
	if (name[0] < 'a' || name[0] > 'z') {
		snprintf(err, errsz, "the name \"%s\" must start with a "
		    "letter a-z", s);
		return -1;
	}
	return 0;
}

int
account_check_password(const char *pw, char *err, size_t errsz)
{
	size_t	 len, i, chars = 0;

	if (pw == NULL) {
		snprintf(err, errsz, "no password given");
		return -1;
	}
	len = strlen(pw);
	if (len > ACCOUNT_PASSWORD_MAX) {
		snprintf(err, errsz, "a password may have at most %d bytes",
		    ACCOUNT_PASSWORD_MAX);
		return -1;
	}
	if (!utf8_valid(pw, len, 0)) {
		snprintf(err, errsz, "the password is not valid UTF-8");
		return -1;
	}
	if (!utf8_valid(pw, len, UTF8_NO_CONTROLS)) {
		snprintf(err, errsz, "a password may not contain control "
		    "characters (tabs, newlines, escapes)");
		return -1;
	}
	/* Valid UTF-8: every byte that is not a continuation starts one. */
	for (i = 0; i < len; i++)
		if (((unsigned char)pw[i] & 0xc0) != 0x80)
			chars++;
	if (chars < ACCOUNT_PASSWORD_MIN) {
		snprintf(err, errsz, "a password needs at least %d characters",
		    ACCOUNT_PASSWORD_MIN);
		return -1;
	}
	return 0;
}

/* Copies the store's last error into err. */
static int
store_err(struct store *st, char *err, size_t errsz)
{
	snprintf(err, errsz, "%s", store_errmsg(st));
	return ACCOUNT_ESTORE;
}

/* OpenSSL's queued errors into err (cryptoerr.h): ACCOUNT_ESTORE. */
static int
kdf_fail(const char *what, char *err, size_t errsz)
{
	(void)crypto_err(what, err, errsz);
	return ACCOUNT_ESTORE;
}

/* out = scrypt(pw, salt) with cost n, r, p. */
static int
kdf(const char *pw, size_t pwlen, const uint8_t *salt, size_t saltlen,
    uint64_t n, uint32_t r, uint32_t p, uint8_t *out, char *err,
    size_t errsz)
{
	OSSL_PARAM	 params[7], *q = params;
	EVP_KDF		*k;
	EVP_KDF_CTX	*ctx = NULL;
	uint64_t	 maxmem = KDF_MAXMEM;
	int		 rc = ACCOUNT_OK;

	k = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
	if (k != NULL)
		ctx = EVP_KDF_CTX_new(k);
	if (ctx == NULL) {
		rc = kdf_fail("scrypt failed", err, errsz);
		goto out;
	}
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
	    (void *)pw, pwlen);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
	    (void *)salt, saltlen);
	*q++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
	*q++ = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r);
	*q++ = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p);
	*q++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM,
	    &maxmem);
	*q = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(ctx, out, HASH_LEN, params) != 1) {
		explicit_bzero(out, HASH_LEN);
		rc = kdf_fail("scrypt failed", err, errsz);
	}
out:
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(k);
	return rc;
}

/* Hashes a new password into r with a fresh salt and today's cost. */
static int
rec_set_password(struct account_rec *r, const char *pw, char *err,
    size_t errsz)
{
	r->n = KDF_N;
	r->r = KDF_R;
	r->p = KDF_P;
	r->saltlen = SALT_LEN;
	if (RAND_bytes(r->salt, SALT_LEN) != 1)
		return kdf_fail("making a salt failed", err, errsz);
	return kdf(pw, strlen(pw), r->salt, r->saltlen, r->n, r->r, r->p,
	    r->hash, err, errsz);
}

/* Whether stored cost parameters are ones scrypt can run within bounds. */
static int
kdf_params_ok(json_int_t n, json_int_t r, json_int_t p)
{
	if (n < 2 || (uint64_t)n > KDF_N_MAX || (n & (n - 1)) != 0)
		return 0;
	if (r < 1 || r > KDF_RP_MAX || p < 1 || p > KDF_RP_MAX)
		return 0;
	return (uint64_t)128 * (uint64_t)n * (uint64_t)r <= KDF_MAXMEM / 2;
}

static int
get_time(json_t *o, const char *key, time_t *out)
{
	json_t	*v = json_object_get(o, key);

	if (v == NULL) {
		*out = 0;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	*out = (time_t)json_integer_value(v);
	return 0;
}

static int
get_b64(json_t *o, const char *key, uint8_t *out, size_t outsz,
    size_t *len)
{
	const char	*s = json_string_value(json_object_get(o, key));

	if (s == NULL)
		return -1;
	return b64_decode(s, strlen(s), out, outsz, len);
}

/* Decodes the stored account name (namelen bytes) from v into r. */
static int
rec_decode(const void *name, size_t namelen, const struct store_val *v,
    struct account_rec *r, char *err, size_t errsz)
{
	json_t		*o, *x;
	json_int_t	 n, rr, p;
	const char	*kdfname;
	char		 s[ACCOUNT_NAME_MAX + 8];
	size_t		 len;

	memset(r, 0, sizeof(*r));
	if (namelen > ACCOUNT_NAME_MAX)
		goto bad;
	memcpy(r->info.name, name, namelen);
	o = json_loadb(v->data, v->len, JSON_REJECT_DUPLICATES, NULL);
	if (o == NULL)
		goto bad;
	r->obj = o;
	if (!json_is_object(o))
		goto bad;
	r->info.role = account_role_parse(json_string_value(
	    json_object_get(o, "role")));
	kdfname = json_string_value(json_object_get(o, "kdf"));
	if (r->info.role == ROLE_NONE || kdfname == NULL ||
	    strcmp(kdfname, "scrypt") != 0)
		goto bad;
	n = json_integer_value(json_object_get(o, "N"));
	rr = json_integer_value(json_object_get(o, "r"));
	p = json_integer_value(json_object_get(o, "p"));
	if (!kdf_params_ok(n, rr, p))
		goto bad;
	r->n = (uint64_t)n;
	r->r = (uint32_t)rr;
	r->p = (uint32_t)p;
	if (get_b64(o, "salt", r->salt, sizeof(r->salt), &r->saltlen) != 0 ||
	    r->saltlen < SALT_LEN ||
	    get_b64(o, "hash", r->hash, sizeof(r->hash), &len) != 0 ||
	    len != HASH_LEN)
		goto bad;
	if (get_time(o, "created", &r->info.created) != 0 ||
	    get_time(o, "last_login", &r->info.last_login) != 0 ||
	    get_time(o, "unlocked", &r->info.unlocked) != 0 ||
	    get_time(o, "changed", &r->info.changed) != 0)
		goto bad;
	x = json_object_get(o, "disabled");
	if (x != NULL && !json_is_boolean(x))
		goto bad;
	r->info.disabled = json_is_true(x);
	return ACCOUNT_OK;
bad:
	shown(r->info.name, s, sizeof(s));
	snprintf(err, errsz, "the stored account \"%s\" is damaged", s);
	rec_clear(r);
	return ACCOUNT_ESTORE;
}

/* Reads account name into r: ACCOUNT_OK, ACCOUNT_ENOTFOUND or _ESTORE. */
static int
rec_get(struct store *st, struct store_rd *txn, const char *name,
    struct account_rec *r, char *err, size_t errsz)
{
	struct store_val v;
	char		 s[ACCOUNT_NAME_MAX + 8];
	int		 rc;

	memset(r, 0, sizeof(*r));
	rc = store_get(txn, DB_USERS, name, strlen(name), &v);
	if (rc == STORE_ENOTFOUND) {
		shown(name, s, sizeof(s));
		snprintf(err, errsz, "no account named %s", s);
		return ACCOUNT_ENOTFOUND;
	}
	if (rc != STORE_OK)
		return store_err(st, err, errsz);
	return rec_decode(name, strlen(name), &v, r, err, errsz);
}

/* Stores r under its name; ACCOUNT_EEXIST when noover and it is there. */
static int
rec_put(struct store *st, struct store_txn *t, struct account_rec *r,
    int noover, char *err, size_t errsz)
{
	json_t		*o = r->obj != NULL ? r->obj : json_object();
	char		 salt[B64_ENCLEN(SALT_MAX) + 1];
	char		 hash[B64_ENCLEN(HASH_LEN) + 1];
	char		*text;
	int		 rc, bad = 0;

	r->obj = o;
	if (o == NULL ||
	    b64_encode(r->salt, r->saltlen, salt, sizeof(salt)) < 0 ||
	    b64_encode(r->hash, HASH_LEN, hash, sizeof(hash)) < 0) {
		snprintf(err, errsz, "out of memory");
		return ACCOUNT_ESTORE;
	}
	/* Known fields replace their old values; others stay as they were. */
	bad |= json_object_set_new(o, "role",
	    json_string(account_role_name(r->info.role)));
	bad |= json_object_set_new(o, "kdf", json_string("scrypt"));
	bad |= json_object_set_new(o, "N", json_integer((json_int_t)r->n));
	bad |= json_object_set_new(o, "r", json_integer((json_int_t)r->r));
	bad |= json_object_set_new(o, "p", json_integer((json_int_t)r->p));
	bad |= json_object_set_new(o, "salt", json_string(salt));
	bad |= json_object_set_new(o, "hash", json_string(hash));
	bad |= json_object_set_new(o, "created",
	    json_integer((json_int_t)r->info.created));
	bad |= json_object_set_new(o, "last_login",
	    json_integer((json_int_t)r->info.last_login));
	bad |= json_object_set_new(o, "unlocked",
	    json_integer((json_int_t)r->info.unlocked));
	/* What older versions counted here (the lock-out). */
	json_object_del(o, "failures");
	json_object_del(o, "locked_until");
	bad |= json_object_set_new(o, "disabled",
	    json_boolean(r->info.disabled));
	bad |= json_object_set_new(o, "changed",
	    json_integer((json_int_t)r->info.changed));
	text = bad ? NULL : json_dumps(o, JSON_COMPACT);
	if (text == NULL) {
		snprintf(err, errsz, "out of memory");
		return ACCOUNT_ESTORE;
	}
	rc = store_put(t, DB_USERS, r->info.name, strlen(r->info.name), text,
	    strlen(text), noover ? STORE_NOOVERWRITE : 0, NULL);
	free(text);
	if (rc == STORE_EEXIST) {
		snprintf(err, errsz, "the name \"%s\" is taken", r->info.name);
		return ACCOUNT_EEXIST;
	}
	if (rc != STORE_OK)
		return store_err(st, err, errsz);
	return ACCOUNT_OK;
}

static int
wr_begin(struct store *st, struct store_txn **t, char *err, size_t errsz)
{
	if (store_wr_begin(st, t) != STORE_OK)
		return store_err(st, err, errsz);
	if (!store_has_db(st, DB_USERS)) {
		store_wr_abort(*t);
		snprintf(err, errsz, "this registry has no users database");
		return ACCOUNT_ESTORE;
	}
	return ACCOUNT_OK;
}

/*
 * Ends t: commits it when rc is ACCOUNT_OK (the work before went well),
 * else aborts it and returns rc.  r is cleared either way.
 */
static int
wr_end(struct store *st, struct store_txn *t, struct account_rec *r, int rc,
    char *err, size_t errsz)
{
	rec_clear(r);
	if (rc != ACCOUNT_OK) {
		store_wr_abort(t);
		return rc;
	}
	if (store_wr_commit(t, NULL) != STORE_OK)
		return store_err(st, err, errsz);
	return ACCOUNT_OK;
}

/*
 * Reads account name, lets fn change it and stores it, in one write
 * transaction.  fn returns ACCOUNT_OK to store the change, anything else
 * to leave the account as it was and return that.
 */
static int
modify(struct store *st, const char *name,
    int (*fn)(struct account_rec *, void *), void *arg, char *err,
    size_t errsz)
{
	struct store_txn	*t;
	struct account_rec	 r;
	int			 rc;

	rc = wr_begin(st, &t, err, errsz);
	if (rc != ACCOUNT_OK)
		return rc;
	rc = rec_get(st, store_txn_rd(t), name, &r, err, errsz);
	if (rc == ACCOUNT_OK)
		rc = fn(&r, arg);
	if (rc == ACCOUNT_OK)
		rc = rec_put(st, t, &r, 0, err, errsz);
	return wr_end(st, t, &r, rc, err, errsz);
}

static int
role_ok(enum account_role role, char *err, size_t errsz)
{
	if (account_role_name(role) == NULL) {
		snprintf(err, errsz, "no such role: an account is a reviewer, "
		    "a registrar or an admin");
		return 0;
	}
	return 1;
}

int
account_add(struct store *st, const char *name, enum account_role role,
    const char *password, char *err, size_t errsz)
{
	struct store_txn	*t;
	struct account_rec	 r;
	int			 rc;

	if (account_check_name(name, err, errsz) != 0 ||
	    !role_ok(role, err, errsz) ||
	    account_check_password(password, err, errsz) != 0)
		return ACCOUNT_EINPUT;
	memset(&r, 0, sizeof(r));
	memcpy(r.info.name, name, strlen(name));
	r.info.role = role;
	r.info.created = time(NULL);
	r.info.changed = r.info.created;
	/* The slow hash first, so the write lock is held only briefly. */
	rc = rec_set_password(&r, password, err, errsz);
	if (rc == ACCOUNT_OK)
		rc = wr_begin(st, &t, err, errsz);
	if (rc != ACCOUNT_OK) {
		rec_clear(&r);
		return rc;
	}
	rc = rec_put(st, t, &r, 1, err, errsz);
	return wr_end(st, t, &r, rc, err, errsz);
}

static int
set_password(struct account_rec *r, void *arg)
{
	const struct account_rec	*n = arg;

	r->n = n->n;
	r->r = n->r;
	r->p = n->p;
	memcpy(r->salt, n->salt, n->saltlen);
	r->saltlen = n->saltlen;
	memcpy(r->hash, n->hash, HASH_LEN);
	r->info.changed = time(NULL);
	r->info.unlocked = r->info.changed;
	return ACCOUNT_OK;
}

int
account_passwd(struct store *st, const char *name, const char *password,
    char *err, size_t errsz)
{
	struct account_rec	 n;
	int			 rc;

	if (account_check_name(name, err, errsz) != 0 ||
	    account_check_password(password, err, errsz) != 0)
		return ACCOUNT_EINPUT;
	memset(&n, 0, sizeof(n));
	rc = rec_set_password(&n, password, err, errsz);
	if (rc == ACCOUNT_OK)
		rc = modify(st, name, set_password, &n, err, errsz);
	rec_clear(&n);
	return rc;
}

struct set_arg {
	enum account_role	 role;
	int			 disabled;
};

static int
set_fields(struct account_rec *r, void *arg)
{
	const struct set_arg	*a = arg;

	if (a->role != ROLE_NONE)
		r->info.role = a->role;
	if (a->disabled >= 0)
		r->info.disabled = a->disabled != 0;
	r->info.changed = time(NULL);
	return ACCOUNT_OK;
}

int
account_set(struct store *st, const char *name, enum account_role role,
    int disabled, char *err, size_t errsz)
{
	struct set_arg	 a = { role, disabled };

	if (account_check_name(name, err, errsz) != 0 ||
	    (role != ROLE_NONE && !role_ok(role, err, errsz)))
		return ACCOUNT_EINPUT;
	return modify(st, name, set_fields, &a, err, errsz);
}

static int
clear_lock(struct account_rec *r, void *arg)
{
	(void)arg;
	r->info.unlocked = time(NULL);
	return ACCOUNT_OK;
}

int
account_unlock(struct store *st, const char *name, char *err,
    size_t errsz)
{
	if (account_check_name(name, err, errsz) != 0)
		return ACCOUNT_EINPUT;
	return modify(st, name, clear_lock, NULL, err, errsz);
}

int
account_get(struct store *st, const char *name, struct account_info *info,
    char *err, size_t errsz)
{
	struct account_rec	 r;
	struct store_rd		*txn;
	int			 rc;

	if (!store_has_db(st, DB_USERS) ||
	    account_check_name(name, err, errsz) != 0) {
		snprintf(err, errsz, "no such account");
		return ACCOUNT_ENOTFOUND;
	}
	if (store_rd_begin(st, &txn) != STORE_OK)
		return store_err(st, err, errsz);
	rc = rec_get(st, txn, name, &r, err, errsz);
	store_rd_end(txn);
	if (rc == ACCOUNT_OK)
		*info = r.info;
	rec_clear(&r);
	return rc;
}

/* What list_one() calls, and where it says why it failed. */
struct list_ctx {
	int	(*fn)(void *, const struct account_info *);
	void	*arg;
	char	*err;
	size_t	 errsz;
	int	 rc;
};

/* One stored account for account_list() (store_each()). */
static int
list_one(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct list_ctx		*x = arg;
	struct account_rec	 r;
	int			 rc;

	x->rc = rec_decode(k->data, k->len, v, &r, x->err, x->errsz);
	if (x->rc != ACCOUNT_OK)
		return STORE_STOP;
	rc = x->fn(x->arg, &r.info);
	rec_clear(&r);
	return rc != 0 ? STORE_STOP : STORE_OK;
}

int
account_list(struct store *st, int (*fn)(void *, const struct account_info *),
    void *arg, char *err, size_t errsz)
{
	struct list_ctx		 x = { fn, arg, err, errsz, ACCOUNT_OK };
	struct store_rd		*txn;
	int			 rc;

	if (!store_has_db(st, DB_USERS))
		return ACCOUNT_OK;
	if (store_rd_begin(st, &txn) != STORE_OK)
		return store_err(st, err, errsz);
	rc = store_each(txn, DB_USERS, NULL, 0, 0, list_one, &x);
	store_rd_end(txn);
	if (rc != STORE_OK)
		return store_err(st, err, errsz);
	return x.rc;
}

/* The right password, recorded at time now. */
struct login_arg {
	time_t		 now;
	const uint8_t	*salt;		/* what the password was hashed */
	size_t		 saltlen;	/* with, to notice a new one */
	struct account_info *info;
};

static int
record_login(struct account_rec *r, void *arg)
{
	struct login_arg	*a = arg;

	/* Changed since it was read: the password checked is not its. */
	if (r->saltlen != a->saltlen ||
	    memcmp(r->salt, a->salt, a->saltlen) != 0)
		return ACCOUNT_EBAD;
	if (r->info.disabled)
		return ACCOUNT_EDISABLED;
	r->info.last_login = a->now;
	if (a->info != NULL)
		*a->info = r->info;
	return ACCOUNT_OK;
}

static int
bad_login(char *err, size_t errsz)
{
	snprintf(err, errsz, "wrong name or password");
	return ACCOUNT_EBAD;
}

int
account_login(struct store *st, const char *name, const char *password,
    time_t now, struct account_info *info, char *err, size_t errsz)
{
	struct login_arg	 a;
	struct account_rec	 r;
	struct store_rd		*txn;
	uint8_t			 cand[HASH_LEN];
	char			 ignored[8];
	size_t			 pwlen;
	int			 rc, found = 0, right;

	if (info != NULL)
		memset(info, 0, sizeof(*info));
	memset(&r, 0, sizeof(r));
	if (password == NULL)
		password = "";
	/* Longer than any password can be set: hash a part, then fail. */
	pwlen = strnlen(password, ACCOUNT_PASSWORD_MAX + 1);
	if (account_check_name(name, ignored, sizeof(ignored)) == 0 &&
	    store_has_db(st, DB_USERS)) {
		if (store_rd_begin(st, &txn) != STORE_OK)
			return store_err(st, err, errsz);
		rc = rec_get(st, txn, name, &r, err, errsz);
		store_rd_end(txn);
		if (rc == ACCOUNT_ESTORE)
			return rc;
		found = rc == ACCOUNT_OK;
	}
	/* No such account: the same work as for a password that is tried. */
	if (found)
		rc = kdf(password, pwlen, r.salt, r.saltlen, r.n, r.r, r.p,
		    cand, err, errsz);
	else
		rc = kdf(password, pwlen, dummy_salt, SALT_LEN, KDF_N, KDF_R,
		    KDF_P, cand, err, errsz);
	right = rc == ACCOUNT_OK && found && pwlen <= ACCOUNT_PASSWORD_MAX &&
	    CRYPTO_memcmp(cand, r.hash, HASH_LEN) == 0;
	explicit_bzero(cand, sizeof(cand));
	if (rc != ACCOUNT_OK || !right) {
		rec_clear(&r);
		return rc != ACCOUNT_OK ? rc : bad_login(err, errsz);
	}
	a.now = now;
	a.salt = r.salt;
	a.saltlen = r.saltlen;
	a.info = info;
	rc = modify(st, name, record_login, &a, err, errsz);
	rec_clear(&r);
	switch (rc) {
	case ACCOUNT_OK:
		return ACCOUNT_OK;
	case ACCOUNT_EDISABLED:
		snprintf(err, errsz, "this account is disabled");
		return rc;
	case ACCOUNT_ENOTFOUND:	/* removed meanwhile */
	case ACCOUNT_EBAD:
		return bad_login(err, errsz);
	}
	return rc;
}
