/*
 * receipt_check.c: the member-by-member check of a receipt, offline, and
 * the question to the service whether it still holds (receipt_check.h).
 *
 * A receipt is JSON from a server the reader need not trust; only the
 * signed checkpoint and the Merkle proofs are.  So every member is looked
 * at by name: the tables below say which members a receipt, its event,
 * its diploma and each history entry may have, each is read back from a
 * proven leaf's own lines, and a member outside the tables is refused
 * rather than passed over, since a reader would trust it all the same.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "cosig.h"
#include "event.h"
#include "fetch.h"
#include "proof.h"
#include "receipt_check.h"

#define MAX_LEAF	(64 * 1024)	/* base64 characters of a leaf */
#define MAX_HISTORY	10000		/* events of one record */
#define MAX_ANSWER	(8 << 20)	/* bytes of an online answer */

/* Every member a receipt may have: anything else is refused. */
static const char *const top_keys[] = {
	"receipt", "index", "leaf", "proof", "checkpoint", "tlog_proof",
	"record", "kind", "status", "disclosed", "diploma", "event",
	"history", "replaced", "head", NULL
};
/* Leaf lines the diploma, the event and a history entry restate. */
static const char *const diploma_keys[] = {
	"authority", "type", "year", NULL
};
static const char *const event_keys[] = {
	"kind", "decision", "decision_date", "reason", "copy_no", "signer",
	"signer_title", NULL
};
static const char *const history_keys[] = {
	"kind", "time", "decision", "decision_date", "reason", "copy_no",
	"signer", "signer_title", NULL
};
/* A history entry's own proof, checked by prove_leaf(). */
static const char *const proof_keys[] = { "index", "leaf", "proof", NULL };
static const char *const replaced_keys[] = { "index", "serial_no", NULL };

/* One check in progress. */
struct ck {
	char			*err;
	size_t			 errsz;
	struct receipt_facts	*f;
	uint64_t		 size;
	uint8_t			 root[MERKLE_HASH_LEN];
	uint64_t		 last;	/* history's last event's index */
	uint8_t			 lastleaf[MERKLE_HASH_LEN];
};

