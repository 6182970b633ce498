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
#include "jsonw.h"
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

/* What receipt_bad_input() says, with the date of birth as ISO in iso
 * when it is good. */
static unsigned int
bad_input(const char *serial, const char *name, const char *dob, char *iso,
    size_t isosz)
{
	unsigned int	 bad = 0;

	if (!param_ok(serial, MAX_SERIAL))
		bad |= RECEIPT_BAD_SERIAL;
	if (!param_ok(name, MAX_NAME))
		bad |= RECEIPT_BAD_NAME;
	if (!param_ok(dob, MAX_DOB) || !norm_date(dob, 0, iso, isosz))
		bad |= RECEIPT_BAD_DOB;
	return bad;
}

unsigned int
receipt_bad_input(const char *serial, const char *name, const char *dob)
{
	char	 iso[16];

	return bad_input(serial, name, dob, iso, sizeof(iso));
}

/*
 * Whether name and dob (ISO) are the record's, folded.  Both are always
 * compared, so that a wrong date costs what a wrong name does.
 */
static int
same_person(const struct event *ev, const char *name, const char *iso)
{
	const char	*rn = ev->field[FIELD_FULL_NAME].value;
	const char	*rd = ev->field[FIELD_DATE_OF_BIRTH].value;
	char		*a, *b;
	int		 same;

	a = norm_fold(name);
	b = norm_fold(rn != NULL ? rn : "");
	same = a != NULL && b != NULL && a[0] != '\0' && strcmp(a, b) == 0;
	same &= rd != NULL && strcmp(rd, iso) == 0;
	free(a);
	free(b);
	return same;
}

/* A record number for an unknown serial: the same one each time (FNV-1a). */
static uint64_t
decoy(const char *serial)
{
	uint64_t	 h = 14695981039346656037ull;

	for (; *serial != '\0'; serial++)
		h = (h ^ (unsigned char)*serial) * 1099511628211ull;
	return h;
}

/*
 * The record that serial, name and dob (as typed) all match, within txn:
 * RECEIPT_OK with its latest event in *ev (event_clear() it) at *idx, or
 * RECEIPT_NOTFOUND, RECEIPT_EINPUT, RECEIPT_ESTORE.
 */
static int
receipt_find(struct store *st, MDB_txn *txn, const char *serial,
    const char *name, const char *dob, struct event *ev, uint64_t *idx,
    uint64_t *record)
{
	char	 iso[16];
	int	 rc;

	memset(ev, 0, sizeof(*ev));
	if (bad_input(serial, name, dob, iso, sizeof(iso)) != 0)
		return RECEIPT_EINPUT;
	rc = store_by_serial(st, txn, serial, record);
	if (rc == STORE_ENOTFOUND) {
		/* Do for an unknown serial what a wrong name costs, on a
		 * record as likely as any to be out of the cache, so that the
		 * time of a "not found" does not tell whether the serial
		 * exists. */
		if (store_record_count(st, txn, record) == STORE_OK &&
		    *record > 0 && store_record(st, txn, 1 + decoy(serial) %
		    *record, ev, idx) == STORE_OK)
			(void)same_person(ev, name, iso);
		event_clear(ev);
		return RECEIPT_NOTFOUND;
	}
	if (rc == STORE_OK)
		rc = store_record(st, txn, *record, ev, idx);
	if (rc != STORE_OK) {
		event_clear(ev);
		return RECEIPT_ESTORE;
	}
	if (!same_person(ev, name, iso)) {
		event_clear(ev);
		return RECEIPT_NOTFOUND;
	}
	return RECEIPT_OK;
}

/* The receipt's "history": every event of record, oldest first: index,
 * kind, time, and the decision, its date and reason, or the copy's
 * number and signer, where given. */
static int
write_history(struct jsonw *w, struct store *st, MDB_txn *txn,
    uint64_t record)
{
	struct event	 ev;
	uint64_t	*idx;
	size_t		 n, i;
	char		 ts[32];
	int		 a, rc = 0;

	if (store_record_events(st, txn, record, &idx, &n) != STORE_OK)
		return -1;
	jsonw_key(w, "history");
	jsonw_raw(w, "[", 1);
	for (i = 0; i < n && rc == 0; i++) {
		if (store_event(st, txn, idx[i], &ev) != STORE_OK) {
			rc = -1;
			break;
		}
		records_iso_time(ev.time, ts, sizeof(ts));
		jsonw_raw(w, i > 0 ? ",{" : "{", i > 0 ? 2 : 1);
		jsonw_key(w, "index");
		jsonw_u64(w, idx[i]);
		jsonw_pair(w, "kind", event_kind_name(ev.kind));
		jsonw_pair(w, "time", ts);
		for (a = EVENT_DECISION; a < EVENT_ATTR_COUNT; a++)
			if (a != EVENT_BY && ev.attr[a] != NULL)
				jsonw_pair(w, event_attr_name(a), ev.attr[a]);
		jsonw_raw(w, "}", 1);
		event_clear(&ev);
	}
	jsonw_raw(w, "]", 1);
	free(idx);
	return rc;
}

/*
 * The whole receipt for ev (at idx, of record) into w: the inclusion
 * proof's members (as proof.h's proof_inclusion() gives them), the
 * disclosed fields with their salts, the receipt's version, the diploma,
 * the latest event and the history.
 */
