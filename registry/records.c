/*
 * records.c: lookup, the registrar's changes and export (see
 * records.h).
 *
 * A change is a new event that carries the record's whole state: unchanged
 * fields keep their salts, so their digests stay the same from event to
 * event, and changed fields get fresh salts.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <csv.h>

#include "date.h"
#include "validate.h"
#include "records.h"
#include "staging_counts.h"
#include "statuslist.h"
#include "timefmt.h"

int
records_find(struct store *st, const char *serial, const char *name,
    const char *dob, uint64_t **recs, size_t *n)
{
	struct store_rd	*txn;
	uint64_t	 rec;
	char		 iso[16];
	int		 rc;

	*recs = NULL;
	*n = 0;
	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	if (serial != NULL) {
		rc = store_by_serial(st, txn, serial, &rec);
		if (rc == STORE_OK) {
			*recs = malloc(sizeof(**recs));
			if (*recs == NULL)
				rc = store_fail(st, STORE_ENOMEM,
				    "out of memory");
			else {
				**recs = rec;
				*n = 1;
			}
		}
	} else {
		if (!norm_date(dob, 0, iso, sizeof(iso)))
			rc = store_fail(st, STORE_EINPUT, "\"%s\" is not a "
			    "date of birth (d/m/yyyy or yyyy-mm-dd)", dob);
		else
			rc = store_by_name(st, txn, name, iso, recs, n);
		if (rc == STORE_OK && *n == 0)
			rc = store_fail(st, STORE_ENOTFOUND, "no diploma for "
			    "that name and date of birth");
	}
	store_rd_end(txn);
	return rc;
}

/* Every attribute and field of ev into o. */
static void
state_json(const struct event *ev, json_t *o)
{
	json_t	*f = json_object();
	int	 i;

	for (i = 0; i < EVENT_ATTR_COUNT; i++)
		if (ev->attr[i] != NULL && i < EVENT_DECISION)
			json_object_set_new(o, event_attr_name(i),
			    json_string(ev->attr[i]));
	for (i = 0; i < FIELD_COUNT; i++)
		if (ev->field[i].value != NULL)
			json_object_set_new(f, field_key((enum field)i),
			    json_string(ev->field[i].value));
	json_object_set_new(o, "fields", f);
}

int
records_json_txn(struct store *st, struct store_rd *txn, uint64_t record,
    json_t **out)
{
	struct event	 ev = { 0 }, first = { 0 };
	uint64_t	*idx = NULL;
	size_t		 n, i;
	json_t		*o = NULL, *evs, *e;
	char		 ts[32];
	int		 rc, a;

	*out = NULL;
	rc = store_record_events(st, txn, record, &idx, &n);
	if (rc != STORE_OK)
		goto out;
	evs = json_array();
	o = json_pack("{s:I, s:o}", "record", (json_int_t)record, "events",
	    evs);
	if (o == NULL) {
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		event_clear(&ev);
		rc = store_event(st, txn, idx[i], &ev);
		if (rc != STORE_OK)
			goto out;
		if (i == 0) {
			rc = event_copy(&first, &ev);
			if (rc != EVENT_OK) {
				rc = store_fail(st, STORE_ENOMEM,
				    "out of memory");
				goto out;
			}
		}
		time_iso(ev.time, ts, sizeof(ts));
		e = json_pack("{s:I, s:s, s:s}", "index", (json_int_t)idx[i],
		    "kind", event_kind_name(ev.kind), "time", ts);
		for (a = EVENT_DECISION; e != NULL && a < EVENT_ATTR_COUNT; a++)
			if (ev.attr[a] != NULL)
				json_object_set_new(e, event_attr_name(a),
				    json_string(ev.attr[a]));
		json_array_append_new(evs, e);
	}
	json_object_set_new(o, "status", json_string(ev.revoked ? "revoked" :
	    "valid"));
	state_json(&ev, o);
	if (first.attr[EVENT_DECISION] != NULL)
		json_object_set_new(o, "graduation_decision",
		    json_string(first.attr[EVENT_DECISION]));
	if (first.attr[EVENT_DECISION_DATE] != NULL)
		json_object_set_new(o, "graduation_decision_date",
		    json_string(first.attr[EVENT_DECISION_DATE]));
	*out = o;
	o = NULL;
	rc = STORE_OK;
out:
	json_decref(o);
	event_clear(&ev);
	event_clear(&first);
	free(idx);
	return rc;
}

int
records_json(struct store *st, uint64_t record, json_t **out)
{
	struct store_rd	*txn;
	int	 rc;

	*out = NULL;
	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	rc = records_json_txn(st, txn, record, out);
	store_rd_end(txn);
	return rc;
}

/* 1 when s is an ISO date YYYY-MM-DD of the real calendar. */
static int
iso_date(const char *s)
{
	char	 out[16];

	return s != NULL && strlen(s) == 10 && norm_date(s, 0, out,
	    sizeof(out)) && strcmp(out, s) == 0;
}

