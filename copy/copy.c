/*
 * copy.c: a certified copy's contents from the registry (see copy.h).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copy.h"
#include "date.h"
#include "field.h"
#include "records.h"

#define NOTE_FMT	"%s theo quyết định số %s ngày %s%s%s"

/* An ISO date (2026-11-20) as d/m/yyyy; other forms as they are. */
static void
dmy(const char *iso, char *out, size_t outsz)
{
	if (norm_date_dmy(iso, out, outsz) != out)
		snprintf(out, outsz, "%s", iso != NULL ? iso : "");
}

int
copy_of_record(struct store *st, struct store_rd *txn, uint64_t record,
    const struct copy_issue *is, struct copy *c)
{
	json_t		*f, *ev;
	const char	*v, *k, *dec, *reason;
	char		*p;
	char		 date[32];
	size_t		 i;
	int		 rc, fi, n;

	memset(c, 0, sizeof(*c));
	rc = txn != NULL ? records_json_txn(st, txn, record, &c->rec) :
	    records_json(st, record, &c->rec);
	if (rc != STORE_OK)
		return rc;
	f = json_object_get(c->rec, "fields");
	for (fi = FIELD_FULL_NAME; fi < FIELD_SIGNATURE; fi++) {
		v = json_string_value(json_object_get(f,
		    field_key((enum field)fi)));
		if (v == NULL || v[0] == '\0' || c->doc.nfields == 16)
			continue;
		if (fi == FIELD_DATE_OF_BIRTH) {
			dmy(v, c->dob, sizeof(c->dob));
			v = c->dob;
		}
		c->fields[c->doc.nfields].label = field_label((enum field)fi);
		c->fields[c->doc.nfields++].value = v;
	}
	json_array_foreach(json_object_get(c->rec, "events"), i, ev) {
		/* The issue is the record itself, copies are not changes;
		 * the changes are noted. */
		k = json_string_value(json_object_get(ev, "kind"));
		if (k == NULL || strcmp(k, "issue") == 0 ||
		    strcmp(k, "copy") == 0 ||
		    (k = event_kind_words(k)) == NULL || c->doc.nnotes == 64)
			continue;
		dec = json_string_value(json_object_get(ev, "decision"));
		reason = json_string_value(json_object_get(ev, "reason"));
		dmy(json_string_value(json_object_get(ev, "decision_date")),
		    date, sizeof(date));
		/* As long as the decision and reason are: never cut short. */
		n = snprintf(NULL, 0, NOTE_FMT, k, dec ? dec : "", date,
		    reason ? ": " : "", reason ? reason : "");
		if (n < 0 || (p = malloc((size_t)n + 1)) == NULL) {
			copy_clear(c);
			return store_fail(st, STORE_ENOMEM, "out of memory");
		}
		snprintf(p, (size_t)n + 1, NOTE_FMT, k, dec ? dec : "", date,
		    reason ? ": " : "", reason ? reason : "");
		c->note_buf[c->doc.nnotes] = p;
		c->notes[c->doc.nnotes] = p;
		c->doc.nnotes++;
	}
	snprintf(c->title, sizeof(c->title), "Văn bằng %s năm %s%s",
	    (v = json_string_value(json_object_get(c->rec, "type"))) ? v : "",
	    (k = json_string_value(json_object_get(c->rec, "year"))) ? k : "",
	    strcmp(json_string_value(json_object_get(c->rec, "status")),
	    "revoked") == 0 ? " (đã bị thu hồi)" : "");
	c->doc.authority = json_string_value(json_object_get(c->rec,
	    "authority"));
	c->doc.title = c->title;
	c->doc.fields = c->fields;
	c->doc.notes = c->notes;
	c->doc.copy_no = is->copy_no;
	c->doc.date = is->date;
	c->doc.place = is->place;
	c->doc.signer = is->signer;
	/* "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" is set on two lines. */
	snprintf(c->signer_title, sizeof(c->signer_title), "%s",
	    is->signer_title != NULL ? is->signer_title : "");
	while ((p = strstr(c->signer_title, " / ")) != NULL) {
		*p = '\n';
		memmove(p + 1, p + 3, strlen(p + 3) + 1);
	}
	c->doc.signer_title = c->signer_title;
	c->doc.url = is->url;
	c->doc.code = is->code;
	return STORE_OK;
}

void
copy_clear(struct copy *c)
{
	size_t	 i;

	for (i = 0; i < sizeof(c->note_buf) / sizeof(c->note_buf[0]); i++)
		free(c->note_buf[i]);
	json_decref(c->rec);
	memset(c, 0, sizeof(*c));
}
