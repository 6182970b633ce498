/*
 * test_account.c: staff accounts in a real registry in a temporary
 * directory: adding and signing in, the one answer for a wrong name and a
 * wrong password, the lock-out and its end, disabled accounts, the checks
 * on names and passwords, what is stored (never the password, a salt of
 * its own for each hash, the cost stored with it), and a read-only registry
 * made before the users database existed.
 *
 * Every password set or tried costs a real scrypt (about 0.1 s), so the
 * tests try only as many as they need.
 */
#include "config.h"

#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cm.h"
#include <jansson.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include "account.h"
#include "b64.h"
#include "store.h"

static const struct store_db *const tmpstore_dbs[] = { staff_dbs, NULL };
#define TMPSTORE_DBS	tmpstore_dbs
#include "tmpstore.h"

#define PW	"correct horse battery"
#define PW2	"một mật khẩu khác"
#define T0	((time_t)1764000000)

static void
add(struct fixture *f, const char *name, enum account_role role,
    const char *pw)
{
	int	 rc = account_add(f->st, name, role, pw, f->err,
		    sizeof(f->err));

	if (rc != ACCOUNT_OK)
		fail_msg("adding %s: %d %s", name, rc, f->err);
}

static int
login(struct fixture *f, const char *name, const char *pw, time_t now,
    struct account_info *info)
{
	return account_login(f->st, name, pw, now, info, f->err,
	    sizeof(f->err));
}

/* The stored JSON of account name, malloc'd, NUL-terminated. */
static char *
stored(struct fixture *f, const char *name)
{
	struct store_rd		*txn;
	struct store_val	 v;
	char			*s;

	assert_int_equal(store_rd_begin(f->st, &txn), STORE_OK);
	assert_int_equal(store_get(txn, DB_USERS, name, strlen(name), &v),
	    STORE_OK);
	s = malloc(v.len + 1);
	assert_non_null(s);
	memcpy(s, v.data, v.len);
	s[v.len] = '\0';
	store_rd_end(txn);
	return s;
}

static void
put_raw(struct fixture *f, const char *name, const char *json)
{
	struct store_txn	*t;

	assert_int_equal(store_wr_begin(f->st, &t), STORE_OK);
	assert_int_equal(store_put(t, DB_USERS, name, strlen(name), json,
	    strlen(json), 0, NULL), STORE_OK);
	assert_int_equal(store_wr_commit(t, NULL), STORE_OK);
}

struct listed {
	struct account_info	 a[8];
	int			 n;
};

static int
collect(void *arg, const struct account_info *info)
{
	struct listed	*l = arg;

	if (l->n < 8)
		l->a[l->n] = *info;
	l->n++;
	return 0;
}

static const struct account_info *
info_of(struct fixture *f, const char *name, struct listed *l)
{
	int	 i;

	memset(l, 0, sizeof(*l));
	assert_int_equal(account_list(f->st, collect, l, f->err,
	    sizeof(f->err)), ACCOUNT_OK);
	for (i = 0; i < l->n && i < 8; i++)
		if (strcmp(l->a[i].name, name) == 0)
			return &l->a[i];
	fail_msg("no account %s in the list", name);
	return NULL;
}

/*
 * Adds name with PW and tries five wrong passwords on it: the account
 * the unlock and new-password tests start from.  Wrong passwords write
 * nothing, so no unlock time is stored yet.
 */
static void
add_then_guess(struct fixture *f, const char *name, enum account_role role)
{
	struct listed	 l;
	int		 i;

	add(f, name, role, PW);
	for (i = 0; i < 5; i++)
		assert_int_equal(login(f, name, "wrong password", T0, NULL),
		    ACCOUNT_EBAD);
	assert_int_equal(info_of(f, name, &l)->unlocked, 0);
}

