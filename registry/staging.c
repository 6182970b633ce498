/*
 * staging.c: what every part of the staging area shares (see staging.h and
 * staging_int.h): the staged row's helpers (its id, its fields' status,
 * whether it is ready and why not), the ready queue kept in step with a
 * row, the published marks, the volume's check, the sources' entries and
 * their listing.
 *
 * The parts live beside it: staging_import.c (the importer core and the
 * JSONL import), staging_csv.c (CSV import), staging_review.c (listing,
 * review, decisions, double keying, keying a page by hand),
 * staging_publish.c (publishing ready rows) and staging_fused.c (the
 * threaded import-and-publish of a typed CSV).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hex.h"
#include "timefmt.h"
#include "utf8.h"
#include "fold.h"
#include "validate.h"
#include "staging.h"
#include "staging_int.h"

void
now_iso(char *buf, size_t sz)
{
	if (time_iso(time(NULL), buf, sz) != 0)
		snprintf(buf, sz, "1970-01-01T00:00:00Z");
}

/* The 32 bytes of a SHA-256 as 64 hex digits and a NUL (65 bytes). */
void
hexsha(const uint8_t *sha, char *out)
{
	out[hex_encode(sha, 32, out)] = '\0';
}

/* Decodes the 64 hex digits hexsha() wrote: 0, or -1 when they are not. */
int
unhexsha(const char *hex, uint8_t *out)
{
	if (hex == NULL || strlen(hex) != 64 || hex_decode(hex, 32, out) != 0)
		return -1;
	return 0;
}

/* The row id shown to people: 12 hex digits of the source, page, row. */
void
row_id(const uint8_t *key, char *out, size_t sz)
{
	char	 h[13];

	h[hex_encode(key, 6, h)] = '\0';
	snprintf(out, sz, "%s:%" PRIu32 ":%" PRIu32, h,
	    (uint32_t)(store_get_u64(key + 32) >> 32),
	    (uint32_t)store_get_u64(key + 32));
}

/* A field's status; typed rows leave it out to stay small. */
const char *
field_status(json_t *fo)
{
	const char	*s = json_string_value(json_object_get(fo, "status"));

	return s != NULL ? s : "typed";
}

/* Review, keyed once (double keying), or keyed twice differently. */
int
status_ready(const char *s)
{
	return strcmp(s, "review") != 0 && strcmp(s, "keyed") != 0 &&
	    strcmp(s, "disputed") != 0;
}

/* Whether the staged row can be published, and if not, why (static). */
const char *
row_blocker(json_t *row)
{
	json_t		*fields = json_object_get(row, "fields"), *f;
	json_t		*tk = json_object_get(row, "to_key");
	const char	*k, *v;

	/* A page to key is never published itself: its keyed rows are. */
	if (tk != NULL)
		return json_object_get(tk, "keyed") != NULL ?
		    "keyed by hand" : "page to key by hand";
	json_object_foreach(fields, k, f)
		if (!status_ready(field_status(f)))
			return "fields to review";
	v = json_string_value(json_object_get(json_object_get(fields,
	    "full_name"), "value"));
	if (v == NULL || v[0] == '\0')
		return "no full name";
	v = json_string_value(json_object_get(json_object_get(fields,
	    "date_of_birth"), "value"));
	if (v == NULL || v[0] == '\0')
		return "no date of birth";
	return NULL;
}

const char *
row_value(json_t *row, enum field f)
{
	return json_string_value(json_object_get(json_object_get(
	    json_object_get(row, "fields"), field_key(f)), "value"));
}

/* Folded name and date of birth, for "same person" comparisons. */
char *
person_key(const char *name, const char *dob)
{
	char	*f, *k;
	size_t	 n;

	f = norm_fold(name ? name : "");
	if (f == NULL)
		return NULL;
	n = strlen(f) + strlen(dob ? dob : "") + 2;
	k = malloc(n);
	if (k != NULL)
		snprintf(k, n, "%s|%s", f, dob ? dob : "");
	free(f);
	return k;
}

