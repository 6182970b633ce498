/*
 * receiptcheck.c: the receipt the API gives for every record of a
 * registry, checked against the store itself: it reads back as JSON,
 * passes the offline check with the log's key, and says what the record
 * says (serial, name, date of birth, status, every event), and nothing of
 * its ethnicity or place of birth.
 *
 *   receiptcheck DB VERIFIER-KEY-FILE
 *
 * Prints "checked N" when all N records' receipts hold, else the first
 * that does not, and why, and exits 1.
 */
#include "config.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "receipt.h"
#include "store.h"

static const char *
disclosed(json_t *r, const char *key)
{
	return json_string_value(json_object_get(json_object_get(
	    json_object_get(r, "disclosed"), key), "value"));
}

/* Why the receipt r is not record's (whose latest event is ev at idx,
 * of nev events), or NULL when it is. */
static const char *
wrong(json_t *r, const struct event *ev, uint64_t idx, size_t nev,
    struct note_verifier *v, char *err, size_t errsz)
{
	static const enum field	 shown[] = {
		FIELD_FULL_NAME, FIELD_DATE_OF_BIRTH, FIELD_SERIAL_NO
	};
	json_t			*d;
	const char		*s;
	size_t			 i;

	if (receipt_check(r, &v, 1, err, errsz) != 0)
		return err;
	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		s = disclosed(r, field_key(shown[i]));
		if (s == NULL || strcmp(s, ev->field[shown[i]].value) != 0) {
			snprintf(err, errsz, "%s is not the record's",
			    field_key(shown[i]));
			return err;
		}
	}
	d = json_object_get(r, "disclosed");
	if (json_object_get(d, "ethnicity") != NULL ||
	    json_object_get(d, "place_of_birth") != NULL ||
	    json_object_get(d, "notes") != NULL)
		return "it discloses ethnicity, place of birth or notes";
	s = json_string_value(json_object_get(r, "status"));
	if (s == NULL || strcmp(s, ev->revoked ? "revoked" : "valid") != 0)
		return "its status is not the record's";
	if (json_integer_value(json_object_get(r, "index")) !=
	    (json_int_t)idx)
		return "it proves another event than the record's latest";
	if (json_array_size(json_object_get(r, "history")) != nev)
		return "its history is not the record's events";
	return NULL;
}

int
main(int argc, char **argv)
{
	struct note_verifier	*v;
	struct store		*st;
	struct event		 ev;
	struct store_rd		*txn;
	json_error_t		 je;
	json_t			*r;
	FILE			*fp;
	char			 errbuf[512], key[512], *text;
	const char		*why;
	uint64_t		 n, rec, idx, *evs;
	size_t			 len, nev;
	int			 rc;

	if (argc != 3)
		errx(2, "usage: receiptcheck DB VERIFIER-KEY-FILE");
	fp = fopen(argv[2], "r");
	if (fp == NULL || fgets(key, sizeof(key), fp) == NULL)
		err(1, "%s", argv[2]);
	fclose(fp);
	key[strcspn(key, "\n")] = '\0';
	if (note_verifier_new(key, &v) != NOTE_OK)
		errx(1, "%s: not a verifier key", argv[2]);
	if (store_open(argv[1], STORE_RDONLY, 0, NULL, &st, errbuf,
	    sizeof(errbuf)) != STORE_OK)
		errx(1, "%s", errbuf);
	if (store_rd_begin(st, &txn) != STORE_OK ||
	    store_record_count(st, txn, &n) != STORE_OK)
		errx(1, "%s", store_errmsg(st));
	for (rec = 1; rec <= n; rec++) {
		if (store_record(st, txn, rec, &ev, &idx) != STORE_OK ||
		    store_record_events(st, txn, rec, &evs, &nev) != STORE_OK)
			errx(1, "record %llu: %s", (unsigned long long)rec,
			    store_errmsg(st));
		free(evs);
		rc = receipt_text(st, ev.field[FIELD_SERIAL_NO].value,
		    ev.field[FIELD_FULL_NAME].value,
		    ev.field[FIELD_DATE_OF_BIRTH].value, &text, &len);
		if (rc != RECEIPT_OK)
			errx(1, "record %llu: no receipt (%d)",
			    (unsigned long long)rec, rc);
		r = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
		why = r == NULL ? je.text : wrong(r, &ev, idx, nev, v, errbuf,
		    sizeof(errbuf));
		if (why != NULL)
			printf("record %llu: %s\n%s\n", (unsigned long long)rec,
			    why, text);
		json_decref(r);
		free(text);
		event_clear(&ev);
		/* Everything freed first, so a sanitizer build exits 1 too. */
		if (why != NULL)
			break;
	}
	store_rd_end(txn);
	store_close(st);
	note_verifier_free(v);
	if (rec <= n)
		return 1;
	printf("checked %llu\n", (unsigned long long)n);
	return 0;
}