static double
cpu_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
test_roles(void **state)
{
	(void)state;
	assert_string_equal(account_role_name(ROLE_REVIEWER), "reviewer");
	assert_string_equal(account_role_name(ROLE_REGISTRAR), "registrar");
	assert_string_equal(account_role_name(ROLE_ADMIN), "admin");
	assert_null(account_role_name(ROLE_NONE));
	assert_null(account_role_name((enum account_role)42));
	assert_int_equal(account_role_parse("reviewer"), ROLE_REVIEWER);
	assert_int_equal(account_role_parse("registrar"), ROLE_REGISTRAR);
	assert_int_equal(account_role_parse("admin"), ROLE_ADMIN);
	assert_int_equal(account_role_parse("Admin"), ROLE_NONE);
	assert_int_equal(account_role_parse("root"), ROLE_NONE);
	assert_int_equal(account_role_parse(""), ROLE_NONE);
	assert_int_equal(account_role_parse(NULL), ROLE_NONE);
}

static void
test_add_login(void **state)
{
	struct fixture		*f = *state;
	struct account_info	 info;
	struct listed		 l;
	const struct account_info *a;

	add(f, "an.nguyen", ROLE_REGISTRAR, PW);
	assert_int_equal(login(f, "an.nguyen", PW, T0, &info), ACCOUNT_OK);
	assert_string_equal(info.name, "an.nguyen");
	assert_int_equal(info.role, ROLE_REGISTRAR);
	assert_int_equal(info.disabled, 0);
	assert_int_equal(info.unlocked, 0);
	assert_int_equal(info.last_login, T0);
	assert_true(info.created > 0);
	a = info_of(f, "an.nguyen", &l);
	assert_int_equal(l.n, 1);
	assert_int_equal(a->role, ROLE_REGISTRAR);
	assert_int_equal(a->last_login, T0);
	/* info may be NULL. */
	assert_int_equal(login(f, "an.nguyen", PW, T0 + 1, NULL), ACCOUNT_OK);
}

static void
test_bad_same_answer(void **state)
{
	struct fixture		*f = *state;
	struct account_info	 info;
	char			 e1[512];
	double			 t0, t1, t2;
	struct listed		 l;

	add(f, "binh", ROLE_REVIEWER, PW);
	t0 = cpu_now();
	assert_int_equal(login(f, "binh", PW "x", T0, &info), ACCOUNT_EBAD);
	t1 = cpu_now();
	snprintf(e1, sizeof(e1), "%s", f->err);
	assert_int_equal(login(f, "nobody", PW, T0, &info), ACCOUNT_EBAD);
	t2 = cpu_now();
	assert_string_equal(e1, f->err);
	assert_non_null(strstr(f->err, "wrong name or password"));
	/* No leak of the account through info either. */
	assert_int_equal(info.name[0], '\0');
	/* The unknown name costs a hash too (CPU time, not wall clock). */
	assert_true(t2 - t1 > 0.4 * (t1 - t0));
	assert_true(t2 - t1 < 2.5 * (t1 - t0));
	/* A name that cannot exist, and no password at all, likewise. */
	assert_int_equal(login(f, "Bad/Name", PW, T0, NULL), ACCOUNT_EBAD);
	assert_string_equal(e1, f->err);
	assert_int_equal(login(f, NULL, NULL, T0, NULL), ACCOUNT_EBAD);
	assert_string_equal(e1, f->err);
	/* Nothing was written: no sign-in, no account made. */
	assert_int_equal(info_of(f, "binh", &l)->last_login, 0);
	assert_int_equal(l.n, 1);
}

/*
 * Wrong passwords lock nothing in the registry (the console's guard holds
 * back the address they come from): the right one still opens, and
 * nothing a wrong one does is written, so a flood of them never takes
 * the writer's lock.
 */
