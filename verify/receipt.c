/*
 * receipt.c: receipts for employers, and their offline check (receipt.h).
 *
 * The check trusts nothing in the receipt but what the signed checkpoint
 * and the Merkle proof vouch for: the leaf is hashed and proven included,
 * and every other claim (the disclosed values, the status, the diploma's
 * type and year) must be read back from the leaf's own lines.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "event.h"
#include "merkle.h"
#include "normalize.h"
#include "proof.h"
#include "receipt.h"
#include "records.h"
#include "utf8.h"

#define MAX_SERIAL	64
#define MAX_NAME	256
#define MAX_DOB		32
#define MAX_LEAF	(64 * 1024)

static int
param_ok(const char *s, size_t max)
{
	size_t	 n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	return n > 0 && n <= max && utf8_valid(s, n, UTF8_NO_CONTROLS);
}

/* Whether name and dob (ISO) are the record's, folded. */
static int
same_person(const struct event *ev, const char *name, const char *iso)
{
	const char	*rn = ev->field[FIELD_FULL_NAME].value;
	const char	*rd = ev->field[FIELD_DATE_OF_BIRTH].value;
	char		*a, *b;
	int		 same;

	if (rn == NULL || rd == NULL || strcmp(rd, iso) != 0)
		return 0;
	a = norm_fold(name);
	b = norm_fold(rn);
	same = a != NULL && b != NULL && a[0] != '\0' && strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

int
receipt_make(struct store *st, const char *serial, const char *name,
    const char *dob, json_t **out)
{
	struct event	 ev = { 0 };
	MDB_txn		*txn;
	json_t		*r = NULL, *d, *e, *rec;
	uint64_t	 record, idx;
	char		 iso[16];
	int		 rc, a;

	*out = NULL;
	if (!param_ok(serial, MAX_SERIAL) || !param_ok(name, MAX_NAME) ||
	    !param_ok(dob, MAX_DOB))
		return RECEIPT_EINPUT;
	if (!norm_date(dob, 0, iso, sizeof(iso)))
		return RECEIPT_EINPUT;
	if (store_rd_begin(st, &txn) != STORE_OK)
		return RECEIPT_ESTORE;
	rc = store_by_serial(st, txn, serial, &record);
	if (rc == STORE_OK)
		rc = store_record(st, txn, record, &ev, &idx);
	mdb_txn_abort(txn);
	if (rc == STORE_ENOTFOUND || (rc == STORE_OK &&
	    !same_person(&ev, name, iso))) {
		event_clear(&ev);
		return RECEIPT_NOTFOUND;
	}
	if (rc != STORE_OK) {
		event_clear(&ev);
		return RECEIPT_ESTORE;
	}
	if (proof_inclusion(st, idx, 0, RECEIPT_FIELDS, &r) != STORE_OK) {
		event_clear(&ev);
		return RECEIPT_ESTORE;
	}
	d = json_object();
	e = json_object();
	for (a = 0; a < EVENT_ATTR_COUNT; a++) {
		if (ev.attr[a] == NULL)
			continue;
		json_object_set_new(a <= EVENT_YEAR ? d : e,
		    event_attr_name((enum event_attr)a),
		    json_string(ev.attr[a]));
	}
	json_object_set_new(e, "kind", json_string(event_kind_name(ev.kind)));
	json_object_set_new(r, "receipt", json_string("sogoc-receipt/v1"));
	json_object_set_new(r, "diploma", d);
	json_object_set_new(r, "event", e);
	/* The earlier events, as the registry lists them (not proven here:
	 * the proof covers the latest event, which carries the state). */
	if (records_json(st, record, &rec) == STORE_OK) {
		json_object_set(r, "history", json_object_get(rec, "events"));
		json_decref(rec);
	}
	event_clear(&ev);
	*out = r;
	return RECEIPT_OK;
}

/* Whether the leaf (len bytes) has exactly the line "key value\n". */
static int
leaf_has(const char *leaf, size_t len, const char *key, const char *value)
{
	char	 line[1024];
	int	 n;

	n = snprintf(line, sizeof(line), "%s %s\n", key, value);
	if (n < 0 || (size_t)n >= sizeof(line))
		return 0;
	if (len >= (size_t)n && memcmp(leaf, line, (size_t)n) == 0)
		return 1;
	/* Any later line: preceded by a newline. */
	n = snprintf(line, sizeof(line), "\n%s %s\n", key, value);
	return memmem(leaf, len, line, (size_t)n) != NULL;
}

/* The value of the leaf's line "key ...", into buf; 0 when none. */
static int
leaf_get(const char *leaf, size_t len, const char *key, char *buf,
    size_t bufsz)
{
	char		 pat[64];
	const char	*p, *e;
	int		 n;

	n = snprintf(pat, sizeof(pat), "\n%s ", key);
	p = memmem(leaf, len, pat, (size_t)n);
	if (p == NULL)
		return 0;
	p += n;
	e = memchr(p, '\n', len - (size_t)(p - leaf));
	if (e == NULL || (size_t)(e - p) >= bufsz)
		return 0;
	memcpy(buf, p, (size_t)(e - p));
	buf[e - p] = '\0';
	return 1;
}

#define CHECK_FAIL(...) do {						\
	snprintf(err, errsz, __VA_ARGS__);				\
	goto out;							\
} while (0)

