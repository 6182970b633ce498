/*
 * staging.h: rows waiting to enter the registry, and publishing them.
 *
 * Rows come from `sogoc ocr --jsonl` or from a CSV of a ledger that was
 * typed into a spreadsheet, and wait in the staging database with their
 * provenance (the source file and its SHA-256, page, row, and per field the
 * OCR text, confidence and cell box).  A row is ready when every field is
 * accepted by OCR, was typed by a person (CSV), or was confirmed or set by a
 * person; publishing turns ready rows into issue events of the log.
 */
#ifndef SOGOC_REGISTRY_STAGING_H
#define SOGOC_REGISTRY_STAGING_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "note.h"
#include "store.h"

/* The ledger volume the imported rows belong to (cleartext in events). */
struct staging_volume {
	const char	*authority;	/* issuing authority, may be NULL */
	const char	*type;		/* diploma type: THPT, THCS, ... */
	int		 year;		/* graduation year */
	const char	*decision;	/* graduation decision number */
	const char	*decision_date;	/* its date, YYYY-MM-DD */
	int		 double_key;	/* handwritten: every flagged field is
					   keyed by two reviewers blind */
};

struct staging_import_stats {
	size_t	 rows;		/* data rows read */
	size_t	 added;		/* new rows staged */
	size_t	 replaced;	/* rows staged again, no decisions lost */
	size_t	 unchanged;	/* same as already staged */
	size_t	 kept;		/* staged with a person's decisions: kept */
	size_t	 published;	/* already published: left alone */
	size_t	 review;	/* of the file's rows not yet published,
				   those waiting for a person */
	size_t	 keypages;	/* pages to key by hand in the file (staged
				   now, or before; not those with rows) */
	size_t	 hand;		/* rows OCR found handwritten ("hand") */
};

/*
 * Whether an import's rows are mostly handwriting (half of them or more
 * marked "hand" by OCR): such a volume is better keyed twice, blind
 * (staging_volume.double_key), than reviewed against OCR's readings.
 */
int		 staging_mostly_hand(const struct staging_import_stats *s);

/* Checks vol before any work: STORE_EINPUT with why, or STORE_OK. */
int		 staging_check_volume(struct store *st,
		    const struct staging_volume *vol);

/*
 * Imports the JSON Lines of `sogoc ocr` in path ("-" for fp).  Relative
 * source paths are read from sources (NULL: the working directory) to take
 * their SHA-256.  All or nothing: on any bad line the store is unchanged and
 * the error (store_errmsg) names the line.
 */
int		 staging_import_jsonl(struct store *st, const char *path,
		    FILE *fp, const char *sources,
		    const struct staging_volume *vol, const char *by,
		    struct staging_import_stats *stats);

/*
 * A page `sogoc ocr` could not read (a line with "status":"key", SPEC
 * section 3) is staged as a page to key by hand: an entry of row 0 of
 * its page ("HEX:PAGE:0") holding "to_key" (why, error, rows: the
 * pipeline's estimate of its entries) and no fields.  It is never
 * published; staging_key_page() turns it into rows.  A page that has
 * staged rows already is not made a page to key again, and rows read
 * later from a page not yet keyed replace its entry.
 */

/* Imports a CSV whose header row names the ledger columns. */
int		 staging_import_csv(struct store *st, const char *path,
		    const struct staging_volume *vol, const char *by,
		    struct staging_import_stats *stats);

/*
 * Calls fn for every staged row not yet published (all: also those that
 * are), with its id ("<12 hex of SHA-256>:<page>:<row>") and JSON.  The
 * JSON is valid during the call only.  fn returns non-zero to stop.
 */
int		 staging_list(struct store *st, int all,
		    int (*fn)(void *, const char *, json_t *), void *arg);

/* As staging_list, for the rows of one page "HEX:PAGE" only. */
int		 staging_list_page(struct store *st, const char *page,
		    int all, int (*fn)(void *, const char *, json_t *),
		    void *arg);

/*
 * Calls fn for every imported source (scan or CSV) with the hex of its
 * SHA-256 and its JSON (path, kind, imported, by, volume).  fn returns
 * non-zero to stop.
 */
int		 staging_sources(struct store *st,
		    int (*fn)(void *, const char *, json_t *), void *arg);

