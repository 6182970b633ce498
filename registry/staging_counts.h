/*
 * staging_counts.h: how far the staged rows have come, kept per page in
 * the registry's counts database and changed in the same write
 * transaction as the rows, so that the staff console's home page reads
 * one entry a page instead of every row (docs/registry.md, "counts").
 *
 * registry/staging_counts.c owns the counts database and the one
 * function that says what a staged row adds to them
 * (staging_row_count()); the kept counts and the recount both use it.
 * Errors come back as STORE_* codes with the message set by
 * store_fail().  Every call is thread-safe as the store is (store.h).
 */
#ifndef SOGOC_REGISTRY_STAGING_COUNTS_H
#define SOGOC_REGISTRY_STAGING_COUNTS_H

#include <stdint.h>

#include <jansson.h>

#include "store.h"

/* What rows, or a page to key, add to their page's figures. */
struct staging_count {
	int	 entries;		/* staged entries: rows and pages to
					   key; 0 when the page is gone */
	int	 rows, published, held;	/* held: settled but cannot be
					   published (no name or date) */
	int	 unsettled;		/* to review, keyed once, disputed */
	int	 flagged;		/* flagged by OCR, settled or not */
	int	 confirmed, set, illegible;
	int	 accepted;		/* accepted by OCR */
	int	 accepted_changed;	/* of them, changed by a person:
					   a reviewer, or a registrar's
					   correction of the record */
	int	 to_key;		/* a page to key by hand, waiting */
	int	 keyed;			/* one that was keyed */
	int	 key_rows;		/* the rows OCR estimated there */
};

/* A page's figures: its id "HEX:PAGE" and its rows' source. */
struct staging_page_count {
	char			 id[32];
	char			 source[256];
	struct staging_count	 c;
};

typedef int	 staging_page_fn(void *arg,
		    const struct staging_page_count *pg);

/* Whether a field's status still needs a person. */
int		 staging_unsettled(const char *status);

/*
 * What the staged row key (its JSON row) adds to its page's figures, as
 * rd sees the registry (published or not, its record corrected since or
 * not), into *c.
 */
int		 staging_row_count(struct store *st, struct store_rd *rd,
		    const uint8_t *key, json_t *row, struct staging_count *c);

/* c += sign * d, field by field. */
void		 staging_count_add(struct staging_count *c,
		    const struct staging_count *d, int sign);

/*
 * Calls fn, in key order, with the kept figures of every staged page.
 * A registry written before the counts has them built first, in one
 * write transaction (or, opened read-only, counted from the rows).  fn
 * returns non-zero to stop.  The page is valid during the call only.
 */
int		 staging_counts_pages(struct store *st, staging_page_fn *fn,
		    void *arg);

/*
 * As staging_counts_pages, counted from the rows (page "HEX:PAGE": that
 * page only, NULL: every page): what a page's own view shows, and what
 * the tests check the kept figures against.
 */
int		 staging_counts_recount(struct store *st, const char *page,
		    staging_page_fn *fn, void *arg);

/*
 * Makes sure t's registry has whole kept counts: when they are missing
 * (a registry written before them) or of another version, they are built
 * again from every staged row, in t.
 */
int		 staging_counts_ready(struct store_txn *t);

/*
 * Keeps the figures in step when t appends an event of record: call with
 * sign -1 before the append and +1 after it, so that a registrar's
 * correction of a published row's record counts in accepted_changed.
 * Records not published from a staged row are left alone.
 */
int		 staging_counts_record(struct store_txn *t, uint64_t record,
		    int sign);

#endif /* SOGOC_REGISTRY_STAGING_COUNTS_H */