static void
test_no_lockout(void **state)
{
	struct fixture		*f = *state;
	struct account_info	 info;
	char			*before, *after;
	int			 i;

	add(f, "chi", ROLE_ADMIN, PW);
	before = stored(f, "chi");
	for (i = 0; i < 50; i++)
		assert_int_equal(login(f, "chi", "wrong password", T0 + i,
		    NULL), ACCOUNT_EBAD);
	after = stored(f, "chi");
	assert_string_equal(before, after);
	assert_int_equal(login(f, "chi", PW, T0 + 60, &info), ACCOUNT_OK);
	assert_int_equal(info.last_login, T0 + 60);
	free(before);
	free(after);
}

static void
test_disabled(void **state)
{
	struct fixture	*f = *state;
	struct listed	 l;

	add(f, "dung", ROLE_REVIEWER, PW);
	assert_int_equal(account_set(f->st, "dung", ROLE_NONE, 1, f->err,
	    sizeof(f->err)), ACCOUNT_OK);
	assert_int_equal(info_of(f, "dung", &l)->disabled, 1);
	assert_int_equal(info_of(f, "dung", &l)->role, ROLE_REVIEWER);
	/* Nothing to tell a guesser: a wrong password is just wrong. */
	assert_int_equal(login(f, "dung", "not the password", T0, NULL),
	    ACCOUNT_EBAD);
	assert_int_equal(login(f, "dung", PW, T0, NULL), ACCOUNT_EDISABLED);
	assert_non_null(strstr(f->err, "disabled"));
	assert_int_equal(info_of(f, "dung", &l)->last_login, 0);
	/* A role change alone (-1) leaves it disabled. */
	assert_int_equal(account_set(f->st, "dung", ROLE_ADMIN, -1, f->err,
	    sizeof(f->err)), ACCOUNT_OK);
	assert_int_equal(info_of(f, "dung", &l)->disabled, 1);
	assert_int_equal(info_of(f, "dung", &l)->role, ROLE_ADMIN);
	assert_int_equal(account_set(f->st, "dung", ROLE_NONE, 0, f->err,
	    sizeof(f->err)), ACCOUNT_OK);
	assert_int_equal(login(f, "dung", PW, T0, NULL), ACCOUNT_OK);
	assert_int_equal(account_set(f->st, "dung", (enum account_role)9, 0,
	    f->err, sizeof(f->err)), ACCOUNT_EINPUT);
	assert_int_equal(account_set(f->st, "nobody", ROLE_NONE, 1, f->err,
	    sizeof(f->err)), ACCOUNT_ENOTFOUND);
	assert_string_equal(f->err, "no account named nobody");
	assert_int_equal(account_unlock(f->st, "nobody", f->err,
	    sizeof(f->err)), ACCOUNT_ENOTFOUND);
}

static void
test_duplicate(void **state)
{
	struct fixture	*f = *state;
	struct listed	 l;

	add(f, "em", ROLE_REVIEWER, PW);
	assert_int_equal(account_add(f->st, "em", ROLE_ADMIN, PW2, f->err,
	    sizeof(f->err)), ACCOUNT_EEXIST);
	assert_string_equal(f->err, "the name \"em\" is taken");
	/* The first one is as it was. */
	assert_int_equal(info_of(f, "em", &l)->role, ROLE_REVIEWER);
	assert_int_equal(l.n, 1);
}

/* Input that must be refused, and what the refusal must say. */
struct refusal {
	const char	*in;
	const char	*says;
};

static const struct refusal bad_names[] = {
	{ "", "needs a name" },
	{ "An", "lowercase" },
	{ "abcdefghijklmnopqrstuvwxyz0123456", "too long" },
	{ "1abc", "start with a letter" },
	{ "-abc", "start with a letter" },
	{ ".abc", "start with a letter" },
	{ "a/b", "lowercase" },
	{ "a b", "lowercase" },
	{ "a\nb", "lowercase" },
	{ "\xc4\x91oan", "lowercase" },
	{ "a@b", "lowercase" },
};

