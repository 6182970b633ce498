/*
 * staging.c: import of OCR rows and typed CSV ledgers into the staging
 * database, people's decisions on them, and publishing ready rows as issue
 * events (see staging.h).
 *
 * Imports are all or nothing: every line is parsed and checked into memory
 * first, and only then written in one transaction, so a bad line leaves the
 * store exactly as it was.  Publishing checks every ready row against the
 * registry before it writes anything, then appends in batches, each batch a
 * transaction with its own signed checkpoint; a crash between batches leaves
 * a consistent log, and publishing again finishes the work.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <csv.h>
#include <openssl/evp.h>

#include "header.h"
#include "hex.h"
#include "sha256.h"
#include "timefmt.h"
#include "utf8.h"
#include "fold.h"
#include "validate.h"
#include "staging.h"

#define STAGE_KEYLEN	40	/* SHA-256, u32 page, u32 row */
#define LINE_MAX_BYTES	(1 << 20)

static void
now_iso(char *buf, size_t sz)
{
	if (time_iso(time(NULL), buf, sz) != 0)
		snprintf(buf, sz, "1970-01-01T00:00:00Z");
}

/* The 32 bytes of a SHA-256 as 64 hex digits and a NUL (65 bytes). */
static void
hexsha(const uint8_t *sha, char *out)
{
	out[hex_encode(sha, 32, out)] = '\0';
}

/* Decodes the 64 hex digits hexsha() wrote: 0, or -1 when they are not. */
static int
unhexsha(const char *hex, uint8_t *out)
{
	if (hex == NULL || strlen(hex) != 64 || hex_decode(hex, 32, out) != 0)
		return -1;
	return 0;
}

/* The row id shown to people: 12 hex digits of the source, page, row. */
static void
row_id(const uint8_t *key, char *out, size_t sz)
{
	char	 h[13];

	h[hex_encode(key, 6, h)] = '\0';
	snprintf(out, sz, "%s:%" PRIu32 ":%" PRIu32, h,
	    (uint32_t)(store_get_u64(key + 32) >> 32),
	    (uint32_t)store_get_u64(key + 32));
}

/* A field's status; typed rows leave it out to stay small. */
static const char *
field_status(json_t *fo)
{
	const char	*s = json_string_value(json_object_get(fo, "status"));

	return s != NULL ? s : "typed";
}

/* Review, keyed once (double keying), or keyed twice differently. */
static int
status_ready(const char *s)
{
	return strcmp(s, "review") != 0 && strcmp(s, "keyed") != 0 &&
	    strcmp(s, "disputed") != 0;
}

/* Whether the staged row can be published, and if not, why (static). */
static const char *
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

static const char *
row_value(json_t *row, enum field f)
{
	return json_string_value(json_object_get(json_object_get(
	    json_object_get(row, "fields"), field_key(f)), "value"));
}

/* Folded name and date of birth, for "same person" comparisons. */
static char *
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

#define PUBLISHED_DUP	(UINT64_C(1) << 63)

/*
 * Whether the staged row key was published: *rec gets its record, *dup 1
 * when it was found to be a record published before (a rescan).
 */
static int
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
static int
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
static int
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
 * An import in progress: one write transaction from the first row to the
 * last, so a bad line anywhere aborts it and the store is as before.
 */
struct importer {
	struct store			*st;
	const char			*path;
	struct store_txn		*t;
	struct staging_import_stats	*stats;
	struct seen			*seen;	/* ready serial numbers */
	size_t				 nseen, capseen;
};

/* A serial number a row vouches for, to find one given to two people. */
struct seen {
	char	*serial;	/* folded, to compare */
	char	*shown;		/* as written, to report */
	char	*person;
	size_t	 line;
};

