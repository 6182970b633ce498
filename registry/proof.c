/*
 * proof.c: proofs out of the store (see proof.h).  Every proof is made
 * against a signed checkpoint, so it can be checked offline by anyone who
 * has the log's verifier key.
 */
#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "proof.h"

static json_t *
hashes_json(const uint8_t h[][MERKLE_HASH_LEN], size_t n)
{
	json_t	*a = json_array();
	char	 s[B64_ENCLEN(MERKLE_HASH_LEN) + 1];
	size_t	 i;

	for (i = 0; a != NULL && i < n; i++) {
		b64_encode(h[i], MERKLE_HASH_LEN, s, sizeof(s));
		json_array_append_new(a, json_stringn_nocheck(s,
		    B64_ENCLEN(MERKLE_HASH_LEN)));
	}
	return a;
}

/* The C2SP tlog-proof text: header, index, hashes, blank, checkpoint. */
static char *
tlog_proof(uint64_t index, const uint8_t h[][MERKLE_HASH_LEN], size_t n,
    const char *checkpoint)
{
	char	*out, *p;
	size_t	 len, i;
	int	 w;

	len = 64 + n * (B64_ENCLEN(MERKLE_HASH_LEN) + 1) + strlen(checkpoint);
	out = malloc(len);
	if (out == NULL)
		return NULL;
	p = out;
	w = snprintf(p, len, "c2sp.org/tlog-proof@v1\nindex %" PRIu64 "\n",
	    index);
	p += w;
	for (i = 0; i < n; i++) {
		b64_encode(h[i], MERKLE_HASH_LEN, p, (size_t)(out + len - p));
		p += B64_ENCLEN(MERKLE_HASH_LEN);
		*p++ = '\n';
	}
	snprintf(p, (size_t)(out + len - p), "\n%s", checkpoint);
	return out;
}

/* A string jansson need not check: base64 and our own signed notes. */
static json_t *
ascii(const char *s)
{
	return json_stringn_nocheck(s, strlen(s));
}

/*
 * Each thread's cache of the tree's hot hashes (merkle.h), for the store
 * it last proved from.  Not for a writer's stores, whose transaction may
 * add hashes and then be aborted; a STORE_SHARED store proves only from
 * read transactions, which see committed hashes.  Freed when its thread
 * ends.
 */
struct proof_cache {
	uint64_t		 store;
	struct merkle_cache	 m;
};
static pthread_key_t	 proof_cache_key;
static pthread_once_t	 proof_cache_once = PTHREAD_ONCE_INIT;

static void
proof_cache_init(void)
{
	if (pthread_key_create(&proof_cache_key, free) != 0)
		abort();
}

static struct merkle_cache *
proof_cache(const struct store *st)
{
	struct proof_cache	*c;

	if (!(store_flags(st) & (STORE_RDONLY | STORE_SHARED)))
		return NULL;
	pthread_once(&proof_cache_once, proof_cache_init);
	c = pthread_getspecific(proof_cache_key);
	if (c == NULL) {
		c = calloc(1, sizeof(*c));
		if (c == NULL || pthread_setspecific(proof_cache_key, c) != 0) {
			free(c);
			return NULL;
		}
	}
	if (c->store != store_id(st)) {
		memset(c, 0, sizeof(*c));
		c->store = store_id(st);
	}
	return &c->m;
}

void
proof_parts_clear(struct proof_parts *pp)
{
	free(pp->note);
	free(pp->leaf);
	memset(pp, 0, sizeof(*pp));
}

int
proof_parts_in(struct store *st, struct store_rd *txn, uint64_t index,
    const struct event *ev, uint64_t size, struct proof_parts *pp)
{
	struct store_hashes	 h = { st, txn, STORE_OK };
	int			 rc;

	memset(pp, 0, sizeof(*pp));
	pp->index = index;
	rc = store_checkpoint(st, txn, size, &pp->note, &pp->size);
	if (rc != STORE_OK)
		goto fail;
	if (index >= pp->size) {
		rc = store_fail(st, STORE_EINPUT, "event %" PRIu64 " is not "
		    "in the tree of size %" PRIu64, index, pp->size);
		goto fail;
	}
	if (event_leaf(ev, &pp->leaf, &pp->leaflen) != EVENT_OK) {
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto fail;
	}
	if (merkle_prove_inclusion_cached(index, pp->size, store_read_hash, &h,
	    proof_cache(st), pp->hash, &pp->nhash) != MERKLE_OK) {
		rc = h.rc != STORE_OK ? h.rc : store_fail(st, STORE_ECORRUPT,
		    "cannot prove event %" PRIu64, index);
		goto fail;
	}
	return STORE_OK;
fail:
	proof_parts_clear(pp);
	return rc;
}

char *
proof_tlog_text(const struct proof_parts *pp)
{
	return tlog_proof(pp->index, pp->hash, pp->nhash, pp->note);
}

/* o's "by": who recorded ev, and for a v2 leaf the salt of its digest. */
static void
disclose_by(json_t *o, const struct event *ev)
{
	char	 salt[B64_ENCLEN(EVENT_SALT_LEN) + 1];
	json_t	*by;

	if (ev->attr[EVENT_BY] == NULL)
		return;
	by = json_object();
	if (ev->version != EVENT_V1) {
		b64_encode(ev->by_salt, EVENT_SALT_LEN, salt, sizeof(salt));
		json_object_set_new_nocheck(by, "salt", ascii(salt));
	}
	json_object_set_new_nocheck(by, "value",
	    json_string(ev->attr[EVENT_BY]));
	json_object_set_new_nocheck(o, "by", by);
}

