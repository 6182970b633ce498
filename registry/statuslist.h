/*
 * statuslist.h: the registry's status list, the IETF Token Status List
 * (draft-ietf-oauth-status-list-12, one bit a status) behind the
 * credentials issued for its records (SD-JWT VCs, cred/).
 *
 * Each credential issued gets the next index of the list, for ever; the
 * registry remembers which record it was issued for.  A registrar's
 * change to a record (revoke, reissue, correct: records_change()) sets
 * the bit of every credential of the record in the same write
 * transaction as the change's event, so that a verifier never sees the
 * event without the bits nor the bits without the event.  A bit once set
 * is never cleared: a reissued diploma gets a new credential, with a new
 * index.  Bit i is bit (i % 8), least significant first, of byte i / 8,
 * as the draft's section 4.1 says; a set bit is status 0x01, INVALID.
 *
 * The database `statuslist` (STORE_DB_LATER) holds, big-endian:
 *   'i' u64 index            -> u64 record
 *   'r' u64 record u64 index -> ""
 *   "bits"                   -> the packed bits, one byte per 8 indexes
 *   "version"                -> u64, one more at every change of the bits
 *                               or of their length
 * The registry owns it; cred/ reads and extends it through these calls.
 * Errors come back as STORE_* codes with a message (store_errmsg()).
 * Every call is thread-safe as the store's are: the transaction is the
 * caller's.
 */
#ifndef SOGOC_REGISTRY_STATUSLIST_H
#define SOGOC_REGISTRY_STATUSLIST_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define STATUSLIST_VALID	0x00
#define STATUSLIST_INVALID	0x01

/*
 * Gives a new credential of record the next index, in t, into *index.
 * STORE_ENOTFOUND when the record does not exist, STORE_ECONFLICT when it
 * is revoked (its credentials would be born invalid).
 */
int		 statuslist_assign(struct store_txn *t, uint64_t record,
		    uint64_t *index);

/*
 * Sets, in t, the bit of every credential issued so far for record;
 * *nset (unless NULL) gets how many were not set already.  A record
 * without credentials is not an error.
 */
int		 statuslist_retire(struct store_txn *t, uint64_t record,
		    size_t *nset);

/*
 * The status of index: STATUSLIST_VALID or _INVALID into *status, and
 * the record it was issued for into *record (unless NULL).
 * STORE_ENOTFOUND for an index never assigned.
 */
int		 statuslist_get(struct store_rd *rd, uint64_t index,
		    int *status, uint64_t *record);

/*
 * A copy of the packed bits, malloc'd into *bits (the caller frees; NULL
 * when *len is 0), *len bytes covering every index assigned, and the
 * list's version into *version (0 for a list never written).
 */
int		 statuslist_bits(struct store_rd *rd, uint8_t **bits,
		    size_t *len, uint64_t *version);

/*
 * The audit's pass over the list: every index below the next has its
 * record, which exists, and the record's entry for it; no entry is
 * beyond the next index or the bits; the bits past the last index are
 * clear; and the credentials of a record that is revoked now have their
 * bits set.  problem(arg, msg) for each that does not hold; *n gets the
 * credentials checked.
 */
int		 statuslist_audit(struct store_rd *rd,
		    void (*problem)(void *, const char *), void *arg,
		    uint64_t *n);

#endif /* SOGOC_REGISTRY_STATUSLIST_H */
