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
#include "statuslist.h"

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
	struct store_rd		*txn;
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

/* One event of pass 1, in order (store_each()). */
static int
audit_event(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct audit	*a = arg;
	struct event	 ev;
	uint8_t		 leafh[MERKLE_HASH_LEN];
	uint8_t		 add[MERKLE_MAX_APPEND][MERKLE_HASH_LEN];
	size_t		 nadd, i, leaflen;
	char		*leaf;
	uint64_t	 idx, *nl;
	int		 rc;

	idx = k->len == 8 ? store_get_u64(k->data) : UINT64_MAX;
	if (idx != a->nev) {
		problem(a, "events: expected event %" PRIu64 ", found "
		    "a key %s; the log has a gap or a stray entry",
		    a->nev, idx == UINT64_MAX ? "of the wrong size" :
		    "out of order");
		return STORE_STOP;
	}
	if (a->nh + MERKLE_MAX_APPEND > a->caph) {
		a->caph = a->caph ? a->caph * 2 : 4096;
		a->h = reallocarray(a->h, a->caph, MERKLE_HASH_LEN);
		nl = reallocarray(a->evrec, a->caph, sizeof(*nl));
		if (nl != NULL)
			a->evrec = nl;
		if (a->h == NULL || nl == NULL) {
			a->oom = 1;
			return STORE_STOP;
		}
	}
	rc = event_decode(v->data, v->len, &ev);
	leaf = NULL;
	if (rc == EVENT_OK)
		rc = event_leaf(&ev, &leaf, &leaflen);
	if (rc == EVENT_ENOMEM) {
		a->oom = 1;
		return STORE_STOP;
	}
	if (rc != EVENT_OK) {
		problem(a, "event %" PRIu64 ": the stored event does "
		    "not decode (%s); its leaf cannot be recomputed",
		    idx, event_strerror(rc));
		/* Keep the tree's shape so later checks still run. */
		memset(leafh, 0, sizeof(leafh));
		a->evrec[idx] = 0;
	} else if (merkle_leaf_hash(leaf, leaflen, leafh) != MERKLE_OK) {
		free(leaf);
		event_clear(&ev);
		a->oom = 1;
		return STORE_STOP;
	} else {
		a->evrec[idx] = ev.record;
		/* What tiles would show of staff: docs/registry.md. */
		if (ev.version == EVENT_V1 && ev.attr[EVENT_BY] != NULL)
			a->r->v1_by++;
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
		return STORE_STOP;
	}
	for (i = 0; i < nadd; i++)
		memcpy(a->h[a->nh++], add[i], MERKLE_HASH_LEN);
	a->nev++;
	return STORE_OK;
}

/* Pass 1: every event, in order; rebuilds the tree and the replay. */
static int
audit_events(struct audit *a)
{
	int	 rc;

	rc = store_each(a->txn, DB_EVENTS, NULL, 0, 0, audit_event, a);
	if (rc != STORE_OK)
		return rc;
	a->r->events = a->nev;
	return STORE_OK;
}

/* What pass 2 counts. */
struct hashes_ctx {
	struct audit	*a;
	uint64_t	 n, bad, first;
};

static int
audit_hash(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct hashes_ctx	*x = arg;
	uint64_t		 idx;

	idx = k->len == 8 ? store_get_u64(k->data) : UINT64_MAX;
	if (idx != x->n || x->n >= x->a->nh || v->len != MERKLE_HASH_LEN ||
	    memcmp(v->data, x->a->h[x->n], MERKLE_HASH_LEN) != 0) {
		if (x->bad++ == 0)
			x->first = x->n;
	}
	x->n++;
	return STORE_OK;
}

/* Pass 2: the stored hashes against the recomputed ones. */
static int
audit_hashes(struct audit *a)
{
	struct hashes_ctx	 x = { a, 0, 0, 0 };
	int			 rc;

	rc = store_each(a->txn, DB_HASHES, NULL, 0, 0, audit_hash, &x);
	if (rc != STORE_OK)
		return rc;
	a->r->hashes = x.n;
	if (x.bad > 0)
		problem(a, "hashes: %" PRIu64 " stored Merkle hashes differ "
		    "from the ones recomputed from the events, the first at "
		    "stored index %" PRIu64 " (level %d)", x.bad, x.first,
		    x.first < a->nh ? 0 : -1);
	if (x.n != a->nh)
		problem(a, "hashes: %" PRIu64 " stored, but %" PRIu64 " events "
		    "make %" PRIu64, x.n, a->nev, a->nh);
	return STORE_OK;
}

/* What pass 3 carries from one checkpoint to the next. */
struct checkpoints_ctx {
	struct audit			*a;
	struct note_verifier *const	*vk;
	size_t				 nv;
	char				*origin;
	uint8_t				 prevroot[MERKLE_HASH_LEN];
	uint64_t			 prev, last;
	int				 have_prev;
};

