/*
 * progress.h: how far the digitisation of each page and volume has got,
 * and what the pipeline's "accepted" has been measured to be worth.
 *
 * Read from the figures the registry keeps of the staged rows and their
 * people's decisions (registry/staging_counts.h); this file puts pages
 * into volumes for the console.  A field OCR
 * accepted counts as wrong when a reviewer changed it before publishing,
 * or when the record's value differs from it now (a registrar corrected
 * it after), so the share of accepted fields changed is the pipeline's
 * real error rate on this department's ledgers, by month of import.
 */
#ifndef SOGOC_STAFF_PROGRESS_H
#define SOGOC_STAFF_PROGRESS_H

#include <stddef.h>

#include "staging_counts.h"
#include "store.h"

struct progress_page {
	char			 id[32];	/* HEX:PAGE */
	char			 source[256];
	size_t			 volume;	/* index in volumes */
	struct staging_count	 c;
	int			 to_key;	/* OCR could not read it: 1 to
						   key by hand, 2 keyed */
	int			 key_rows;	/* the rows OCR estimated */
};

struct progress_volume {
	char			 hex[13];	/* its first source's */
	char			 label[256];	/* type, year, authority */
	char			 month[8];	/* of its import, YYYY-MM */
	int			 double_key;
	int			 pages, pages_settled, pages_published;
	int			 pages_to_key;	/* waiting to be keyed */
	struct staging_count	 c;
};

struct progress {
	struct progress_page	*pages;
	size_t			 npages;
	struct progress_volume	*volumes;
	size_t			 nvolumes;
};

/*
 * Every staged page (page "HEX:PAGE": that one only) into *p
 * (progress_clear() it).  STORE_OK, or a STORE_* code.  Every page comes
 * from the figures the registry keeps (staging_counts.h), in time that
 * grows with the pages and volumes, not the rows; one page is counted
 * from its rows.
 */
int	 progress_read(struct store *st, const char *page, struct progress *p);
void	 progress_clear(struct progress *p);

#endif /* SOGOC_STAFF_PROGRESS_H */
