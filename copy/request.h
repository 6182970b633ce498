/*
 * request.h: graduates' requests for a certified copy, kept in the
 * registry's requests database until staff approve or refuse them.
 *
 * A request is a JSON object under its number (a big-endian u64 from 1):
 * what the graduate gave (full_name, date_of_birth as ISO 8601, year,
 * school, serial_no, national_id, contact, purpose, copies, share_until),
 * created, state ("pending", "approved", "refused"), the SHA-256 of its
 * private link's secret, and once decided: decided, by, and reason
 * (refused) or record, copy, copy_no and codes (approved).  The requests
 * hold personal data: only staff and the holder of the private link see
 * them.
 */
#ifndef SOGOC_COPY_REQUEST_H
#define SOGOC_COPY_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "issue.h"
#include "note.h"
#include "store.h"

#define COPYREQ_SECRET_LEN	22	/* base64url symbols: 132 bits */
#define COPYREQ_LINK_MAX	(20 + 1 + COPYREQ_SECRET_LEN + 1)
#define COPYREQ_COPIES_MAX	10
#define COPYREQ_SHARE_DAYS	30	/* the share code's default life */
#define COPYREQ_PENDING_MAX	20000	/* requests waiting at once, beyond
					   which new ones wait (STORE_EFULL) */
#define COPYREQ_CODES_MAX	20	/* share codes in use (not withdrawn)
					   one request may have */

/* The form's fields, in the order the form shows them. */
enum copyreq_field {
	CRF_FULL_NAME = 0,
	CRF_DATE_OF_BIRTH,
	CRF_YEAR,
	CRF_SCHOOL,
	CRF_SERIAL_NO,
	CRF_NATIONAL_ID,
	CRF_CONTACT,
	CRF_PURPOSE,
	CRF_COPIES,
	CRF_SHARE_UNTIL,
	CRF_COUNT
};

/* A field's name in forms and in JSON ("full_name"). */
const char	*copyreq_field_key(enum copyreq_field f);

/*
 * Checks what a graduate typed (v[f] NULL or "" when not given) and keeps
 * it as a new pending request: *id gets its number and link its private
 * link ("ID-SECRET", COPYREQ_LINK_MAX bytes).  A serial number, when
 * given, must be the diploma of that name and date of birth, as the
 * verify API has it; otherwise STORE_ENOTFOUND, which says no more than
 * the verify API would.  Bad input is STORE_EINPUT with *bad the field
 * (store_errmsg says what is wrong); nothing is stored then.
 */
int	copyreq_submit(struct store *st, const char *const *v, int64_t now,
	    uint64_t *id, char *link, enum copyreq_field *bad);

/*
 * Checks what a graduate typed as copyreq_submit() does, all but the
 * serial number against the register: STORE_OK, or STORE_EINPUT with *bad
 * the field (store_errmsg says what is wrong).  Reads nothing, stores
 * nothing: for a caller that limits the lookups (verify/asklimit.h) and
 * would not count a form that is refused before any.
 */
int	copyreq_check(struct store *st, const char *const *v, int64_t now,
	    enum copyreq_field *bad);

/*
 * The request of a private link into *req (json_decref it) and *id.  Any
 * link that is not one, malformed or guessed, is STORE_ENOTFOUND with the
 * same message.
 */
int	copyreq_by_link(struct store *st, const char *link, json_t **req,
	    uint64_t *id);

/*
 * Staff: the records that may be request req's, each once: the one with
 * its serial number, then those with its name and date of birth.  *recs
 * is malloc'd with *n entries (0 is no error).
 */
int	copyreq_candidates(struct store *st, json_t *req, uint64_t **recs,
	    size_t *n);

/* Staff: request id, and every request, newest first. */
int	copyreq_get(struct store *st, uint64_t id, json_t **req);
int	copyreq_list(struct store *st, json_t **list);

/*
 * Erases what a graduate gave (name, date of birth, school, ID number,
 * contact, purpose) from every request decided at or before the time
 * before;
 * the request keeps its number, state, decision, copy and share codes,
 * so its link and codes go on working.  *n gets how many were erased.
 */
int	copyreq_purge(struct store *st, int64_t before, size_t *n);

/* Staff: how many requests wait for a decision, into *n. */
int	copyreq_pending(struct store *st, size_t *n);

/* Staff: refuses pending request id, saying why. */
int	copyreq_refuse(struct store *st, uint64_t id, const char *reason,
	    const char *by);

/*
 * Staff: approves pending request id as a copy of record, issued by cs
 * (issue.h) with the share code the graduate asked for.
 */
int	copyreq_approve(struct store *st, const struct note_signer *signer,
	    const struct copy_signing *cs, uint64_t id, uint64_t record,
	    const char *by, struct copy_result *res);

/*
 * The graduate: one more share code for approved request id, until
 * expires, into code (SHARE_CODE_LEN + 1).
 */
int	copyreq_add_code(struct store *st, uint64_t id, int64_t expires,
	    char *code);

#endif /* SOGOC_COPY_REQUEST_H */
