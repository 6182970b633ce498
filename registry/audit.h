/*
 * audit.h: recompute the whole registry from its raw store and say
 * precisely what, if anything, does not match.
 *
 * The audit trusts nothing derived: it decodes every event, recomputes
 * every leaf and every stored Merkle hash, checks every checkpoint's
 * signature against the verifier keys the auditor gives (not the ones the
 * store lists), its root against the recomputed tree and its consistency
 * with the next, replays the events into records and compares the records
 * and the lookup indexes with what the store holds, and checks each record
 * head's signature and that it names its record's latest event, and the
 * credentials' status list against the records (statuslist_audit()).
 */
#ifndef SOGOC_REGISTRY_AUDIT_H
#define SOGOC_REGISTRY_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "note.h"
#include "store.h"

struct audit_report {
	/* Called once per problem found; msg is valid during the call. */
	void		(*problem)(void *arg, const char *msg);
	void		 *arg;
	size_t		  problems;
	uint64_t	  events;
	uint64_t	  hashes;
	uint64_t	  checkpoints;
	uint64_t	  records;
	uint64_t	  heads;	/* record heads checked */
	uint64_t	  cosigs;	/* witnesses' cosignatures checked */
	uint64_t	  credentials;	/* status list indexes checked */
	uint64_t	  v1_by;	/* v1 leaves showing a staff account */
};

/*
 * Audits st with the nv verifier keys in v.  Returns STORE_OK when the audit
 * could run (r->problems says whether it passed), else an error when the
 * store could not be read at all.
 */
int		 audit_run(struct store *st, struct note_verifier *const *v,
		    size_t nv, struct audit_report *r);

#endif /* SOGOC_REGISTRY_AUDIT_H */