static int
write_receipt(struct jsonw *w, struct store *st, MDB_txn *txn,
    const struct event *ev, uint64_t idx, uint64_t record)
{
	struct proof_parts	 pp;
	char			*tp;
	size_t			 i;
	int			 a, f, rc;

	if (proof_parts_in(st, txn, idx, ev, 0, &pp) != STORE_OK)
		return -1;
	tp = proof_tlog_text(&pp);
	jsonw_raw(w, "{", 1);
	jsonw_key(w, "index");
	jsonw_u64(w, idx);
	jsonw_key(w, "leaf");
	jsonw_b64(w, pp.leaf, pp.leaflen);
	jsonw_key(w, "proof");
	jsonw_raw(w, "[", 1);
	for (i = 0; i < pp.nhash; i++) {
		if (i > 0)
			jsonw_raw(w, ",", 1);
		jsonw_b64(w, pp.hash[i], MERKLE_HASH_LEN);
	}
	jsonw_raw(w, "]", 1);
	jsonw_pair(w, "checkpoint", pp.note);
	if (tp == NULL)
		w->err = 1;
	else
		jsonw_pair(w, "tlog_proof", tp);
	jsonw_key(w, "record");
	jsonw_u64(w, ev->record);
	jsonw_pair(w, "kind", event_kind_name(ev->kind));
	jsonw_pair(w, "status", ev->revoked ? "revoked" : "valid");
	jsonw_key(w, "disclosed");
	jsonw_raw(w, "{", 1);
	for (f = 0; f < FIELD_COUNT; f++) {
		if (!(RECEIPT_FIELDS & (1u << f)) || ev->field[f].value == NULL)
			continue;
		jsonw_key(w, field_key((enum field)f));
		jsonw_raw(w, "{", 1);
		jsonw_key(w, "salt");
		jsonw_b64(w, ev->field[f].salt, EVENT_SALT_LEN);
		jsonw_pair(w, "value", ev->field[f].value);
		jsonw_raw(w, "}", 1);
	}
	jsonw_raw(w, "}", 1);
	jsonw_pair(w, "receipt", "sogoc-receipt/v1");
	jsonw_key(w, "diploma");
	jsonw_raw(w, "{", 1);
	for (a = 0; a <= EVENT_YEAR; a++)
		if (ev->attr[a] != NULL)
			jsonw_pair(w, event_attr_name(a), ev->attr[a]);
	jsonw_raw(w, "}", 1);
	jsonw_key(w, "event");
	jsonw_raw(w, "{", 1);
	for (a = EVENT_DECISION; a < EVENT_ATTR_COUNT; a++)
		if (a != EVENT_BY && ev->attr[a] != NULL)
			jsonw_pair(w, event_attr_name(a), ev->attr[a]);
	jsonw_pair(w, "kind", event_kind_name(ev->kind));
	jsonw_raw(w, "}", 1);
	rc = write_history(w, st, txn, record);
	jsonw_raw(w, "}", 1);
	proof_parts_clear(&pp);
	free(tp);
	return rc;
}

/* The receipt of ev (at idx, of record) as text into *out. */
static int
finish(struct store *st, MDB_txn *txn, const struct event *ev,
    uint64_t idx, uint64_t record, char **out, size_t *len)
{
	struct jsonw	 w;

	jsonw_init(&w);
	if (write_receipt(&w, st, txn, ev, idx, record) != 0)
		w.err = 1;
	*out = jsonw_finish(&w, len);
	return *out != NULL ? RECEIPT_OK : RECEIPT_ESTORE;
}

int
receipt_text(struct store *st, const char *serial, const char *name,
    const char *dob, char **out, size_t *len)
{
	struct event	 ev;
	MDB_txn		*txn;
	uint64_t	 record, idx;
	int		 rc;

	*out = NULL;
	if (store_rd_begin(st, &txn) != STORE_OK)
		return RECEIPT_ESTORE;
	rc = receipt_find(st, txn, serial, name, dob, &ev, &idx, &record);
	if (rc == RECEIPT_OK)
		rc = finish(st, txn, &ev, idx, record, out, len);
	mdb_txn_abort(txn);
	event_clear(&ev);
	return rc;
}

int
receipt_of_record(struct store *st, uint64_t record, char **out,
    size_t *len)
{
	struct event	 ev = { 0 };
	MDB_txn		*txn;
	uint64_t	 idx;
	int		 rc;

	*out = NULL;
	if (store_rd_begin(st, &txn) != STORE_OK)
		return RECEIPT_ESTORE;
	rc = store_record(st, txn, record, &ev, &idx);
	if (rc == STORE_OK)
		rc = finish(st, txn, &ev, idx, record, out, len);
	else
		rc = rc == STORE_ENOTFOUND ? RECEIPT_NOTFOUND : RECEIPT_ESTORE;
	mdb_txn_abort(txn);
	event_clear(&ev);
	return rc;
}

int
receipt_make(struct store *st, const char *serial, const char *name,
    const char *dob, json_t **out)
{
	json_error_t	 e;
	char		*text;
	size_t		 len;
	int		 rc;

	/* One writer of receipts: the page reads back what the API sends. */
	*out = NULL;
	rc = receipt_text(st, serial, name, dob, &text, &len);
	if (rc != RECEIPT_OK)
		return rc;
	*out = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	free(text);
	return *out != NULL ? RECEIPT_OK : RECEIPT_ESTORE;
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
		"decision", "decision_date", "reason", "copy_no", "signer",
		"signer_title"
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