static int
audit_checkpoint(const struct store_val *k, const struct store_val *v,
    void *arg)
{
	struct checkpoints_ctx	*x = arg;
	uint8_t			 root[MERKLE_HASH_LEN];
	uint8_t			 want[MERKLE_HASH_LEN];
	uint8_t			 p[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
	uint64_t		 size, key;
	size_t			 textlen, np;
	char			*o;
	int			 rc;

	x->a->r->checkpoints++;
	key = k->len == 8 ? store_get_u64(k->data) : 0;
	x->last = key;
	rc = note_open(v->data, v->len, x->vk, x->nv, &textlen, NULL);
	if (rc != NOTE_OK) {
		problem(x->a, "checkpoint %" PRIu64 ": %s", key,
		    note_strerror(rc));
		return STORE_OK;
	}
	rc = checkpoint_parse(v->data, textlen, &o, &size, root);
	if (rc != NOTE_OK) {
		problem(x->a, "checkpoint %" PRIu64 ": %s", key,
		    note_strerror(rc));
		return STORE_OK;
	}
	if (x->origin == NULL || strcmp(o, x->origin) != 0)
		problem(x->a, "checkpoint %" PRIu64 ": origin \"%s\" is "
		    "not the log's \"%s\"", key, o,
		    x->origin ? x->origin : "");
	free(o);
	if (size != key || size == 0) {
		problem(x->a, "checkpoint %" PRIu64 ": it signs size %"
		    PRIu64 ", not the size it is stored under", key,
		    size);
		return STORE_OK;
	}
	if (size > x->a->nev) {
		problem(x->a, "checkpoint %" PRIu64 ": the log has only %"
		    PRIu64 " events", size, x->a->nev);
		return STORE_OK;
	}
	if (merkle_root(size, mem_hash, x->a, want) != MERKLE_OK ||
	    memcmp(want, root, MERKLE_HASH_LEN) != 0) {
		problem(x->a, "checkpoint %" PRIu64 ": its root hash is "
		    "not the root of the first %" PRIu64 " events as "
		    "stored now: the log was changed after it was "
		    "signed", size, size);
		return STORE_OK;
	}
	if (x->have_prev) {
		if (merkle_prove_consistency(x->prev, size, mem_hash, x->a, p,
		    &np) != MERKLE_OK ||
		    merkle_verify_consistency(x->prev, size, x->prevroot,
		    root, p, np) != MERKLE_OK)
			problem(x->a, "checkpoint %" PRIu64 " is not "
			    "consistent with checkpoint %" PRIu64, size,
			    x->prev);
	}
	memcpy(x->prevroot, root, MERKLE_HASH_LEN);
	x->prev = size;
	x->have_prev = 1;
	return STORE_OK;
}

/* Pass 3: every checkpoint: signature, origin, size, root, consistency. */
static int
audit_checkpoints(struct audit *a, struct note_verifier *const *vk,
    size_t nv)
{
	struct checkpoints_ctx	 x = { .a = a, .vk = vk, .nv = nv };
	int			 rc;

	rc = store_origin(a->st, a->txn, &x.origin);
	if (rc != STORE_OK)
		return rc;
	rc = store_each(a->txn, DB_CHECKPOINTS, NULL, 0, 0, audit_checkpoint,
	    &x);
	if (rc == STORE_OK && x.last != a->nev)
		problem(a, "checkpoints: the latest signs %" PRIu64 " events "
		    "but the log holds %" PRIu64, x.last, a->nev);
	free(x.origin);
	return rc;
}

/* What pass 4 counts. */
struct records_ctx {
	struct audit	*a;
	uint64_t	 expect, total;
};

static int
audit_record(const struct store_val *k, const struct store_val *v,
    void *arg)
{
	struct records_ctx	*x = arg;
	uint64_t		 rec, i, idx, prev;
	int			 ok;

	x->a->r->records++;
	rec = k->len == 8 ? store_get_u64(k->data) : 0;
	if (rec != x->expect) {
		problem(x->a, "records: expected record %" PRIu64 ", found "
		    "%" PRIu64, x->expect, rec);
		if (rec > x->expect && rec <= x->a->nrec)
			x->expect = rec;
	}
	x->expect++;
	ok = v->len > 0 && v->len % 8 == 0 && rec >= 1 &&
	    rec <= x->a->nrec;
	prev = 0;
	for (i = 0; ok && i < v->len / 8; i++) {
		idx = store_get_u64((const uint8_t *)v->data + 8 * i);
		if (idx >= x->a->nev || x->a->evrec[idx] != rec ||
		    (i > 0 && idx <= prev))
			ok = 0;
		prev = idx;
	}
	if (!ok) {
		problem(x->a, "record %" PRIu64 ": its event list does not "
		    "match the log", rec);
		return STORE_OK;
	}
	x->total += v->len / 8;
	x->a->latest[rec] = prev + 1;	/* 0 means none */
	return STORE_OK;
}

/* Pass 4: the records database against the replayed event lists. */
static int
audit_records(struct audit *a)
{
	struct records_ctx	 x = { a, 1, 0 };
	uint64_t		 i;
	int			 rc;

	a->latest = calloc(a->nrec + 1, sizeof(*a->latest));
	if (a->latest == NULL) {
		a->oom = 1;
		return STORE_OK;
	}
	rc = store_each(a->txn, DB_RECORDS, NULL, 0, 0, audit_record, &x);
	if (rc != STORE_OK)
		return rc;
	if (a->r->records != a->nrec)
		problem(a, "records: %" PRIu64 " stored, the log issues %"
		    PRIu64, a->r->records, a->nrec);
	for (i = 0; i < a->nev; i++)
		if (a->evrec[i] == 0)
			x.total++;	/* undecodable, reported already */
	if (x.total != a->nev)
		problem(a, "records: their event lists hold %" PRIu64 " "
		    "events, the log %" PRIu64, x.total, a->nev);
	return STORE_OK;
}

/* Where compare_index() is in the expected list, and what it found. */
struct index_ctx {
	struct ents	*e;
	size_t		 i, missing, extra;
	int		 key_has_record;
};

static int
index_entry(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct index_ctx	*x = arg;
	struct ents		*e = x->e;
	struct ent		 cur;
	int			 cmp;

	cur.key = (uint8_t *)k->data;
	cur.len = k->len;
	cmp = -1;
	while (x->i < e->n) {
		cmp = ent_cmp(&e->v[x->i], &cur);
		if (cmp >= 0)
			break;
		x->missing++;
		x->i++;
	}
	if (x->i < e->n && cmp == 0) {
		if (!x->key_has_record && (v->len != 8 ||
		    store_get_u64(v->data) != e->v[x->i].rec))
			x->extra++;
		else if (x->key_has_record && v->len != 0)
			x->extra++;
		x->i++;
	} else
		x->extra++;
	return STORE_OK;
}

/* Compares a sorted expected list with an index database. */
static void
compare_index(struct audit *a, const struct store_db *db, struct ents *e,
    const char *name, int key_has_record)
{
	struct index_ctx	 x = { e, 0, 0, 0, key_has_record };

	if (e->n > 1)
		qsort(e->v, e->n, sizeof(*e->v), ent_cmp);
	if (store_each(a->txn, db, NULL, 0, 0, index_entry, &x) != STORE_OK)
		problem(a, "%s: %s", name, store_errmsg(a->st));
	x.missing += e->n - x.i;
	if (x.missing > 0 || x.extra > 0)
		problem(a, "%s index: %zu entries missing and %zu wrong or "
		    "extra, compared with the records replayed from the log",
		    name, x.missing, x.extra);
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

/* One listed verifier key of pass 6 (store_each()). */
static int
audit_key(const struct store_val *k, const struct store_val *d, void *arg)
{
	struct audit		*a = arg;
	struct note_verifier	*v;
	char			*vkey, *note;
	uint64_t		 size, got;
	size_t			 textlen;

	vkey = strndup(k->data, k->len);
	if (vkey == NULL) {
		a->oom = 1;
		return STORE_STOP;
	}
	if (note_verifier_new(vkey, &v) != NOTE_OK) {
		problem(a, "keys: a listed verifier key is malformed");
		free(vkey);
		return STORE_OK;
	}
	size = d->len == 8 ? store_get_u64(d->data) : 0;
	note = NULL;
	if (store_checkpoint(a->st, a->txn, size ? size : UINT64_MAX, &note,
	    &got) != STORE_OK || note_open(note, strlen(note), &v, 1,
	    &textlen, NULL) != NOTE_OK)
		problem(a, "keys: %s is listed as first signing the "
		    "checkpoint of size %" PRIu64 ", which it did not", vkey,
		    size);
	free(note);
	free(vkey);
	note_verifier_free(v);
	return STORE_OK;
}

/* Pass 6: the listed verifier keys each signed the size they claim. */
static int
audit_keys(struct audit *a)
{
	return store_each(a->txn, DB_KEYS, NULL, 0, 0, audit_key, a);
}

/* What audit_heads() counts from the replay, per record. */
struct heads_ctx {
	const char			*origin;
	uint64_t			*counts;  /* its events */
	uint64_t			*second;  /* its second event, or
						     UINT64_MAX */
	uint8_t				*has;	  /* 1: its own head;
						     2: issue heads */
	struct audit			*a;
	struct note_verifier *const	*vk;
	size_t				 nv;
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
 * The head note v stored under record rec, opened with the keys vk and
 * parsed into *h and its origin *o (the caller's to free): 0; 1 when it
 * is signed but no head; -1, reported as what of record rec, when it is
 * not signed by a key of vk.
 */
static int
signed_head(struct audit *a, struct note_verifier *const *vk, size_t nv,
    const struct store_val *v, const char *what, uint64_t rec, char **o,
    struct note_head *h)
{
	size_t	 textlen;
	int	 rc;

	rc = note_open(v->data, v->len, vk, nv, &textlen, NULL);
	if (rc != NOTE_OK) {
		problem(a, "%s of record %" PRIu64 ": %s", what, rec,
		    note_strerror(rc));
		return -1;
	}
	return head_parse(v->data, textlen, o, h) == NOTE_OK ? 0 : 1;
}

/*
 * One stored head: signed by a key of vk, of this log, of the record it
 * is stored under, at a tree size that has a checkpoint, naming the
 * record's latest event (its leaf hash as recomputed) and counting its
 * events, which counts[] holds.
 */
static void
audit_head(struct audit *a, struct note_verifier *const *vk, size_t nv,
    uint64_t rec, const struct store_val *v, const char *origin,
    const uint64_t *counts)
{
	struct note_head	 h;
	char			*o = NULL;
	int			 rc;

	rc = signed_head(a, vk, nv, v, "head", rec, &o, &h);
	if (rc < 0)
		return;
	if (rc > 0) {
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
    uint64_t first, const struct store_val *v, struct heads_ctx *hc)
{
	struct note_head	 h;
	char			*o = NULL;
	uint64_t		 rec, idx;
	int			 rc;

	rc = signed_head(a, vk, nv, v, "issue heads", first, &o, &h);
	if (rc < 0)
		return;
	if (rc > 0 || !h.range || h.record != first || h.last > a->nrec) {
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

/* One entry of heads (store_each()). */
static int
audit_head1(const struct store_val *k, const struct store_val *v,
    void *arg)
{
	struct heads_ctx	*hc = arg;
	struct audit		*a = hc->a;
	uint64_t		 rec;

	rec = k->len == 8 ? store_get_u64(k->data) : 0;
	a->r->heads++;
	audit_head(a, hc->vk, hc->nv, rec, v, hc->origin, hc->counts);
	if (rec >= 1 && rec <= a->nrec)
		hc->has[rec] = 1;
	return STORE_OK;
}

/* One entry of issued (store_each()). */
static int
audit_issued1(const struct store_val *k, const struct store_val *v,
    void *arg)
{
	struct heads_ctx	*hc = arg;

	audit_issued(hc->a, hc->vk, hc->nv, k->len == 8 ?
	    store_get_u64(k->data) : 0, v, hc);
	return STORE_OK;
}

/* Pass 7: the record heads (store.h): each record has its own, or the
 * issue heads of the commit that issued it while it has one event. */
static int
audit_heads(struct audit *a, struct note_verifier *const *vk, size_t nv)
{
	struct store		*st = a->st;
	struct heads_ctx	 hc = { NULL, NULL, NULL, NULL, a, vk, nv };
	uint64_t		 i, rec, missing = 0, first = 0;
	char			*origin = NULL;
	int			 rc;

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
	if (rc == STORE_OK)
		rc = store_each(a->txn, DB_HEADS, NULL, 0, 0, audit_head1, &hc);
	if (rc == STORE_OK)
		rc = store_each(a->txn, DB_ISSUED, NULL, 0, 0, audit_issued1,
		    &hc);
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

/* Passes 8 and 9: the witnesses' cosignatures, each against its
 * checkpoint, and the credentials' status list (statuslist.c). */
static void
pass_problem(void *arg, const char *msg)
{
	problem(arg, "%s", msg);
}

int
audit_run(struct store *st, struct note_verifier *const *v, size_t nv,
    struct audit_report *r)
{
	struct audit	 a = { 0 };
	int		 rc;

	r->problems = 0;
	r->events = r->hashes = r->checkpoints = r->records = r->heads = 0;
	r->cosigs = r->credentials = 0;
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
	if (rc == STORE_OK && !a.oom)
		rc = store_cosigs_audit(a.txn, pass_problem, &a, &r->cosigs);
	if (rc == STORE_OK && !a.oom)
		rc = statuslist_audit(a.txn, pass_problem, &a,
		    &r->credentials);
	if (rc == STORE_OK && a.oom)
		rc = store_fail(st, STORE_ENOMEM, "out of memory during the "
		    "audit");
	store_rd_end(a.txn);
	free(a.h);
	free(a.evrec);
	free(a.latest);
	return rc;
}
