/*
 * receipt.c: receipts for employers, and their offline check (receipt.h).
 *
 * Every member written here is one the check (receipt_check.c) reads
 * back from a proven leaf: a member added here must be added there and to
 * docs/registry.md's table, or every receipt is refused.
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
#include "date.h"
#include "fold.h"
#include "proof.h"
#include "receipt.h"
#include "records.h"
#include "timefmt.h"
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

/* What a receipt is about: the proven event, and for a replaced serial
 * the event before the reissue, which still carries it. */
struct answer {
	struct event	 ev;
	uint64_t	 idx, record;
	struct event	 old;	/* kind EVENT_KIND_COUNT: none */
	uint64_t	 oldidx;
};

static void
answer_clear(struct answer *a)
{
	event_clear(&a->ev);
	event_clear(&a->old);
	a->old.kind = EVENT_KIND_COUNT;
}

/* Whether serial (as typed) folds to the serial sk. */
static int
same_serial(const struct event *ev, const char *sk)
{
	const char	*s = ev->field[FIELD_SERIAL_NO].value;
	char		*k;
	int		 same;

	if (s == NULL)
		return 0;
	k = store_serial_key(s);
	same = k != NULL && strcmp(k, sk) == 0;
	free(k);
	return same;
}

/*
 * Among the events of record, the last reissue that took the serial sk
 * away from the person name, iso: into a (the reissue and the event
 * before it).  RECEIPT_OK, RECEIPT_NOTFOUND or RECEIPT_ESTORE.
 */
static int
replaced_in(struct store *st, struct store_rd *txn, uint64_t record,
    const char *sk, const char *name, const char *iso, struct answer *a)
{
	struct event	 prev = { 0 }, cur;
	uint64_t	*idx;
	size_t		 n, i;
	int		 rc = RECEIPT_NOTFOUND;

	if (store_record_events(st, txn, record, &idx, &n) != STORE_OK)
		return RECEIPT_ESTORE;
	for (i = 0; i < n; i++) {
		if (store_event(st, txn, idx[i], &cur) != STORE_OK) {
			rc = RECEIPT_ESTORE;
			break;
		}
		if (i > 0 && cur.kind == EVENT_REISSUE &&
		    same_serial(&prev, sk) && !same_serial(&cur, sk) &&
		    same_person(&prev, name, iso)) {
			answer_clear(a);
			a->ev = cur;
			a->idx = idx[i];
			a->record = record;
			a->old = prev;
			a->oldidx = idx[i - 1];
			memset(&prev, 0, sizeof(prev));
			memset(&cur, 0, sizeof(cur));
			rc = RECEIPT_OK;
		}
		event_clear(&prev);
		prev = cur;
	}
	event_clear(&prev);
	free(idx);
	return rc;
}

/*
 * A serial may be one a reissue replaced: the old paper's.  The person's
 * records (name and date of birth must match, as ever) are searched for
 * the reissue that took it.  Every miss comes here, and a name no record
 * has still reads a record's events (the decoy's), so that neither the
 * kind of miss nor whether the person has a diploma shows in the time.
 */
static int
receipt_replaced(struct store *st, struct store_rd *txn, const char *serial,
    const char *name, const char *iso, struct answer *a)
{
	uint64_t	*recs, count;
	size_t		 n, i;
	char		*sk;
	int		 rc = RECEIPT_NOTFOUND, r;

	sk = store_serial_key(serial);
	if (sk == NULL)
		return RECEIPT_ESTORE;
	if (store_by_name(st, txn, name, iso, &recs, &n) != STORE_OK) {
		free(sk);
		return RECEIPT_ESTORE;
	}
	for (i = 0; i < n && rc == RECEIPT_NOTFOUND; i++) {
		r = replaced_in(st, txn, recs[i], sk, name, iso, a);
		if (r != RECEIPT_NOTFOUND)
			rc = r;
	}
	/* The decoy's events can only answer for this very person. */
	if (n == 0 && store_record_count(st, txn, &count) == STORE_OK &&
	    count > 0)
		rc = replaced_in(st, txn, 1 + decoy(serial) % count, sk, name,
		    iso, a);
	free(recs);
	free(sk);
	return rc;
}

/*
 * The record that serial, name and dob (as typed) all match, within txn:
 * RECEIPT_OK with its latest event in a (answer_clear it), or, for a
 * serial a reissue replaced, that reissue and the event before it; or
 * RECEIPT_NOTFOUND, RECEIPT_EINPUT, RECEIPT_ESTORE.
 */