static const struct refusal bad_passwords[] = {
	{ "", "at least 10 characters" },
	{ "short", "at least 10 characters" },
	{ "123456789", "at least 10 characters" },
	/* 9 characters in 18 bytes: characters, not bytes, count. */
	{ "đđđđđđđđđ", "at least 10 characters" },
	{ "abcdefghij\xff", "not valid UTF-8" },
	{ "abcdefghij\xc3", "not valid UTF-8" },
	{ "abcde\xed\xa0\x80zzzzz", "not valid UTF-8" },	/* surrogate */
	{ "abcdefghij\tk", "control characters" },
	{ "abcdefghij\n", "control characters" },
	{ "abcdefghij\x1b[2J", "control characters" },
	{ "abcdefghij\xc2\x85", "control characters" },	/* NEL */
};

/*
 * Each row of c, as a name (what "name") or a password, is refused by its
 * check with a message that says the row's words and holds no raw
 * newline, and by account_add.
 */
static void
refused(struct fixture *f, const char *what, const struct refusal *c,
    size_t n)
{
	size_t	 i;
	int	 name = strcmp(what, "name") == 0, rc;

	for (i = 0; i < n; i++) {
		rc = name ? account_check_name(c[i].in, f->err,
		    sizeof(f->err)) : account_check_password(c[i].in, f->err,
		    sizeof(f->err));
		assert_int_equal(rc, -1);
		if (strstr(f->err, c[i].says) == NULL)
			fail_msg("%s %zu: \"%s\" does not say \"%s\"", what, i,
			    f->err, c[i].says);
		/* No raw control bytes go into a message. */
		assert_null(strchr(f->err, '\n'));
		assert_int_equal(account_add(f->st, name ? c[i].in : "gia",
		    ROLE_ADMIN, name ? PW : c[i].in, f->err, sizeof(f->err)),
		    ACCOUNT_EINPUT);
	}
}

static void
test_bad_input(void **state)
{
	struct fixture	*f = *state;
	char		 big[ACCOUNT_PASSWORD_MAX + 2];
	struct listed	 l;

	refused(f, "name", bad_names, NELEM(bad_names));
	assert_int_equal(account_check_name(NULL, f->err, sizeof(f->err)),
	    -1);
	assert_int_equal(account_check_name("a", f->err, sizeof(f->err)), 0);
	assert_int_equal(account_check_name("abcdefghijklmnopqrstuvwxyz012345",
	    f->err, sizeof(f->err)), 0);
	assert_int_equal(account_check_name("x.y_z-0", f->err,
	    sizeof(f->err)), 0);
	refused(f, "password", bad_passwords, NELEM(bad_passwords));
	assert_int_equal(account_check_password(NULL, f->err,
	    sizeof(f->err)), -1);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(account_check_password(big, f->err, sizeof(f->err)),
	    -1);
	assert_non_null(strstr(f->err, "at most 1024 bytes"));
	big[ACCOUNT_PASSWORD_MAX] = '\0';
	assert_int_equal(account_check_password(big, f->err, sizeof(f->err)),
	    0);
	assert_int_equal(account_check_password("đđđđđđđđđđ", f->err,
	    sizeof(f->err)), 0);
	assert_int_equal(account_check_password("ten chars!", f->err,
	    sizeof(f->err)), 0);
	/* A bad role. */
	assert_int_equal(account_add(f->st, "gia", ROLE_NONE, PW, f->err,
	    sizeof(f->err)), ACCOUNT_EINPUT);
	assert_non_null(strstr(f->err, "role"));
	assert_int_equal(account_add(f->st, "gia", (enum account_role)7, PW,
	    f->err, sizeof(f->err)), ACCOUNT_EINPUT);
	/* None of it stored anything. */
	memset(&l, 0, sizeof(l));
	assert_int_equal(account_list(f->st, collect, &l, f->err,
	    sizeof(f->err)), ACCOUNT_OK);
	assert_int_equal(l.n, 0);
}