int
record_same_person(struct store *st, struct store_rd *rd, uint64_t rec,
    const char *person, int *same)
{
	struct event	 ev;
	uint64_t	 idx;
	char		*pk;
	int		 rc;

	*same = 0;
	rc = store_record(st, rd, rec, &ev, &idx);
	if (rc != STORE_OK)
		return rc;
	pk = person_key(ev.field[FIELD_FULL_NAME].value,
	    ev.field[FIELD_DATE_OF_BIRTH].value);
	event_clear(&ev);
	if (pk == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	*same = strcmp(pk, person) == 0;
	free(pk);
	return STORE_OK;
}

/*
 * Whether the staged row key was published: *rec gets its record, *dup 1
 * when it was found to be a record published before (a rescan).
 */
int
published_get(struct store *st, struct store_rd *txn, const uint8_t *key,
    uint64_t *rec, int *dup)
{
	struct store_val	 v;
	uint64_t		 x;

	(void)st;
	if (store_get(txn, DB_PUBLISHED, key, STAGE_KEYLEN, &v) != STORE_OK ||
	    v.len != 8)
		return 0;
	x = store_get_u64(v.data);
	*dup = (x & PUBLISHED_DUP) != 0;
	*rec = x & ~PUBLISHED_DUP;
	return 1;
}

/*
 * Keeps the ready queue in step with a staged row: a row every field of
 * which is settled waits in it with its folded serial and person, so that
 * publish needs no second reading of the JSON to check serial numbers.
 */
int
ready_set(struct store *st, struct store_txn *t, const uint8_t *key,
    json_t *row, const char *sk_known, const char *pk_known)
{
	const char	*serial = row_value(row, FIELD_SERIAL_NO);
	char		*sk = NULL, *pk = NULL, *val;
	size_t		 sl, pl, rl, len;
	int		 rc;

	if (row_blocker(row) != NULL) {
		rc = store_del(t, DB_READY, key, STAGE_KEYLEN);
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	}
	/* The caller may have folded them already (the import's check). */
	sk = sk_known != NULL ? strdup(sk_known) :
	    store_serial_key(serial != NULL ? serial : "");
	pk = pk_known != NULL ? strdup(pk_known) :
	    person_key(row_value(row, FIELD_FULL_NAME),
	    row_value(row, FIELD_DATE_OF_BIRTH));
	if (sk == NULL || pk == NULL) {
		free(sk);
		free(pk);
		return store_fail(st, STORE_ENOMEM, "out of memory");
	}
	/* folded serial, 0x00, person, 0x00, the serial as written */
	sl = strlen(sk);
	pl = strlen(pk);
	rl = serial != NULL ? strlen(serial) : 0;
	len = sl + 1 + pl + 1 + rl;
	val = malloc(len);
	if (val == NULL) {
		free(sk);
		free(pk);
		return store_fail(st, STORE_ENOMEM, "out of memory");
	}
	memcpy(val, sk, sl);
	val[sl] = '\0';
	memcpy(val + sl + 1, pk, pl);
	val[sl + 1 + pl] = '\0';
	if (rl > 0)
		memcpy(val + sl + pl + 2, serial, rl);
	rc = store_put(t, DB_READY, key, STAGE_KEYLEN, val, len, 0, NULL);
	free(val);
	free(sk);
	free(pk);
	return rc;
}

/* Checks a field value a person or OCR vouched for; 1 when valid. */
int
value_valid(enum field f, const char *v, int year)
{
	struct norm_ctx	 ctx = { year };
	struct norm	 n;
	int		 ok;

	if (f == FIELD_SEQ || f == FIELD_SIGNATURE)
		return 1;
	if (normalize_field(f, v, &ctx, &n) != NORM_OK)
		return 0;
	ok = (n.valid || !normalize_strict(f)) && strcmp(n.value, v) == 0;
	norm_clear(&n);
	return ok;
}

/*
 * Stores o as the staged entry of key, and its page's kept figures with
 * it: the entry it replaces taken off, o added (staging_counts.c; into
 * cb, unless NULL, to be written with counts_flush()).
 */
int
put_json(struct store *st, struct store_txn *t, struct counts_batch *cb,
    const uint8_t *key, json_t *o, unsigned int flags)
{
	char	*dump;
	int	 rc = STORE_OK;

	dump = json_dumps(o, JSON_COMPACT);
	if (dump == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	if (!(flags & STORE_NOOVERWRITE))
		rc = counts_apply(t, cb, key, NULL, -1);
	if (rc == STORE_OK)
		rc = store_put(t, DB_STAGING, key, STAGE_KEYLEN, dump,
		    strlen(dump), flags, NULL);
	free(dump);
	if (rc == STORE_OK)
		rc = counts_apply(t, cb, key, o, 1);
	return rc;
}

/* Builds the sources entry of an imported file. */
json_t *
source_json(const char *path, const char *kind,
    const struct staging_volume *vol, const char *by)
{
	char	 ts[32];
	json_t	*v, *o;

	now_iso(ts, sizeof(ts));
	v = json_pack("{s:s, s:i}", "type", vol->type, "year", vol->year);
	if (v == NULL)
		return NULL;
	if (vol->authority != NULL)
		json_object_set_new(v, "authority",
		    json_string(vol->authority));
	if (vol->decision != NULL)
		json_object_set_new(v, "decision", json_string(vol->decision));
	if (vol->decision_date != NULL)
		json_object_set_new(v, "decision_date",
		    json_string(vol->decision_date));
	if (vol->double_key)
		json_object_set_new(v, "double_key", json_true());
	o = json_pack("{s:s, s:s, s:s, s:s, s:o}", "path", path, "kind", kind,
	    "imported", ts, "by", by, "volume", v);
	return o;
}

int
staging_check_volume(struct store *st, const struct staging_volume *vol)
{
	struct event	 ev = { 0 };
	char		 y[16];
	int		 rc = STORE_OK;

	if (vol->type == NULL || vol->year < 1900 || vol->year > 2200)
		return store_fail(st, STORE_EINPUT, "say which ledger volume "
		    "the rows come from: its diploma type (THPT, THCS, ...; "
		    "--type) and graduation year (--year)");
	if (vol->decision_date != NULL &&
	    !value_valid(FIELD_DATE_OF_BIRTH, vol->decision_date, 0))
		return store_fail(st, STORE_EINPUT, "the decision date %s is "
		    "not a date (YYYY-MM-DD)", vol->decision_date);
	snprintf(y, sizeof(y), "%d", vol->year);
	/* The volume's text goes into events in clear: check it now. */
	if (event_set_attr(&ev, EVENT_TYPE, vol->type) != EVENT_OK ||
	    (vol->authority != NULL && event_set_attr(&ev, EVENT_AUTHORITY,
	    vol->authority) != EVENT_OK) ||
	    (vol->decision != NULL && event_set_attr(&ev, EVENT_DECISION,
	    vol->decision) != EVENT_OK))
		rc = store_fail(st, STORE_EINPUT, "the volume's type, "
		    "authority and decision must be short text without "
		    "control characters");
	event_clear(&ev);
	return rc;
}

/* The staging key of a row: the source's SHA-256, page, row. */
void
stage_key(const uint8_t *sha, uint32_t page, uint32_t row, uint8_t *key)
{
	memcpy(key, sha, 32);
	store_u64(((uint64_t)page << 32) | row, key + 32);
}

int
staging_mostly_hand(const struct staging_import_stats *s)
{
	return s->rows > 0 && s->hand * 2 >= s->rows;
}

/* What find_source() looks for and found. */
struct source_ctx {
	struct store	*st;
	const char	*hex;
	size_t		 hl;
	uint8_t		*sha;
	int		 found;
};

static int
source_match(const struct store_val *k, const struct store_val *v,
    void *arg)
{
	struct source_ctx	*x = arg;
	char			 h[65];

	(void)v;
	if (k->len != 32)
		return STORE_OK;
	hexsha(k->data, h);
	if (strncmp(h, x->hex, x->hl) != 0)
		return STORE_OK;
	if (x->found++)
		return store_fail(x->st, STORE_EINPUT, "%.*s names more than "
		    "one source; give more digits", (int)x->hl, x->hex);
	memcpy(x->sha, k->data, 32);
	return STORE_OK;
}

/* Resolves the hex prefix of a row id to the source's SHA-256. */
int
find_source(struct store *st, struct store_rd *txn, const char *hex,
    size_t hl, uint8_t *sha)
{
	struct source_ctx	 x = { st, hex, hl, sha, 0 };
	int			 rc;

	if (hl < 6 || hl > 64 || strspn(hex, "0123456789abcdef") < hl)
		return store_fail(st, STORE_EINPUT, "a row id starts with at "
		    "least 6 lowercase hex digits (see `sogoc staged`)");
	rc = store_each(txn, DB_SOURCES, NULL, 0, 0, source_match, &x);
	if (rc != STORE_OK)
		return rc;
	if (!x.found)
		return store_fail(st, STORE_ENOTFOUND, "no staged source "
		    "%.*s", (int)hl, hex);
	return STORE_OK;
}

/* The staging key prefix (SHA-256, page) of page id "HEX:PAGE". */
int
page_prefix(struct store *st, struct store_rd *txn, const char *id,
    uint8_t *key)
{
	const char	*colon = strchr(id, ':');
	char		*end;
	unsigned long	 page;
	uint8_t		 sha[32];
	int		 rc;

	if (colon == NULL || colon[1] < '1' || colon[1] > '9')
		return store_fail(st, STORE_EINPUT, "%s is not a page id "
		    "(HEX:PAGE, see `sogoc staged`)", id);
	errno = 0;
	page = strtoul(colon + 1, &end, 10);
	if (errno != 0 || *end != '\0' || page > 100000)
		return store_fail(st, STORE_EINPUT, "%s is not a page id "
		    "(HEX:PAGE, see `sogoc staged`)", id);
	rc = find_source(st, txn, id, (size_t)(colon - id), sha);
	if (rc != STORE_OK)
		return rc;
	stage_key(sha, (uint32_t)page, 0, key);
	return STORE_OK;
}

int
staged_each(struct store *st, struct store_rd *rd, const char *page,
    store_each_fn *fn, void *arg)
{
	uint8_t	 only[STAGE_KEYLEN];
	int	 rc;

	if (page == NULL)
		return store_each(rd, DB_STAGING, NULL, 0, 0, fn, arg);
	rc = page_prefix(st, rd, page, only);
	if (rc != STORE_OK)
		return rc;
	return store_each(rd, DB_STAGING, only, STAGE_KEYLEN, PAGE_KEYLEN, fn,
	    arg);
}

/* The caller's function for staging_sources(). */
struct sources_ctx {
	int	(*fn)(void *, const char *, json_t *);
	void	*arg;
};

static int
sources_one(const struct store_val *k, const struct store_val *v,
    void *arg)
{
	struct sources_ctx	*x = arg;
	json_t			*o;
	char			 hex[65];
	int			 rc;

	if (k->len != 32)
		return STORE_OK;
	/* A record that does not parse ends the list quietly, as always. */
	o = json_loadb(v->data, v->len, 0, NULL);
	if (o == NULL)
		return STORE_STOP;
	hexsha(k->data, hex);
	rc = x->fn(x->arg, hex, o);
	json_decref(o);
	return rc != 0 ? STORE_STOP : STORE_OK;
}

int
staging_sources(struct store *st,
    int (*fn)(void *, const char *, json_t *), void *arg)
{
	struct sources_ctx	 x = { fn, arg };
	struct store_rd		*txn;
	int			 rc;

	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	rc = store_each(txn, DB_SOURCES, NULL, 0, 0, sources_one, &x);
	store_rd_end(txn);
	return rc;
}

int
staging_source(struct store *st, const char *id, uint8_t *sha, json_t **src)
{
	struct store_rd	*txn;
	struct store_val v;
	const char	*colon = strchr(id, ':');
	int		 rc;

	*src = NULL;
	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	rc = find_source(st, txn, id, colon != NULL ? (size_t)(colon - id) :
	    strlen(id), sha);
	if (rc == STORE_OK) {
		rc = store_get(txn, DB_SOURCES, sha, 32, &v);
		*src = rc == STORE_OK ? json_loadb(v.data, v.len, 0, NULL) :
		    NULL;
		rc = *src != NULL ? STORE_OK : store_fail(st, STORE_ECORRUPT,
		    "the record of source %.12s does not read", id);
	}
	store_rd_end(txn);
	return rc;
}
