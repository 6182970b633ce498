/*
 * receipt_check.h: checking a receipt (receipt.h) offline, member by
 * member, and asking the service whether its answer still holds.
 *
 * A receipt (sogoc-receipt/v2) is trusted only as far as the signed
 * checkpoint and the Merkle proofs vouch for it: every member is either
 * read back from a proven leaf's own lines, or the receipt is refused,
 * naming the member.  docs/registry.md maps each member to what covers it.
 * The record's signed head, of the checkpoint's tree size, proves the
 * event the record's latest in that tree: the answer holds as of that
 * size (the last time the record changed, when the receipt was made), and
 * receipt_online() asks a running `sogoc serve` whether anything changed
 * since.
 *
 * Both functions are safe from many threads at once on distinct receipts.
 */
#ifndef SOGOC_VERIFY_RECEIPT_CHECK_H
#define SOGOC_VERIFY_RECEIPT_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "merkle.h"
#include "note.h"

#define RECEIPT_FORMAT	"sogoc-receipt/v2"

/* What a receipt that checks proves, and as of when. */
struct receipt_facts {
	char		 origin[256];	/* the log's name */
	uint64_t	 size;		/* the tree size it holds as of,
					   its checkpoint's and its head's */
	uint8_t		 root[MERKLE_HASH_LEN];
	uint64_t	 record;	/* the record it is about */
	uint64_t	 index;		/* its event's leaf index */
	char		 status[16];	/* valid, revoked, replaced */
	char		 time[32];	/* its event's time */
	size_t		 nhistory;	/* events in "history" */
	char		 proved[1024];	/* members proven */
	size_t		 ncosig;	/* witnesses of the policy that
					   cosigned the checkpoint */
	char		 cosigned[512];	/* their names */
};

/*
 * A witness policy: the checkpoint must carry valid cosignatures
 * (c2sp.org/tlog-cosignature, cosig.h) by at least quorum of the nw
 * witness keys w (type 0x04), and any cosignature by one of them must
 * verify.  quorum 0 checks those present and requires none.
 */
struct receipt_policy {
	struct note_verifier *const	*w;
	size_t				 nw;
	size_t				 quorum;
};

/*
 * Checks receipt against the nv verifier keys in v: the checkpoint's
 * signature, the inclusion of every leaf it carries (the event's, each
 * history entry's), and every other member against those leaves' lines.
 * A member it does not know, or cannot prove, is refused.  Returns 0 and
 * fills *f (unless f is NULL), or -1 with why, naming the member, in err
 * (errsz bytes).
 */
int		 receipt_verify(json_t *receipt, struct note_verifier *const *v,
		    size_t nv, struct receipt_facts *f, char *err,
		    size_t errsz);

/*
 * receipt_verify() with the witness policy pol (NULL: none): a receipt
 * whose checkpoint lacks the quorum is refused, naming the witnesses that
 * did not cosign it.
 */
int		 receipt_verify_policy(json_t *receipt,
		    struct note_verifier *const *v, size_t nv,
		    const struct receipt_policy *pol, struct receipt_facts *f,
		    char *err, size_t errsz);

/* receipt_verify() without the facts; on success err says "ok, log .." */
int		 receipt_check(json_t *receipt, struct note_verifier *const *v,
		    size_t nv, char *err, size_t errsz);

/* What receipt_online() finds. */
#define RECEIPT_SAME	0	/* the service answers as the receipt */
#define RECEIPT_CHANGED	1	/* it answers otherwise now */
#define RECEIPT_EONLINE	2	/* it could not be asked, or its answer
				   does not check */

/*
 * Asks the service at base (http:// or https://, as `sogoc serve` answers
 * it) whether the receipt r, which receipt_verify() passed with facts f,
 * still holds: its answer to the same question (the disclosed serial, name
 * and date of birth), checked with receipt_verify(), and a consistency
 * proof from the receipt's tree size to the service's signed checkpoint,
 * so that the new answer is proven to extend the old log.  Returns
 * RECEIPT_SAME or RECEIPT_CHANGED with a sentence saying what the service
 * answers now in msg (msgsz bytes), or RECEIPT_EONLINE with why in msg.
 */
int		 receipt_online(json_t *r, const struct receipt_facts *f,
		    const char *base, struct note_verifier *const *v,
		    size_t nv, char *msg, size_t msgsz);

#endif /* SOGOC_VERIFY_RECEIPT_CHECK_H */