static void
test_passwd(void **state)
{
	struct fixture	*f = *state;
	struct listed	 l;

	add_then_guess(f, "hoa", ROLE_REGISTRAR);
	assert_int_equal(account_passwd(f->st, "hoa", "short", f->err,
	    sizeof(f->err)), ACCOUNT_EINPUT);
	assert_int_equal(account_passwd(f->st, "nobody", PW2, f->err,
	    sizeof(f->err)), ACCOUNT_ENOTFOUND);
	assert_int_equal(account_passwd(f->st, "hoa", PW2, f->err,
	    sizeof(f->err)), ACCOUNT_OK);
	/* A new password lifts the console's holds, as an unlock does. */
	assert_true(info_of(f, "hoa", &l)->unlocked >= time(NULL) - 5);
	assert_int_equal(info_of(f, "hoa", &l)->role, ROLE_REGISTRAR);
	assert_int_equal(login(f, "hoa", PW, T0 + 1, NULL), ACCOUNT_EBAD);
	assert_int_equal(login(f, "hoa", PW2, T0 + 2, NULL), ACCOUNT_OK);
}

static void
test_unlock(void **state)
{
	struct fixture	*f = *state;
	struct listed	 l;

	add_then_guess(f, "khanh", ROLE_REVIEWER);
	assert_int_equal(account_unlock(f->st, "khanh", f->err,
	    sizeof(f->err)), ACCOUNT_OK);
	assert_true(info_of(f, "khanh", &l)->unlocked >= time(NULL) - 5);
	assert_int_equal(login(f, "khanh", PW, T0 + 1, NULL), ACCOUNT_OK);
}

static void
test_stored(void **state)
{
	struct fixture	*f = *state;
	json_t		*a, *b;
	char		*sa, *sb;
	uint8_t		 buf[64];
	size_t		 len;

	add(f, "lan", ROLE_REVIEWER, PW);
	add(f, "minh", ROLE_REVIEWER, PW);
	assert_int_equal(login(f, "lan", PW, T0, NULL), ACCOUNT_OK);
	assert_int_equal(login(f, "lan", PW "!", T0, NULL), ACCOUNT_EBAD);
	sa = stored(f, "lan");
	sb = stored(f, "minh");
	assert_null(strstr(sa, PW));
	assert_null(strstr(sb, PW));
	assert_null(strstr(sa, "horse"));
	a = json_loads(sa, 0, NULL);
	b = json_loads(sb, 0, NULL);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(json_string_value(json_object_get(a, "role")),
	    "reviewer");
	assert_string_equal(json_string_value(json_object_get(a, "kdf")),
	    "scrypt");
	assert_int_equal(json_integer_value(json_object_get(a, "N")), 32768);
	assert_int_equal(json_integer_value(json_object_get(a, "r")), 8);
	assert_int_equal(json_integer_value(json_object_get(a, "p")), 1);
	/* What older versions counted is not kept. */
	assert_null(json_object_get(a, "failures"));
	assert_null(json_object_get(a, "locked_until"));
	assert_int_equal(json_integer_value(json_object_get(a, "last_login")),
	    T0);
	assert_true(json_is_false(json_object_get(a, "disabled")));
	assert_int_equal(b64_decode(json_string_value(json_object_get(a,
	    "salt")), 24, buf, sizeof(buf), &len), 0);
	assert_int_equal(len, 16);
	assert_int_equal(b64_decode(json_string_value(json_object_get(a,
	    "hash")), 44, buf, sizeof(buf), &len), 0);
	assert_int_equal(len, 32);
	/* The same password, a salt of its own, another hash. */
	assert_string_not_equal(json_string_value(json_object_get(a, "salt")),
	    json_string_value(json_object_get(b, "salt")));
	assert_string_not_equal(json_string_value(json_object_get(a, "hash")),
	    json_string_value(json_object_get(b, "hash")));
	json_decref(a);
	json_decref(b);
	free(sa);
	free(sb);
}

/*
 * An account hashed at another cost (here a cheap one, as an older or a
 * future sogoc might): it is checked with its own parameters, and fields
 * unknown here survive an update.
 */