static int
seen_cmp(const void *a, const void *b)
{
	const struct seen	*x = a, *y = b;
	int			 c = strcmp(x->serial, y->serial);

	if (c != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int
imp_begin(struct importer *imp, struct store *st, const char *path,
    struct staging_import_stats *stats)
{
	memset(imp, 0, sizeof(*imp));
	imp->st = st;
	imp->path = path;
	imp->stats = stats;
	return store_wr_begin(st, &imp->t);
}

static void
imp_free(struct importer *imp)
{
	size_t	 i;

	store_wr_abort(imp->t);
	for (i = 0; i < imp->nseen; i++) {
		free(imp->seen[i].serial);
		free(imp->seen[i].shown);
		free(imp->seen[i].person);
	}
	free(imp->seen);
	imp->seen = NULL;
	imp->nseen = 0;
}

/*
 * Checks that an accepted or typed serial number is not already another
 * person's in the registry, and remembers it for imp_finish().
 */
static int
check_serial(struct importer *imp, json_t *row, size_t line)
{
	struct store	*st = imp->st;
	const char	*serial = row_value(row, FIELD_SERIAL_NO);
	json_t		*f;
	struct event	 ev;
	struct seen	*ns, *sn;
	uint64_t	 rec, idx;
	char		*rk;
	int		 rc;

	f = json_object_get(json_object_get(row, "fields"), "serial_no");
	if (serial == NULL || serial[0] == '\0' ||
	    !status_ready(field_status(f)))
		return STORE_OK;
	if (imp->nseen == imp->capseen) {
		imp->capseen = imp->capseen ? imp->capseen * 2 : 1024;
		ns = reallocarray(imp->seen, imp->capseen, sizeof(*ns));
		if (ns == NULL)
			return store_fail(st, STORE_ENOMEM, "out of memory");
		imp->seen = ns;
	}
	sn = &imp->seen[imp->nseen];
	sn->serial = store_serial_key(serial);
	sn->shown = strdup(serial);
	sn->person = person_key(row_value(row, FIELD_FULL_NAME),
	    row_value(row, FIELD_DATE_OF_BIRTH));
	sn->line = line;
	imp->nseen++;
	if (sn->serial == NULL || sn->shown == NULL || sn->person == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	if (store_by_serial(st, store_txn_rd(imp->t), serial, &rec) != STORE_OK)
		return STORE_OK;	/* not in the registry */
	rc = store_record(st, store_txn_rd(imp->t), rec, &ev, &idx);
	if (rc != STORE_OK)
		return rc;
	rk = person_key(ev.field[FIELD_FULL_NAME].value,
	    ev.field[FIELD_DATE_OF_BIRTH].value);
	event_clear(&ev);
	if (rk == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	rc = strcmp(rk, sn->person) == 0 ? STORE_OK :
	    store_fail(st, STORE_ECONFLICT, "%s:%zu: serial number %s is "
	    "already record %" PRIu64 ", issued to another person",
	    imp->path, line, serial, rec);
	free(rk);
	return rc;
}

/* Stores o as the staged entry of key. */
static int
put_json(struct store *st, struct store_txn *t, const uint8_t *key,
    json_t *o, unsigned int flags)
{
	char	*dump;
	int	 rc;

	dump = json_dumps(o, JSON_COMPACT);
	if (dump == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	rc = store_put(t, DB_STAGING, key, STAGE_KEYLEN, dump, strlen(dump),
	    flags, NULL);
	free(dump);
	return rc;
}

/* Whether the staged entry v is a page to key that was keyed by hand. */
static int
entry_keyed(const struct store_val *v)
{
	json_t	*o;
	int	 keyed;

	o = json_loadb(v->data, v->len, 0, NULL);
	keyed = json_object_get(json_object_get(o, "to_key"), "keyed") !=
	    NULL;
	json_decref(o);
	return keyed;
}

/* A store_each() callback that sets *arg and stops at the first entry. */
static int
any_entry(const struct store_val *k, const struct store_val *v, void *arg)
{
	(void)k;
	(void)v;
	*(int *)arg = 1;
	return STORE_STOP;
}

/*
 * A row read for a page that waits as a page to key: the page reads now,
 * so its entry goes; a page keyed by hand keeps its keyed rows and takes
 * no more.  Returns 1 when the row is to be left out, 0, or minus a
 * STORE_* code.
 */
static int
imp_page_keyed(struct importer *imp, const uint8_t *key)
{
	uint8_t			 kk[STAGE_KEYLEN];
	struct store_val	 v;
	int			 rc;

	memcpy(kk, key, 36);
	memset(kk + 36, 0, 4);
	rc = store_get(store_txn_rd(imp->t), DB_STAGING, kk, STAGE_KEYLEN, &v);
	if (rc == STORE_ENOTFOUND)
		return 0;
	if (rc != STORE_OK)
		return -rc;
	if (entry_keyed(&v))
		return 1;
	rc = store_del(imp->t, DB_STAGING, kk, STAGE_KEYLEN);
	return rc == STORE_OK ? 0 : -rc;
}

/*
 * Stages a page to key (row 0 of its page, key) unless the page has rows
 * already, staged or published, or was keyed by hand.
 */
static int
imp_key(struct importer *imp, const uint8_t *key, json_t *row)
{
	struct store		*st = imp->st;
	struct store_rd		*rd = store_txn_rd(imp->t);
	struct store_val	 v;
	uint8_t			 first[STAGE_KEYLEN];
	int			 rc, has_rows = 0;
	json_t			*old;

	memcpy(first, key, STAGE_KEYLEN);
	memset(first + 36, 0, 3);
	first[39] = 1;
	/* Any key from row 1 on with the same file and page. */
	rc = store_each(rd, DB_STAGING, first, STAGE_KEYLEN, 36, any_entry,
	    &has_rows);
	if (rc != STORE_OK)
		return rc;
	if (has_rows)
		return STORE_OK;
	rc = store_get(rd, DB_STAGING, key, STAGE_KEYLEN, &v);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return rc;
	if (rc == STORE_OK && entry_keyed(&v))
		return STORE_OK;
	imp->stats->keypages++;
	if (rc == STORE_OK) {
		old = json_loadb(v.data, v.len, 0, NULL);
		rc = old != NULL && json_equal(old, row);
		json_decref(old);
		if (rc)
			return STORE_OK;
	}
	return put_json(st, imp->t, key, row, 0);
}

/*
 * Stages one checked row under key, keeping what people decided on a row
 * staged before and leaving published rows alone.
 */
static int
imp_row(struct importer *imp, const uint8_t *key, json_t *row, size_t line)
{
	struct store	*st = imp->st;
	json_t		*old, *of;
	json_error_t	 jerr;
	const char	*k, *s;
	struct store_val mv;
	uint64_t	 rec;
	const char	*sk = NULL, *pk = NULL;
	size_t		 before;
	int		 rc, decided, dup;

	imp->stats->rows++;
	rc = imp_page_keyed(imp, key);
	if (rc < 0)
		return -rc;
	if (rc == 1) {
		imp->stats->kept++;
		return STORE_OK;
	}
	before = imp->nseen;
	rc = check_serial(imp, row, line);
	if (rc != STORE_OK)
		return rc;
	if (imp->nseen > before) {
		sk = imp->seen[imp->nseen - 1].serial;
		pk = imp->seen[imp->nseen - 1].person;
	}
	if (published_get(st, store_txn_rd(imp->t), key, &rec, &dup)) {
		imp->stats->published++;
		return STORE_OK;
	}
	rc = store_get(store_txn_rd(imp->t), DB_STAGING, key, STAGE_KEYLEN,
	    &mv);
	if (rc == STORE_OK) {
		old = json_loadb(mv.data, mv.len, 0, &jerr);
		if (old == NULL)
			return store_fail(st, STORE_ECORRUPT, "a staged row "
			    "does not parse: %s", jerr.text);
		decided = 0;
		json_object_foreach(json_object_get(old, "fields"), k, of) {
			s = field_status(of);
			if (strcmp(s, "confirmed") == 0 ||
			    strcmp(s, "set") == 0)
				decided = 1;
		}
		rc = decided ? 1 : json_equal(old, row) ? 2 : 0;
		/* What waits for a person is what is stored, kept or not. */
		if (rc != 0 && row_blocker(old) != NULL)
			imp->stats->review++;
		json_decref(old);
		if (rc == 1) {
			imp->stats->kept++;
			return STORE_OK;
		}
		if (rc == 2) {
			imp->stats->unchanged++;
			return STORE_OK;
		}
		imp->stats->replaced++;
	} else if (rc == STORE_ENOTFOUND)
		imp->stats->added++;
	else
		return rc;
	if (row_blocker(row) != NULL)
		imp->stats->review++;
	rc = put_json(st, imp->t, key, row, 0);
	if (rc != STORE_OK)
		return rc;
	return ready_set(st, imp->t, key, row, sk, pk);
}

/* Records the imported file (first import wins: it is provenance). */
static int
imp_source(struct importer *imp, const uint8_t *sha, json_t *src)
{
	char	*dump;
	int	 rc;

	dump = json_dumps(src, JSON_COMPACT);
	if (dump == NULL)
		return store_fail(imp->st, STORE_ENOMEM, "out of memory");
	rc = store_put(imp->t, DB_SOURCES, sha, 32, dump, strlen(dump),
	    STORE_NOOVERWRITE, NULL);
	free(dump);
	return rc == STORE_EEXIST ? STORE_OK : rc;
}

/* Refuses one serial number for two people in the file, else commits. */
static int
imp_finish(struct importer *imp, const char *path)
{
	size_t	 i;
	int	 rc;

	if (imp->nseen > 1)
		qsort(imp->seen, imp->nseen, sizeof(*imp->seen),
		    seen_cmp);
	for (i = 1; i < imp->nseen; i++)
		if (strcmp(imp->seen[i].serial, imp->seen[i - 1].serial) ==
		    0 && strcmp(imp->seen[i].person,
		    imp->seen[i - 1].person) != 0)
			return store_fail(imp->st, STORE_ECONFLICT, "%s:%zu: "
			    "serial number %s is also on line %zu for another "
			    "person; correct one of them first", path,
			    imp->seen[i].line, imp->seen[i].shown,
			    imp->seen[i - 1].line);
	rc = store_wr_commit(imp->t, NULL);
	imp->t = NULL;		/* the commit ended it */
	return rc;
}

/* Builds the sources entry of an imported file. */
static json_t *
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

/*
 * A review's reason (SPEC section 3, docs/ocr.md): a short code of
 * lower-case letters and hyphens.  Codes this version does not know are
 * kept, so a newer reader can add some; anything else is refused, since
 * it would be shown to staff beside the cell.
 */
static int
why_valid(const char *s)
{
	size_t	 n;

	if (s == NULL || s[0] == '\0')
		return 0;
	for (n = 0; s[n] != '\0'; n++)
		if (n >= 32 || !((s[n] >= 'a' && s[n] <= 'z') || s[n] == '-'))
			return 0;
	return 1;
}

/* Checks one field object of an OCR row and returns the staged form. */
static json_t *
ocr_field(const char *key, json_t *in, int year, char *err, size_t errsz)
{
	enum field	 f = field_from_key(key);
	json_t		*v, *o, *box;
	const char	*status, *value;
	double		 conf;

	if (f == FIELD_UNKNOWN) {
		snprintf(err, errsz, "unknown field \"%s\"", key);
		return NULL;
	}
	if (!json_is_object(in)) {
		snprintf(err, errsz, "field %s is not an object", key);
		return NULL;
	}
	v = json_object_get(in, "value");
	value = json_string_value(v);
	status = json_string_value(json_object_get(in, "status"));
	if (value == NULL || strlen(value) > EVENT_VALUE_MAX) {
		snprintf(err, errsz, "field %s: \"value\" must be a string of "
		    "at most %d bytes", key, EVENT_VALUE_MAX);
		return NULL;
	}
	if (status == NULL || (strcmp(status, "accepted") != 0 &&
	    strcmp(status, "review") != 0)) {
		snprintf(err, errsz, "field %s: \"status\" must be \"accepted\" "
		    "or \"review\"", key);
		return NULL;
	}
	v = json_object_get(in, "conf");
	conf = json_number_value(v);
	if (!json_is_number(v) || !(conf >= 0 && conf <= 1)) {
		snprintf(err, errsz, "field %s: \"conf\" must be a number in "
		    "[0,1]", key);
		return NULL;
	}
	if (strcmp(status, "accepted") == 0 && !value_valid(f, value, year)) {
		snprintf(err, errsz, "field %s: accepted value \"%s\" is not a "
		    "valid %s", key, value, key);
		return NULL;
	}
	o = json_pack("{s:s, s:s, s:f}", "value", value, "status", status,
	    "conf", conf);
	if (o == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	v = json_object_get(in, "text");
	if (json_is_string(v))
		json_object_set(o, "text", v);
	else if (v != NULL) {
		json_decref(o);
		snprintf(err, errsz, "field %s: \"text\" must be a string", key);
		return NULL;
	}
	/* Why it needs review: kept for staff; an accepted field has none. */
	v = json_object_get(in, "why");
	if (v != NULL && !why_valid(json_string_value(v))) {
		json_decref(o);
		snprintf(err, errsz, "field %s: \"why\" must be a reason code "
		    "(a-z and -, at most 32)", key);
		return NULL;
	}
	if (v != NULL && strcmp(status, "review") == 0)
		json_object_set(o, "why", v);
	box = json_object_get(in, "box");
	if (box != NULL) {
		if (!json_is_array(box) || json_array_size(box) != 4 ||
		    !json_is_integer(json_array_get(box, 0)) ||
		    !json_is_integer(json_array_get(box, 1)) ||
		    !json_is_integer(json_array_get(box, 2)) ||
		    !json_is_integer(json_array_get(box, 3)) ||
		    json_integer_value(json_array_get(box, 0)) < 0 ||
		    json_integer_value(json_array_get(box, 1)) < 0 ||
		    json_integer_value(json_array_get(box, 2)) <= 0 ||
		    json_integer_value(json_array_get(box, 3)) <= 0) {
			json_decref(o);
			snprintf(err, errsz, "field %s: \"box\" must be [x, y, "
			    "width, height] in pixels", key);
			return NULL;
		}
		json_object_set(o, "box", box);
	}
	return o;
}

/* Whether o is [x, y, w, h] of a part of an image, in pixels. */
static int
region_valid(json_t *o)
{
	json_int_t	 v;
	size_t		 i;

	if (!json_is_array(o) || json_array_size(o) != 4)
		return 0;
	for (i = 0; i < 4; i++) {
		if (!json_is_integer(json_array_get(o, i)))
			return 0;
		v = json_integer_value(json_array_get(o, i));
		if (v < (i < 2 ? 0 : 1) || v > 100000)
			return 0;
	}
	return 1;
}

/* The page's straightening, for showing the page and cells to people. */
static void
copy_straightening(json_t *in, json_t *out)
{
	json_t	*o;

	o = json_object_get(in, "rotation");
	if (json_is_integer(o) && (json_integer_value(o) == 0 ||
	    json_integer_value(o) == 90 || json_integer_value(o) == 180 ||
	    json_integer_value(o) == 270))
		json_object_set(out, "rotation", o);
	o = json_object_get(in, "skew");
	if (json_is_number(o) && fabs(json_number_value(o)) <= 45)
		json_object_set(out, "skew", o);
	/* A page cut from a two-page spread: which image, and where. */
	o = json_object_get(in, "image_page");
	if (json_is_integer(o) && json_integer_value(o) >= 1 &&
	    json_integer_value(o) <= 100000 &&
	    region_valid(json_object_get(in, "region"))) {
		json_object_set(out, "image_page", o);
		json_object_set(out, "region", json_object_get(in, "region"));
	}
}

/*
 * Checks the line of a page to key by hand ("status":"key"); returns
 * its staged entry (row 0, "to_key"), or NULL with err set.
 */
static json_t *
key_line(json_t *in, char *err, size_t errsz)
{
	json_t		*tk, *out, *v;
	json_int_t	 page, rows;
	const char	*src, *why, *msg;

	src = json_string_value(json_object_get(in, "source"));
	page = json_integer_value(json_object_get(in, "page"));
	why = json_string_value(json_object_get(in, "why"));
	msg = json_string_value(json_object_get(in, "error"));
	v = json_object_get(in, "rows");
	rows = json_integer_value(v);
	if (src == NULL || src[0] == '\0') {
		snprintf(err, errsz, "no \"source\"");
		return NULL;
	}
	if (page < 1 || page > 100000) {
		snprintf(err, errsz, "\"page\" must be a positive integer");
		return NULL;
	}
	if (!why_valid(why)) {
		snprintf(err, errsz, "a page to key needs a \"why\" code "
		    "(a-z and -, at most 32)");
		return NULL;
	}
	/* Shown to staff as it is: short text, no controls. */
	if (msg != NULL && (strlen(msg) > 256 ||
	    !utf8_valid(msg, strlen(msg), UTF8_NO_CONTROLS))) {
		snprintf(err, errsz, "\"error\" must be text of at most 256 "
		    "bytes");
		return NULL;
	}
	if (v != NULL && (!json_is_integer(v) || rows < 0 || rows > 1000)) {
		snprintf(err, errsz, "\"rows\" must be an integer from 0 to "
		    "1000");
		return NULL;
	}
	tk = json_pack("{s:s, s:s, s:I}", "why", why, "error", msg != NULL ?
	    msg : "", "rows", rows);
	out = tk != NULL ? json_pack("{s:s, s:I, s:i, s:o, s:{}}", "source",
	    src, "page", page, "row", 0, "to_key", tk, "fields") : NULL;
	if (out == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	v = json_object_get(in, "rows_read");
	if (json_is_integer(v) && json_integer_value(v) > 0 &&
	    json_integer_value(v) <= 1000)
		json_object_set(tk, "rows_read", v);
	copy_straightening(in, out);
	return out;
}

/* Checks one OCR line; returns the staged row, or NULL with err set. */
static json_t *
ocr_row(json_t *in, int year, char *err, size_t errsz)
{
	json_t		*fields, *o, *out, *fo;
	json_int_t	 page, row;
	const char	*k, *src;

	if (!json_is_object(in)) {
		snprintf(err, errsz, "not a JSON object");
		return NULL;
	}
	src = json_string_value(json_object_get(in, "source"));
	page = json_integer_value(json_object_get(in, "page"));
	row = json_integer_value(json_object_get(in, "row"));
	fields = json_object_get(in, "fields");
	if (src == NULL || src[0] == '\0') {
		snprintf(err, errsz, "no \"source\"");
		return NULL;
	}
	if (page < 1 || page > 100000 || row < 1 || row > 10000) {
		snprintf(err, errsz, "\"page\" and \"row\" must be positive "
		    "integers");
		return NULL;
	}
	if (!json_is_object(fields) || json_object_size(fields) == 0) {
		snprintf(err, errsz, "no \"fields\" object");
		return NULL;
	}
	fo = json_object();
	out = json_pack("{s:s, s:I, s:I, s:o}", "source", src, "page",
	    (json_int_t)page, "row", (json_int_t)row, "fields", fo);
	if (out == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	copy_straightening(in, out);
	/* Written by hand (docs/ocr.md): kept, for the console to say so. */
	o = json_object_get(in, "hand");
	if (o != NULL && !json_is_boolean(o)) {
		json_decref(out);
		snprintf(err, errsz, "\"hand\" must be true or false");
		return NULL;
	}
	if (json_is_true(o))
		json_object_set(out, "hand", o);
	json_object_foreach(fields, k, o) {
		if (strcmp(k, "seq") == 0 || strcmp(k, "signature") == 0)
			continue;
		o = ocr_field(k, o, year, err, errsz);
		if (o == NULL) {
			json_decref(out);
			return NULL;
		}
		json_object_set_new(fo, k, o);
	}
	return out;
}

/* The staging key of a row: the source's SHA-256, page, row. */
static void
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

int
staging_import_jsonl(struct store *st, const char *path, FILE *fp,
    const char *sources, const struct staging_volume *vol, const char *by,
    struct staging_import_stats *stats)
{
	struct importer	 imp;
	json_t		*src = json_object(), *in, *row, *s;
	json_error_t	 jerr;
	uint8_t		 sha[32], key[STAGE_KEYLEN];
	char		*line = NULL, err[256], full[4096];
	const char	*sp, *k;
	size_t		 cap = 0, lineno = 0, nkeys = 0;
	ssize_t		 len;
	int		 rc, n, close_fp = 0, tokey;

	memset(stats, 0, sizeof(*stats));
	memset(&imp, 0, sizeof(imp));
	if (src == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	rc = staging_check_volume(st, vol);
	if (rc != STORE_OK)
		goto out;
	if (strcmp(path, "-") != 0) {
		fp = fopen(path, "r");
		if (fp == NULL) {
			rc = store_fail(st, STORE_EINPUT, "%s: %s", path,
			    strerror(errno));
			goto out;
		}
		close_fp = 1;
	}
	rc = imp_begin(&imp, st, path, stats);
	if (rc != STORE_OK)
		goto out;
	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (len > LINE_MAX_BYTES) {
			rc = store_fail(st, STORE_EINPUT, "%s:%zu: line longer "
			    "than %d bytes", path, lineno, LINE_MAX_BYTES);
			goto out;
		}
		if (strspn(line, " \t\r\n") == (size_t)len)
			continue;
		in = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES,
		    &jerr);
		if (in == NULL) {
			rc = store_fail(st, STORE_EINPUT, "%s:%zu: not JSON: "
			    "%s", path, lineno, jerr.text);
			goto out;
		}
		/* A page to key by hand (SPEC section 3, extended). */
		tokey = json_is_string(json_object_get(in, "status")) &&
		    strcmp(json_string_value(json_object_get(in, "status")),
		    "key") == 0;
		nkeys += tokey;
		row = tokey ? key_line(in, err, sizeof(err)) :
		    ocr_row(in, vol->year, err, sizeof(err));
		json_decref(in);
		if (row == NULL) {
			rc = store_fail(st, STORE_EINPUT, "%s:%zu: %s", path,
			    lineno, err);
			goto out;
		}
		if (json_is_true(json_object_get(row, "hand")))
			stats->hand++;
		sp = json_string_value(json_object_get(row, "source"));
		s = json_object_get(src, sp);
		if (s == NULL) {
			if (sources != NULL && sp[0] != '/')
				n = snprintf(full, sizeof(full), "%s/%s",
				    sources, sp);
			else
				n = snprintf(full, sizeof(full), "%s", sp);
			if (n < 0 || (size_t)n >= sizeof(full) ||
			    sha256_file(full, sha, err, sizeof(err)) != 0) {
				json_decref(row);
				rc = store_fail(st, STORE_EINPUT, "%s:%zu: %s "
				    "(the scan is fingerprinted into the "
				    "registry; --sources DIR says where the "
				    "scans are)", path, lineno, n < 0 ||
				    (size_t)n >= sizeof(full) ?
				    "source path too long" : err);
				goto out;
			}
			s = source_json(sp, "ocr", vol, by);
			if (s == NULL) {
				json_decref(row);
				rc = store_fail(st, STORE_ENOMEM,
				    "out of memory");
				goto out;
			}
			hexsha(sha, full);
			json_object_set_new(s, "_sha", json_string(full));
			json_object_set_new(src, sp, s);
		}
		if (unhexsha(json_string_value(json_object_get(s, "_sha")),
		    sha) != 0) {
			rc = store_fail(st, STORE_EIO, "%s: a source's digest "
			    "was lost", path);
			json_decref(row);
			goto out;
		}
		stage_key(sha, (uint32_t)json_integer_value(json_object_get(row,
		    "page")), (uint32_t)json_integer_value(json_object_get(row,
		    "row")), key);
		rc = tokey ? imp_key(&imp, key, row) :
		    imp_row(&imp, key, row, lineno);
		json_decref(row);
		if (rc != STORE_OK)
			goto out;
	}
	if (ferror(fp)) {
		rc = store_fail(st, STORE_EINPUT, "%s: read error", path);
		goto out;
	}
	if (stats->rows == 0 && nkeys == 0) {
		rc = store_fail(st, STORE_EINPUT, "%s: no rows", path);
		goto out;
	}
	json_object_foreach(src, k, s) {
		if (unhexsha(json_string_value(json_object_get(s, "_sha")),
		    sha) != 0) {
			rc = store_fail(st, STORE_EIO, "%s: a source's digest "
			    "was lost", path);
			goto out;
		}
		json_object_del(s, "_sha");
		rc = imp_source(&imp, sha, s);
		if (rc != STORE_OK)
			goto out;
	}
	rc = imp_finish(&imp, path);
out:
	imp_free(&imp);
	if (close_fp)
		fclose(fp);
	free(line);
	json_decref(src);
	return rc;
}

/* CSV parsing state: libcsv calls back per cell and per record. */
struct csvst {
	struct store			*st;
	const struct staging_volume	*vol;
	char				**cell;
	size_t				 ncell, cap;
	enum field			 col[64];
	char				*label[64];
	size_t				 ncol;
	size_t				 record;	/* 1 = the header */
	struct importer			*imp;
	const uint8_t			*sha;
	const char			*path;
	int				 rc;
	struct frows			*fused;	/* rows kept for a bulk
						   publish, not staged */
};

/* A typed row on its way straight into the log (import --publish). */
struct frow {
	char		*val[FIELD_COUNT];	/* raw, then normalised */
	uint32_t	 rowno;
	size_t		 line;
	char		*serial;	/* folded, NULL when none */
	char		*person;
	char		*err;		/* why the row is refused */
	int		 skip;		/* FROW_* */
	uint64_t	 record;	/* its record, or the one it repeats */
	struct frow	*first;		/* the row of the file it repeats */
	struct store_prepared	 prep;
};

#define FROW_PUBLISH	0
#define FROW_DONE	1	/* published by an earlier run */
#define FROW_DUP	2	/* the same person's record exists */

struct frows {
	struct frow	*v;
	size_t		 n, cap;
};

static void
csv_cell(void *s, size_t len, void *arg)
{
	struct csvst	*c = arg;
	char		**nc;
	size_t		 ncap;

	if (c->rc != STORE_OK)
		return;
	if (c->ncell == c->cap) {
		ncap = c->cap ? c->cap * 2 : 16;
		nc = reallocarray(c->cell, ncap, sizeof(*nc));
		if (nc == NULL) {
			c->rc = store_fail(c->st, STORE_ENOMEM, "out of memory");
			return;
		}
		c->cell = nc;
		c->cap = ncap;
	}
	c->cell[c->ncell] = strndup(s ? s : "", len);
	if (c->cell[c->ncell] == NULL) {
		c->rc = store_fail(c->st, STORE_ENOMEM, "out of memory");
		return;
	}
	if (strlen(c->cell[c->ncell]) != len ||
	    !utf8_valid(c->cell[c->ncell], len, 0))
		c->rc = store_fail(c->st, STORE_EINPUT, "%s: row %zu, column "
		    "%zu: not valid UTF-8 text (save the spreadsheet as "
		    "\"CSV UTF-8\")", c->path, c->record + 1, c->ncell + 1);
	c->ncell++;
}

static int
csv_header(struct csvst *c)
{
	enum field	 f;
	double		 score;
	size_t		 i, j;

	if (c->ncell > 64)
		return store_fail(c->st, STORE_EINPUT, "%s: more than 64 "
		    "columns", c->path);
	for (i = 0; i < c->ncell; i++) {
		f = field_from_key(c->cell[i]);
		if (f == FIELD_UNKNOWN) {
			f = header_match(c->cell[i], &score);
			if (score < 0.85)
				f = FIELD_UNKNOWN;
		}
		if (f == FIELD_UNKNOWN)
			return store_fail(c->st, STORE_EINPUT, "%s: column %zu "
			    "\"%s\" is not a ledger column (use a label of "
			    "the ledger, or a key: full_name, date_of_birth, "
			    "...)", c->path, i + 1, c->cell[i]);
		for (j = 0; j < i; j++)
			if (c->col[j] == f && f != FIELD_SIGNATURE)
				return store_fail(c->st, STORE_EINPUT, "%s: "
				    "columns %zu and %zu both mean %s",
				    c->path, j + 1, i + 1, field_key(f));
		c->col[i] = f;
		c->label[i] = c->cell[i];
		c->cell[i] = NULL;
		c->ncol = i + 1;
	}
	for (i = 0; i < c->ncol; i++)
		if (c->col[i] == FIELD_FULL_NAME)
			return STORE_OK;
	return store_fail(c->st, STORE_EINPUT, "%s: no full name column",
	    c->path);
}

/*
 * Whether a typed value is checked by its full normaliser: dates and closed
 * lists must be right, serial and entry numbers take their canonical form.
 * Free text a person typed (names, places, schools, notes) is only cleaned
 * (NFC, white space): a person vouches for it, and the plausibility checks
 * made for OCR would refuse real but unusual names.
 */
static int
typed_normalise(enum field f)
{
	return normalize_strict(f) || f == FIELD_SERIAL_NO ||
	    f == FIELD_REGISTER_NO;
}

static int
csv_data(struct csvst *c)
{
	struct norm_ctx	 ctx = { c->vol->year };
	struct norm	 n;
	json_t		*fo, *row, *fv;
	uint8_t		 key[STAGE_KEYLEN];
	size_t		 i, blank = 1;
	uint32_t	 rowno = (uint32_t)(c->record - 1);
	char		 where[64], *v;
	int		 rc;

	for (i = 0; i < c->ncell; i++)
		if (c->cell[i][strspn(c->cell[i], " \t\r")] != '\0')
			blank = 0;
	if (blank)
		return STORE_OK;
	snprintf(where, sizeof(where), "row %zu", c->record);
	if (c->ncell != c->ncol)
		return store_fail(c->st, STORE_EINPUT, "%s: %s has %zu cells, "
		    "the header %zu", c->path, where, c->ncell, c->ncol);
	fo = json_object();
	row = json_pack("{s:s, s:i, s:I, s:o}", "source", c->path, "page", 1,
	    "row", (json_int_t)rowno, "fields", fo);
	if (row == NULL)
		return store_fail(c->st, STORE_ENOMEM, "out of memory");
	for (i = 0; i < c->ncol; i++) {
		if (c->col[i] == FIELD_SEQ || c->col[i] == FIELD_SIGNATURE)
			continue;
		if (!typed_normalise(c->col[i])) {
			v = norm_text(c->cell[i]);
			fv = v ? json_pack("{s:s}", "value", v) : NULL;
			free(v);
		} else {
			if (normalize_field(c->col[i], c->cell[i], &ctx, &n) !=
			    NORM_OK) {
				json_decref(row);
				return store_fail(c->st, STORE_ENOMEM,
				    "out of memory");
			}
			if (!n.valid && normalize_strict(c->col[i])) {
				rc = store_fail(c->st, STORE_EINPUT, "%s: %s, "
				    "column \"%s\": \"%s\" is not a valid %s",
				    c->path, where, c->label[i], c->cell[i],
				    field_key(c->col[i]));
				norm_clear(&n);
				json_decref(row);
				return rc;
			}
			fv = json_pack("{s:s}", "value", n.value);
			norm_clear(&n);
		}
		if (fv == NULL) {
			json_decref(row);
			return store_fail(c->st, STORE_ENOMEM, "out of memory");
		}
		json_object_set_new(fo, field_key(c->col[i]), fv);
	}
	stage_key(c->sha, 1, rowno, key);
	rc = imp_row(c->imp, key, row, c->record);
	json_decref(row);
	return rc;
}

/* Keeps a data row's raw cells for the bulk path. */
static int
csv_keep(struct csvst *c)
{
	struct frows	*fr = c->fused;
	struct frow	*nv, *r;
	size_t		 i, blank = 1;

	for (i = 0; i < c->ncell; i++)
		if (c->cell[i][strspn(c->cell[i], " \t\r")] != '\0')
			blank = 0;
	if (blank)
		return STORE_OK;
	if (c->ncell != c->ncol)
		return store_fail(c->st, STORE_EINPUT, "%s: row %zu has %zu "
		    "cells, the header %zu", c->path, c->record, c->ncell,
		    c->ncol);
	if (fr->n == fr->cap) {
		fr->cap = fr->cap ? fr->cap * 2 : 4096;
		nv = reallocarray(fr->v, fr->cap, sizeof(*nv));
		if (nv == NULL)
			return store_fail(c->st, STORE_ENOMEM, "out of memory");
		fr->v = nv;
	}
	r = &fr->v[fr->n++];
	memset(r, 0, sizeof(*r));
	r->rowno = (uint32_t)(c->record - 1);
	r->line = c->record;
	for (i = 0; i < c->ncol; i++) {
		if (c->col[i] == FIELD_SEQ || c->col[i] == FIELD_SIGNATURE)
			continue;
		r->val[c->col[i]] = c->cell[i];
		c->cell[i] = NULL;
	}
	return STORE_OK;
}

static void
csv_end(int term, void *arg)
{
	struct csvst	*c = arg;
	size_t		 i;

	(void)term;
	if (c->rc == STORE_OK) {
		c->record++;
		c->rc = c->record == 1 ? csv_header(c) :
		    c->fused != NULL ? csv_keep(c) : csv_data(c);
	}
	for (i = 0; i < c->ncell; i++)
		free(c->cell[i]);
	c->ncell = 0;
}

/*
 * Reads the whole CSV file fp through libcsv, calling back per cell and
 * per record into c; c->rc carries the first error a callback met.
 */
static int
csv_read(struct csvst *c, FILE *fp)
{
	struct csv_parser	 p;
	char			 buf[65536];
	size_t			 n;
	int			 rc = STORE_OK, bad = 0;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) !=
	    0)
		return store_fail(c->st, STORE_ENOMEM, "out of memory");
	/* A UTF-8 byte order mark from a spreadsheet is not a cell. */
	n = fread(buf, 1, 3, fp);
	if (n != 3 || memcmp(buf, "\xef\xbb\xbf", 3) != 0)
		bad = csv_parse(&p, buf, n, csv_cell, csv_end, c) != n;
	while (!bad && c->rc == STORE_OK) {
		n = fread(buf, 1, sizeof(buf), fp);
		if (n == 0)
			break;
		bad = csv_parse(&p, buf, n, csv_cell, csv_end, c) != n;
	}
	if (!bad && c->rc == STORE_OK)
		bad = csv_fini(&p, csv_cell, csv_end, c) != 0;
	if (c->rc != STORE_OK)
		rc = c->rc;
	else if (bad)
		rc = store_fail(c->st, STORE_EINPUT, "%s: row %zu: %s",
		    c->path, c->record + 1, csv_error(&p) == CSV_EPARSE ?
		    "a quote is not closed, or stands inside a cell "
		    "(write \"\" for a quote inside a quoted cell)" :
		    csv_strerror(csv_error(&p)));
	else if (ferror(fp))
		rc = store_fail(c->st, STORE_EINPUT, "%s: read error",
		    c->path);
	csv_free(&p);
	return rc;
}

/* Frees what parsing left in c: the current record's cells, the labels. */
static void
csv_done(struct csvst *c)
{
	size_t	 i;

	for (i = 0; i < c->ncell; i++)
		free(c->cell[i]);
	free(c->cell);
	for (i = 0; i < c->ncol; i++)
		free(c->label[i]);
}

int
staging_import_csv(struct store *st, const char *path,
    const struct staging_volume *vol, const char *by,
    struct staging_import_stats *stats)
{
	struct importer		 imp;
	struct csvst		 c = { 0 };
	json_t			*s = NULL;
	uint8_t			 sha[32];
	char			 err[256];
	FILE			*fp = NULL;
	int			 rc;

	memset(stats, 0, sizeof(*stats));
	memset(&imp, 0, sizeof(imp));
	rc = staging_check_volume(st, vol);
	if (rc != STORE_OK)
		return rc;
	if (sha256_file(path, sha, err, sizeof(err)) != 0)
		return store_fail(st, STORE_EINPUT, "%s", err);
	fp = fopen(path, "rb");
	if (fp == NULL)
		return store_fail(st, STORE_EINPUT, "%s: %s", path,
		    strerror(errno));
	c.st = st;
	c.vol = vol;
	c.imp = &imp;
	c.sha = sha;
	c.path = path;
	rc = imp_begin(&imp, st, path, stats);
	if (rc == STORE_OK)
		rc = csv_read(&c, fp);
	if (rc != STORE_OK)
		goto out;
	if (stats->rows == 0) {
		rc = store_fail(st, STORE_EINPUT, "%s: no data rows", path);
		goto out;
	}
	s = source_json(path, "csv", vol, by);
	if (s == NULL) {
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto out;
	}
	rc = imp_source(&imp, sha, s);
	if (rc == STORE_OK)
		rc = imp_finish(&imp, path);
out:
	imp_free(&imp);
	csv_done(&c);
	json_decref(s);
	fclose(fp);
	return rc;
}

static int	 page_prefix(struct store *, struct store_rd *, const char *,
		    uint8_t *);

int
staging_list(struct store *st, int all,
    int (*fn)(void *, const char *, json_t *), void *arg)
{
	return staging_list_page(st, NULL, all, fn, arg);
}

/* What list_one() needs from staging_list_page(). */
struct list_ctx {
	struct store	*st;
	struct store_rd	*txn;
	int		 page, all;
	int		(*fn)(void *, const char *, json_t *);
	void		*arg;
};

/* One staged entry for staging_list_page() (store_each()). */
static int
list_one(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct list_ctx	*x = arg;
	json_t		*row;
	json_error_t	 jerr;
	uint64_t	 rec;
	char		 id[64];
	int		 rc, dup;

	if (k->len != STAGE_KEYLEN && x->page)
		return STORE_STOP;
	if (k->len != STAGE_KEYLEN)
		return store_fail(x->st, STORE_ECORRUPT, "a staging key is "
		    "malformed");
	row = json_loadb(v->data, v->len, 0, &jerr);
	if (row == NULL)
		return store_fail(x->st, STORE_ECORRUPT, "a staged row does "
		    "not parse: %s", jerr.text);
	if (published_get(x->st, x->txn, k->data, &rec, &dup)) {
		if (!x->all) {
			json_decref(row);
			return STORE_OK;
		}
		json_object_set_new(row, dup ? "duplicate_of" : "record",
		    json_integer((json_int_t)rec));
	}
	/* A page keyed by hand is done with: its rows are listed. */
	if (!x->all && json_object_get(json_object_get(row, "to_key"),
	    "keyed") != NULL) {
		json_decref(row);
		return STORE_OK;
	}
	row_id(k->data, id, sizeof(id));
	if (row_blocker(row) != NULL)
		json_object_set_new(row, "waiting",
		    json_string(row_blocker(row)));
	rc = x->fn(x->arg, id, row);
	json_decref(row);
	return rc != 0 ? STORE_STOP : STORE_OK;
}

int
staging_list_page(struct store *st, const char *page, int all,
    int (*fn)(void *, const char *, json_t *), void *arg)
{
	struct list_ctx	 x = { st, NULL, page != NULL, all, fn, arg };
	uint8_t		 only[STAGE_KEYLEN];
	int		 rc;

	rc = store_rd_begin(st, &x.txn);
	if (rc != STORE_OK)
		return rc;
	if (page != NULL) {
		rc = page_prefix(st, x.txn, page, only);
		if (rc == STORE_OK)
			rc = store_each(x.txn, DB_STAGING, only, STAGE_KEYLEN,
			    36, list_one, &x);
	} else
		rc = store_each(x.txn, DB_STAGING, NULL, 0, 0, list_one, &x);
	store_rd_end(x.txn);
	return rc;
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
static int
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

/* A person's decision on a staged row (staging_decide, staging_review). */
struct decision {
	enum field	 field;		/* FIELD_UNKNOWN: every review field */
	const char	*value;		/* NULL: confirmed as it is */
	const char	*seen;		/* the value the person saw, or NULL */
	const char	*seen_status;	/* and its status */
	int		 illegible;	/* the cell cannot be read */
	const char	*by;
	int		 review;	/* from staging_review: a double-keyed
					   volume's fields are keyed blind */
	int		 double_key;	/* the row's volume is (decide sets) */
	const char	**result;	/* the field's status afterwards */
};

/*
 * A person's value for field f, normalised into *n as the ledger's would
 * be; minus the STORE_* code of a refusal (norm_clear(n) after 0).
 */
static int
person_value(struct store *st, enum field f, const char *value, int year,
    struct norm *n)
{
	struct norm_ctx	 ctx = { year };

	if (!event_field_allowed(f)) {
		store_fail(st, STORE_EINPUT, "%s is not recorded in the "
		    "registry", field_key(f));
		return -STORE_EINPUT;
	}
	if (!utf8_valid(value, strlen(value), UTF8_NO_CONTROLS) ||
	    normalize_field(f, value, &ctx, n) != NORM_OK) {
		store_fail(st, STORE_EINPUT, "\"%s\" is not valid UTF-8 text",
		    value);
		return -STORE_EINPUT;
	}
	if ((!n->valid && normalize_strict(f)) ||
	    strlen(n->value) > EVENT_VALUE_MAX) {
		store_fail(st, STORE_EINPUT, "\"%s\" is not a valid %s", value,
		    field_key(f));
		norm_clear(n);
		return -STORE_EINPUT;
	}
	return 0;
}

int
staging_keyed_by(json_t *fo, const char *by)
{
	json_t	*e;
	size_t	 i;

	const char	*k;

	json_array_foreach(json_object_get(fo, "keyed"), i, e)
		if ((k = json_string_value(json_object_get(e, "by"))) != NULL &&
		    strcmp(k, by) == 0)
			return 1;
	return 0;
}

/*
 * One blind keying of a field of a double-keyed volume: the first is
 * kept (status "keyed"); the second, by another reviewer, settles the
 * field when both agree ("set", or "illegible") and marks it "disputed"
 * when they do not, for a third reviewer.  Returns 1 or minus a STORE_*.
 */
static int
key_field(struct store *st, json_t *fo, const struct decision *d, int year,
    const char *id, const char *ts)
{
	struct norm	 n;
	json_t		*keyed, *e, *first;
	const char	*status = field_status(fo), *v0;
	char		*v;
	int		 rc, same;

	if (staging_keyed_by(fo, d->by))
		return -store_fail(st, STORE_EINPUT, "row %s: you have keyed "
		    "%s already; another reviewer keys it too, without "
		    "seeing yours", id, field_key(d->field));
	/* An empty cell is keyed as empty. */
	memset(&n, 0, sizeof(n));
	if (!d->illegible && (rc = person_value(st, d->field, d->value ?
	    d->value : "", year, &n)) != 0)
		return rc;
	v = strdup(d->illegible ? "" : n.value);
	norm_clear(&n);
	e = v != NULL ? json_pack("{s:s, s:s, s:s, s:b}", "by", d->by,
	    "value", v, "at", ts, "illegible", d->illegible) : NULL;
	if (e == NULL) {
		free(v);
		return -store_fail(st, STORE_ENOMEM, "out of memory");
	}
	keyed = json_object_get(fo, "keyed");
	if (strcmp(status, "review") == 0 || !json_is_array(keyed)) {
		json_object_set_new(fo, "keyed", json_pack("[o]", e));
		json_object_set_new(fo, "status", json_string("keyed"));
		*d->result = "keyed";
		free(v);
		return 1;
	}
	first = json_array_get(keyed, 0);
	v0 = json_string_value(json_object_get(first, "value"));
	same = v0 != NULL && strcmp(v0, v) == 0 &&
	    json_is_true(json_object_get(first, "illegible")) == d->illegible;
	json_array_append_new(keyed, e);
	if (same) {
		json_object_set(fo, "was", json_object_get(fo, "value"));
		json_object_set_new(fo, "value", json_string(v));
		*d->result = d->illegible ? "illegible" : "set";
		json_object_set_new(fo, "by", json_string(d->by));
		json_object_set_new(fo, "at", json_string(ts));
	} else
		*d->result = "disputed";
	json_object_set_new(fo, "status", json_string(*d->result));
	free(v);
	return 1;
}

/*
 * Applies one decision to the row JSON; returns the fields decided, or
 * minus the STORE_* code of the error.
 */
static int
decide_row(struct store *st, json_t *row, const struct decision *d,
    int year, const char *id)
{
	enum field	 f = d->field;
	const char	*value = d->value, *by = d->by;
	struct norm	 n;
	json_t		*fields = json_object_get(row, "fields"), *fo;
	const char	*k, *s;
	char		 ts[32];
	int		 count = 0;

	now_iso(ts, sizeof(ts));
	if (f == FIELD_UNKNOWN) {
		json_object_foreach(fields, k, fo) {
			s = json_string_value(json_object_get(fo, "status"));
			if (s != NULL && strcmp(s, "review") == 0) {
				json_object_set_new(fo, "status",
				    json_string("confirmed"));
				json_object_set_new(fo, "by", json_string(by));
				json_object_set_new(fo, "at", json_string(ts));
				count++;
			}
		}
		return count;
	}
	fo = json_object_get(fields, field_key(f));
	if (d->double_key && fo != NULL &&
	    (strcmp(field_status(fo), "review") == 0 ||
	    strcmp(field_status(fo), "keyed") == 0))
		return key_field(st, fo, d, year, id, ts);
	if (d->double_key && fo != NULL &&
	    strcmp(field_status(fo), "disputed") == 0 &&
	    staging_keyed_by(fo, by))
		return -store_fail(st, STORE_EINPUT, "row %s: the two "
		    "keyings of %s differ; a third reviewer, not one who "
		    "keyed it, decides", id, field_key(f));
	/* Someone else decided this field since the person looked. */
	if (d->seen != NULL && (fo == NULL || (s = json_string_value(
	    json_object_get(fo, "value"))) == NULL || strcmp(s, d->seen) != 0 ||
	    strcmp(field_status(fo), d->seen_status) != 0)) {
		s = fo != NULL ? json_string_value(json_object_get(fo, "by")) :
		    NULL;
		return -store_fail(st, STORE_ECONFLICT, "row %s: %s was "
		    "changed by %s meanwhile; look at it again", id,
		    field_key(f), s != NULL ? s : "someone else");
	}
	if (d->illegible) {
		if (fo == NULL) {
			store_fail(st, STORE_EINPUT, "row %s has no %s",
			    id, field_key(f));
			return -STORE_EINPUT;
		}
		if (json_object_get(fo, "value") != NULL)
			json_object_set(fo, "was", json_object_get(fo,
			    "value"));
		json_object_set_new(fo, "value", json_string(""));
		json_object_set_new(fo, "status", json_string("illegible"));
		*d->result = "illegible";
	} else if (value == NULL) {
		if (fo == NULL) {
			store_fail(st, STORE_EINPUT, "row %s has no %s",
			    id, field_key(f));
			return -STORE_EINPUT;
		}
		s = json_string_value(json_object_get(fo, "value"));
		if (s == NULL || !value_valid(f, s, year)) {
			store_fail(st, STORE_EINPUT, "row %s: %s \"%s\" is not "
			    "valid, so it cannot be confirmed; set it with "
			    "`sogoc set %s %s VALUE`", id, field_key(f),
			    s ? s : "", id, field_key(f));
			return -STORE_EINPUT;
		}
		json_object_set_new(fo, "status", json_string("confirmed"));
		*d->result = "confirmed";
	} else {
		if ((count = person_value(st, f, value, year, &n)) != 0)
			return count;
		/* The value as it stands, only written another way (a date
		 * as d/m/yyyy, text decomposed): a confirmation. */
		s = fo != NULL ? json_string_value(json_object_get(fo,
		    "value")) : NULL;
		if (d->review && s != NULL && strcmp(s, n.value) == 0 &&
		    strcmp(field_status(fo), "review") == 0) {
			norm_clear(&n);
			json_object_set_new(fo, "status",
			    json_string("confirmed"));
			*d->result = "confirmed";
			json_object_set_new(fo, "by", json_string(by));
			json_object_set_new(fo, "at", json_string(ts));
			return 1;
		}
		if (fo == NULL) {
			fo = json_object();
			json_object_set_new(fields, field_key(f), fo);
		} else if (json_object_get(fo, "value") != NULL)
			json_object_set(fo, "was", json_object_get(fo,
			    "value"));
		/* What OCR was sure of and a person changed: its precision. */
		if (strcmp(field_status(fo), "accepted") == 0 &&
		    strcmp(json_string_value(json_object_get(fo, "value")),
		    n.value) != 0) {
			json_object_set_new(fo, "was_status",
			    json_string("accepted"));
			json_object_set(fo, "accepted_value",
			    json_object_get(fo, "value"));
		}
		/* Changed back to what OCR had accepted: OCR was right. */
		s = json_string_value(json_object_get(fo, "accepted_value"));
		if (s != NULL && strcmp(field_status(fo), "accepted") != 0 &&
		    strcmp(s, n.value) == 0) {
			json_object_set_new(fo, "value", json_string(n.value));
			json_object_set_new(fo, "status",
			    json_string("accepted"));
			json_object_del(fo, "was_status");
			json_object_del(fo, "accepted_value");
			json_object_del(fo, "was");
			*d->result = "confirmed";
			norm_clear(&n);
			json_object_set_new(fo, "by", json_string(by));
			json_object_set_new(fo, "at", json_string(ts));
			return 1;
		}
		json_object_set_new(fo, "value", json_string(n.value));
		json_object_set_new(fo, "status", json_string("set"));
		*d->result = "set";
		norm_clear(&n);
	}
	json_object_set_new(fo, "by", json_string(by));
	json_object_set_new(fo, "at", json_string(ts));
	return 1;
}

/*
 * The graduation year of the volume a staged row came from, and whether
 * its fields are keyed twice blind.
 */
static int
source_year(struct store *st, struct store_rd *txn, const uint8_t *sha,
    int *double_key)
{
	struct store_val v;
	json_t		*o, *vol;
	int		 y = 0;

	(void)st;
	*double_key = 0;
	if (store_get(txn, DB_SOURCES, sha, 32, &v) != STORE_OK)
		return 0;
	o = json_loadb(v.data, v.len, 0, NULL);
	vol = json_object_get(o, "volume");
	y = (int)json_integer_value(json_object_get(vol, "year"));
	*double_key = json_is_true(json_object_get(vol, "double_key"));
	json_decref(o);
	return y;
}

static int	 decide(struct store *, const char *, int,
		    const struct decision *, size_t *);

int
staging_decide(struct store *st, const char *id, int page_only,
    enum field f, const char *value, const char *by, size_t *count)
{
	const char	*result;
	struct decision	 d = { f, value, NULL, NULL, 0, by, 0, 0, &result };

	return decide(st, id, page_only, &d, count);
}

int
staging_review(struct store *st, const char *id, enum field f,
    const char *value, int illegible, const char *seen,
    const char *seen_status, const char *by, const char **result)
{
	struct decision	 d = { f, value, seen, seen_status, illegible, by, 1,
			    0, result };
	size_t		 n;

	if (f == FIELD_UNKNOWN || (seen == NULL) != (seen_status == NULL))
		return store_fail(st, STORE_EINPUT, "a review names one "
		    "field and what was seen of it");
	return decide(st, id, 0, &d, &n);
}

/* What decide_one() applies, and what it did. */
struct decide_ctx {
	struct store		*st;
	struct store_txn	*t;
	const struct decision	*d;
	int			 year, page_only;
	size_t			*count;
	char			 rid[64];
};

/*
 * Applies the decision to one staged row of the page or the row asked for
 * (store_each() in the write transaction), replacing it in place.
 */
static int
decide_one(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct decide_ctx	*x = arg;
	struct store		*st = x->st;
	uint8_t			 key[STAGE_KEYLEN];
	json_t			*row;
	json_error_t		 jerr;
	char			*dump;
	uint64_t		 rec;
	int			 rc, n, dup;

	if (k->len != STAGE_KEYLEN)
		return STORE_STOP;
	row_id(k->data, x->rid, sizeof(x->rid));
	if (published_get(st, store_txn_rd(x->t), k->data, &rec, &dup)) {
		if (x->page_only)
			return STORE_OK;
		return store_fail(st, STORE_ECONFLICT, "row %s was published "
		    "as record %" PRIu64 "; change it with `sogoc correct`",
		    x->rid, rec);
	}
	row = json_loadb(v->data, v->len, 0, &jerr);
	if (row == NULL)
		return store_fail(st, STORE_ECORRUPT, "row %s does not "
		    "parse: %s", x->rid, jerr.text);
	n = decide_row(st, row, x->d, x->year, x->rid);
	if (n < 0) {
		json_decref(row);
		return -n;
	}
	*x->count += (size_t)n;
	/* The key points into the map: copied before the writes. */
	memcpy(key, k->data, STAGE_KEYLEN);
	rc = ready_set(st, x->t, key, row, NULL, NULL);
	dump = rc == STORE_OK ? json_dumps(row, JSON_COMPACT) : NULL;
	json_decref(row);
	if (dump == NULL)
		return rc == STORE_OK ? store_fail(st, STORE_ENOMEM, "out of "
		    "memory") : rc;
	/* Replaced in place, so the walk goes on from here. */
	rc = store_put(x->t, DB_STAGING, key, STAGE_KEYLEN, dump,
	    strlen(dump), 0, NULL);
	free(dump);
	if (rc != STORE_OK)
		return rc;
	return x->page_only ? STORE_OK : STORE_STOP;
}

static int
decide(struct store *st, const char *id, int page_only,
    const struct decision *d, size_t *count)
{
	struct decide_ctx	 x = { .st = st, .page_only = page_only,
				    .count = count };
	struct decision		 dd;
	int			 dk;
	enum field		 f = d->field;
	uint8_t			 key[STAGE_KEYLEN], sha[32];
	const char		*colon;
	char			*end;
	unsigned long		 page, rowno = 0;
	int			 rc;

	*count = 0;
	colon = strchr(id, ':');
	if (colon == NULL)
		return store_fail(st, STORE_EINPUT, "%s is not a row id "
		    "(HEX:PAGE:ROW, see `sogoc staged`)", id);
	errno = 0;
	page = strtoul(colon + 1, &end, 10);
	if (!page_only && *end == ':' && end[1] >= '0' && end[1] <= '9')
		rowno = strtoul(end + 1, &end, 10);
	if (errno != 0 || page == 0 || page > 100000 || *end != '\0' ||
	    (!page_only && (rowno == 0 || rowno > 10000)) ||
	    colon[1] < '0' || colon[1] > '9')
		return store_fail(st, STORE_EINPUT, "%s is not a %s id "
		    "(see `sogoc staged`)", id, page_only ? "page (HEX:PAGE)" :
		    "row (HEX:PAGE:ROW)");
	rc = store_wr_begin(st, &x.t);
	if (rc != STORE_OK)
		return rc;
	rc = find_source(st, store_txn_rd(x.t), id, (size_t)(colon - id), sha);
	if (rc != STORE_OK)
		goto fail;
	x.year = source_year(st, store_txn_rd(x.t), sha, &dk);
	dd = *d;
	dd.double_key = d->review && dk;
	x.d = &dd;
	stage_key(sha, (uint32_t)page, (uint32_t)rowno, key);
	/* The page's rows (its file and page), or the one row. */
	rc = store_each(store_txn_rd(x.t), DB_STAGING, key, STAGE_KEYLEN,
	    page_only ? 36 : STAGE_KEYLEN, decide_one, &x);
	if (rc != STORE_OK)
		goto fail;
	if (*count == 0 && !page_only && f == FIELD_UNKNOWN) {
		rc = store_fail(st, STORE_EINPUT, "row %s has no field under "
		    "review", id);
		goto fail;
	}
	if (x.rid[0] == '\0') {
		rc = store_fail(st, STORE_ENOTFOUND, "no staged %s %s",
		    page_only ? "page" : "row", id);
		goto fail;
	}
	return store_wr_commit(x.t, NULL);
fail:
	store_wr_abort(x.t);
	return rc;
}

/*
 * One keyed row of a page to key: its fields checked and normalised into
 * fo ({key: {value, status "set", by, at}}); each refusal is appended to
 * bad as [rowno, key, "invalid" | "missing"].  Returns 1 when the row
 * holds a value, 0 when it is blank, minus a STORE_* code on failure.
 */
static int
key_row(struct store *st, json_t *in, int year, size_t rowno,
    const char *by, const char *ts, json_t *fo, json_t *bad)
{
	static const enum field required[] = { FIELD_FULL_NAME,
	    FIELD_DATE_OF_BIRTH };
	struct norm	 n;
	const char	*k, *v;
	json_t		*o;
	enum field	 f;
	size_t		 i;
	int		 blank = 1, rc;

	if (!json_is_object(in))
		return -store_fail(st, STORE_EINPUT, "row %zu is not an "
		    "object of fields", rowno);
	json_object_foreach(in, k, o) {
		v = json_string_value(o);
		f = field_from_key(k);
		if (v == NULL || f == FIELD_UNKNOWN ||
		    !event_field_allowed(f))
			return -store_fail(st, STORE_EINPUT, "row %zu: \"%s\" "
			    "is not a field of the registry with a text value",
			    rowno, k);
		if (v[strspn(v, " \t")] != '\0')
			blank = 0;
	}
	if (blank)
		return 0;
	json_object_foreach(in, k, o) {
		v = json_string_value(o);
		if (v[strspn(v, " \t")] == '\0')
			continue;
		f = field_from_key(k);
		rc = person_value(st, f, v, year, &n);
		if (rc == -STORE_EINPUT) {
			json_array_append_new(bad, json_pack("[I, s, s]",
			    (json_int_t)rowno, k, "invalid"));
			continue;
		}
		if (rc != 0)
			return rc;
		o = json_pack("{s:s, s:s, s:s, s:s}", "value", n.value,
		    "status", "set", "by", by, "at", ts);
		norm_clear(&n);
		if (o == NULL)
			return -store_fail(st, STORE_ENOMEM, "out of memory");
		json_object_set_new(fo, k, o);
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		v = json_string_value(json_object_get(in,
		    field_key(required[i])));
		if (v == NULL || v[strspn(v, " \t")] == '\0')
			json_array_append_new(bad, json_pack("[I, s, s]",
			    (json_int_t)rowno, field_key(required[i]),
			    "missing"));
	}
	return 1;
}

int
staging_key_page(struct store *st, const char *page, json_t *rows,
    const char *by, size_t *count, json_t **bad)
{
	struct store_txn	*t;
	struct store_val	 v;
	uint8_t			 key[STAGE_KEYLEN], rk[STAGE_KEYLEN];
	json_t			*entry = NULL, *in, *row, *fo, *done;
	char			 ts[32];
	size_t			 i, n = 0;
	int			 rc, dk, year;

	*count = 0;
	*bad = json_array();
	if (*bad == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	if (!json_is_array(rows) || json_array_size(rows) > 1000)
		return store_fail(st, STORE_EINPUT, "the rows of a page are a "
		    "list of at most 1000");
	now_iso(ts, sizeof(ts));
	rc = store_wr_begin(st, &t);
	if (rc != STORE_OK)
		return rc;
	rc = page_prefix(st, store_txn_rd(t), page, key);
	if (rc != STORE_OK)
		goto fail;
	rc = store_get(store_txn_rd(t), DB_STAGING, key, STAGE_KEYLEN, &v);
	entry = rc == STORE_OK ? json_loadb(v.data, v.len, 0, NULL) : NULL;
	if (json_object_get(entry, "to_key") == NULL) {
		rc = store_fail(st, STORE_ENOTFOUND, "%s is not a page to key "
		    "by hand", page);
		goto fail;
	}
	if (json_object_get(json_object_get(entry, "to_key"), "keyed") !=
	    NULL) {
		rc = store_fail(st, STORE_ECONFLICT, "page %s was keyed "
		    "meanwhile", page);
		goto fail;
	}
	year = source_year(st, store_txn_rd(t), key, &dk);
	json_array_foreach(rows, i, in) {
		row = json_pack("{s:O, s:O, s:I, s:b, s:{}}", "source",
		    json_object_get(entry, "source"), "page",
		    json_object_get(entry, "page"), "row", (json_int_t)(n + 1),
		    "by_hand", 1, "fields");
		if (row == NULL) {
			rc = store_fail(st, STORE_ENOMEM, "out of memory");
			goto fail;
		}
		copy_straightening(entry, row);
		fo = json_object_get(row, "fields");
		rc = key_row(st, in, year, i + 1, by, ts, fo, *bad);
		if (rc <= 0 || json_array_size(*bad) > 0) {
			json_decref(row);
			if (rc < 0) {
				rc = -rc;
				goto fail;
			}
			continue;
		}
		n++;
		stage_key(key, (uint32_t)(store_get_u64(key + 32) >> 32),
		    (uint32_t)n, rk);
		rc = put_json(st, t, rk, row, STORE_NOOVERWRITE);
		if (rc == STORE_OK)
			rc = ready_set(st, t, rk, row, NULL, NULL);
		json_decref(row);
		if (rc != STORE_OK)
			goto fail;
	}
	if (json_array_size(*bad) > 0) {
		rc = store_fail(st, STORE_EINPUT, "%zu values were refused; "
		    "nothing was stored", json_array_size(*bad));
		goto fail;
	}
	/* The page leaves the queue; its rows say who keyed them. */
	done = json_pack("{s:s, s:s, s:I}", "by", by, "at", ts, "rows",
	    (json_int_t)n);
	if (done == NULL) {
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto fail;
	}
	json_object_set_new(json_object_get(entry, "to_key"), "keyed", done);
	rc = put_json(st, t, key, entry, 0);
	if (rc != STORE_OK)
		goto fail;
	json_decref(entry);
	*count = n;
	return store_wr_commit(t, NULL);
fail:
	json_decref(entry);
	store_wr_abort(t);
	return rc;
}

/* A ready row: its staging key, for the write pass. */
struct ready {
	uint8_t	 key[STAGE_KEYLEN];
	char	*serial;	/* serial key, NULL when none */
	char	*person;	/* folded name | date of birth */
	size_t	 order;
};

static int
ready_cmp(const void *a, const void *b)
{
	const struct ready	*x = a, *y = b;
	int			 c;

	if (x->serial == NULL || y->serial == NULL)
		return (x->serial == NULL) - (y->serial == NULL);
	c = strcmp(x->serial, y->serial);
	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int
ready_order_cmp(const void *a, const void *b)
{
	const struct ready	*x = a, *y = b;

	return x->order < y->order ? -1 : x->order > y->order;
}

/*
 * A ledger whose notes say the diploma was revoked or cancelled (thu hồi,
 * hủy bỏ) is published as it stands: revoked.
 */
static int
notes_revoke(struct event *ev, const char *notes)
{
	char	*fold;
	int	 rc = EVENT_OK;

	if (notes == NULL || notes[0] == '\0')
		return EVENT_OK;
	fold = norm_fold(notes);
	if (fold == NULL)
		return EVENT_ENOMEM;
	if (strstr(fold, "thuhoi") != NULL || strstr(fold, "huybo") != NULL) {
		ev->revoked = 1;
		rc = event_set_attr(ev, EVENT_REASON, "noted in the ledger");
	}
	free(fold);
	return rc;
}

/* Fills ev from a staged row and the volume of its source. */
static int
row_event(struct store *st, json_t *row, json_t *vol, const uint8_t *key,
    const char *by, struct event *ev)
{
	static const struct {
		const char	*json;
		enum event_attr	 attr;
	} va[] = {
		{ "authority", EVENT_AUTHORITY },
		{ "type", EVENT_TYPE },
		{ "decision", EVENT_DECISION },
		{ "decision_date", EVENT_DECISION_DATE },
	};
	json_t		*fo;
	const char	*k, *s;
	char		 y[16];
	size_t		 i;
	enum field	 f;
	int		 rc;

	ev->kind = EVENT_ISSUE;
	ev->time = (int64_t)time(NULL);
	for (i = 0; i < sizeof(va) / sizeof(va[0]); i++) {
		s = json_string_value(json_object_get(vol, va[i].json));
		if (s != NULL && event_set_attr(ev, va[i].attr, s) != EVENT_OK)
			return store_fail(st, STORE_EINPUT, "the volume's %s "
			    "cannot be recorded", va[i].json);
	}
	snprintf(y, sizeof(y), "%" JSON_INTEGER_FORMAT,
	    json_integer_value(json_object_get(vol, "year")));
	if (event_set_attr(ev, EVENT_YEAR, y) != EVENT_OK ||
	    (by != NULL && event_set_attr(ev, EVENT_BY, by) != EVENT_OK))
		return store_fail(st, STORE_EINPUT, "\"%s\" cannot be "
		    "recorded as who published", by ? by : "");
	ev->has_source = 1;
	memcpy(ev->source, key, 32);
	ev->page = (uint32_t)(store_get_u64(key + 32) >> 32);
	ev->row = (uint32_t)store_get_u64(key + 32);
	if (notes_revoke(ev, row_value(row, FIELD_NOTES)) != EVENT_OK)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	json_object_foreach(json_object_get(row, "fields"), k, fo) {
		f = field_from_key(k);
		if (!event_field_allowed(f))
			continue;
		s = json_string_value(json_object_get(fo, "value"));
		rc = event_set_value(ev, f, s ? s : "");
		if (rc != EVENT_OK)
			return store_fail(st, rc == EVENT_ENOMEM ?
			    STORE_ENOMEM : STORE_EINPUT, "%s: %s", k,
			    event_strerror(rc));
	}
	if (event_new_salts(ev) != EVENT_OK)
		return store_fail(st, STORE_ENOMEM, "no random salts");
	return STORE_OK;
}

/* Entries in database db, for counts. */
static size_t
db_entries(struct store *st, struct store_rd *txn, const struct store_db *db)
{
	size_t	 n;

	(void)st;
	if (store_count(txn, db, &n) != STORE_OK)
		return 0;
	return n;
}

/* The rows collect_ready() gathers. */
struct ready_ctx {
	struct store	*st;
	struct store_rd	*txn;
	const uint8_t	*only;
	struct ready	*r;
	size_t		 n, cap;
};

/*
 * One entry of the ready queue for collect_ready() (store_each()): kept,
 * unless its serial number is a record of another person.
 */
static int
ready_one(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct ready_ctx	*x = arg;
	struct store		*st = x->st;
	struct ready		*nr, *r;
	struct event		 ev;
	uint64_t		 rec, idx;
	size_t			 sl, pl;
	char			*pk, ida[64], sbuf[128];
	const char		*p = v->data;
	int			 rc;

	sl = strnlen(p, v->len);
	pl = sl < v->len ? strnlen(p + sl + 1, v->len - sl - 1) : 0;
	if (k->len != STAGE_KEYLEN || sl >= v->len || sl + 1 + pl >= v->len)
		return store_fail(st, STORE_ECORRUPT, "an entry of the ready "
		    "queue is malformed");
	/* One page: its source's SHA-256 and the page number. */
	if (x->only != NULL && memcmp(k->data, x->only, 36) != 0)
		return STORE_OK;
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 1024;
		nr = reallocarray(x->r, x->cap, sizeof(*x->r));
		if (nr == NULL)
			return store_fail(st, STORE_ENOMEM, "out of memory");
		x->r = nr;
	}
	r = &x->r[x->n];
	memset(r, 0, sizeof(*r));
	memcpy(r->key, k->data, STAGE_KEYLEN);
	r->order = x->n;
	r->serial = sl > 0 ? strndup(p, sl) : NULL;
	r->person = strndup(p + sl + 1, pl);
	snprintf(sbuf, sizeof(sbuf), "%.*s", (int)(v->len - sl - pl - 2),
	    p + sl + pl + 2);
	x->n++;
	if (r->person == NULL || (sl > 0 && r->serial == NULL))
		return store_fail(st, STORE_ENOMEM, "out of memory");
	if (r->serial == NULL ||
	    store_by_serial(st, x->txn, r->serial, &rec) != STORE_OK)
		return STORE_OK;
	rc = store_record(st, x->txn, rec, &ev, &idx);
	if (rc != STORE_OK)
		return rc;
	pk = person_key(ev.field[FIELD_FULL_NAME].value,
	    ev.field[FIELD_DATE_OF_BIRTH].value);
	event_clear(&ev);
	if (pk == NULL || strcmp(pk, r->person) != 0) {
		row_id(r->key, ida, sizeof(ida));
		rc = pk == NULL ? store_fail(st, STORE_ENOMEM, "out of "
		    "memory") : store_fail(st, STORE_ECONFLICT, "row %s: "
		    "serial number %s is already record %" PRIu64 ", issued "
		    "to another person; fix the row with `sogoc set`", ida,
		    sbuf, rec);
		free(pk);
		return rc;
	}
	free(pk);
	return STORE_OK;
}

/*
 * The check pass: reads the ready queue (no staged JSON) and refuses a
 * serial number the registry or another ready row gives another person.
 */
static int
collect_ready(struct store *st, const uint8_t *only, struct ready **out,
    size_t *nout, struct staging_publish_stats *stats)
{
	struct ready_ctx x = { st, NULL, only, NULL, 0, 0 };
	struct ready	*r;
	size_t		 n, i, staged, done, ready;
	char		 ida[64], idb[64];
	int		 rc;

	*out = NULL;
	*nout = 0;
	rc = store_rd_begin(st, &x.txn);
	if (rc != STORE_OK)
		return rc;
	staged = db_entries(st, x.txn, DB_STAGING);
	done = db_entries(st, x.txn, DB_PUBLISHED);
	ready = db_entries(st, x.txn, DB_READY);
	stats->waiting = staged > done + ready ? staged - done - ready : 0;
	rc = store_each(x.txn, DB_READY, NULL, 0, 0, ready_one, &x);
	r = x.r;
	n = x.n;
	if (rc != STORE_OK)
		goto out;
	/* Two ready rows may give one serial number to two people. */
	if (n > 1)
		qsort(r, n, sizeof(*r), ready_cmp);
	for (i = 1; i < n; i++) {
		if (r[i].serial == NULL || r[i - 1].serial == NULL ||
		    strcmp(r[i].serial, r[i - 1].serial) != 0 ||
		    strcmp(r[i].person, r[i - 1].person) == 0)
			continue;
		row_id(r[i - 1].key, ida, sizeof(ida));
		row_id(r[i].key, idb, sizeof(idb));
		rc = store_fail(st, STORE_ECONFLICT, "rows %s and %s give "
		    "serial number %s to two different people; fix one with "
		    "`sogoc set`", ida, idb, r[i].serial);
		goto out;
	}
	if (n > 1)
		qsort(r, n, sizeof(*r), ready_order_cmp);
	rc = STORE_OK;
out:
	store_rd_end(x.txn);
	if (rc != STORE_OK) {
		for (i = 0; i < n; i++) {
			free(r[i].serial);
			free(r[i].person);
		}
		free(r);
		return rc;
	}
	*out = r;
	*nout = n;
	return STORE_OK;
}

/* Publishes one ready row inside t (record: the next record number). */
static int
publish_row(struct store_txn *t, struct ready *r, uint64_t *record,
    json_t **volcache, uint8_t *volsha, const char *by,
    struct staging_publish_stats *stats)
{
	struct store	*st = store_txn_store(t);
	struct event	 ev = { 0 };
	struct store_val v;
	json_t		*row = NULL;
	json_error_t	 jerr;
	uint64_t	 rec = 0, idx;
	uint8_t		 mark[8];
	int		 rc, dup = 0;

	rc = store_get(store_txn_rd(t), DB_STAGING, r->key, STAGE_KEYLEN, &v);
	if (rc == STORE_ENOTFOUND)
		return store_fail(st, STORE_EIO, "reading staging: a ready row "
		    "is not staged");
	if (rc != STORE_OK)
		return rc;
	row = json_loadb(v.data, v.len, 0, &jerr);
	if (row == NULL)
		return store_fail(st, STORE_ECORRUPT, "a staged row does not "
		    "parse: %s", jerr.text);
	if (*volcache == NULL || memcmp(volsha, r->key, 32) != 0) {
		json_decref(*volcache);
		*volcache = NULL;
		rc = store_get(store_txn_rd(t), DB_SOURCES, r->key, 32, &v);
		if (rc == STORE_OK)
			*volcache = json_loadb(v.data, v.len, 0, &jerr);
		if (*volcache == NULL) {
			rc = store_fail(st, STORE_ECORRUPT, "the source of a "
			    "staged row is missing");
			goto out;
		}
		memcpy(volsha, r->key, 32);
	}
	/* The same person's row published before (a rescan): link it. */
	if (r->serial != NULL && store_by_serial(st, store_txn_rd(t),
	    r->serial, &rec) == STORE_OK) {
		dup = 1;
		stats->duplicates++;
	} else {
		rc = row_event(st, row, json_object_get(*volcache, "volume"),
		    r->key, by, &ev);
		if (rc != STORE_OK)
			goto out;
		ev.record = ++*record;
		rc = store_append(t, &ev, &idx);
		if (rc != STORE_OK)
			goto out;
		stats->published++;
	}
	/* The row leaves the ready queue and is marked published. */
	store_u64(dup ? rec | PUBLISHED_DUP : ev.record, mark);
	rc = store_put(t, DB_PUBLISHED, r->key, STAGE_KEYLEN, mark, 8, 0,
	    NULL);
	if (rc == STORE_OK)
		rc = store_del(t, DB_READY, r->key, STAGE_KEYLEN);
	if (rc == STORE_ENOTFOUND)
		rc = store_fail(st, STORE_EIO, "marking a row published: it "
		    "left the ready queue");
out:
	event_clear(&ev);
	json_decref(row);
	return rc;
}

/* The staging key prefix (SHA-256, page) of page id "HEX:PAGE". */
static int
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
staging_publish(struct store *st, const struct note_signer *signer,
    size_t batch, const char *page, const char *by,
    struct staging_publish_stats *stats,
    void (*progress)(void *, size_t, size_t), void *arg)
{
	struct store_txn	*t;
	struct ready		*r = NULL;
	json_t			*vol = NULL;
	uint8_t			 volsha[32], only[STAGE_KEYLEN];
	uint64_t		 record;
	size_t			 n, i, j;
	int			 rc;

	memset(stats, 0, sizeof(*stats));
	if (batch == 0)
		batch = 10000;
	/* A wrong key or page is refused before any work. */
	rc = store_wr_begin(st, &t);
	if (rc != STORE_OK)
		return rc;
	rc = store_check_signer(t, signer);
	if (rc == STORE_OK && page != NULL)
		rc = page_prefix(st, store_txn_rd(t), page, only);
	store_wr_abort(t);
	if (rc != STORE_OK)
		return rc;
	rc = collect_ready(st, page != NULL ? only : NULL, &r, &n, stats);
	if (rc != STORE_OK)
		return rc;
	for (i = 0; i < n; i += batch) {
		rc = store_wr_begin(st, &t);
		if (rc == STORE_OK)
			rc = store_record_count(st, store_txn_rd(t), &record);
		for (j = i; rc == STORE_OK && j < n && j < i + batch; j++)
			rc = publish_row(t, &r[j], &record, &vol, volsha, by,
			    stats);
		if (rc != STORE_OK) {
			store_wr_abort(t);
			break;
		}
		stats->size = store_txn_size(t);
		rc = store_wr_commit(t, signer);
		if (rc != STORE_OK)
			break;
		if (progress != NULL)
			progress(arg, j, n);
	}
	for (i = 0; i < n; i++) {
		free(r[i].serial);
		free(r[i].person);
	}
	free(r);
	json_decref(vol);
	return rc;
}

/* Normalising rows is most of a bulk import's work: two threads share it. */
struct fwork {
	struct csvst	*c;
	size_t		 from, to;
};

/*
 * Places, schools, ethnicities, classifications repeat down a ledger: a
 * small per-thread cache of their normalised forms saves most of the
 * Unicode work.  Names, dates and numbers are not cached: they differ.
 */
#define FCACHE_SIZE	4096

struct fcache {
	char	*raw[FCACHE_SIZE];
	char	*val[FCACHE_SIZE];
	uint8_t	 field[FCACHE_SIZE];
};

static int
fcache_field(enum field f)
{
	return f == FIELD_PLACE_OF_BIRTH || f == FIELD_SEX ||
	    f == FIELD_ETHNICITY || f == FIELD_SCHOOL ||
	    f == FIELD_CLASSIFICATION || f == FIELD_NOTES;
}

static size_t
fcache_slot(enum field f, const char *raw)
{
	uint32_t	 h = 2166136261u ^ (uint32_t)f;

	for (; *raw != '\0'; raw++)
		h = (h ^ (uint8_t)*raw) * 16777619u;
	return h % FCACHE_SIZE;
}

static void
fcache_free(struct fcache *fc)
{
	size_t	 i;

	for (i = 0; i < FCACHE_SIZE; i++) {
		free(fc->raw[i]);
		free(fc->val[i]);
	}
	free(fc);
}

static void *
fused_normalise(void *arg)
{
	struct fwork	*w = arg;
	struct csvst	*c = w->c;
	struct norm_ctx	 ctx = { c->vol->year };
	struct norm	 n;
	struct frow	*r;
	struct fcache	*fc;
	size_t		 i, col, slot;
	char		*v, buf[512];
	int		 f;

	fc = calloc(1, sizeof(*fc));
	for (i = w->from; i < w->to; i++) {
		r = &c->fused->v[i];
		for (f = 0; f < FIELD_COUNT && r->err == NULL; f++) {
			if (r->val[f] == NULL)
				continue;
			slot = fcache_slot((enum field)f, r->val[f]);
			if (fc != NULL && fcache_field((enum field)f) &&
			    fc->raw[slot] != NULL && fc->field[slot] == f &&
			    strcmp(fc->raw[slot], r->val[f]) == 0) {
				v = strdup(fc->val[slot]);
				if (v == NULL) {
					r->err = strdup("out of memory");
					break;
				}
				free(r->val[f]);
				r->val[f] = v;
				continue;
			}
			if (!typed_normalise((enum field)f)) {
				v = norm_text(r->val[f]);
			} else if (normalize_field((enum field)f, r->val[f],
			    &ctx, &n) != NORM_OK) {
				v = NULL;
			} else if (!n.valid && normalize_strict((enum field)f)) {
				for (col = 0; col < c->ncol &&
				    c->col[col] != (enum field)f; col++)
					continue;
				snprintf(buf, sizeof(buf), "%s: row %zu, column "
				    "\"%s\": \"%s\" is not a valid %s", c->path,
				    r->line, col < c->ncol ? c->label[col] : "",
				    r->val[f], field_key((enum field)f));
				r->err = strdup(buf);
				norm_clear(&n);
				break;
			} else {
				v = n.value;
				n.value = NULL;
				norm_clear(&n);
			}
			if (v == NULL) {
				r->err = strdup("out of memory");
				break;
			}
			if (fc != NULL && fcache_field((enum field)f)) {
				free(fc->raw[slot]);
				free(fc->val[slot]);
				fc->raw[slot] = r->val[f];
				fc->val[slot] = strdup(v);
				fc->field[slot] = (uint8_t)f;
				r->val[f] = NULL;
			}
			free(r->val[f]);
			r->val[f] = v;
		}
		if (r->err != NULL)
			continue;
		if (r->val[FIELD_SERIAL_NO] != NULL &&
		    r->val[FIELD_SERIAL_NO][0] != '\0')
			r->serial = store_serial_key(r->val[FIELD_SERIAL_NO]);
		r->person = person_key(r->val[FIELD_FULL_NAME],
		    r->val[FIELD_DATE_OF_BIRTH]);
		if (r->person == NULL)
			r->err = strdup("out of memory");
	}
	if (fc != NULL)
		fcache_free(fc);
	return NULL;
}

/* Builds and hashes the events of rows [from, to): the second thread's. */
struct fprep {
	struct frows			*fr;
	const struct staging_volume	*vol;
	const uint8_t			*sha;
	const char			*by;
	size_t				 from, to;
	int64_t				 now;
	int				 rc;
};

static void *
fused_prepare(void *arg)
{
	struct fprep	*w = arg;
	struct event	 ev;
	struct frow	*r;
	char		 y[16];
	size_t		 i;
	int		 f, rc = EVENT_OK;

	snprintf(y, sizeof(y), "%d", w->vol->year);
	for (i = w->from; i < w->to && w->rc == STORE_OK; i++) {
		r = &w->fr->v[i];
		if (r->skip != FROW_PUBLISH)
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.kind = EVENT_ISSUE;
		ev.record = r->record;
		ev.time = w->now;
		ev.has_source = 1;
		memcpy(ev.source, w->sha, 32);
		ev.page = 1;
		ev.row = r->rowno;
		rc = event_set_attr(&ev, EVENT_TYPE, w->vol->type);
		if (rc == EVENT_OK)
			rc = event_set_attr(&ev, EVENT_YEAR, y);
		if (rc == EVENT_OK && w->vol->authority != NULL)
			rc = event_set_attr(&ev, EVENT_AUTHORITY,
			    w->vol->authority);
		if (rc == EVENT_OK && w->vol->decision != NULL)
			rc = event_set_attr(&ev, EVENT_DECISION,
			    w->vol->decision);
		if (rc == EVENT_OK && w->vol->decision_date != NULL)
			rc = event_set_attr(&ev, EVENT_DECISION_DATE,
			    w->vol->decision_date);
		if (rc == EVENT_OK && w->by != NULL)
			rc = event_set_attr(&ev, EVENT_BY, w->by);
		for (f = 0; f < FIELD_COUNT && rc == EVENT_OK; f++)
			if (r->val[f] != NULL && event_field_allowed(f))
				rc = event_set_value(&ev, (enum field)f,
				    r->val[f]);
		if (rc == EVENT_OK)
			rc = notes_revoke(&ev, r->val[FIELD_NOTES]);
		if (rc == EVENT_OK)
			rc = event_new_salts(&ev);
		if (rc == EVENT_OK)
			rc = store_prepare(&ev, &r->prep) == STORE_OK ?
			    EVENT_OK : EVENT_ENOMEM;
		event_clear(&ev);
		if (rc != EVENT_OK)
			w->rc = rc == EVENT_ENOMEM ? STORE_ENOMEM :
			    STORE_EINPUT;
	}
	return NULL;
}

static void
frows_free(struct frows *fr)
{
	size_t	 i;
	int	 f;

	for (i = 0; i < fr->n; i++) {
		for (f = 0; f < FIELD_COUNT; f++)
			free(fr->v[i].val[f]);
		free(fr->v[i].serial);
		free(fr->v[i].person);
		free(fr->v[i].err);
		store_prepared_clear(&fr->v[i].prep);
	}
	free(fr->v);
	memset(fr, 0, sizeof(*fr));
}

static int
frow_serial_cmp(const void *a, const void *b)
{
	const struct frow	*const *x = a, *const *y = b;
	int			 c = strcmp((*x)->serial, (*y)->serial);

	if (c != 0)
		return c;
	return (*x)->line < (*y)->line ? -1 : (*x)->line > (*y)->line;
}

/*
 * The check of a bulk import, before anything is written: every row valid,
 * no serial number given to two people (in the file or against the
 * registry), rows published by an earlier run recognised, and the record
 * numbers the new ones will take.
 */
static int
fused_check(struct store *st, struct csvst *c, const uint8_t *sha)
{
	struct frows	*fr = c->fused;
	struct frow	**bys = NULL, *r;
	struct event	 ev;
	struct store_rd	*txn;
	uint8_t		 key[STAGE_KEYLEN];
	uint64_t	 rec, idx, next;
	size_t		 i, ns = 0;
	char		*pk;
	int		 rc, dup;

	for (i = 0; i < fr->n; i++)
		if (fr->v[i].err != NULL)
			return store_fail(st, strcmp(fr->v[i].err,
			    "out of memory") == 0 ? STORE_ENOMEM :
			    STORE_EINPUT, "%s", fr->v[i].err);
	bys = calloc(fr->n ? fr->n : 1, sizeof(*bys));
	if (bys == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	for (i = 0; i < fr->n; i++)
		if (fr->v[i].serial != NULL)
			bys[ns++] = &fr->v[i];
	if (ns > 1)
		qsort(bys, ns, sizeof(*bys), frow_serial_cmp);
	for (i = 1; i < ns; i++) {
		if (strcmp(bys[i]->serial, bys[i - 1]->serial) != 0)
			continue;
		if (strcmp(bys[i]->person, bys[i - 1]->person) != 0) {
			rc = store_fail(st, STORE_ECONFLICT, "%s:%zu: serial "
			    "number %s is also on line %zu for another person; "
			    "correct one of them first", c->path, bys[i]->line,
			    bys[i]->val[FIELD_SERIAL_NO], bys[i - 1]->line);
			free(bys);
			return rc;
		}
		bys[i]->skip = FROW_DUP;	/* numbered below */
		bys[i]->first = bys[i - 1]->first != NULL ?
		    bys[i - 1]->first : bys[i - 1];
	}
	free(bys);
	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	rc = store_record_count(st, txn, &next);
	for (i = 0; i < fr->n && rc == STORE_OK; i++) {
		r = &fr->v[i];
		stage_key(sha, 1, r->rowno, key);
		if (published_get(st, txn, key, &rec, &dup)) {
			r->skip = FROW_DONE;
			r->record = rec;
			continue;
		}
		if (r->serial != NULL &&
		    store_by_serial(st, txn, r->serial, &rec) == STORE_OK) {
			rc = store_record(st, txn, rec, &ev, &idx);
			if (rc != STORE_OK)
				break;
			pk = person_key(ev.field[FIELD_FULL_NAME].value,
			    ev.field[FIELD_DATE_OF_BIRTH].value);
			event_clear(&ev);
			if (pk == NULL || strcmp(pk, r->person) != 0)
				rc = pk == NULL ? store_fail(st, STORE_ENOMEM,
				    "out of memory") : store_fail(st,
				    STORE_ECONFLICT, "%s:%zu: serial number %s "
				    "is already record %" PRIu64 ", issued to "
				    "another person", c->path, r->line,
				    r->val[FIELD_SERIAL_NO], rec);
			free(pk);
			r->skip = FROW_DUP;
			r->record = rec;
			continue;
		}
		if (r->skip == FROW_DUP)
			continue;	/* a repeat in the file: below */
		r->record = ++next;
	}
	store_rd_end(txn);
	if (rc != STORE_OK)
		return rc;
	/* A row repeating an earlier one of the file points at its record. */
	for (i = 0; i < fr->n; i++) {
		r = &fr->v[i];
		if (r->skip == FROW_DUP && r->record == 0 && r->first != NULL)
			r->record = r->first->record;
	}
	return STORE_OK;
}

/* Writes rows [from, to), prepared, in one transaction with a checkpoint. */
static int
fused_write(struct store *st, const struct note_signer *signer,
    struct frows *fr, size_t from, size_t to, const uint8_t *sha,
    json_t *src, struct staging_publish_stats *ps)
{
	struct store_txn	*t;
	struct frow		*r;
	uint8_t			 key[STAGE_KEYLEN], mark[8];
	uint64_t		 index;
	size_t			 i;
	char			*dump;
	int			 rc;

	rc = store_wr_begin(st, &t);
	if (rc != STORE_OK)
		return rc;
	if (src != NULL) {
		dump = json_dumps(src, JSON_COMPACT);
		if (dump == NULL) {
			rc = store_fail(st, STORE_ENOMEM, "out of memory");
			goto fail;
		}
		rc = store_put(t, DB_SOURCES, sha, 32, dump, strlen(dump),
		    STORE_NOOVERWRITE, NULL);
		free(dump);
		if (rc != STORE_OK && rc != STORE_EEXIST)
			goto fail;
	}
	for (i = from; i < to; i++) {
		r = &fr->v[i];
		if (r->skip == FROW_DONE)
			continue;
		stage_key(sha, 1, r->rowno, key);
		if (r->skip == FROW_DUP) {
			store_u64(r->record | PUBLISHED_DUP, mark);
			ps->duplicates++;
		} else {
			rc = store_append_issue(t, &r->prep, &index);
			if (rc != STORE_OK)
				goto fail;
			store_u64(r->record, mark);
			ps->published++;
		}
		rc = store_put(t, DB_PUBLISHED, key, STAGE_KEYLEN, mark, 8,
		    0, NULL);
		if (rc == STORE_OK)
			rc = store_del(t, DB_READY, key, STAGE_KEYLEN);
		if (rc != STORE_OK && rc != STORE_ENOTFOUND)
			goto fail;
		store_prepared_clear(&r->prep);
	}
	ps->size = store_txn_size(t);
	return store_wr_commit(t, signer);
fail:
	store_wr_abort(t);
	return rc;
}

int
staging_import_csv_publish(struct store *st, const char *path,
    const struct staging_volume *vol, const char *by,
    const struct note_signer *signer, size_t batch,
    struct staging_import_stats *is, struct staging_publish_stats *ps,
    void (*progress)(void *, size_t, size_t), void *arg)
{
	struct csvst		 c = { 0 };
	struct frows		 fr = { 0 };
	struct fwork		 w[2];
	struct fprep		 prep[2];
	struct store_txn	*t;
	pthread_t		 th;
	json_t			*src = NULL;
	uint8_t			 sha[32];
	char			 err[256];
	size_t			 i, half, at, end;
	FILE			*fp;
	int			 rc, cur;

	memset(is, 0, sizeof(*is));
	memset(ps, 0, sizeof(*ps));
	if (batch == 0)
		batch = 50000;
	rc = staging_check_volume(st, vol);
	if (rc != STORE_OK)
		return rc;
	/* A wrong key is refused before any work. */
	rc = store_wr_begin(st, &t);
	if (rc != STORE_OK)
		return rc;
	rc = store_check_signer(t, signer);
	store_wr_abort(t);
	if (rc != STORE_OK)
		return rc;
	if (sha256_file(path, sha, err, sizeof(err)) != 0)
		return store_fail(st, STORE_EINPUT, "%s", err);
	fp = fopen(path, "rb");
	if (fp == NULL)
		return store_fail(st, STORE_EINPUT, "%s: %s", path,
		    strerror(errno));
	c.st = st;
	c.vol = vol;
	c.sha = sha;
	c.path = path;
	c.fused = &fr;
	rc = csv_read(&c, fp);
	if (rc != STORE_OK)
		goto out;
	if (fr.n == 0) {
		rc = store_fail(st, STORE_EINPUT, "%s: no data rows", path);
		goto out;
	}
	is->rows = fr.n;
	/* Validate and normalise on both cores; nothing is written yet. */
	half = fr.n / 2;
	w[0] = (struct fwork){ &c, 0, half };
	w[1] = (struct fwork){ &c, half, fr.n };
	if (pthread_create(&th, NULL, fused_normalise, &w[1]) != 0) {
		fused_normalise(&w[1]);
		fused_normalise(&w[0]);
	} else {
		fused_normalise(&w[0]);
		pthread_join(th, NULL);
	}
	rc = fused_check(st, &c, sha);
	if (rc != STORE_OK)
		goto out;
	src = source_json(path, "csv", vol, by);
	if (src == NULL) {
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto out;
	}
	/*
	 * Write batch by batch, each with its signed checkpoint, while the
	 * second thread builds and hashes the next batch's events.
	 */
	memset(prep, 0, sizeof(prep));
	prep[0] = (struct fprep){ &fr, vol, sha, by, 0, batch < fr.n ? batch :
	    fr.n, (int64_t)time(NULL), STORE_OK };
	fused_prepare(&prep[0]);
	cur = 0;
	for (at = 0; at < fr.n; at = end) {
		end = at + batch < fr.n ? at + batch : fr.n;
		if (prep[cur].rc != STORE_OK) {
			rc = store_fail(st, prep[cur].rc, "cannot build the "
			    "events (%s)", prep[cur].rc == STORE_ENOMEM ?
			    "out of memory" : "a value cannot be recorded");
			goto out;
		}
		prep[!cur] = (struct fprep){ &fr, vol, sha, by, end, end + batch <
		    fr.n ? end + batch : fr.n, prep[cur].now, STORE_OK };
		i = end < fr.n && pthread_create(&th, NULL, fused_prepare,
		    &prep[!cur]) == 0;
		rc = fused_write(st, signer, &fr, at, end, sha,
		    at == 0 ? src : NULL, ps);
		if (i)
			pthread_join(th, NULL);
		else if (end < fr.n)
			fused_prepare(&prep[!cur]);
		if (rc != STORE_OK)
			goto out;
		if (progress != NULL)
			progress(arg, end, fr.n);
		cur = !cur;
	}
	for (i = 0; i < fr.n; i++)
		if (fr.v[i].skip == FROW_DONE)
			is->published++;
	is->added = ps->published;
	rc = STORE_OK;
out:
	csv_done(&c);
	json_decref(src);
	frows_free(&fr);
	fclose(fp);
	return rc;
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