int
receipt_check(json_t *r, struct note_verifier *const *v, size_t nv,
    char *err, size_t errsz)
{
	uint8_t		 proof[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
	uint8_t		 root[MERKLE_HASH_LEN], lh[MERKLE_HASH_LEN];
	uint8_t		 salt[EVENT_SALT_LEN], dg[EVENT_DIGEST_LEN];
	uint8_t		*leaf = NULL;
	char		 d64[B64_ENCLEN(EVENT_DIGEST_LEN) + 1], got[600];
	char		*origin = NULL;
	const char	*cp, *lb, *s, *k, *want;
	json_t		*a, *x, *dis, *obj;
	json_int_t	 index;
	uint64_t	 size;
	size_t		 i, n, leaflen, textlen, sl;
	enum field	 f;
	int		 rc = -1;
	static const char *const dip[] = { "authority", "type", "year" };
	static const char *const evk[] = {
		"decision", "decision_date", "reason"
	};

	snprintf(err, errsz, "malformed receipt");
	cp = json_string_value(json_object_get(r, "checkpoint"));
	lb = json_string_value(json_object_get(r, "leaf"));
	x = json_object_get(r, "index");
	a = json_object_get(r, "proof");
	if (cp == NULL || lb == NULL || !json_is_integer(x) ||
	    !json_is_array(a) || json_array_size(a) >= MERKLE_MAX_PROOF ||
	    strlen(lb) > MAX_LEAF)
		CHECK_FAIL("the receipt lacks its checkpoint, leaf, index or "
		    "proof");
	index = json_integer_value(x);
	rc = note_open(cp, strlen(cp), v, nv, &textlen, NULL);
	if (rc != NOTE_OK) {
		rc = -1;
		CHECK_FAIL("checkpoint: %s", note_strerror(note_open(cp,
		    strlen(cp), v, nv, &textlen, NULL)));
	}
	rc = -1;
	if (checkpoint_parse(cp, textlen, &origin, &size, root) != NOTE_OK)
		CHECK_FAIL("checkpoint: malformed body");
	leaf = malloc(strlen(lb) / 4 * 3 + 1);
	if (leaf == NULL || b64_decode(lb, strlen(lb), leaf,
	    strlen(lb) / 4 * 3 + 1, &leaflen) != 0)
		CHECK_FAIL("the leaf is not base64");
	n = json_array_size(a);
	for (i = 0; i < n; i++) {
		s = json_string_value(json_array_get(a, i));
		if (s == NULL || b64_decode(s, strlen(s), proof[i],
		    MERKLE_HASH_LEN, &sl) != 0 || sl != MERKLE_HASH_LEN)
			CHECK_FAIL("proof hash %zu is malformed", i);
	}
	merkle_leaf_hash(leaf, leaflen, lh);
	if (index < 0 || merkle_verify_inclusion((uint64_t)index, size, lh,
	    (const uint8_t (*)[MERKLE_HASH_LEN])proof, n, root) != MERKLE_OK)
		CHECK_FAIL("the leaf is not in the signed log at index %"
		    JSON_INTEGER_FORMAT, index);
	if (leaflen < 15 || memcmp(leaf, "sogoc/event/v1\n", 15) != 0)
		CHECK_FAIL("the leaf is not a sogoc event");
	/* Every claim must be the leaf's own. */
	dis = json_object_get(r, "disclosed");
	if (!json_is_object(dis) || json_object_size(dis) == 0)
		CHECK_FAIL("nothing is disclosed");
	json_object_foreach(dis, k, obj) {
		f = field_from_key(k);
		s = json_string_value(json_object_get(obj, "salt"));
		want = json_string_value(json_object_get(obj, "value"));
		if (f == FIELD_UNKNOWN || !event_field_allowed(f) ||
		    s == NULL || want == NULL ||
		    b64_decode(s, strlen(s), salt, sizeof(salt), &sl) != 0 ||
		    sl != EVENT_SALT_LEN)
			CHECK_FAIL("disclosed %s is malformed", k);
		event_digest(f, salt, want, dg);
		b64_encode(dg, sizeof(dg), d64, sizeof(d64));
		snprintf(got, sizeof(got), "%s %s", k, d64);
		if (!leaf_has((char *)leaf, leaflen, "field", got))
			CHECK_FAIL("disclosed %s does not match the signed "
			    "record", k);
	}
	s = json_string_value(json_object_get(r, "status"));
	if (s == NULL || !leaf_has((char *)leaf, leaflen, "status", s))
		CHECK_FAIL("the status is not the signed record's");
	x = json_object_get(r, "diploma");
	for (i = 0; i < sizeof(dip) / sizeof(dip[0]); i++) {
		s = json_string_value(json_object_get(x, dip[i]));
		if (s == NULL) {
			if (leaf_get((char *)leaf, leaflen, dip[i], got,
			    sizeof(got)))
				CHECK_FAIL("the receipt leaves out the "
				    "signed %s", dip[i]);
			continue;
		}
		if (!leaf_has((char *)leaf, leaflen, dip[i], s))
			CHECK_FAIL("the diploma's %s is not the signed "
			    "record's", dip[i]);
	}
	x = json_object_get(r, "event");
	s = json_string_value(json_object_get(x, "kind"));
	if (s == NULL || !leaf_has((char *)leaf, leaflen, "kind", s))
		CHECK_FAIL("the event is not the signed record's");
	for (i = 0; i < sizeof(evk) / sizeof(evk[0]); i++) {
		s = json_string_value(json_object_get(x, evk[i]));
		if (s != NULL && !leaf_has((char *)leaf, leaflen, evk[i], s))
			CHECK_FAIL("the event's %s is not the signed "
			    "record's", evk[i]);
	}
	snprintf(err, errsz, "%s, log %s size %" PRIu64, s != NULL ? "ok" :
	    "ok", origin, size);
	rc = 0;
out:
	free(leaf);
	free(origin);
	return rc;
}
