/*
 * receiptdiff.c: the API's receipt_text() must say exactly what
 * receipt_make() says, for every record of a registry: valid, revoked,
 * corrected or reissued, with all their history.
 *
 *   receiptdiff DB
 *
 * Prints "same N" when the two agree on all N records, else the first
 * record where they differ and both texts, and exits 1.
 */
#include "config.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "receipt.h"
#include "store.h"

int
main(int argc, char **argv)
{
	struct store	*st;
	struct event	 ev;
	MDB_txn		*txn;
	json_error_t	 je;
	json_t		*made, *back;
	char		 errbuf[512], *text, *dump;
	uint64_t	 n, r, idx;
	int		 rc1, rc2;

	if (argc != 2)
		errx(2, "usage: receiptdiff DB");
	if (store_open(argv[1], STORE_RDONLY, 0, &st, errbuf,
	    sizeof(errbuf)) != STORE_OK)
		errx(1, "%s", errbuf);
	if (store_rd_begin(st, &txn) != STORE_OK ||
	    store_record_count(st, txn, &n) != STORE_OK)
		errx(1, "%s", store_errmsg(st));
	for (r = 1; r <= n; r++) {
		if (store_record(st, txn, r, &ev, &idx) != STORE_OK)
			errx(1, "record %llu: %s", (unsigned long long)r,
			    store_errmsg(st));
		rc1 = receipt_make(st, ev.field[FIELD_SERIAL_NO].value,
		    ev.field[FIELD_FULL_NAME].value,
		    ev.field[FIELD_DATE_OF_BIRTH].value, &made);
		rc2 = receipt_text(st, ev.field[FIELD_SERIAL_NO].value,
		    ev.field[FIELD_FULL_NAME].value,
		    ev.field[FIELD_DATE_OF_BIRTH].value, &text, NULL);
		event_clear(&ev);
		if (rc1 != rc2)
			errx(1, "record %llu: receipt_make says %d, "
			    "receipt_text %d", (unsigned long long)r, rc1, rc2);
		if (rc1 != RECEIPT_OK)
			continue;
		back = json_loads(text, JSON_REJECT_DUPLICATES, &je);
		if (back == NULL || !json_equal(back, made)) {
			dump = json_dumps(made, JSON_COMPACT | JSON_SORT_KEYS);
			printf("record %llu differs (%s)\nreceipt_make: %s\n"
			    "receipt_text: %s\n", (unsigned long long)r,
			    back == NULL ? je.text : "other values",
			    dump, text);
			return 1;
		}
		json_decref(back);
		json_decref(made);
		free(text);
	}
	mdb_txn_abort(txn);
	store_close(st);
	printf("same %llu\n", (unsigned long long)n);
	return 0;
}