/* proof_inclusion() of ev, read at index in txn. */
static int
inclusion_json(struct store *st, struct store_rd *txn, uint64_t index,
    const struct event *ev, uint64_t size, uint32_t reveal, json_t **out)
{
	struct proof_parts	 pp;
	char			*lb = NULL, *tp = NULL;
	char			 salt[B64_ENCLEN(EVENT_SALT_LEN) + 1];
	json_t			*o = NULL, *d, *f;
	int			 rc, i;

	rc = proof_parts_in(st, txn, index, ev, size, &pp);
	if (rc != STORE_OK)
		return rc;
	lb = malloc(B64_ENCLEN(pp.leaflen) + 1);
	tp = proof_tlog_text(&pp);
	o = json_object();
	d = json_object();
	if (lb == NULL || tp == NULL || o == NULL || d == NULL) {
		json_decref(d);
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto out;
	}
	b64_encode(pp.leaf, pp.leaflen, lb, B64_ENCLEN(pp.leaflen) + 1);
	/* jansson drops a NULL value and flags nothing: out of memory here
	 * leaves a proof without that member, which no checker accepts. */
	json_object_set_new_nocheck(o, "index",
	    json_integer((json_int_t)index));
	json_object_set_new_nocheck(o, "leaf", ascii(lb));
	json_object_set_new_nocheck(o, "proof", hashes_json(pp.hash,
	    pp.nhash));
	json_object_set_new_nocheck(o, "checkpoint", ascii(pp.note));
	json_object_set_new_nocheck(o, "tlog_proof", ascii(tp));
	json_object_set_new_nocheck(o, "record",
	    json_integer((json_int_t)ev->record));
	json_object_set_new_nocheck(o, "kind",
	    ascii(event_kind_name(ev->kind)));
	json_object_set_new_nocheck(o, "status", ascii(ev->revoked ?
	    "revoked" : "valid"));
	json_object_set_new_nocheck(o, "disclosed", d);
	for (i = 0; i < FIELD_COUNT; i++) {
		if (!(reveal & (1u << i)) || ev->field[i].value == NULL)
			continue;
		b64_encode(ev->field[i].salt, EVENT_SALT_LEN, salt,
		    sizeof(salt));
		f = json_object();
		json_object_set_new_nocheck(f, "salt", ascii(salt));
		json_object_set_new_nocheck(f, "value",
		    json_string(ev->field[i].value));
		json_object_set_new_nocheck(d, field_key((enum field)i), f);
	}
	if (reveal & PROOF_REVEAL_BY)
		disclose_by(o, ev);
	*out = o;
	o = NULL;
	rc = STORE_OK;
out:
	json_decref(o);
	proof_parts_clear(&pp);
	free(lb);
	free(tp);
	return rc;
}

int
proof_inclusion(struct store *st, uint64_t index, uint64_t size,
    uint32_t reveal, json_t **out)
{
	struct event	 ev = { 0 };
	struct store_rd	*txn;
	int		 rc;

	*out = NULL;
	if (reveal & ~(PROOF_PUBLIC | PROOF_REVEAL_BY))
		return store_fail(st, STORE_EINPUT, "ethnicity, place of birth "
		    "and notes are never disclosed in a proof");
	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	rc = store_event(st, txn, index, &ev);
	if (rc == STORE_ENOTFOUND)
		rc = store_fail(st, STORE_EINPUT, "event %" PRIu64 " is not "
		    "in the log", index);
	if (rc == STORE_OK)
		rc = inclusion_json(st, txn, index, &ev, size, reveal, out);
	event_clear(&ev);
	store_rd_end(txn);
	return rc;
}

int
proof_consistency(struct store *st, uint64_t old, uint64_t size,
    json_t **out)
{
	struct store_hashes	 h = { st, NULL, STORE_OK };
	uint8_t			 p[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
	char			*note = NULL, *oldnote = NULL;
	uint64_t		 got, gotold;
	size_t			 np;
	struct store_rd		*txn;
	int			 rc;

	*out = NULL;
	if (old == 0)
		return store_fail(st, STORE_EINPUT, "the old size must be at "
		    "least 1");
	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	h.rd = txn;
	rc = store_checkpoint(st, txn, size, &note, &got);
	if (rc != STORE_OK)
		goto out;
	rc = store_checkpoint(st, txn, old, &oldnote, &gotold);
	if (rc != STORE_OK)
		goto out;
	if (old > got) {
		rc = store_fail(st, STORE_EINPUT, "the old size must be "
		    "between 1 and %" PRIu64, got);
		goto out;
	}
	if (merkle_prove_consistency(old, got, store_read_hash, &h, p, &np) !=
	    MERKLE_OK) {
		rc = h.rc != STORE_OK ? h.rc : store_fail(st, STORE_ECORRUPT,
		    "cannot prove consistency");
		goto out;
	}
	/* Both signed checkpoints, so that the answer proves itself. */
	*out = json_pack("{s:I, s:I, s:o, s:s, s:s}", "old_size",
	    (json_int_t)old, "new_size", (json_int_t)got, "proof",
	    hashes_json(p, np), "old_checkpoint", oldnote, "checkpoint",
	    note);
	rc = *out ? STORE_OK : store_fail(st, STORE_ENOMEM, "out of memory");
out:
	free(note);
	free(oldnote);
	store_rd_end(txn);
	return rc;
}