static int
receipt_find(struct store *st, struct store_rd *txn, const char *serial,
    const char *name, const char *dob, struct answer *a)
{
	struct event	*ev = &a->ev;
	char		 iso[16];
	int		 rc;

	memset(a, 0, sizeof(*a));
	a->old.kind = EVENT_KIND_COUNT;
	if (bad_input(serial, name, dob, iso, sizeof(iso)) != 0)
		return RECEIPT_EINPUT;
	rc = store_by_serial(st, txn, serial, &a->record);
	if (rc == STORE_ENOTFOUND) {
		/* Do for an unknown serial what a wrong name costs, on a
		 * record as likely as any to be out of the cache, so that the
		 * time of a "not found" does not tell whether the serial
		 * exists. */
		if (store_record_count(st, txn, &a->record) == STORE_OK &&
		    a->record > 0 && store_record(st, txn, 1 + decoy(serial) %
		    a->record, ev, &a->idx) == STORE_OK)
			(void)same_person(ev, name, iso);
		answer_clear(a);
		rc = receipt_replaced(st, txn, serial, name, iso, a);
		if (rc != RECEIPT_OK)
			answer_clear(a);
		return rc;
	}
	if (rc == STORE_OK)
		rc = store_record(st, txn, a->record, ev, &a->idx);
	if (rc != STORE_OK) {
		answer_clear(a);
		return RECEIPT_ESTORE;
	}
	if (!same_person(ev, name, iso)) {
		/* The serial, now another's, may be this person's old one. */
		answer_clear(a);
		rc = receipt_replaced(st, txn, serial, name, iso, a);
		if (rc != RECEIPT_OK)
			answer_clear(a);
		return rc;
	}
	return RECEIPT_OK;
}

/* index, leaf and proof of the proof parts pp into w. */
static void
write_proof(struct jsonw *w, const struct proof_parts *pp)
{
	size_t	 i;

	jsonw_key(w, "index");
	jsonw_u64(w, pp->index);
	jsonw_key(w, "leaf");
	jsonw_b64(w, pp->leaf, pp->leaflen);
	jsonw_key(w, "proof");
	jsonw_raw(w, "[", 1);
	for (i = 0; i < pp->nhash; i++) {
		if (i > 0)
			jsonw_raw(w, ",", 1);
		jsonw_b64(w, pp->hash[i], MERKLE_HASH_LEN);
	}
	jsonw_raw(w, "]", 1);
}

/* ev's cleartext lines of its own (decision, reason, copy; not who
 * recorded it, a member of staff), as the leaf has them. */
static void
write_attrs(struct jsonw *w, const struct event *ev)
{
	int	 a;

	for (a = EVENT_DECISION; a < EVENT_ATTR_COUNT; a++)
		if (a != EVENT_BY && ev->attr[a] != NULL)
			jsonw_pair(w, event_attr_name(a), ev->attr[a]);
}

/* The receipt's "history": every event of record, oldest first, each
 * with its leaf and inclusion proof in the tree of size leaves (but the
 * event at main, whose are the receipt's own): index, kind, time, and the
 * decision, its date and reason, or the copy's number and signer, where
 * given. */
static int
write_history(struct jsonw *w, struct store *st, struct store_rd *txn,
    uint64_t record, uint64_t size, uint64_t main)
{
	struct proof_parts	 pp;
	struct event		 ev;
	uint64_t		*idx;
	size_t			 n, i;
	char			 ts[32];
	int			 rc = 0;

	if (store_record_events(st, txn, record, &idx, &n) != STORE_OK)
		return -1;
	jsonw_key(w, "history");
	jsonw_raw(w, "[", 1);
	for (i = 0; i < n && rc == 0; i++) {
		if (store_event(st, txn, idx[i], &ev) != STORE_OK) {
			rc = -1;
			break;
		}
		/* An event after the checkpoint is not in its tree. */
		if (idx[i] >= size) {
			event_clear(&ev);
			break;
		}
		time_iso(ev.time, ts, sizeof(ts));
		jsonw_raw(w, i > 0 ? ",{" : "{", i > 0 ? 2 : 1);
		if (idx[i] == main) {
			jsonw_key(w, "index");
			jsonw_u64(w, main);
		} else if (proof_parts_in(st, txn, idx[i], &ev, size, &pp) ==
		    STORE_OK) {
			write_proof(w, &pp);
			proof_parts_clear(&pp);
		} else
			rc = -1;
		jsonw_pair(w, "kind", event_kind_name(ev.kind));
		jsonw_pair(w, "time", ts);
		write_attrs(w, &ev);
		jsonw_raw(w, "}", 1);
		event_clear(&ev);
	}
	jsonw_raw(w, "]", 1);
	free(idx);
	return rc;
}

/* The disclosure {"salt","value"} of ev's field f into w. */
static void
write_disclosure(struct jsonw *w, const struct event *ev, enum field f)
{
	jsonw_key(w, field_key(f));
	jsonw_raw(w, "{", 1);
	jsonw_key(w, "salt");
	jsonw_b64(w, ev->field[f].salt, EVENT_SALT_LEN);
	jsonw_pair(w, "value", ev->field[f].value);
	jsonw_raw(w, "}", 1);
}

/*
 * The whole receipt for the answer a into w: the inclusion proof's
 * members (as proof.h's proof_inclusion() gives them), the disclosed
 * fields with their salts, the receipt's format, the diploma, the event,
 * the history, and for a replaced serial the old serial's disclosure.
 * docs/registry.md says what proves each member.
 */
