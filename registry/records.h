/*
 * records.h: the registry's records as staff see them: lookup, the
 * registrar's changes (correct, revoke, reissue), export for the national
 * database (backups: backup.h).
 */
#ifndef SOGOC_REGISTRY_RECORDS_H
#define SOGOC_REGISTRY_RECORDS_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "note.h"
#include "store.h"

/*
 * Finds records by serial number (name and dob NULL) or by name and date
 * of birth (serial NULL; diacritic- and case-insensitive, Đ = D).  *recs is
 * malloc'd with *n entries; none found is STORE_ENOTFOUND.
 */
int		 records_find(struct store *st, const char *serial,
		    const char *name, const char *dob, uint64_t **recs,
		    size_t *n);

/*
 * The staff view of record: every field, status, the volume, and its
 * events (index, kind, time, decision).  The caller json_decref()s *out.
 */
int		 records_json(struct store *st, uint64_t record, json_t **out);
/* The same, in the caller's transaction (read or write). */
int		 records_json_txn(struct store *st, struct store_rd *txn,
		    uint64_t record, json_t **out);

/*
 * Begins the write of a new event of record for signer: *t is the open
 * transaction (the caller commits or aborts it), *cur the record as it
 * stands, which the caller event_clear()s, and *curidx the leaf index of
 * its latest event.  On an error (a signer that is not the log's, no such
 * record) nothing is left open and *cur is cleared.
 */
int		 records_begin(struct store *st,
		    const struct note_signer *signer, uint64_t record,
		    struct store_txn **t, struct event *cur, uint64_t *curidx);

/* A registrar's change to a record. */
struct records_change {
	enum event_kind	 kind;		/* EVENT_CORRECT, _REVOKE, _REISSUE */
	const char	*decision;	/* decision number (required) */
	const char	*decision_date;	/* YYYY-MM-DD (required) */
	const char	*reason;	/* required to revoke */
	const char	*by;		/* who records it (NULL: nobody said) */
	const char	*set[FIELD_COUNT];	/* new values, NULL: same */
};

/*
 * Appends the change to record as a new event signed into the log.  Values
 * are normalised and validated as in the ledger; a correction that changes
 * nothing, revoking a revoked diploma, or a serial number of another record
 * is refused.  *index gets the new event's leaf index.
 */
int		 records_change(struct store *st,
		    const struct note_signer *signer, uint64_t record,
		    const struct records_change *ch, uint64_t *index);

#define RECORDS_JSONL	0
#define RECORDS_CSV	1

/* Writes every record's current state to fp, one line each. */
int		 records_export(struct store *st, FILE *fp, int format,
		    size_t *count);

#endif /* SOGOC_REGISTRY_RECORDS_H */
