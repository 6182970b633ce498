/*
 * policy.h: the witnesses a department's log asks to cosign, read from
 * the file that sogoc-serve.conf(5)'s `witnesses` names.  Its lines are
 * those of C2SP tlog-policy (c2sp.org/tlog-policy) that name a witness:
 *
 *   # comment
 *   witness <name> <vkey> <url>
 *
 * name is a label for messages and the console (no white space), vkey the
 * witness's cosignature/v1 verifier key (type 0x04, cosig.h), url its
 * submission prefix (http:// or https://; the log POSTs to
 * <url>/add-checkpoint).  Any other line is an error naming its number,
 * as are a repeated name or key, and more than POLICY_MAX witnesses.
 *
 * The caller owns the policy and frees it with policy_clear().  Nothing
 * here keeps state: calls on distinct policies are thread-safe.
 */
#ifndef SOGOC_TLOG_POLICY_H
#define SOGOC_TLOG_POLICY_H

#include <stddef.h>

#include "asker.h"

#define POLICY_MAX	32		/* witnesses in one file */
#define POLICY_MAX_FILE	(64 << 10)	/* bytes of the file */

struct policy {
	struct asker_witness	 w[POLICY_MAX];	/* strings malloc'd */
	size_t			 n;
};

/*
 * Parses text (len bytes) into *p (cleared first): 0, or -1 with why in
 * err (errsz bytes), the line named, and *p empty.
 */
int	 policy_parse(const char *text, size_t len, struct policy *p,
	    char *err, size_t errsz);

/* policy_parse() of the file path; the error names the file too. */
int	 policy_load(const char *path, struct policy *p, char *err,
	    size_t errsz);

void	 policy_clear(struct policy *p);

#endif /* SOGOC_TLOG_POLICY_H */