static int
write_receipt(struct jsonw *w, struct store *st, struct store_rd *txn,
    const struct answer *an)
{
	const struct event	*ev = &an->ev;
	struct proof_parts	 pp;
	struct note_head	 h;
	char			*tp, *head = NULL;
	int			 a, f, rc;

	/*
	 * The receipt is proven in the tree of the record's head, which
	 * says its event is the record's latest at that size; a registry
	 * written before heads has none, and the check then refuses the
	 * receipt, saying so (docs/registry.md).
	 */
	memset(&h, 0, sizeof(h));
	rc = store_head(st, txn, an->record, &head, &h);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return -1;
	if (proof_parts_in(st, txn, an->idx, ev, h.size, &pp) != STORE_OK) {
		free(head);
		return -1;
	}
	tp = proof_tlog_text(&pp);
	jsonw_raw(w, "{", 1);
	write_proof(w, &pp);
	jsonw_pair(w, "checkpoint", pp.note);
	if (tp == NULL)
		w->b.err = 1;
	else
		jsonw_pair(w, "tlog_proof", tp);
	jsonw_key(w, "record");
	jsonw_u64(w, ev->record);
	jsonw_pair(w, "kind", event_kind_name(ev->kind));
	jsonw_pair(w, "status", an->old.kind != EVENT_KIND_COUNT ?
	    "replaced" : ev->revoked ? "revoked" : "valid");
	jsonw_key(w, "disclosed");
	jsonw_raw(w, "{", 1);
	for (f = 0; f < FIELD_COUNT; f++)
		if ((RECEIPT_FIELDS & (1u << f)) && ev->field[f].value != NULL)
			write_disclosure(w, ev, (enum field)f);
	jsonw_raw(w, "}", 1);
	jsonw_pair(w, "receipt", RECEIPT_FORMAT);
	jsonw_key(w, "diploma");
	jsonw_raw(w, "{", 1);
	for (a = 0; a <= EVENT_YEAR; a++)
		if (ev->attr[a] != NULL)
			jsonw_pair(w, event_attr_name(a), ev->attr[a]);
	jsonw_raw(w, "}", 1);
	jsonw_key(w, "event");
	jsonw_raw(w, "{", 1);
	write_attrs(w, ev);
	jsonw_pair(w, "kind", event_kind_name(ev->kind));
	jsonw_raw(w, "}", 1);
	if (an->old.kind != EVENT_KIND_COUNT) {
		jsonw_key(w, "replaced");
		jsonw_raw(w, "{", 1);
		jsonw_key(w, "index");
		jsonw_u64(w, an->oldidx);
		write_disclosure(w, &an->old, FIELD_SERIAL_NO);
		jsonw_raw(w, "}", 1);
	}
	rc = write_history(w, st, txn, an->record, pp.size, an->idx);
	if (head != NULL)
		jsonw_pair(w, "head", head);
	jsonw_raw(w, "}", 1);
	proof_parts_clear(&pp);
	free(head);
	free(tp);
	return rc;
}

/* The receipt of ev (at idx, of record) as text into *out. */
static int
finish(struct store *st, struct store_rd *txn, const struct answer *a,
    char **out, size_t *len)
{
	struct jsonw	 w;

	jsonw_init(&w);
	if (write_receipt(&w, st, txn, a) != 0)
		w.b.err = 1;
	*out = jsonw_finish(&w, len);
	return *out != NULL ? RECEIPT_OK : RECEIPT_ESTORE;
}

int
receipt_text(struct store *st, const char *serial, const char *name,
    const char *dob, char **out, size_t *len)
{
	struct answer	 a;
	struct store_rd	*txn;
	int		 rc;

	*out = NULL;
	if (store_rd_begin(st, &txn) != STORE_OK)
		return RECEIPT_ESTORE;
	rc = receipt_find(st, txn, serial, name, dob, &a);
	if (rc == RECEIPT_OK)
		rc = finish(st, txn, &a, out, len);
	store_rd_end(txn);
	answer_clear(&a);
	return rc;
}

int
receipt_of_record(struct store *st, uint64_t record, char **out,
    size_t *len)
{
	struct answer	 a;
	struct store_rd	*txn;
	int		 rc;

	*out = NULL;
	memset(&a, 0, sizeof(a));
	a.old.kind = EVENT_KIND_COUNT;
	a.record = record;
	if (store_rd_begin(st, &txn) != STORE_OK)
		return RECEIPT_ESTORE;
	rc = store_record(st, txn, record, &a.ev, &a.idx);
	if (rc == STORE_OK)
		rc = finish(st, txn, &a, out, len);
	else
		rc = rc == STORE_ENOTFOUND ? RECEIPT_NOTFOUND : RECEIPT_ESTORE;
	store_rd_end(txn);
	answer_clear(&a);
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
