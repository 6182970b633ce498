/*
 * share.h: share codes, as China's CHSI gives them.  A graduate hands an
 * employer a code; the employer opens /c/CODE and sees the certified
 * extract of the diploma with its receipt.  The graduate chooses how long
 * the code lasts, may extend it or withdraw it, and sees when it was
 * opened.
 *
 * Each copy also has a code of its own, printed as its QR code, that
 * never expires and cannot be withdrawn (SHARE_FOREVER): whoever holds
 * the paper can check it for good.
 *
 * A code is 12 symbols of Crockford's base32 (60 random bits), written
 * ABCD-EFGH-JKMN; the shares database keeps, under the SHA-256 of the
 * code, a JSON object: record, copy (the copy event's index), request,
 * created, expires, withdrawn (0: not), opens and opened (the latest
 * SHARE_OPENED_MAX times), all times in seconds since the epoch.
 */
#ifndef SOGOC_COPY_SHARE_H
#define SOGOC_COPY_SHARE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "store.h"

#define SHARE_CODE_LEN		12
#define SHARE_DISPLAY_LEN	14	/* with the two dashes */
#define SHARE_OPENED_MAX	20
#define SHARE_DAYS_MAX		366	/* the furthest end from now */
#define SHARE_FOREVER		0	/* expires: the code printed on a copy,
					   which checks that copy for good */

enum share_state {
	SHARE_OPEN = 0,
	SHARE_EXPIRED,
	SHARE_WITHDRAWN
};

/*
 * The canonical code of what someone typed ("abcd-efgh-jkmn", spaces,
 * O for 0, I and L for 1) into out (SHARE_CODE_LEN + 1).  0, or -1 when
 * it cannot be a code.
 */
int		 share_canon(const char *in, char *out);

/* code as ABCD-EFGH-JKMN into out (SHARE_DISPLAY_LEN + 1). */
void		 share_display(const char *code, char *out);

/*
 * The calendar and clock in Viet Nam (UTC+7, no summer time) at t, in
 * seconds since the epoch: the dates of copies, requests and codes.
 */
void		 share_local(int64_t t, struct tm *tm);

/*
 * The end of day date (YYYY-MM-DD) in Viet Nam as seconds since the
 * epoch into *t; -1 when date is not a day after now's and within
 * SHARE_DAYS_MAX days of now.
 */
int		 share_end_of_day(const char *date, int64_t now, int64_t *t);

/*
 * A new code in the caller's write transaction, for the copy at index
 * copy of record, answering request (0: none), until expires
 * (SHARE_FOREVER: the copy's own, never changed); into code
 * (SHARE_CODE_LEN + 1).
 */
int		 share_add(struct store_txn *t, uint64_t record,
		    uint64_t copy, uint64_t request, int64_t expires,
		    char *code);

/*
 * The share of code into *info (json_decref it), STORE_ENOTFOUND when
 * there is none; with the openings a running counter (sharecount.h) has
 * not written yet.  share_open() also counts the opening at now, when the
 * code is open and a counter runs for st (sogoc serve with a staff
 * console); neither ever writes to the registry.
 */
int		 share_get(struct store *st, const char *code, json_t **info);
int		 share_open(struct store *st, const char *code, int64_t now,
		    json_t **info);

/* Adds n openings, the latest at times (ntimes, oldest first), to info. */
void		 share_opens_add(json_t *info, uint64_t n,
		    const int64_t *times, size_t ntimes);

/*
 * The same, to the stored share of code, in the caller's write
 * transaction (sharecount.c's batches); STORE_ENOTFOUND when no such code.
 */
int		 share_add_opens(struct store_txn *t, const char *code,
		    uint64_t n, const int64_t *times, size_t ntimes);

/* Whether code was withdrawn, read in the caller's transaction t. */
int		 share_withdrawn_in(struct store_txn *t, const char *code);

/* Whether info's code is open, expired or withdrawn at now. */
enum share_state share_state(const json_t *info, int64_t now);

/*
 * Changes the end of request's code to expires, or withdraws it for good
 * (withdraw set).  A code of another request is STORE_ENOTFOUND; a
 * withdrawn one, or the one printed on a copy, STORE_ECONFLICT.
 */
int		 share_update(struct store *st, const char *code,
		    uint64_t request, int64_t expires, int withdraw,
		    int64_t now);

#endif /* SOGOC_COPY_SHARE_H */