/* A proven leaf: its bytes (malloc'd) and index. */
struct leaf {
	uint8_t		*p;
	size_t		 len;
	uint64_t	 index;
	uint8_t		 hash[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
	size_t		 nhash;
};

/* Frees l, a malloc'd leaf, and what it holds; returns rc. */
static int
leaf_free(struct leaf *l, int rc)
{
	free(l->p);
	free(l);
	return rc;
}

static int	 fail(struct ck *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static int
fail(struct ck *c, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(c->err, c->errsz, fmt, ap);
	va_end(ap);
	return -1;
}

/* Adds name to the list in buf (bufsz bytes), cut short when too long. */
static void
list_add(char *buf, size_t bufsz, const char *name)
{
	size_t	 n = strlen(buf);

	if (n + strlen(name) + 3 < bufsz)
		snprintf(buf + n, bufsz - n, "%s%s", n > 0 ? ", " : "", name);
}

/* Notes member as proven, for the reader (cut short when too many). */
static void
proved(struct ck *c, const char *member)
{
	list_add(c->f->proved, sizeof(c->f->proved), member);
}

static int
in_list(const char *k, const char *const *list)
{
	for (; list != NULL && *list != NULL; list++)
		if (strcmp(k, *list) == 0)
			return 1;
	return 0;
}

/* Whether the leaf has the whole line "line" (no newline in it). */
static int
leaf_has_line(const struct leaf *l, const char *line)
{
	char	 pat[1100];
	int	 n;

	/* The header is the first line: every other follows a newline. */
	n = snprintf(pat, sizeof(pat), "\n%s\n", line);
	if (n < 0 || (size_t)n >= sizeof(pat))
		return 0;
	return memmem(l->p, l->len, pat, (size_t)n) != NULL;
}

/* The value of the leaf's line "key value" into buf; 0 when none. */
static int
leaf_get(const struct leaf *l, const char *key, char *buf, size_t bufsz)
{
	char		 pat[64];
	const uint8_t	*p, *e;
	int		 n;

	n = snprintf(pat, sizeof(pat), "\n%s ", key);
	if (n < 0 || (size_t)n >= sizeof(pat))
		return 0;
	p = memmem(l->p, l->len, pat, (size_t)n);
	if (p == NULL)
		return 0;
	p += n;
	e = memchr(p, '\n', l->len - (size_t)(p - l->p));
	if (e == NULL || (size_t)(e - p) >= bufsz)
		return 0;
	memcpy(buf, p, (size_t)(e - p));
	buf[e - p] = '\0';
	return 1;
}

/*
 * The leaf that o's "index", "leaf" and "proof" prove included in the
 * checkpoint's tree, into *l (free l->p): where names o in messages.
 */
static int
prove_leaf(struct ck *c, json_t *o, const char *where, struct leaf *l)
{
	uint8_t		 lh[MERKLE_HASH_LEN];
	const char	*lb, *s;
	json_t		*x, *a;
	json_int_t	 index;
	size_t		 i, sl, cap;

	memset(l, 0, sizeof(*l));
	x = json_object_get(o, "index");
	lb = json_string_value(json_object_get(o, "leaf"));
	a = json_object_get(o, "proof");
	if (!json_is_integer(x) || json_integer_value(x) < 0)
		return fail(c, "%sindex is missing or not a leaf index", where);
	if (lb == NULL || strlen(lb) > MAX_LEAF)
		return fail(c, "%sleaf is missing or too long", where);
	if (!json_is_array(a) || json_array_size(a) >= MERKLE_MAX_PROOF)
		return fail(c, "%sproof is missing or too long", where);
	index = json_integer_value(x);
	l->index = (uint64_t)index;
	cap = strlen(lb) / 4 * 3 + 1;
	l->p = malloc(cap);
	if (l->p == NULL || b64_decode(lb, strlen(lb), l->p, cap, &l->len) !=
	    0)
		return fail(c, "%sleaf is not base64", where);
	l->nhash = json_array_size(a);
	for (i = 0; i < l->nhash; i++) {
		s = json_string_value(json_array_get(a, i));
		if (s == NULL || b64_decode(s, strlen(s), l->hash[i],
		    MERKLE_HASH_LEN, &sl) != 0 || sl != MERKLE_HASH_LEN)
			return fail(c, "%sproof hash %zu is malformed", where,
			    i);
	}
	if (merkle_leaf_hash(l->p, l->len, lh) != MERKLE_OK)
		return fail(c, "%sout of memory hashing the leaf", where);
	if (merkle_verify_inclusion(l->index, c->size, lh,
	    (const uint8_t (*)[MERKLE_HASH_LEN])l->hash, l->nhash, c->root) !=
	    MERKLE_OK)
		return fail(c, "%sleaf is not in the signed log at index %"
		    PRIu64 " (index, leaf or proof forged)", where, l->index);
	/* v1 and v2 differ in `by` only, a line no member restates. */
	if (l->len < 15 || (memcmp(l->p, "sogoc/event/v1\n", 15) != 0 &&
	    memcmp(l->p, "sogoc/event/v2\n", 15) != 0) ||
	    l->p[l->len - 1] != '\n')
		return fail(c, "%sleaf is not a sogoc event", where);
	return 0;
}

/*
 * obj's members against the leaf l's lines: each of keys that obj has
 * must be the leaf's, each the leaf has must be in obj (leaving one out
 * hides a reason or a decision), and a member in neither keys nor skip
 * is refused.
 */
static int
check_lines(struct ck *c, json_t *obj, const char *where,
    const char *const *keys, const char *const *skip, const struct leaf *l)
{
	const char	*k, *s;
	char		 got[EVENT_TEXT_MAX + 1];
	json_t		*x;
	size_t		 i;
	int		 have;

	if (!json_is_object(obj))
		return fail(c, "%s is missing or not an object", where);
	json_object_foreach(obj, k, x)
		if (!in_list(k, keys) && !in_list(k, skip))
			return fail(c, "%s.%s is not a member a receipt may "
			    "have: nothing proves it", where, k);
	for (i = 0; keys[i] != NULL; i++) {
		x = json_object_get(obj, keys[i]);
		have = leaf_get(l, keys[i], got, sizeof(got));
		if (x == NULL) {
			if (have)
				return fail(c, "%s.%s is missing: the signed "
				    "leaf has one", where, keys[i]);
			continue;
		}
		s = json_string_value(x);
		if (s == NULL || !have || strcmp(s, got) != 0)
			return fail(c, "%s.%s is not the signed leaf's", where,
			    keys[i]);
	}
	return 0;
}

/* d, the disclosure {"salt","value"} of field key, against leaf l. */
static int
check_disclosure(struct ck *c, json_t *d, const char *where,
    const char *key, const struct leaf *l)
{
	uint8_t		 salt[EVENT_SALT_LEN], dg[EVENT_DIGEST_LEN];
	char		 d64[B64_ENCLEN(EVENT_DIGEST_LEN) + 1], line[128];
	const char	*s, *v;
	enum field	 f = field_from_key(key);
	size_t		 sl;

	s = json_string_value(json_object_get(d, "salt"));
	v = json_string_value(json_object_get(d, "value"));
	if (f == FIELD_UNKNOWN || !event_field_allowed(f))
		return fail(c, "%s.%s is not a field of a diploma", where, key);
	if (!json_is_object(d) || json_object_size(d) != 2 || s == NULL ||
	    v == NULL || b64_decode(s, strlen(s), salt, sizeof(salt), &sl) !=
	    0 || sl != EVENT_SALT_LEN)
		return fail(c, "%s.%s is malformed (exactly a salt and a "
		    "value)", where, key);
	if (event_digest(f, salt, v, dg) != EVENT_OK)
		return fail(c, "%s.%s is longer than any stored value", where,
		    key);
	b64_encode(dg, sizeof(dg), d64, sizeof(d64));
	snprintf(line, sizeof(line), "field %s %s", key, d64);
	if (!leaf_has_line(l, line))
		return fail(c, "%s.%s does not match the signed record", where,
		    key);
	return 0;
}

/*
 * The witnesses' cosignatures on the checkpoint cp against the policy:
 * every one by a witness of pol verifies, and at least pol->quorum do.
 */
static int
check_cosigs(struct ck *c, const char *cp, const struct receipt_policy *pol)
{
	struct cosig_seen	*seen;
	char			 missing[512] = "";
	size_t			 i, textlen;
	int			 rc;

	seen = calloc(pol->nw, sizeof(*seen));
	if (seen == NULL)
		return fail(c, "out of memory");
	rc = cosig_open(cp, strlen(cp), pol->w, pol->nw, &textlen, seen);
	if (rc != NOTE_OK && rc != NOTE_EUNKNOWN) {
		free(seen);
		return fail(c, "checkpoint: a witness's cosignature: %s",
		    note_strerror(rc));
	}
	for (i = 0; i < pol->nw; i++) {
		if (rc == NOTE_OK && seen[i].verified) {
			c->f->ncosig++;
			list_add(c->f->cosigned, sizeof(c->f->cosigned),
			    note_verifier_name(pol->w[i]));
		} else
			list_add(missing, sizeof(missing),
			    note_verifier_name(pol->w[i]));
	}
	free(seen);
	if (c->f->ncosig < pol->quorum)
		return fail(c, "checkpoint: cosigned by %zu of the %zu "
		    "witnesses given, the policy needs %zu; not by %s",
		    c->f->ncosig, pol->nw, pol->quorum, missing);
	if (pol->nw > 0)
		proved(c, "cosignatures");
	return 0;
}

/* The checkpoint member: signed by a key of v, into c->size, c->root. */
static int
check_checkpoint(struct ck *c, json_t *r, struct note_verifier *const *v,
    size_t nv, const struct receipt_policy *pol)
{
	const char	*cp;
	char		*origin = NULL;
	size_t		 textlen;
	int		 rc;

	cp = json_string_value(json_object_get(r, "checkpoint"));
	if (cp == NULL)
		return fail(c, "checkpoint is missing");
	rc = note_open(cp, strlen(cp), v, nv, &textlen, NULL);
	if (rc != NOTE_OK)
		return fail(c, "checkpoint: %s", note_strerror(rc));
	if (checkpoint_parse(cp, textlen, &origin, &c->size, c->root) !=
	    NOTE_OK)
		return fail(c, "checkpoint: malformed body");
	snprintf(c->f->origin, sizeof(c->f->origin), "%s", origin);
	free(origin);
	c->f->size = c->size;
	memcpy(c->f->root, c->root, MERKLE_HASH_LEN);
	proved(c, "checkpoint");
	return pol != NULL ? check_cosigs(c, cp, pol) : 0;
}

/* tlog_proof, when given, must be the C2SP text of the JSON proof. */
static int
check_tlog_proof(struct ck *c, json_t *r, const struct leaf *l)
{
	struct proof_parts	*pp;
	const char		*tp;
	char			*want;
	int			 same;

	if (json_object_get(r, "tlog_proof") == NULL)
		return 0;
	tp = json_string_value(json_object_get(r, "tlog_proof"));
	pp = calloc(1, sizeof(*pp));
	if (pp == NULL)
		return fail(c, "out of memory");
	pp->index = l->index;
	pp->note = (char *)json_string_value(json_object_get(r,
	    "checkpoint"));
	memcpy(pp->hash, l->hash, sizeof(l->hash));
	pp->nhash = l->nhash;
	want = proof_tlog_text(pp);
	same = tp != NULL && want != NULL && strcmp(tp, want) == 0;
	free(want);
	free(pp);
	if (!same)
		return fail(c, "tlog_proof is not the proof's C2SP text: its "
		    "index, hashes or checkpoint differ");
	proved(c, "tlog_proof");
	return 0;
}

/* The top-level record, kind and status against the leaf's lines. */
static int
check_head(struct ck *c, json_t *r, const struct leaf *l, int replaced)
{
	const char	*s;
	char		 got[64], want[32];
	json_t		*x;

	x = json_object_get(r, "record");
	snprintf(want, sizeof(want), "%" JSON_INTEGER_FORMAT,
	    json_integer_value(x));
	if (!json_is_integer(x) || !leaf_get(l, "record", got, sizeof(got)) ||
	    strcmp(got, want) != 0)
		return fail(c, "record is not the signed leaf's");
	c->f->record = (uint64_t)json_integer_value(x);
	s = json_string_value(json_object_get(r, "kind"));
	if (s == NULL || !leaf_get(l, "kind", got, sizeof(got)) ||
	    strcmp(s, got) != 0)
		return fail(c, "kind is not the signed leaf's");
	s = json_string_value(json_object_get(r, "status"));
	if (s == NULL || !leaf_get(l, "status", got, sizeof(got)))
		return fail(c, "status is missing");
	/* "replaced" is proven by the member that says so, below. */
	if (replaced ? strcmp(s, "replaced") != 0 : strcmp(s, got) != 0)
		return fail(c, "status is not the signed leaf's");
	snprintf(c->f->status, sizeof(c->f->status), "%s", s);
	(void)leaf_get(l, "time", c->f->time, sizeof(c->f->time));
	proved(c, "record, kind, status");
	return 0;
}

static int
check_disclosed(struct ck *c, json_t *r, const struct leaf *l)
{
	const char	*k;
	json_t		*dis, *d;
	char		 m[64];

	dis = json_object_get(r, "disclosed");
	if (!json_is_object(dis) || json_object_size(dis) == 0)
		return fail(c, "disclosed is missing: nothing is disclosed");
	json_object_foreach(dis, k, d) {
		if (check_disclosure(c, d, "disclosed", k, l) != 0)
			return -1;
		snprintf(m, sizeof(m), "disclosed.%s", k);
		proved(c, m);
	}
	return 0;
}

/*
 * The member "replaced" of a receipt for a serial a reissue replaced:
 * {"index": the event before, which history proves, "serial_no": the old
 * serial's disclosure in that event's leaf}.  *rep gets its index.
 */
static int
check_replaced_head(struct ck *c, json_t *r, const struct leaf *l,
    uint64_t *rep)
{
	json_t		*x = json_object_get(r, "replaced");
	const char	*k, *now, *old;
	char		 got[512], *p;
	json_t		*y;

	json_object_foreach(x, k, y)
		if (!in_list(k, replaced_keys))
			return fail(c, "replaced.%s is not a member a receipt "
			    "may have: nothing proves it", k);
	if (!leaf_get(l, "kind", got, sizeof(got)) ||
	    strcmp(got, "reissue") != 0)
		return fail(c, "replaced: the proven event is not a reissue");
	y = json_object_get(x, "index");
	if (!json_is_integer(y) || json_integer_value(y) < 0 ||
	    (uint64_t)json_integer_value(y) >= l->index)
		return fail(c, "replaced.index is not an event before the "
		    "reissue");
	*rep = (uint64_t)json_integer_value(y);
	/* The reissue must have changed the serial: the line lists it. */
	if (!leaf_get(l, "changed", got + 1, sizeof(got) - 2))
		return fail(c, "replaced: the reissue changed no serial_no");
	got[0] = ' ';
	p = got + strlen(got);
	p[0] = ' ';
	p[1] = '\0';
	if (strstr(got, " serial_no ") == NULL)
		return fail(c, "replaced: the reissue changed no serial_no");
	now = json_string_value(json_object_get(json_object_get(
	    json_object_get(r, "disclosed"), "serial_no"), "value"));
	old = json_string_value(json_object_get(json_object_get(x,
	    "serial_no"), "value"));
	if (now == NULL)
		return fail(c, "replaced: disclosed.serial_no, the new "
		    "serial, is missing");
	if (old == NULL || strcmp(old, now) == 0)
		return fail(c, "replaced.serial_no is missing or the new "
		    "serial itself");
	return 0;
}

/* Whether history entry e is the receipt's own event (the leaf main),
 * which it need not repeat: its index, and neither leaf nor proof. */
static int
own_entry(json_t *e, const struct leaf *main)
{
	json_t	*x = json_object_get(e, "index");

	return json_is_integer(x) && json_integer_value(x) >= 0 &&
	    (uint64_t)json_integer_value(x) == main->index &&
	    json_object_get(e, "leaf") == NULL &&
	    json_object_get(e, "proof") == NULL;
}

/*
 * history: each entry a proven event of the same record, in log order,
 * whose members are its leaf's lines; the proven event among them (the
 * last, unless the receipt is for a replaced serial), and the replaced
 * serial's event when rep is set.
 */
static int
check_history(struct ck *c, json_t *r, const struct leaf *main,
    const uint64_t *rep)
{
	struct leaf	*l;
	json_t		*h, *e;
	char		 where[48], got[64], want[32];
	size_t		 i, n;
	uint64_t	 prev = 0;
	int		 rc = -1, seen_main = 0, seen_rep = 0, hashed;

	h = json_object_get(r, "history");
	n = json_array_size(h);
	if (!json_is_array(h) || n == 0 || n > MAX_HISTORY)
		return fail(c, "history is missing or empty");
	l = malloc(sizeof(*l));
	if (l == NULL)
		return fail(c, "out of memory");
	snprintf(want, sizeof(want), "%" PRIu64, c->f->record);
	for (i = 0; i < n; i++) {
		e = json_array_get(h, i);
		snprintf(where, sizeof(where), "history[%zu].", i);
		if (own_entry(e, main)) {
			/* The proven event's: the receipt's leaf and proof. */
			l->p = malloc(main->len);
			if (l->p == NULL) {
				fail(c, "out of memory");
				goto out;
			}
			memcpy(l->p, main->p, main->len);
			l->len = main->len;
			l->index = main->index;
		} else if (prove_leaf(c, e, where, l) != 0)
			goto out;
		where[strlen(where) - 1] = '\0';
		if (!leaf_get(l, "record", got, sizeof(got)) ||
		    strcmp(got, want) != 0) {
			fail(c, "%s is an event of another record", where);
			goto out;
		}
		if (i > 0 && l->index <= prev) {
			fail(c, "%s is not after the entry before it", where);
			goto out;
		}
		prev = l->index;
		if (check_lines(c, e, where, history_keys, proof_keys, l) != 0)
			goto out;
		if (rep != NULL && l->index == *rep) {
			if (check_disclosure(c, json_object_get(json_object_get(
			    r, "replaced"), "serial_no"), "replaced",
			    "serial_no", l) != 0)
				goto out;
			seen_rep = 1;
		}
		seen_main |= l->index == main->index;
		c->last = l->index;
		hashed = merkle_leaf_hash(l->p, l->len, c->lastleaf);
		free(l->p);
		l->p = NULL;
		if (hashed != MERKLE_OK) {
			fail(c, "out of memory hashing a leaf");
			goto out;
		}
	}
	if (rep == NULL && prev != main->index) {
		fail(c, "history does not end with the proven event");
		goto out;
	}
	if (!seen_main || (rep != NULL && !seen_rep)) {
		fail(c, "history lacks the proven event%s", seen_main ?
		    " that replaced.index names" : "");
		goto out;
	}
	c->f->nhistory = n;
	snprintf(where, sizeof(where), "history (%zu events)", n);
	proved(c, where);
	if (rep != NULL)
		proved(c, "replaced");
	rc = 0;
out:
	return leaf_free(l, rc);
}

/*
 * The member "head": the record's head (note.h), or the issue heads that
 * cover it, signed by the log's key for the checkpoint's tree size, must
 * name as the record's latest event at that size the last event of
 * history, which is the proven event unless the receipt is for a replaced
 * serial, and count as many events as history has (issue heads: one).
 * Without it nothing says that no later event (a revocation) was left
 * out.
 */
static int
check_record_head(struct ck *c, json_t *r, struct note_verifier *const *v,
    size_t nv)
{
	struct note_head	 h;
	const char		*s;
	char			*origin = NULL;
	size_t			 textlen;
	uint64_t		 idx;
	int			 rc;

	s = json_string_value(json_object_get(r, "head"));
	if (s == NULL)
		return fail(c, "head is missing: nothing proves that the event "
		    "is the record's latest (a registry from before record "
		    "heads: its operator runs `sogoc heads --sign`)");
	rc = note_open(s, strlen(s), v, nv, &textlen, NULL);
	if (rc != NOTE_OK)
		return fail(c, "head: %s", note_strerror(rc));
	rc = head_parse(s, textlen, &origin, &h);
	if (rc != NOTE_OK)
		return fail(c, "head is not a record head (" HEAD_TYPE " or "
		    ISSUE_TYPE ")");
	rc = strcmp(origin, c->f->origin);
	free(origin);
	if (rc != 0)
		return fail(c, "head is signed for another log");
	if (!head_covers(&h, c->f->record, &idx))
		return fail(c, "head is record %" PRIu64 "'s%s, not the "
		    "receipt's", h.record, h.range ? " and on" : "");
	/* A head of another size says nothing of the checkpoint's tree: an
	 * older one, of an earlier event, would leave out what came after. */
	if (h.size != c->size)
		return fail(c, "head is of tree size %" PRIu64 ", not the "
		    "checkpoint's %" PRIu64 ": a stale head, or another "
		    "tree's", h.size, c->size);
	/* Issue heads carry no leaf hash: the index in the checkpoint's
	 * tree, whose inclusion proofs were checked, names one leaf. */
	if (idx != c->last || (!h.range &&
	    memcmp(h.leaf, c->lastleaf, MERKLE_HASH_LEN) != 0))
		return fail(c, "head names event %" PRIu64 " as the record's "
		    "latest as of tree size %" PRIu64 ", not event %" PRIu64
		    ": a later event is left out, or the head is stale",
		    idx, h.size, c->last);
	if (h.events != c->f->nhistory)
		return fail(c, "head counts %" PRIu64 " events of the record "
		    "as of tree size %" PRIu64 ", history has %zu: an event "
		    "is left out", h.events, h.size, c->f->nhistory);
	proved(c, "head");
	return 0;
}

int
receipt_verify(json_t *r, struct note_verifier *const *v, size_t nv,
    struct receipt_facts *f, char *err, size_t errsz)
{
	return receipt_verify_policy(r, v, nv, NULL, f, err, errsz);
}

int
receipt_verify_policy(json_t *r, struct note_verifier *const *v, size_t nv,
    const struct receipt_policy *pol, struct receipt_facts *f, char *err,
    size_t errsz)
{
	struct receipt_facts	 mine;
	struct ck		 c = { err, errsz, f != NULL ? f : &mine, 0,
				    { 0 }, 0, { 0 } };
	struct leaf		*l;
	const char		*k, *s;
	json_t			*x;
	uint64_t		 rep = 0;
	int			 replaced, rc = -1;

	memset(c.f, 0, sizeof(*c.f));
	if (!json_is_object(r))
		return fail(&c, "not a receipt: not a JSON object");
	json_object_foreach(r, k, x)
		if (!in_list(k, top_keys))
			return fail(&c, "%s is not a member a receipt may "
			    "have: nothing proves it", k);
	s = json_string_value(json_object_get(r, "receipt"));
	if (s == NULL || strcmp(s, RECEIPT_FORMAT) != 0)
		return fail(&c, "receipt is not \"" RECEIPT_FORMAT "\" (an "
		    "older receipt's history is not proven: ask the service "
		    "again)");
	replaced = json_object_get(r, "replaced") != NULL;
	l = malloc(sizeof(*l));
	if (l == NULL)
		return fail(&c, "out of memory");
	l->p = NULL;
	if (check_checkpoint(&c, r, v, nv, pol) != 0 ||
	    prove_leaf(&c, r, "", l) != 0)
		goto out;
	proved(&c, "index, leaf, proof");
	c.f->index = l->index;
	if (check_tlog_proof(&c, r, l) != 0 ||
	    check_head(&c, r, l, replaced) != 0 ||
	    check_disclosed(&c, r, l) != 0 ||
	    check_lines(&c, json_object_get(r, "diploma"), "diploma",
	    diploma_keys, NULL, l) != 0)
		goto out;
	proved(&c, "diploma");
	if (check_lines(&c, json_object_get(r, "event"), "event",
	    event_keys, NULL, l) != 0)
		goto out;
	proved(&c, "event");
	if (replaced && check_replaced_head(&c, r, l, &rep) != 0)
		goto out;
	if (check_history(&c, r, l, replaced ? &rep : NULL) != 0 ||
	    check_record_head(&c, r, v, nv) != 0)
		goto out;
	rc = 0;
out:
	return leaf_free(l, rc);
}

int
receipt_check(json_t *r, struct note_verifier *const *v, size_t nv,
    char *err, size_t errsz)
{
	struct receipt_facts	 f;

	if (receipt_verify(r, v, nv, &f, err, errsz) != 0)
		return -1;
	snprintf(err, errsz, "ok, log %s size %" PRIu64, f.origin, f.size);
	return 0;
}

/* The disclosed value of field key in r (NULL when not disclosed). */
static const char *
disclosed_value(json_t *r, const char *obj, const char *key)
{
	json_t	*o = json_object_get(r, obj);

	if (strcmp(obj, "disclosed") == 0)
		o = json_object_get(o, key);
	else
		o = json_object_get(o, "serial_no");
	return json_string_value(json_object_get(o, "value"));
}

/* GETs base + path + the query q as JSON into *out (NULL on a 404). */
static int
get_json(const char *base, const char *path, const char *q, json_t **out,
    char *msg, size_t msgsz)
{
	json_error_t	 je;
	char		*url, *body;
	size_t		 blen, ul, len;
	long		 status;

	*out = NULL;
	len = strlen(base);
	while (len > 0 && base[len - 1] == '/')
		len--;
	ul = len + strlen(path) + strlen(q) + 1;
	url = malloc(ul);
	if (url == NULL) {
		snprintf(msg, msgsz, "out of memory");
		return -1;
	}
	snprintf(url, ul, "%.*s%s%s", (int)len, base, path, q);
	if (fetch_get(url, MAX_ANSWER, &body, &blen, &status, msg, msgsz) !=
	    0) {
		free(url);
		return -1;
	}
	free(url);
	if (status == 404) {
		free(body);
		return 0;
	}
	if (status != 200) {
		snprintf(msg, msgsz, "%s%s answered HTTP %ld", path,
		    q[0] != '\0' ? "?..." : "", status);
		free(body);
		return -1;
	}
	*out = json_loadb(body, blen, JSON_REJECT_DUPLICATES, &je);
	free(body);
	if (*out == NULL) {
		snprintf(msg, msgsz, "%s answered what is not JSON: %s", path,
		    je.text);
		return -1;
	}
	return 0;
}

/*
 * The service's consistency proof from the receipt's tree (f) to its
 * latest signed checkpoint, checked: that tree's size and root into *size
 * and root.
 */
static int
online_consistency(const char *base, const struct receipt_facts *f,
    struct note_verifier *const *v, size_t nv, uint64_t *size,
    uint8_t *root, char *msg, size_t msgsz)
{
	uint8_t		 p[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
	char		 q[40], *origin = NULL;
	const char	*cp, *s;
	json_t		*o, *a;
	size_t		 textlen, i, n, sl;
	int		 rc = -1;

	snprintf(q, sizeof(q), "?old=%" PRIu64, f->size);
	if (get_json(base, "/api/v1/proof/consistency", q, &o, msg, msgsz) !=
	    0)
		return -1;
	if (o == NULL) {
		snprintf(msg, msgsz, "the service has no signed checkpoint of "
		    "the receipt's size %" PRIu64 ": another log, or a log "
		    "that was rewritten", f->size);
		return -1;
	}
	cp = json_string_value(json_object_get(o, "checkpoint"));
	a = json_object_get(o, "proof");
	n = json_array_size(a);
	if (cp == NULL || !json_is_array(a) || n >= MERKLE_MAX_PROOF ||
	    json_integer_value(json_object_get(o, "old_size")) !=
	    (json_int_t)f->size) {
		snprintf(msg, msgsz, "the service's consistency proof is "
		    "malformed");
		goto out;
	}
	for (i = 0; i < n; i++) {
		s = json_string_value(json_array_get(a, i));
		if (s == NULL || b64_decode(s, strlen(s), p[i],
		    MERKLE_HASH_LEN, &sl) != 0 || sl != MERKLE_HASH_LEN) {
			snprintf(msg, msgsz, "the service's consistency proof "
			    "is malformed");
			goto out;
		}
	}
	if (note_open(cp, strlen(cp), v, nv, &textlen, NULL) != NOTE_OK ||
	    checkpoint_parse(cp, textlen, &origin, size, root) != NOTE_OK ||
	    strcmp(origin, f->origin) != 0) {
		snprintf(msg, msgsz, "the service's checkpoint is not signed "
		    "by the receipt's log");
		goto out;
	}
	if (merkle_verify_consistency(f->size, *size, f->root, root,
	    (const uint8_t (*)[MERKLE_HASH_LEN])p, n) != MERKLE_OK) {
		snprintf(msg, msgsz, "the service's log of size %" PRIu64
		    " does not extend the receipt's of size %" PRIu64
		    " (consistency proof refused): the log was rewritten",
		    *size, f->size);
		goto out;
	}
	rc = 0;
out:
	free(origin);
	json_decref(o);
	return rc;
}

/* The question the receipt answered, as a query string (malloc'd). */
static char *
online_question(json_t *r)
{
	const char	*serial, *name, *dob;
	char		*es, *en, *ed, *q = NULL;
	size_t		 len;

	/* A receipt for a replaced serial answered the old one. */
	serial = json_object_get(r, "replaced") != NULL ?
	    disclosed_value(r, "replaced", "serial_no") :
	    disclosed_value(r, "disclosed", "serial_no");
	name = disclosed_value(r, "disclosed", "full_name");
	dob = disclosed_value(r, "disclosed", "date_of_birth");
	if (serial == NULL || name == NULL || dob == NULL)
		return NULL;
	es = fetch_escape(serial);
	en = fetch_escape(name);
	ed = fetch_escape(dob);
	if (es != NULL && en != NULL && ed != NULL) {
		len = strlen(es) + strlen(en) + strlen(ed) + 32;
		q = malloc(len);
		if (q != NULL)
			snprintf(q, len, "?serial=%s&name=%s&dob=%s", es, en,
			    ed);
	}
	free(es);
	free(en);
	free(ed);
	return q;
}

/* What the answer r2 (facts f2) says, for the reader, into msg. */
static void
say_now(json_t *r2, const struct receipt_facts *f2, char *msg,
    size_t msgsz)
{
	json_t		*ev = json_object_get(r2, "event");
	const char	*dec, *date, *why, *now;
	size_t		 n;

	dec = json_string_value(json_object_get(ev, "decision"));
	date = json_string_value(json_object_get(ev, "decision_date"));
	why = json_string_value(json_object_get(ev, "reason"));
	now = disclosed_value(r2, "disclosed", "serial_no");
	n = strlen(msg);
	snprintf(msg + n, msgsz - n, "now %s: %s event %" PRIu64 " of %s%s%s"
	    "%s%s%s%s%s%s", f2->status, json_string_value(json_object_get(ev,
	    "kind")), f2->index, f2->time, dec != NULL ? ", decision " : "",
	    dec != NULL ? dec : "", date != NULL ? " of " : "",
	    date != NULL ? date : "", why != NULL ? ", reason: " : "",
	    why != NULL ? why : "", strcmp(f2->status, "replaced") == 0 &&
	    now != NULL ? ", reissued as " : "",
	    strcmp(f2->status, "replaced") == 0 && now != NULL ? now : "");
}

int
receipt_online(json_t *r, const struct receipt_facts *f, const char *base,
    struct note_verifier *const *v, size_t nv, char *msg, size_t msgsz)
{
	struct receipt_facts	 f2;
	uint8_t			 root[MERKLE_HASH_LEN], root2[MERKLE_HASH_LEN];
	uint64_t		 size = 0, size2 = 0;
	json_t			*r2 = NULL;
	char			*q, why[512];
	int			 tries, rc = RECEIPT_EONLINE;

	q = online_question(r);
	if (q == NULL) {
		snprintf(msg, msgsz, "the receipt does not disclose the "
		    "serial_no, full_name and date_of_birth to ask about");
		return RECEIPT_EONLINE;
	}
	/*
	 * The answer is proven in the tree of its record's head, which may
	 * be older than the latest: both it and the receipt's tree must be
	 * proven consistent with one latest checkpoint.  When the log grew
	 * in between, ask again.
	 */
	for (tries = 0; tries < 3; tries++) {
		json_decref(r2);
		if (get_json(base, "/api/v1/verify", q, &r2, msg, msgsz) != 0 ||
		    online_consistency(base, f, v, nv, &size, root, msg,
		    msgsz) != 0)
			goto out;
		if (r2 == NULL)
			break;
		if (receipt_verify(r2, v, nv, &f2, why, sizeof(why)) != 0) {
			snprintf(msg, msgsz, "the service's answer does not "
			    "check: %s", why);
			goto out;
		}
		if (strcmp(f2.origin, f->origin) != 0) {
			snprintf(msg, msgsz, "the service answers from another "
			    "log (%s)", f2.origin);
			goto out;
		}
		if (online_consistency(base, &f2, v, nv, &size2, root2, msg,
		    msgsz) != 0)
			goto out;
		if (size2 == size)
			break;
	}
	if (tries == 3) {
		snprintf(msg, msgsz, "the log kept growing while it was asked; "
		    "try again");
		goto out;
	}
	if (r2 != NULL && memcmp(root2, root, MERKLE_HASH_LEN) != 0) {
		snprintf(msg, msgsz, "the service signed two different trees "
		    "of size %" PRIu64 ": the log is forked", size);
		goto out;
	}
	snprintf(msg, msgsz, "at tree size %" PRIu64 " (proven to extend the "
	    "receipt's %" PRIu64 "), ", size, f->size);
	rc = RECEIPT_CHANGED;
	if (r2 == NULL) {
		strncat(msg, "the service no longer confirms this diploma with "
		    "the receipt's serial, name and date of birth (not found)",
		    msgsz - strlen(msg) - 1);
		goto out;
	}
	if (f2.record != f->record) {
		snprintf(msg + strlen(msg), msgsz - strlen(msg), "the service "
		    "answers with record %" PRIu64 ", not %" PRIu64 ": ",
		    f2.record, f->record);
		say_now(r2, &f2, msg, msgsz);
		goto out;
	}
	if (f2.index != f->index || f2.nhistory != f->nhistory ||
	    strcmp(f2.status, f->status) != 0) {
		strncat(msg, "the record changed since the receipt: ",
		    msgsz - strlen(msg) - 1);
		say_now(r2, &f2, msg, msgsz);
		goto out;
	}
	strncat(msg, "unchanged: the service proves the same event",
	    msgsz - strlen(msg) - 1);
	rc = RECEIPT_SAME;
out:
	json_decref(r2);
	free(q);
	return rc;
}
