/*
 * cosigs.c: the witnesses' cosignatures of the log's checkpoints, kept in
 * the cosigs database and served after the log's own note (store.h:
 * store_cosig_put(), store_cosigs_append()).
 *
 * The store keeps a line only when it has the shape of one signature line
 * by the witness it is filed under; whether it verifies is the caller's
 * check (tlog/ asks witnesses and checks their answers before it keeps
 * them).  A reader of the note needs no trust in this: note_open() checks
 * every line by a key it knows, and ignores the others.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cosig.h"
#include "store.h"

#define SIG_PREFIX	"\xe2\x80\x94 "		/* U+2014, space */
#define MAX_LINE	1024			/* bytes in one line */
#define MAX_VKEY	400			/* bytes in a verifier key */

/* Whether line is "— <name> <base64>\n" and nothing else. */
static int
line_shaped(const char *line, const char *name, size_t namelen)
{
	size_t		 len = strlen(line), pl = strlen(SIG_PREFIX), i;
	const char	*sig;

	if (len > MAX_LINE || len < pl + namelen + 3 ||
	    memcmp(line, SIG_PREFIX, pl) != 0 ||
	    memcmp(line + pl, name, namelen) != 0 ||
	    line[pl + namelen] != ' ' || line[len - 1] != '\n')
		return 0;
	sig = line + pl + namelen + 1;
	if (sig == line + len - 1)
		return 0;
	for (i = 0; sig + i < line + len - 1; i++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789+/=", sig[i]) == NULL || sig[i] == '\0')
			return 0;
	return 1;
}

int
store_cosig_put(struct store_txn *t, uint64_t size, const char *wvkey,
    const char *line)
{
	struct store	*st = store_txn_store(t);
	struct store_val v;
	const char	*plus;
	uint8_t		 key[8 + MAX_VKEY];
	size_t		 vlen = strlen(wvkey);
	int		 rc;

	plus = strchr(wvkey, '+');
	if (plus == NULL || plus == wvkey || vlen > MAX_VKEY)
		return store_fail(st, STORE_EINPUT, "not a witness key: "
		    "\"%.40s\"", wvkey);
	if (!line_shaped(line, wvkey, (size_t)(plus - wvkey)))
		return store_fail(st, STORE_EINPUT, "not a cosignature line "
		    "of %.*s", (int)(plus - wvkey), wvkey);
	if (!store_has_db(st, DB_COSIGS))
		return store_fail(st, STORE_EIO, "this registry has no "
		    "cosigs database");
	/* Only a checkpoint the log signed gets cosignatures filed. */
	store_u64(size, key);
	rc = store_get(store_txn_rd(t), DB_CHECKPOINTS, key, 8, &v);
	if (rc == STORE_ENOTFOUND)
		return store_fail(st, STORE_ENOTFOUND, "no checkpoint was "
		    "signed at size %" PRIu64, size);
	if (rc != STORE_OK)
		return rc;
	memcpy(key + 8, wvkey, vlen);
	return store_put(t, DB_COSIGS, key, 8 + vlen, line, strlen(line), 0,
	    NULL);
}

/* An append in progress: the note and its length. */
struct app {
	char	**note;
	size_t	  len;
};

static int
append_line(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct app	*a = arg;
	char		*p;

	(void)k;
	/* A handful of lines of at most MAX_LINE bytes: no overflow. */
	p = realloc(*a->note, a->len + v->len + 1);
	if (p == NULL)
		return STORE_ENOMEM;
	*a->note = p;
	memcpy(*a->note + a->len, v->data, v->len);
	a->len += v->len;
	(*a->note)[a->len] = '\0';
	return STORE_OK;
}

int
store_cosigs_append(struct store_rd *rd, uint64_t size, char **note)
{
	struct store	*st = store_rd_store(rd);
	struct app	 a;
	uint8_t		 from[8];
	int		 rc;

	if (!store_has_db(st, DB_COSIGS))
		return STORE_OK;
	a.note = note;
	a.len = strlen(*note);
	store_u64(size, from);
	rc = store_each(rd, DB_COSIGS, from, 8, 8, append_line, &a);
	if (rc == STORE_ENOMEM)
		return store_fail(st, rc, "out of memory");
	return rc;
}

/* What store_cosigs_audit() carries through the database. */
struct aud {
	struct store_rd	*rd;
	void		(*problem)(void *, const char *);
	void		*arg;
	uint64_t	*n;
};

static void
aud_problem(struct aud *a, const char *vkey, size_t vlen, uint64_t size,
    const char *what)
{
	char	 msg[600];

	snprintf(msg, sizeof(msg), "cosigs: the cosignature of size %" PRIu64
	    " filed under witness %.*s %s", size, (int)(vlen > 200 ? 200 :
	    vlen), vkey, what);
	a->problem(a->arg, msg);
}

static int
aud_one(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct aud		*a = arg;
	struct note_verifier	*wv = NULL;
	struct cosig_seen	 seen = { 0, 0 };
	struct store_val	 cp;
	const char		*vkey = (const char *)k->data + 8;
	size_t			 vlen = k->len - 8, textlen;
	char			 vk[MAX_VKEY + 1], *msg;
	uint64_t		 size;
	int			 rc;

	(*a->n)++;
	if (k->len <= 8 || vlen > MAX_VKEY) {
		a->problem(a->arg, "cosigs: a key is malformed");
		return STORE_OK;
	}
	size = store_get_u64(k->data);
	memcpy(vk, vkey, vlen);
	vk[vlen] = '\0';
	if (note_verifier_new_type(vk, NOTE_TYPE_COSIG, &wv) != NOTE_OK) {
		aud_problem(a, vkey, vlen, size, "is not a witness's key");
		return STORE_OK;
	}
	rc = store_get(a->rd, DB_CHECKPOINTS, k->data, 8, &cp);
	if (rc == STORE_ENOTFOUND) {
		aud_problem(a, vkey, vlen, size, "has no checkpoint");
		note_verifier_free(wv);
		return STORE_OK;
	}
	if (rc != STORE_OK) {
		note_verifier_free(wv);
		return rc;
	}
	/* The log's own note and this one line: it must verify. */
	msg = malloc(cp.len + v->len + 1);
	if (msg == NULL) {
		note_verifier_free(wv);
		return STORE_ENOMEM;
	}
	memcpy(msg, cp.data, cp.len);
	memcpy(msg + cp.len, v->data, v->len);
	msg[cp.len + v->len] = '\0';
	rc = cosig_open(msg, cp.len + v->len, &wv, 1, &textlen, &seen);
	if (rc != NOTE_OK || !seen.verified)
		aud_problem(a, vkey, vlen, size, "does not verify");
	free(msg);
	note_verifier_free(wv);
	return STORE_OK;
}

int
store_cosigs_audit(struct store_rd *rd, void (*problem)(void *, const char *),
    void *arg, uint64_t *n)
{
	struct aud	 a = { rd, problem, arg, n };
	int		 rc;

	*n = 0;
	if (!store_has_db(store_rd_store(rd), DB_COSIGS))
		return STORE_OK;
	rc = store_each(rd, DB_COSIGS, NULL, 0, 0, aud_one, &a);
	if (rc == STORE_ENOMEM)
		return store_fail(store_rd_store(rd), rc, "out of memory");
	return rc;
}
