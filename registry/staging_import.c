/*
 * staging_import.c: the importer core (one write transaction from the
 * first row to the last, staging a row while keeping people's decisions,
 * serial numbers checked against the registry and each other) and the
 * import of `sogoc ocr --jsonl` lines, each checked field by field.
 *
 * Imports are all or nothing: every line is parsed and checked first and
 * written in the one transaction, so a bad line leaves the store exactly as
 * it was.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "sha256.h"
#include "utf8.h"
#include "staging.h"
#include "staging_int.h"
#define LINE_MAX_BYTES	(1 << 20)

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

int
imp_begin(struct importer *imp, struct store *st, const char *path,
    struct staging_import_stats *stats)
{
	memset(imp, 0, sizeof(*imp));
	imp->st = st;
	imp->path = path;
	imp->stats = stats;
	return store_wr_begin(st, &imp->t);
}

void
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
	struct seen	*sn;
	uint64_t	 rec;
	int		 rc, same;

	f = json_object_get(json_object_get(row, "fields"), "serial_no");
	if (serial == NULL || serial[0] == '\0' ||
	    !status_ready(field_status(f)))
		return STORE_OK;
	if (grow(&imp->seen, &imp->capseen, imp->nseen, sizeof(*imp->seen),
	    1024) != 0)
		return store_fail(st, STORE_ENOMEM, "out of memory");
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
	rc = record_same_person(st, store_txn_rd(imp->t), rec, sn->person,
	    &same);
	if (rc == STORE_OK && !same)
		rc = store_fail(st, STORE_ECONFLICT, "%s:%zu: serial number "
		    "%s is already record %" PRIu64 ", issued to another "
		    "person", imp->path, line, serial, rec);
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
	rc = counts_apply(imp->t, &imp->counts, kk, NULL, -1);
	if (rc == STORE_OK)
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
	return put_json(st, imp->t, &imp->counts, key, row, 0);
}

/*
 * Stages one checked row under key, keeping what people decided on a row
 * staged before and leaving published rows alone.
 */
int
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
	rc = put_json(st, imp->t, &imp->counts, key, row, 0);
	if (rc != STORE_OK)
		return rc;
	return ready_set(st, imp->t, key, row, sk, pk);
}

/* Records the imported file (first import wins: it is provenance). */
int
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
int
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
	rc = counts_flush(imp->t, &imp->counts);
	if (rc != STORE_OK)
		return rc;
	rc = store_wr_commit(imp->t, NULL);
	imp->t = NULL;		/* the commit ended it */
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
void
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

/*
 * The SHA-256 of the scan sp a JSONL line names into sha: taken once per
 * scan (read from the directory sources when sp is relative) and kept in
 * src, with the scan's sources entry, until jsonl_sources() records them.
 */
static int
jsonl_source(struct importer *imp, json_t *src, const char *sp,
    const char *sources, const struct staging_volume *vol, const char *by,
    size_t lineno, uint8_t *sha)
{
	struct store	*st = imp->st;
	json_t		*s;
	char		 err[256], full[4096];
	int		 n;

	s = json_object_get(src, sp);
	if (s == NULL) {
		if (sources != NULL && sp[0] != '/')
			n = snprintf(full, sizeof(full), "%s/%s", sources, sp);
		else
			n = snprintf(full, sizeof(full), "%s", sp);
		if (n < 0 || (size_t)n >= sizeof(full) ||
		    sha256_file(full, sha, err, sizeof(err)) != 0)
			return store_fail(st, STORE_EINPUT, "%s:%zu: %s (the "
			    "scan is fingerprinted into the registry; "
			    "--sources DIR says where the scans are)",
			    imp->path, lineno, n < 0 ||
			    (size_t)n >= sizeof(full) ?
			    "source path too long" : err);
		s = source_json(sp, "ocr", vol, by);
		if (s == NULL)
			return store_fail(st, STORE_ENOMEM, "out of memory");
		hexsha(sha, full);
		json_object_set_new(s, "_sha", json_string(full));
		json_object_set_new(src, sp, s);
	}
	if (unhexsha(json_string_value(json_object_get(s, "_sha")), sha) != 0)
		return store_fail(st, STORE_EIO, "%s: a source's digest was "
		    "lost", imp->path);
	return STORE_OK;
}

/* Records the sources jsonl_source() kept (first import wins). */
static int
jsonl_sources(struct importer *imp, json_t *src)
{
	uint8_t		 sha[32];
	const char	*k;
	json_t		*s;
	int		 rc;

	json_object_foreach(src, k, s) {
		if (unhexsha(json_string_value(json_object_get(s, "_sha")),
		    sha) != 0)
			return store_fail(imp->st, STORE_EIO, "%s: a source's "
			    "digest was lost", imp->path);
		json_object_del(s, "_sha");
		rc = imp_source(imp, sha, s);
		if (rc != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

int
staging_import_jsonl(struct store *st, const char *path, FILE *fp,
    const char *sources, const struct staging_volume *vol, const char *by,
    struct staging_import_stats *stats)
{
	struct importer	 imp;
	json_t		*src = json_object(), *in, *row;
	json_error_t	 jerr;
	uint8_t		 sha[32], key[STAGE_KEYLEN];
	char		*line = NULL, err[256];
	size_t		 cap = 0, lineno = 0, nkeys = 0;
	ssize_t		 len;
	int		 rc, close_fp = 0, tokey;

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
		rc = jsonl_source(&imp, src, json_string_value(
		    json_object_get(row, "source")), sources, vol, by, lineno,
		    sha);
		if (rc != STORE_OK) {
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
	rc = jsonl_sources(&imp, src);
	if (rc == STORE_OK)
		rc = imp_finish(&imp, path);
out:
	imp_free(&imp);
	if (close_fp)
		fclose(fp);
	free(line);
	json_decref(src);
	return rc;
}
