/*
 * staging_counts.h: how far the staged rows have come, per page: what
 * each row adds to its page's figures, counted from the rows.
 *
 * registry/staging_counts.c owns the one function that says what a
 * staged row adds to them (staging_row_count()).  Errors come back as
 * STORE_* codes with the message set by store_fail().  Every call is
 * thread-safe as the store is (store.h).
 */
#ifndef SOGOC_REGISTRY_STAGING_COUNTS_H
#define SOGOC_REGISTRY_STAGING_COUNTS_H

#include <stdint.h>

#include <jansson.h>

#include "store.h"

/* What rows, or a page to key, add to their page's figures. */
struct staging_count {
	int	 entries;		/* staged entries: rows and pages to
					   key */
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
 * Calls fn, in key order, with the figures of every staged page (page
 * "HEX:PAGE": that page only, NULL: every page), counted from the rows.
 * fn returns non-zero to stop.  The page is valid during the call only.
 */
int		 staging_counts_recount(struct store *st, const char *page,
		    staging_page_fn *fn, void *arg);

#endif /* SOGOC_REGISTRY_STAGING_COUNTS_H */