/* The checks of a registrar's change that need no record. */
static int
change_check(struct store *st, const struct records_change *ch)
{
	if (ch->kind != EVENT_CORRECT && ch->kind != EVENT_REVOKE &&
	    ch->kind != EVENT_REISSUE)
		return store_fail(st, STORE_EINPUT, "not a registrar's change");
	if (ch->decision == NULL || ch->decision[0] == '\0')
		return store_fail(st, STORE_EINPUT, "a change needs the number "
		    "of the decision that orders it (--decision)");
	if (!iso_date(ch->decision_date))
		return store_fail(st, STORE_EINPUT, "a change needs the date "
		    "of its decision as YYYY-MM-DD (--decision-date)");
	if (ch->kind == EVENT_REVOKE && (ch->reason == NULL ||
	    ch->reason[0] == '\0'))
		return store_fail(st, STORE_EINPUT, "say why the diploma is "
		    "revoked (--reason)");
	if (ch->kind == EVENT_REISSUE &&
	    (ch->set[FIELD_SERIAL_NO] == NULL ||
	    ch->set[FIELD_SERIAL_NO][0] == '\0'))
		return store_fail(st, STORE_EINPUT, "a reissue needs the "
		    "serial number of the new diploma (--new-serial)");
	return STORE_OK;
}

/*
 * The fields a change sets, each normalised and checked, into ev (bits of
 * ev->changed for those that differ from the record's).
 */
static int
change_fields(struct store *st, const struct records_change *ch,
    const struct norm_ctx *ctx, struct event *ev)
{
	struct norm	 n;
	int		 rc, i;

	for (i = 0; i < FIELD_COUNT; i++) {
		if (ch->set[i] == NULL)
			continue;
		if (!event_field_allowed((enum field)i)) {
			return store_fail(st, STORE_EINPUT, "%s is not "
			    "recorded in the registry",
			    field_key((enum field)i));
		}
		if (normalize_field((enum field)i, ch->set[i], ctx, &n) !=
		    NORM_OK)
			return store_fail(st, STORE_ENOMEM, "out of memory");
		if (n.value[0] == '\0' && (i == FIELD_FULL_NAME ||
		    i == FIELD_DATE_OF_BIRTH)) {
			rc = store_fail(st, STORE_EINPUT, "a diploma always "
			    "has a %s; it cannot be corrected to nothing",
			    field_key((enum field)i));
			norm_clear(&n);
			return rc;
		}
		if (!n.valid && normalize_strict((enum field)i)) {
			rc = store_fail(st, STORE_EINPUT, "\"%s\" is not a "
			    "valid %s", ch->set[i], field_key((enum field)i));
			norm_clear(&n);
			return rc;
		}
		if (ev->field[i].value == NULL ||
		    strcmp(ev->field[i].value, n.value) != 0) {
			rc = event_set_field(ev, (enum field)i, n.value);
			ev->changed |= 1u << i;
		} else
			rc = EVENT_OK;
		norm_clear(&n);
		if (rc != EVENT_OK)
			return store_fail(st, STORE_EINPUT, "%s: %s",
			    field_key((enum field)i), event_strerror(rc));
	}
	return STORE_OK;
}

int
records_begin(struct store *st, const struct note_signer *signer,
    uint64_t record, struct store_txn **t, struct event *cur,
    uint64_t *curidx)
{
	int	 rc;

	*t = NULL;
	rc = store_wr_begin(st, t);
	if (rc != STORE_OK)
		return rc;
	rc = store_check_signer(*t, signer);
	if (rc == STORE_OK)
		rc = store_record(st, store_txn_rd(*t), record, cur, curidx);
	if (rc != STORE_OK) {
		store_wr_abort(*t);
		*t = NULL;
		event_clear(cur);
	}
	return rc;
}

