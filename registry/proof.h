/*
 * proof.h: inclusion and consistency proofs of the registry's log, as JSON
 * that carries a C2SP tlog-proof (c2sp.org/tlog-proof@v1) so other
 * transparency-log tools can read it.
 *
 * An inclusion proof may disclose some fields of the event's record: for
 * each, the salt and value whose digest is in the leaf.  Ethnicity and place
 * of birth are never disclosed (SPEC section 5).
 */
#ifndef SOGOC_REGISTRY_PROOF_H
#define SOGOC_REGISTRY_PROOF_H

#include <stdint.h>

#include <jansson.h>

#include "merkle.h"
#include "store.h"

/* Fields a proof may disclose, as a bit per enum field. */
#define PROOF_PUBLIC	((1u << FIELD_FULL_NAME) | (1u << FIELD_DATE_OF_BIRTH) | \
	(1u << FIELD_SEX) | (1u << FIELD_SCHOOL) | \
	(1u << FIELD_CLASSIFICATION) | (1u << FIELD_SERIAL_NO) | \
	(1u << FIELD_REGISTER_NO))
/* Not a field: the staff account that recorded the event (`by`), whose
 * v2 leaf line is a salted digest.  For the staff's own accountability
 * proofs (`sogoc proof --reveal by`); receipts never carry it. */
#define PROOF_REVEAL_BY	(1u << 31)
/* What an employer is shown by default. */
#define PROOF_DEFAULT	((1u << FIELD_FULL_NAME) | \
	(1u << FIELD_DATE_OF_BIRTH) | (1u << FIELD_SERIAL_NO))

/*
 * Sets *out to the JSON inclusion proof of the event at index in the tree
 * of size leaves (0: the latest checkpoint; otherwise a size that has a
 * checkpoint):
 *   {"index":N, "leaf":"<base64 leaf bytes>", "proof":["<base64>",...],
 *    "checkpoint":"<signed note>", "tlog_proof":"<c2sp tlog-proof>",
 *    "disclosed":{"<field>":{"salt":"<base64>","value":"..."}},
 *    "record":R, "kind":"issue", "status":"valid",
 *    "by":{"salt":"<base64>","value":"<account>"}}
 * reveal is a mask of fields to disclose, and PROOF_REVEAL_BY to add "by"
 * (no salt for a v1 leaf, which shows the account; no "by" for an event
 * without one); fields outside PROOF_PUBLIC give STORE_EINPUT.  The
 * caller json_decref()s *out.
 */
int		 proof_inclusion(struct store *st, uint64_t index,
		    uint64_t size, uint32_t reveal, json_t **out);

/*
 * The parts of the inclusion proof of ev (the event at index, read by the
 * caller in txn) in the tree of size leaves (0: the latest checkpoint),
 * for callers that write them out themselves: the signed checkpoint, the
 * leaf's bytes and the proof's hashes.  proof_parts_clear() frees them;
 * on an error nothing is left to free.
 */
struct proof_parts {
	uint64_t	 index, size;
	char		*note;		/* the signed checkpoint, as text */
	char		*leaf;		/* the leaf's bytes */
	size_t		 leaflen;
	uint8_t		 hash[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
	size_t		 nhash;
};
int		 proof_parts_in(struct store *st, struct store_rd *txn,
		    uint64_t index, const struct event *ev, uint64_t size,
		    struct proof_parts *pp);
void		 proof_parts_clear(struct proof_parts *pp);
/* The C2SP tlog-proof text of pp (malloc'd), or NULL when out of memory. */
char		*proof_tlog_text(const struct proof_parts *pp);

/*
 * Sets *out to {"old_size":M, "new_size":N, "proof":[...],
 * "old_checkpoint":"<signed note>", "checkpoint":"<signed note>"} between
 * the checkpoints at old and size (0: the latest), both of which it
 * carries so that it can be checked on its own.
 */
int		 proof_consistency(struct store *st, uint64_t old,
		    uint64_t size, json_t **out);

#endif /* SOGOC_REGISTRY_PROOF_H */