/*
 * The source a row or page id ("HEX:...") names: its SHA-256 into sha
 * and its JSON into *src (json_decref it).
 */
int		 staging_source(struct store *st, const char *id,
		    uint8_t *sha, json_t **src);

/*
 * Records a person's decision on the row id: field f set to value (value
 * NULL: the field's current value confirmed; f FIELD_UNKNOWN: every field
 * under review).  page_only: id is "<hex>:<page>" and every review field of
 * the page is confirmed.  *count gets the number of fields decided.
 */
int		 staging_decide(struct store *st, const char *id, int page_only,
		    enum field f, const char *value, const char *by,
		    size_t *count);

/*
 * One reviewer's decision on field f of row id: value (NULL: confirmed as
 * it is), or illegible (the value becomes "", status "illegible").  seen
 * and seen_status are the value and status the reviewer was shown: when
 * the field has changed since (another reviewer saved it), the decision is
 * refused with STORE_ECONFLICT and nothing changes.
 *
 * In a double-keyed volume a flagged field is keyed blind instead: the
 * first reviewer's value is kept ("keyed"), a second reviewer's settles
 * it when the two agree ("set") and makes it "disputed" when they do not;
 * a third reviewer, not one of the two, then decides as above.  The same
 * reviewer cannot key a field twice.  *result gets the field's status.
 */
int		 staging_review(struct store *st, const char *id,
		    enum field f, const char *value, int illegible,
		    const char *seen, const char *seen_status, const char *by,
		    const char **result);

/*
 * Keys the rows of page "HEX:PAGE", a page to key by hand: rows is a
 * JSON array, one object per row of the page ({field key: value as
 * typed}), in page order; a row whose values are all blank is skipped.
 * Each value is checked and normalised as a reviewer's (staging_review),
 * and every row must have a full name and a date of birth.  All or
 * nothing: when any value is refused nothing changes, STORE_EINPUT is
 * returned and *bad (json_decref it) gets one [row, "field", "invalid"
 * or "missing"] per refusal, every one of them, rows counted from 1 as
 * in rows.  Otherwise the rows are staged as rows 1..n of the page,
 * every value "set" by by (row-level "by_hand": true), the page is
 * marked keyed (it leaves the queue), and *count gets n; they are then
 * published as reviewed rows are.  STORE_ENOTFOUND: no such page to
 * key; STORE_ECONFLICT: someone keyed it meanwhile.
 */
int		 staging_key_page(struct store *st, const char *page,
		    json_t *rows, const char *by, size_t *count, json_t **bad);

/* Whether by has keyed the staged field object fo (double keying). */
int		 staging_keyed_by(json_t *fo, const char *by);

struct staging_publish_stats;

/*
 * Imports a typed CSV ledger straight into the log: every row is checked
 * first (all or nothing, as staging_import_csv), then published as issue
 * events, batch rows per transaction with its own signed checkpoint, the
 * events of the next batch built and hashed on a second thread meanwhile.
 * Rows are not kept in staging: each event names the CSV's SHA-256 and
 * row.  Running it again after a crash publishes what is missing.
 */
int		 staging_import_csv_publish(struct store *st,
		    const char *path, const struct staging_volume *vol,
		    const char *by, const struct note_signer *signer,
		    size_t batch, struct staging_import_stats *is,
		    struct staging_publish_stats *ps,
		    void (*progress)(void *, size_t, size_t), void *arg);

struct staging_publish_stats {
	size_t	 published;	/* new records */
	size_t	 waiting;	/* rows still under review */
	size_t	 duplicates;	/* rows already published as a record */
	uint64_t size;		/* log size afterwards */
};

/*
 * Publishes every ready row (page "HEX:PAGE": only that page's) as an
 * issue event recorded by by (may be NULL), batch rows per transaction
 * (each with its own signed checkpoint).  Checks every such row against
 * the registry and each other first: a serial number already given to
 * another person is an error before anything is written.  progress (may
 * be NULL) is called after each batch.
 */
int		 staging_publish(struct store *st,
		    const struct note_signer *signer, size_t batch,
		    const char *page, const char *by,
		    struct staging_publish_stats *stats,
		    void (*progress)(void *, size_t, size_t), void *arg);

#endif /* SOGOC_REGISTRY_STAGING_H */
