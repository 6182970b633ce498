/*
 * audit.c: the registry audit (see audit.h).
 *
 * It runs in one read transaction over a snapshot, in passes: events in
 * index order (decode, leaf, Merkle hashes in memory, replay), then the
 * stored hashes, the checkpoints, the records, the two indexes, the keys
 * and the record heads, each compared with what the first pass rebuilt.
 * Memory is about 120 bytes per event, so a million-record registry
 * audits in well under a gigabyte.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

/* Index entries the replay expects: key bytes and the record. */
struct ent {
	uint8_t		*key;
	size_t		 len;
	uint64_t	 rec;
};

struct ents {
	struct ent	*v;
	size_t		 n, cap;
};

struct audit {
	struct store		*st;
	MDB_txn			*txn;
	struct audit_report	*r;
	uint8_t			(*h)[MERKLE_HASH_LEN];	/* stored hashes */
	uint64_t		 nh, caph;
	uint64_t		*evrec;		/* record of each event */
	uint64_t		*latest;	/* latest event of record r */
	uint64_t		 nev, nrec;
	int			 oom;
};

static void
problem(struct audit *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
problem(struct audit *a, const char *fmt, ...)
{
	char	 msg[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	a->r->problems++;
	if (a->r->problem != NULL)
		a->r->problem(a->r->arg, msg);
}

static int
mem_hash(void *arg, uint64_t idx, uint8_t *out)
{
	struct audit	*a = arg;

	if (idx >= a->nh)
		return -1;
	memcpy(out, a->h[idx], MERKLE_HASH_LEN);
	return 0;
}

static int
ents_add(struct ents *e, const void *key, size_t len, uint64_t rec)
{
	struct ent	*nv;
	size_t		 ncap;

	if (e->n == e->cap) {
		ncap = e->cap ? e->cap * 2 : 1024;
		nv = reallocarray(e->v, ncap, sizeof(*nv));
		if (nv == NULL)
			return -1;
		e->v = nv;
		e->cap = ncap;
	}
	e->v[e->n].key = malloc(len ? len : 1);
	if (e->v[e->n].key == NULL)
		return -1;
	memcpy(e->v[e->n].key, key, len);
	e->v[e->n].len = len;
	e->v[e->n].rec = rec;
	e->n++;
	return 0;
}

static int
ent_cmp(const void *x, const void *y)
{
	const struct ent	*a = x, *b = y;
	size_t			 n = a->len < b->len ? a->len : b->len;
	int			 c = memcmp(a->key, b->key, n);

	if (c != 0)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

static void
ents_free(struct ents *e)
{
	size_t	 i;

	for (i = 0; i < e->n; i++)
		free(e->v[i].key);
	free(e->v);
}

/* Pass 1: every event, in order; rebuilds the tree and the replay. */
static int
audit_events(struct audit *a)
{
	struct store	*st = a->st;
	MDB_cursor	*c;
	MDB_val		 k, v;
	struct event	 ev;
	uint8_t		 leafh[MERKLE_HASH_LEN];
	uint8_t		 add[MERKLE_MAX_APPEND][MERKLE_HASH_LEN];
	size_t		 nadd, i, leaflen;
	char		*leaf;
	uint64_t	 idx, *nl;
	int		 rc, op = MDB_FIRST;

	rc = mdb_cursor_open(a->txn, st->dbi[DB_EVENTS], &c);
	if (rc != 0)
		return store_lmdb_fail(st, rc, "reading events");
	for (;;) {
		rc = mdb_cursor_get(c, &k, &v, op);
		op = MDB_NEXT;
		if (rc == MDB_NOTFOUND)
			break;
		if (rc != 0) {
			mdb_cursor_close(c);
			return store_lmdb_fail(st, rc, "reading events");
		}
		idx = k.mv_size == 8 ? store_get_u64(k.mv_data) : UINT64_MAX;
		if (idx != a->nev) {
			problem(a, "events: expected event %" PRIu64 ", found "
			    "a key %s; the log has a gap or a stray entry",
			    a->nev, idx == UINT64_MAX ? "of the wrong size" :
			    "out of order");
			break;
		}
		if (a->nh + MERKLE_MAX_APPEND > a->caph) {
			a->caph = a->caph ? a->caph * 2 : 4096;
			a->h = reallocarray(a->h, a->caph, MERKLE_HASH_LEN);
			nl = reallocarray(a->evrec, a->caph, sizeof(*nl));
			if (nl != NULL)
				a->evrec = nl;
			if (a->h == NULL || nl == NULL) {
				a->oom = 1;
				break;
			}
		}
		rc = event_decode(v.mv_data, v.mv_size, &ev);
		leaf = NULL;
		if (rc == EVENT_OK)
			rc = event_leaf(&ev, &leaf, &leaflen);
		if (rc == EVENT_ENOMEM) {
			a->oom = 1;
			break;
		}
		if (rc != EVENT_OK) {
			problem(a, "event %" PRIu64 ": the stored event does "
			    "not decode (%s); its leaf cannot be recomputed",
			    idx, event_strerror(rc));
			/* Keep the tree's shape so later checks still run. */
			memset(leafh, 0, sizeof(leafh));
			a->evrec[idx] = 0;
		} else {
			merkle_leaf_hash(leaf, leaflen, leafh);
			a->evrec[idx] = ev.record;
			if (ev.kind == EVENT_ISSUE) {
				if (ev.record != a->nrec + 1)
					problem(a, "event %" PRIu64 ": issues "
					    "record %" PRIu64 ", expected %"
					    PRIu64, idx, ev.record,
					    a->nrec + 1);
				else
					a->nrec++;
			} else if (ev.record == 0 || ev.record > a->nrec)
				problem(a, "event %" PRIu64 ": %s of record %"
				    PRIu64 ", which was never issued", idx,
				    event_kind_name(ev.kind), ev.record);
		}
		free(leaf);
		event_clear(&ev);
		if (merkle_append(a->nev, leafh, mem_hash, a, add, &nadd) !=
		    MERKLE_OK) {
			a->oom = 1;
			break;
		}
		for (i = 0; i < nadd; i++)
			memcpy(a->h[a->nh++], add[i], MERKLE_HASH_LEN);
		a->nev++;
	}
	mdb_cursor_close(c);
	a->r->events = a->nev;
	return STORE_OK;
}

/* Pass 2: the stored hashes against the recomputed ones. */
static int
audit_hashes(struct audit *a)
{
	struct store	*st = a->st;
	MDB_cursor	*c;
	MDB_val		 k, v;
	uint64_t	 n = 0, idx, bad = 0, first = 0;
	int		 rc, op = MDB_FIRST;

	rc = mdb_cursor_open(a->txn, st->dbi[DB_HASHES], &c);
	if (rc != 0)
		return store_lmdb_fail(st, rc, "reading hashes");
	for (;;) {
		rc = mdb_cursor_get(c, &k, &v, op);
		op = MDB_NEXT;
		if (rc == MDB_NOTFOUND)
			break;
		if (rc != 0) {
			mdb_cursor_close(c);
			return store_lmdb_fail(st, rc, "reading hashes");
		}
		idx = k.mv_size == 8 ? store_get_u64(k.mv_data) : UINT64_MAX;
		if (idx != n || n >= a->nh || v.mv_size != MERKLE_HASH_LEN ||
		    memcmp(v.mv_data, a->h[n], MERKLE_HASH_LEN) != 0) {
			if (bad++ == 0)
				first = n;
		}
		n++;
	}
	mdb_cursor_close(c);
	a->r->hashes = n;
	if (bad > 0)
		problem(a, "hashes: %" PRIu64 " stored Merkle hashes differ "
		    "from the ones recomputed from the events, the first at "
		    "stored index %" PRIu64 " (level %d)", bad, first,
		    first < a->nh ? 0 : -1);
	if (n != a->nh)
		problem(a, "hashes: %" PRIu64 " stored, but %" PRIu64 " events "
		    "make %" PRIu64, n, a->nev, a->nh);
	return STORE_OK;
}

/* Pass 3: every checkpoint: signature, origin, size, root, consistency. */
static int
audit_checkpoints(struct audit *a, struct note_verifier *const *vk,
    size_t nv)
{
	struct store	*st = a->st;
	MDB_cursor	*c;
	MDB_val		 k, v;
	uint8_t		 root[MERKLE_HASH_LEN], want[MERKLE_HASH_LEN];
	uint8_t		 prevroot[MERKLE_HASH_LEN];
	uint8_t		 p[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
	uint64_t	 size, key, prev = 0, last = 0;
	size_t		 textlen, np;
	char		*origin = NULL, *o;
	int		 rc, op = MDB_FIRST, have_prev = 0;

	rc = store_origin(st, a->txn, &origin);
	if (rc != STORE_OK)
		return rc;
	rc = mdb_cursor_open(a->txn, st->dbi[DB_CHECKPOINTS], &c);
	if (rc != 0) {
		free(origin);
		return store_lmdb_fail(st, rc, "reading checkpoints");
	}
	for (;;) {
		rc = mdb_cursor_get(c, &k, &v, op);
		op = MDB_NEXT;
		if (rc == MDB_NOTFOUND)
			break;
		if (rc != 0) {
			rc = store_lmdb_fail(st, rc, "reading checkpoints");
			goto out;
		}
		a->r->checkpoints++;
		key = k.mv_size == 8 ? store_get_u64(k.mv_data) : 0;
		last = key;
		rc = note_open(v.mv_data, v.mv_size, vk, nv, &textlen, NULL);
		if (rc != NOTE_OK) {
			problem(a, "checkpoint %" PRIu64 ": %s", key,
			    note_strerror(rc));
			continue;
		}
		rc = checkpoint_parse(v.mv_data, textlen, &o, &size, root);
		if (rc != NOTE_OK) {
			problem(a, "checkpoint %" PRIu64 ": %s", key,
			    note_strerror(rc));
			continue;
		}
		if (origin == NULL || strcmp(o, origin) != 0)
			problem(a, "checkpoint %" PRIu64 ": origin \"%s\" is "
			    "not the log's \"%s\"", key, o,
			    origin ? origin : "");
		free(o);
		if (size != key || size == 0) {
			problem(a, "checkpoint %" PRIu64 ": it signs size %"
			    PRIu64 ", not the size it is stored under", key,
			    size);
			continue;
		}
		if (size > a->nev) {
			problem(a, "checkpoint %" PRIu64 ": the log has only %"
			    PRIu64 " events", size, a->nev);
			continue;
		}
		if (merkle_root(size, mem_hash, a, want) != MERKLE_OK ||
		    memcmp(want, root, MERKLE_HASH_LEN) != 0) {
			problem(a, "checkpoint %" PRIu64 ": its root hash is "
			    "not the root of the first %" PRIu64 " events as "
			    "stored now: the log was changed after it was "
			    "signed", size, size);
			continue;
		}
		if (have_prev) {
			if (merkle_prove_consistency(prev, size, mem_hash, a, p,
			    &np) != MERKLE_OK ||
			    merkle_verify_consistency(prev, size, prevroot,
			    root, p, np) != MERKLE_OK)
				problem(a, "checkpoint %" PRIu64 " is not "
				    "consistent with checkpoint %" PRIu64, size,
				    prev);
		}
		memcpy(prevroot, root, MERKLE_HASH_LEN);
		prev = size;
		have_prev = 1;
	}
	if (last != a->nev)
		problem(a, "checkpoints: the latest signs %" PRIu64 " events "
		    "but the log holds %" PRIu64, last, a->nev);
	rc = STORE_OK;
out:
	mdb_cursor_close(c);
	free(origin);
	return rc;
}

/* Pass 4: the records database against the replayed event lists. */
static int
audit_records(struct audit *a)
{
	struct store	*st = a->st;
	MDB_cursor	*c;
	MDB_val		 k, v;
	uint64_t	 rec, expect = 1, total = 0, i, idx, prev;
	int		 rc, op = MDB_FIRST, ok;

	a->latest = calloc(a->nrec + 1, sizeof(*a->latest));
	if (a->latest == NULL) {
		a->oom = 1;
		return STORE_OK;
	}
	rc = mdb_cursor_open(a->txn, st->dbi[DB_RECORDS], &c);
	if (rc != 0)
		return store_lmdb_fail(st, rc, "reading records");
	for (;;) {
		rc = mdb_cursor_get(c, &k, &v, op);
		op = MDB_NEXT;
		if (rc == MDB_NOTFOUND)
			break;
		if (rc != 0) {
			mdb_cursor_close(c);
			return store_lmdb_fail(st, rc, "reading records");
		}
		a->r->records++;
		rec = k.mv_size == 8 ? store_get_u64(k.mv_data) : 0;
		if (rec != expect) {
			problem(a, "records: expected record %" PRIu64 ", found "
			    "%" PRIu64, expect, rec);
			if (rec > expect && rec <= a->nrec)
				expect = rec;
		}
		expect++;
		ok = v.mv_size > 0 && v.mv_size % 8 == 0 && rec >= 1 &&
		    rec <= a->nrec;
		prev = 0;
		for (i = 0; ok && i < v.mv_size / 8; i++) {
			idx = store_get_u64((uint8_t *)v.mv_data + 8 * i);
			if (idx >= a->nev || a->evrec[idx] != rec ||
			    (i > 0 && idx <= prev))
				ok = 0;
			prev = idx;
		}
		if (!ok) {
			problem(a, "record %" PRIu64 ": its event list does not "
			    "match the log", rec);
			continue;
		}
		total += v.mv_size / 8;
		a->latest[rec] = prev + 1;	/* 0 means none */
	}
	mdb_cursor_close(c);
	if (a->r->records != a->nrec)
		problem(a, "records: %" PRIu64 " stored, the log issues %"
		    PRIu64, a->r->records, a->nrec);
	for (i = 0; i < a->nev; i++)
		if (a->evrec[i] == 0)
			total++;	/* undecodable, reported already */
	if (total != a->nev)
		problem(a, "records: their event lists hold %" PRIu64 " "
		    "events, the log %" PRIu64, total, a->nev);
	return STORE_OK;
}

/* Compares a sorted expected list with an index database. */
static void
compare_index(struct audit *a, enum store_db db, struct ents *e,
    const char *name, int key_has_record)
{
	MDB_cursor	*c;
	MDB_val		 k, v;
	struct ent	 cur;
	size_t		 i = 0, missing = 0, extra = 0;
	int		 rc, op = MDB_FIRST, cmp;

	if (e->n > 1)
		qsort(e->v, e->n, sizeof(*e->v), ent_cmp);
	rc = mdb_cursor_open(a->txn, a->st->dbi[db], &c);
	if (rc != 0) {
		problem(a, "%s: %s", name, mdb_strerror(rc));
		return;
	}
	for (;;) {
		rc = mdb_cursor_get(c, &k, &v, op);
		op = MDB_NEXT;
		if (rc != 0)
			break;
		cur.key = k.mv_data;
		cur.len = k.mv_size;
		cmp = -1;
		while (i < e->n) {
			cmp = ent_cmp(&e->v[i], &cur);
			if (cmp >= 0)
				break;
			missing++;
			i++;
		}
		if (i < e->n && cmp == 0) {
			if (!key_has_record && (v.mv_size != 8 ||
			    store_get_u64(v.mv_data) != e->v[i].rec))
				extra++;
			else if (key_has_record && v.mv_size != 0)
				extra++;
			i++;
		} else
			extra++;
	}
	mdb_cursor_close(c);
	missing += e->n - i;
	if (missing > 0 || extra > 0)
		problem(a, "%s index: %zu entries missing and %zu wrong or "
		    "extra, compared with the records replayed from the log",
		    name, missing, extra);
}

/* Pass 5: both indexes, rebuilt from each record's latest event. */
static int
audit_indexes(struct audit *a)
{
	struct ents	 ser = { 0 }, nam = { 0 };
	struct event	 ev;
	uint64_t	 rec;
	uint8_t		*nk;
	size_t		 nl;
	char		*sk;
	const char	*s, *n, *d;

	for (rec = 1; rec <= a->nrec && !a->oom; rec++) {
		if (a->latest[rec] == 0)
			continue;
		if (store_event(a->st, a->txn, a->latest[rec] - 1, &ev) !=
		    STORE_OK)
			continue;	/* reported by pass 1 */
		s = ev.field[FIELD_SERIAL_NO].value;
		n = ev.field[FIELD_FULL_NAME].value;
		d = ev.field[FIELD_DATE_OF_BIRTH].value;
		if (s != NULL && s[0] != '\0') {
			sk = store_serial_key(s);
			if (sk == NULL || ents_add(&ser, sk, strlen(sk), rec))
				a->oom = 1;
			free(sk);
		}
		if (n != NULL && n[0] != '\0') {
			if (store_name_key(n, d ? d : "", rec, &nk, &nl) !=
			    STORE_OK || ents_add(&nam, nk, nl, 0))
				a->oom = 1;
			free(nk);
		}
		event_clear(&ev);
	}
	if (!a->oom) {
		compare_index(a, DB_SERIALS, &ser, "serial number", 0);
		compare_index(a, DB_NAMES, &nam, "name", 1);
	}
	ents_free(&ser);
	ents_free(&nam);
	return STORE_OK;
}

/* Pass 6: the listed verifier keys each signed the size they claim. */
static int
audit_keys(struct audit *a)
{
	struct store		*st = a->st;
	struct note_verifier	*v;
	MDB_cursor		*c;
	MDB_val			 k, d;
	char			*vkey, *note;
	uint64_t		 size, got;
	size_t			 textlen;
	int			 rc, op = MDB_FIRST;

	rc = mdb_cursor_open(a->txn, st->dbi[DB_KEYS], &c);
	if (rc != 0)
		return store_lmdb_fail(st, rc, "reading keys");
	for (;;) {
		rc = mdb_cursor_get(c, &k, &d, op);
		op = MDB_NEXT;
		if (rc != 0)
			break;
		vkey = strndup(k.mv_data, k.mv_size);
		if (vkey == NULL) {
			a->oom = 1;
			break;
		}
		if (note_verifier_new(vkey, &v) != NOTE_OK) {
			problem(a, "keys: a listed verifier key is malformed");
			free(vkey);
			continue;
		}
		size = d.mv_size == 8 ? store_get_u64(d.mv_data) : 0;
		note = NULL;
		if (store_checkpoint(st, a->txn, size ? size : UINT64_MAX,
		    &note, &got) != STORE_OK || note_open(note, strlen(note),
		    &v, 1, &textlen, NULL) != NOTE_OK)
			problem(a, "keys: %s is listed as first signing the "
			    "checkpoint of size %" PRIu64 ", which it did not",
			    vkey, size);
		free(note);
		free(vkey);
		note_verifier_free(v);
	}
	mdb_cursor_close(c);
	return STORE_OK;
}

/* What audit_heads() counts from the replay, per record. */
struct heads_ctx {
	const char	*origin;
	uint64_t	*counts;	/* its events */
	uint64_t	*second;	/* its second event, or UINT64_MAX */
	uint8_t		*has;		/* 1: its own head; 2: issue heads */
};

/* Whether tree size has a checkpoint. */
static int
has_checkpoint(struct audit *a, uint64_t size)
{
	char		*cp = NULL;
	uint64_t	 got = 0;
	int		 ok;

	ok = size <= a->nev && store_checkpoint(a->st, a->txn, size, &cp,
	    &got) == STORE_OK && got == size;
	free(cp);
	return ok;
}

/*
 * One stored head: signed by a key of vk, of this log, of the record it
 * is stored under, at a tree size that has a checkpoint, naming the
 * record's latest event (its leaf hash as recomputed) and counting its
 * events, which counts[] holds.
 */
static void
audit_head(struct audit *a, struct note_verifier *const *vk, size_t nv,
    uint64_t rec, const MDB_val *v, const char *origin,
    const uint64_t *counts)
{
	struct note_head	 h;
	char			*o = NULL;
	size_t			 textlen;
	int			 rc;

	rc = note_open(v->mv_data, v->mv_size, vk, nv, &textlen, NULL);
	if (rc != NOTE_OK) {
		problem(a, "head of record %" PRIu64 ": %s", rec,
		    note_strerror(rc));
		return;
	}
	if (head_parse(v->mv_data, textlen, &o, &h) != NOTE_OK) {
		problem(a, "head of record %" PRIu64 ": not a record head",
		    rec);
		return;
	}
	if (origin == NULL || strcmp(o, origin) != 0)
		problem(a, "head of record %" PRIu64 ": origin \"%s\" is not "
		    "the log's", rec, o);
	free(o);
	if (h.range || h.record != rec || rec == 0 || rec > a->nrec) {
		problem(a, "head of record %" PRIu64 ": it names record %"
		    PRIu64, rec, h.record);
		return;
	}
	if (!has_checkpoint(a, h.size))
		problem(a, "head of record %" PRIu64 ": tree size %" PRIu64
		    " has no checkpoint", rec, h.size);
	if (a->latest[rec] == 0 || h.index != a->latest[rec] - 1 ||
	    h.index >= a->nev ||
	    memcmp(h.leaf, a->h[merkle_stored_count(h.index)],
	    MERKLE_HASH_LEN) != 0) {
		problem(a, "head of record %" PRIu64 ": it names event %"
		    PRIu64 " as the latest, but the latest is %" PRIu64
		    " (or its leaf differs): receipts would leave out "
		    "events", rec, h.index, a->latest[rec] - 1);
		return;
	}
	if (h.events != counts[rec])
		problem(a, "head of record %" PRIu64 ": it counts %" PRIu64
		    " events, the log holds %" PRIu64, rec, h.events,
		    counts[rec]);
}

/*
 * One stored issue heads note under first: signed, of this log, of the
 * records first..last each issued at the leaf it says, each with no other
 * event before its tree size; and the head of those that have no own.
 */
static void
audit_issued(struct audit *a, struct note_verifier *const *vk, size_t nv,
    uint64_t first, const MDB_val *v, struct heads_ctx *hc)
{
	struct note_head	 h;
	char			*o = NULL;
	size_t			 textlen;
	uint64_t		 rec, idx;
	int			 rc;

	rc = note_open(v->mv_data, v->mv_size, vk, nv, &textlen, NULL);
	if (rc != NOTE_OK) {
		problem(a, "issue heads of record %" PRIu64 ": %s", first,
		    note_strerror(rc));
		return;
	}
	if (head_parse(v->mv_data, textlen, &o, &h) != NOTE_OK || !h.range ||
	    h.record != first || h.last > a->nrec) {
		free(o);
		problem(a, "issue heads of record %" PRIu64 ": not issue "
		    "heads of records of this log stored under it", first);
		return;
	}
	if (hc->origin == NULL || strcmp(o, hc->origin) != 0)
		problem(a, "issue heads of record %" PRIu64 ": origin \"%s\" "
		    "is not the log's", first, o);
	free(o);
	if (!has_checkpoint(a, h.size))
		problem(a, "issue heads of record %" PRIu64 ": tree size %"
		    PRIu64 " has no checkpoint", first, h.size);
	for (rec = h.record; rec <= h.last; rec++) {
		idx = h.index + (rec - h.record);
		if (idx >= a->nev || a->evrec[idx] != rec ||
		    hc->second[rec] < h.size) {
			problem(a, "issue heads of record %" PRIu64 ": record %"
			    PRIu64 " is not issued at event %" PRIu64 " with "
			    "no other event before tree size %" PRIu64, first,
			    rec, idx, h.size);
			return;
		}
		if (hc->has[rec] != 0)
			continue;
		hc->has[rec] = 2;
		if (hc->counts[rec] != 1)
			problem(a, "record %" PRIu64 ": it changed after its "
			    "issue, but its head is still its issue's: "
			    "receipts would leave out events", rec);
	}
}

/* Pass 7: the record heads (store.h): each record has its own, or the
 * issue heads of the commit that issued it while it has one event. */
static int
audit_heads(struct audit *a, struct note_verifier *const *vk, size_t nv)
{
	static const enum store_db dbs[] = { DB_HEADS, DB_ISSUED };
	struct store		*st = a->st;
	struct heads_ctx	 hc = { NULL, NULL, NULL, NULL };
	MDB_cursor		*c;
	MDB_val			 k, v;
	uint64_t		 i, rec, missing = 0, first = 0;
	size_t			 d;
	char			*origin = NULL;
	int			 rc, op;

	hc.counts = calloc(a->nrec + 1, sizeof(*hc.counts));
	hc.second = malloc((a->nrec + 1) * sizeof(*hc.second));
	hc.has = calloc(a->nrec + 1, 1);
	rc = store_origin(st, a->txn, &origin);
	hc.origin = origin;
	if (hc.counts == NULL || hc.second == NULL || hc.has == NULL) {
		a->oom = 1;
		goto out;
	}
	for (i = 0; i <= a->nrec; i++)
		hc.second[i] = UINT64_MAX;
	for (i = 0; i < a->nev; i++) {
		rec = a->evrec[i];
		if (rec < 1 || rec > a->nrec)
			continue;
		if (++hc.counts[rec] == 2)
			hc.second[rec] = i;
	}
	for (d = 0; rc == STORE_OK && d < 2; d++) {
		if (!store_has_db(st, dbs[d]))
			continue;
		if (mdb_cursor_open(a->txn, st->dbi[dbs[d]], &c) != 0) {
			rc = store_fail(st, STORE_EIO, "cannot read the heads");
			break;
		}
		for (op = MDB_FIRST; mdb_cursor_get(c, &k, &v, op) == 0;
		    op = MDB_NEXT) {
			rec = k.mv_size == 8 ? store_get_u64(k.mv_data) : 0;
			if (dbs[d] == DB_ISSUED) {
				audit_issued(a, vk, nv, rec, &v, &hc);
				continue;
			}
			a->r->heads++;
			audit_head(a, vk, nv, rec, &v, origin, hc.counts);
			if (rec >= 1 && rec <= a->nrec)
				hc.has[rec] = 1;
		}
		mdb_cursor_close(c);
	}
	for (rec = 1; rec <= a->nrec; rec++) {
		if (hc.has[rec] == 2)
			a->r->heads++;
		if (hc.has[rec] == 0 && missing++ == 0)
			first = rec;
	}
	if (missing > 0)
		problem(a, "heads: %" PRIu64 " records have no head (the "
		    "first: record %" PRIu64 "), so their receipts are "
		    "refused: run `sogoc heads --sign`", missing, first);
out:
	free(origin);
	free(hc.counts);
	free(hc.second);
	free(hc.has);
	return rc;
}

int
audit_run(struct store *st, struct note_verifier *const *v, size_t nv,
    struct audit_report *r)
{
	struct audit	 a = { 0 };
	int		 rc;

	r->problems = 0;
	r->events = r->hashes = r->checkpoints = r->records = r->heads = 0;
	a.st = st;
	a.r = r;
	rc = store_rd_begin(st, &a.txn);
	if (rc != STORE_OK)
		return rc;
	rc = audit_events(&a);
	if (rc == STORE_OK && !a.oom)
		rc = audit_hashes(&a);
	if (rc == STORE_OK && !a.oom)
		rc = audit_checkpoints(&a, v, nv);
	if (rc == STORE_OK && !a.oom)
		rc = audit_records(&a);
	if (rc == STORE_OK && !a.oom)
		rc = audit_indexes(&a);
	if (rc == STORE_OK && !a.oom)
		rc = audit_keys(&a);
	if (rc == STORE_OK && !a.oom)
		rc = audit_heads(&a, v, nv);
	if (rc == STORE_OK && a.oom)
		rc = store_fail(st, STORE_ENOMEM, "out of memory during the "
		    "audit");
	mdb_txn_abort(a.txn);
	free(a.h);
	free(a.evrec);
	free(a.latest);
	return rc;
}
