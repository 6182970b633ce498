/*
 * proof.c: proofs out of the store (see proof.h).  Every proof is made
 * against a signed checkpoint, so it can be checked offline by anyone who
 * has the log's verifier key.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "proof.h"

static json_t *
hashes_json(uint8_t h[][MERKLE_HASH_LEN], size_t n)
{
	json_t	*a = json_array();
	char	 s[B64_ENCLEN(MERKLE_HASH_LEN) + 1];
	size_t	 i;

	for (i = 0; a != NULL && i < n; i++) {
		b64_encode(h[i], MERKLE_HASH_LEN, s, sizeof(s));
		json_array_append_new(a, json_string(s));
	}
	return a;
}

/* The C2SP tlog-proof text: header, index, hashes, blank, checkpoint. */
static char *
tlog_proof(uint64_t index, uint8_t h[][MERKLE_HASH_LEN], size_t n,
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

int
proof_inclusion(struct store *st, uint64_t index, uint64_t size,
    uint32_t reveal, json_t **out)
{
	struct store_hashes	 h = { st, NULL, STORE_OK };
	struct event		 ev = { 0 };
	uint8_t			 p[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
	char			*note = NULL, *leaf = NULL, *lb = NULL, *tp;
	char			 salt[B64_ENCLEN(EVENT_SALT_LEN) + 1];
	size_t			 np, leaflen;
	uint64_t		 got;
	json_t			*o = NULL, *d;
	MDB_txn			*txn;
	int			 rc, i;

	*out = NULL;
	if (reveal & ~PROOF_PUBLIC)
		return store_fail(st, STORE_EINPUT, "ethnicity, place of birth "
		    "and notes are never disclosed in a proof");
	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	h.txn = txn;
	rc = store_checkpoint(st, txn, size, &note, &got);
	if (rc != STORE_OK)
		goto out;
	if (index >= got) {
		rc = store_fail(st, STORE_EINPUT, "event %" PRIu64 " is not "
		    "in the tree of size %" PRIu64, index, got);
		goto out;
	}
	rc = store_event(st, txn, index, &ev);
	if (rc != STORE_OK)
		goto out;
	if (event_leaf(&ev, &leaf, &leaflen) != EVENT_OK) {
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto out;
	}
	if (merkle_prove_inclusion(index, got, store_read_hash, &h, p, &np) !=
	    MERKLE_OK) {
		rc = h.rc != STORE_OK ? h.rc : store_fail(st, STORE_ECORRUPT,
		    "cannot prove event %" PRIu64, index);
		goto out;
	}
	lb = malloc(B64_ENCLEN(leaflen) + 1);
	tp = tlog_proof(index, p, np, note);
	if (lb == NULL || tp == NULL) {
		free(tp);
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto out;
	}
	b64_encode(leaf, leaflen, lb, B64_ENCLEN(leaflen) + 1);
	d = json_object();
	o = json_pack("{s:I, s:s, s:o, s:s, s:s, s:I, s:s, s:s, s:o}",
	    "index", (json_int_t)index, "leaf", lb, "proof",
	    hashes_json(p, np), "checkpoint", note, "tlog_proof", tp,
	    "record", (json_int_t)ev.record, "kind", event_kind_name(ev.kind),
	    "status", ev.revoked ? "revoked" : "valid", "disclosed", d);
	free(tp);
	if (o == NULL) {
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < FIELD_COUNT; i++) {
		if (!(reveal & (1u << i)) || ev.field[i].value == NULL)
			continue;
		b64_encode(ev.field[i].salt, EVENT_SALT_LEN, salt,
		    sizeof(salt));
		json_object_set_new(d, field_key((enum field)i),
		    json_pack("{s:s, s:s}", "salt", salt, "value",
		    ev.field[i].value));
	}
	*out = o;
	o = NULL;
	rc = STORE_OK;
out:
	json_decref(o);
	event_clear(&ev);
	free(note);
	free(leaf);
	free(lb);
	mdb_txn_abort(txn);
	return rc;
}

int
proof_consistency(struct store *st, uint64_t old, uint64_t size,
    json_t **out)
{
	struct store_hashes	 h = { st, NULL, STORE_OK };
	uint8_t			 p[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
	char			*note = NULL;
	uint64_t		 got, gotold;
	size_t			 np;
	MDB_txn			*txn;
	int			 rc;

	*out = NULL;
	if (old == 0)
		return store_fail(st, STORE_EINPUT, "the old size must be at "
		    "least 1");
	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	h.txn = txn;
	rc = store_checkpoint(st, txn, size, &note, &got);
	if (rc != STORE_OK)
		goto out;
	free(note);
	note = NULL;
	rc = store_checkpoint(st, txn, old, &note, &gotold);
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
	*out = json_pack("{s:I, s:I, s:o}", "old_size", (json_int_t)old,
	    "new_size", (json_int_t)got, "proof", hashes_json(p, np));
	rc = *out ? STORE_OK : store_fail(st, STORE_ENOMEM, "out of memory");
out:
	free(note);
	mdb_txn_abort(txn);
	return rc;
}