static void
test_stored_params(void **state)
{
	struct fixture	*f = *state;
	EVP_KDF		*kdf;
	EVP_KDF_CTX	*ctx;
	OSSL_PARAM	 p[6];
	uint64_t	 n = 1024;
	uint32_t	 r = 2, par = 3;
	uint8_t		 salt[20], hash[32];
	char		 s64[64], h64[64], json[512], *s;
	size_t		 i;

	for (i = 0; i < sizeof(salt); i++)
		salt[i] = (uint8_t)(i * 7);
	kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
	assert_non_null(kdf);
	ctx = EVP_KDF_CTX_new(kdf);
	assert_non_null(ctx);
	p[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
	    (void *)PW2, strlen(PW2));
	p[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt,
	    sizeof(salt));
	p[2] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
	p[3] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r);
	p[4] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &par);
	p[5] = OSSL_PARAM_construct_end();
	assert_int_equal(EVP_KDF_derive(ctx, hash, sizeof(hash), p), 1);
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	assert_true(b64_encode(salt, sizeof(salt), s64, sizeof(s64)) > 0);
	assert_true(b64_encode(hash, sizeof(hash), h64, sizeof(h64)) > 0);
	snprintf(json, sizeof(json), "{\"role\":\"admin\",\"kdf\":\"scrypt\","
	    "\"N\":1024,\"r\":2,\"p\":3,\"salt\":\"%s\",\"hash\":\"%s\","
	    "\"created\":1,\"future\":[1,2]}", s64, h64);
	put_raw(f, "ngoc", json);
	assert_int_equal(login(f, "ngoc", PW, T0, NULL), ACCOUNT_EBAD);
	assert_int_equal(login(f, "ngoc", PW2, T0, NULL), ACCOUNT_OK);
	s = stored(f, "ngoc");
	assert_non_null(strstr(s, "\"future\":[1,2]"));
	assert_non_null(strstr(s, "\"N\":1024"));
	free(s);
	/* A new password gets today's cost. */
	assert_int_equal(account_passwd(f->st, "ngoc", PW, f->err,
	    sizeof(f->err)), ACCOUNT_OK);
	s = stored(f, "ngoc");
	assert_non_null(strstr(s, "\"N\":32768"));
	free(s);
}

/* A salt and a hash of zeros, well-formed. */
#define SALT0	"\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\""
#define HASH0	"\"hash\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\""

/* Stored accounts that are not what sogoc writes are refused, not used. */
static void
test_damaged(void **state)
{
	static const char *const bad[] = {
		"not json",
		"[]",
		"{}",
		"{\"role\":\"root\",\"kdf\":\"scrypt\",\"N\":1024,\"r\":8,"
		    "\"p\":1," SALT0 "," HASH0 "}",
		"{\"role\":\"admin\",\"kdf\":\"md5\",\"N\":1024,\"r\":8,"
		    "\"p\":1," SALT0 "," HASH0 "}",
		/* a cost no one should be made to pay */
		"{\"role\":\"admin\",\"kdf\":\"scrypt\",\"N\":1073741824,"
		    "\"r\":8,\"p\":1," SALT0 "," HASH0 "}",
		"{\"role\":\"admin\",\"kdf\":\"scrypt\",\"N\":1000,\"r\":8,"
		    "\"p\":1," SALT0 "," HASH0 "}",
		"{\"role\":\"admin\",\"kdf\":\"scrypt\",\"N\":1024,\"r\":8,"
		    "\"p\":1,\"salt\":\"AAAA\"," HASH0 "}",
		"{\"role\":\"admin\",\"kdf\":\"scrypt\",\"N\":1024,\"r\":8,"
		    "\"p\":1," SALT0 ",\"hash\":\"AAAA\"}",
		"{\"role\":\"admin\",\"kdf\":\"scrypt\",\"N\":1024,\"r\":8,"
		    "\"p\":1," SALT0 "," HASH0 ",\"unlocked\":\"never\"}",
	};
	struct fixture	*f = *state;
	struct listed	 l;
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put_raw(f, "oanh", bad[i]);
		assert_int_equal(login(f, "oanh", PW, T0, NULL),
		    ACCOUNT_ESTORE);
		assert_string_equal(f->err,
		    "the stored account \"oanh\" is damaged");
		assert_int_equal(account_list(f->st, collect, &l, f->err,
		    sizeof(f->err)), ACCOUNT_ESTORE);
		assert_int_equal(account_unlock(f->st, "oanh", f->err,
		    sizeof(f->err)), ACCOUNT_ESTORE);
	}
}