int
records_change(struct store *st, const struct note_signer *signer,
    uint64_t record, const struct records_change *ch, uint64_t *index)
{
	struct store_txn	*t;
	struct event		 cur = { 0 }, ev = { 0 };
	struct norm_ctx		 ctx = { 0 };
	uint64_t		 curidx;
	int			 rc;

	rc = change_check(st, ch);
	if (rc != STORE_OK)
		return rc;
	rc = records_begin(st, signer, record, &t, &cur, &curidx);
	if (rc != STORE_OK)
		return rc;
	if (ch->kind == EVENT_REVOKE && cur.revoked) {
		rc = store_fail(st, STORE_ECONFLICT, "record %" PRIu64 " is "
		    "already revoked (event %" PRIu64 ")", record, curidx);
		goto out;
	}
	if (event_next(&ev, &cur, ch->kind, (int64_t)time(NULL)) !=
	    EVENT_OK) {
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto out;
	}
	if (ev.attr[EVENT_YEAR] != NULL)
		ctx.ledger_year = atoi(ev.attr[EVENT_YEAR]);
	if (event_set_attr(&ev, EVENT_DECISION, ch->decision) != EVENT_OK ||
	    event_set_attr(&ev, EVENT_DECISION_DATE, ch->decision_date) !=
	    EVENT_OK || (ch->reason != NULL && ch->reason[0] != '\0' &&
	    event_set_attr(&ev, EVENT_REASON, ch->reason) != EVENT_OK) ||
	    (ch->by != NULL && event_set_attr(&ev, EVENT_BY, ch->by) !=
	    EVENT_OK)) {
		rc = store_fail(st, STORE_EINPUT, "the decision, reason and "
		    "name of who records it must be short text without "
		    "control characters");
		goto out;
	}
	rc = change_fields(st, ch, &ctx, &ev);
	if (rc != STORE_OK)
		goto out;
	if (ch->kind == EVENT_CORRECT && ev.changed == 0) {
		rc = store_fail(st, STORE_EINPUT, "the correction changes "
		    "nothing (--set FIELD=VALUE)");
		goto out;
	}
	if (ch->kind == EVENT_REVOKE)
		ev.revoked = 1;
	if (ch->kind == EVENT_REISSUE)
		ev.revoked = 0;
	/* A staged row's figures follow its record (accepted_changed). */
	rc = staging_counts_record(t, record, -1);
	if (rc == STORE_OK)
		rc = store_append(t, &ev, index);
	if (rc == STORE_OK)
		rc = staging_counts_record(t, record, 1);
	/*
	 * Every credential issued so far states the record as it was: after
	 * a revocation, a reissue or a correction none may pass, and the
	 * bits commit with the event or not at all.
	 */
	if (rc == STORE_OK)
		rc = statuslist_retire(t, record, NULL);
	if (rc != STORE_OK)
		goto out;
	rc = store_wr_commit(t, signer);
	event_clear(&cur);
	event_clear(&ev);
	return rc;
out:
	store_wr_abort(t);
	event_clear(&cur);
	event_clear(&ev);
	return rc;
}

static const char *const export_cols[] = {
	"record", "status", "type", "year", "authority",
	"graduation_decision", "graduation_decision_date",
};

static void
csv_cell(FILE *fp, const char *s, int first)
{
	if (!first)
		fputc(',', fp);
	csv_fwrite(fp, s ? s : "", s ? strlen(s) : 0);
}

/* What export_one() writes to, and how. */
struct export_ctx {
	struct store	*st;
	struct store_rd	*txn;
	FILE		*fp;
	int		 format;
	size_t		*count;
};

/* Writes the record of one entry of records (store_each()). */
static int
export_one(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct export_ctx	*x = arg;
	json_t			*o, *f;
	char			*line, num[32];
	const char		*s;
	size_t			 i;
	int			 rc;

	(void)v;
	if (k->len != 8)
		return store_fail(x->st, STORE_ECORRUPT, "a record key is "
		    "malformed");
	rc = records_json_txn(x->st, x->txn, store_get_u64(k->data), &o);
	if (rc != STORE_OK)
		return rc;
	if (x->format == RECORDS_JSONL) {
		line = json_dumps(o, JSON_COMPACT);
		if (line != NULL)
			fprintf(x->fp, "%s\n", line);
		free(line);
	} else {
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(json_object_get(o, "record")));
		csv_cell(x->fp, num, 1);
		for (i = 1; i < sizeof(export_cols) / sizeof(*export_cols);
		    i++)
			csv_cell(x->fp, json_string_value(json_object_get(o,
			    export_cols[i])), 0);
		f = json_object_get(o, "fields");
		for (i = 0; i < FIELD_COUNT; i++) {
			if (!event_field_allowed((enum field)i))
				continue;
			s = json_string_value(json_object_get(f,
			    field_key((enum field)i)));
			csv_cell(x->fp, s, 0);
		}
		fputs("\r\n", x->fp);
	}
	json_decref(o);
	(*x->count)++;
	return STORE_OK;
}

int
records_export(struct store *st, FILE *fp, int format, size_t *count)
{
	struct export_ctx	 x = { st, NULL, fp, format, count };
	size_t			 i;
	int			 rc;

	*count = 0;
	rc = store_rd_begin(st, &x.txn);
	if (rc != STORE_OK)
		return rc;
	if (format == RECORDS_CSV) {
		for (i = 0; i < sizeof(export_cols) / sizeof(*export_cols);
		    i++)
			csv_cell(fp, export_cols[i], i == 0);
		for (i = 0; i < FIELD_COUNT; i++)
			if (event_field_allowed((enum field)i))
				csv_cell(fp, field_key((enum field)i), 0);
		fputs("\r\n", fp);
	}
	rc = store_each(x.txn, DB_RECORDS, NULL, 0, 0, export_one, &x);
	if (rc == STORE_OK && ferror(fp))
		rc = store_fail(st, STORE_EIO, "write error");
	store_rd_end(x.txn);
	return rc;
}
