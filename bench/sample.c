/*
 * sample.c: a read-only registry and random records of it for the
 * in-process benchmarks (see sample.h).
 */
#include "config.h"

#include <err.h>
#include <stdlib.h>

#include "event.h"
#include "sample.h"
#include "store.h"

struct store *
sample_records(const char *path, size_t n, unsigned seed, sample_fn fn,
    void *arg)
{
	struct store	*st;
	struct store_rd	*txn;
	struct event	 ev;
	char		 errbuf[512];
	uint64_t	 nrec, rec, evidx;
	size_t		 i;

	srandom(seed);
	if (store_open(path, STORE_RDONLY, 0, NULL, &st, errbuf,
	    sizeof(errbuf)) != STORE_OK)
		errx(1, "%s", errbuf);
	if (store_rd_begin(st, &txn) != STORE_OK ||
	    store_record_count(st, txn, &nrec) != STORE_OK || nrec == 0)
		errx(1, "no records");
	for (i = 0; i < n; i++) {
		rec = 1 + (uint64_t)random() % nrec;
		if (store_record(st, txn, rec, &ev, &evidx) != STORE_OK)
			errx(1, "%s", store_errmsg(st));
		fn(i, rec, evidx, &ev, arg);
		event_clear(&ev);
	}
	store_rd_end(txn);
	return st;
}