static int
stop_at_first(void *arg, const struct account_info *info)
{
	(void)info;
	(*(int *)arg)++;
	return 1;
}

static void
test_list_order(void **state)
{
	static const char *const want[] = { "a", "a.b", "b", "z9" };
	struct fixture	*f = *state;
	struct listed	 l;
	int		 i, calls = 0;

	/* Written in place of account_add, to spare four hashes. */
	for (i = 3; i >= 0; i--)
		put_raw(f, want[i], "{\"role\":\"reviewer\",\"kdf\":\"scrypt\","
		    "\"N\":1024,\"r\":8,\"p\":1," SALT0 "," HASH0 "}");
	memset(&l, 0, sizeof(l));
	assert_int_equal(account_list(f->st, collect, &l, f->err,
	    sizeof(f->err)), ACCOUNT_OK);
	assert_int_equal(l.n, 4);
	for (i = 0; i < 4; i++)
		assert_string_equal(l.a[i].name, want[i]);
	assert_int_equal(account_list(f->st, stop_at_first, &calls, f->err,
	    sizeof(f->err)), ACCOUNT_OK);
	assert_int_equal(calls, 1);
}

/*
 * A registry from before the users database, opened read-only: one that
 * a writer made without staff_dbs, as older versions did.
 */
static void
test_rdonly_old(void **state)
{
	struct fixture	*f = *state;
	struct listed	 l;
	struct account_info info;
	char		 old[sizeof(f->dir) + 8];

	add(f, "phuong", ROLE_ADMIN, PW);
	store_close(f->st);
	f->st = NULL;
	snprintf(old, sizeof(old), "%s/old", f->dir);
	assert_int_equal(store_open(old, STORE_CREATE, (size_t)64 << 20, NULL,
	    &f->st, f->err, sizeof(f->err)), STORE_OK);
	store_close(f->st);
	assert_int_equal(store_open(old, STORE_RDONLY, 0, tmpstore_dbs,
	    &f->st, f->err, sizeof(f->err)), STORE_OK);
	assert_false(store_has_db(f->st, DB_USERS));
	memset(&l, 0, sizeof(l));
	assert_int_equal(account_list(f->st, collect, &l, f->err,
	    sizeof(f->err)), ACCOUNT_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(login(f, "phuong", PW, T0, &info), ACCOUNT_EBAD);
	assert_string_equal(f->err, "wrong name or password");
	/* Writing needs a writer. */
	assert_int_equal(account_add(f->st, "quang", ROLE_ADMIN, PW, f->err,
	    sizeof(f->err)), ACCOUNT_ESTORE);
	assert_non_null(strstr(f->err, "read-only"));
	assert_int_equal(account_unlock(f->st, "phuong", f->err,
	    sizeof(f->err)), ACCOUNT_ESTORE);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)

CM_MAIN(
	cmocka_unit_test(test_roles),
	T(test_add_login),
	T(test_bad_same_answer),
	T(test_no_lockout),
	T(test_disabled),
	T(test_duplicate),
	T(test_bad_input),
	T(test_passwd),
	T(test_unlock),
	T(test_stored),
	T(test_stored_params),
	T(test_damaged),
	T(test_list_order),
	T(test_rdonly_old)
)
