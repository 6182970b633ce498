/*
 * asklimit.h: limits on what is asked, whoever asks it.
 *
 * The public side answers only a question whose serial number, name and
 * date of birth all match; but serial numbers are consecutive and dates
 * of birth few, so whoever knows two of the three can try the third, and
 * a limit per client address stops only an attacker with one address.
 * A question takes one token of each of three token buckets:
 *
 *   the person, its folded name and date of birth, from every address
 *   together: finding the serial of a known person means trying serial
 *   after serial with them;
 *   the serial number, from every address together: finding the date
 *   of birth of a known diploma means trying date after date with it;
 *   the serial's range, the serial without its last two digits (100
 *   consecutive serials, a class), for the asker's network (its /24 or
 *   IPv6 /48, client_key_net()): trying many people against a class.
 *
 * The range's bucket is the asker's own, and taken first: it was once
 * one for everyone, so that a client asking 100 questions an hour about
 * each of its ranges kept whole classes answering 429 for everyone, and
 * one address at its own allowance some 18,000 diplomas.  Now a network
 * that has spent its range's bucket is refused before it spends any
 * token of a diploma's or person's, so that keeping a diploma refused
 * (10 questions an hour about it) costs a network one tenth of its
 * allowance for that diploma's range.
 *
 * A token is taken before anything is looked up, so a question that
 * finds a diploma and one that does not cost the same, and the limit
 * tells nothing.  The numbers are for an employer who checks a diploma
 * a few times, or a school's worth in a day; docs/threat-model.md says
 * what they leave an attacker, to learn and to block.  Thread safety:
 * one asklimit may be shared by every thread.
 */
#ifndef SOGOC_VERIFY_ASKLIMIT_H
#define SOGOC_VERIFY_ASKLIMIT_H

#include <stddef.h>

/* Questions about one person (name + date of birth) or one serial: 10 at
 * once, then 10 an hour. */
#define ASK_ONE_BURST	10
#define ASK_ONE_RATE	(10.0 / 3600)
/* Questions about one range of 100 serials from one network: 100 at
 * once, then 100 an hour. */
#define ASK_RANGE_BURST	100
#define ASK_RANGE_RATE	(100.0 / 3600)
#define ASK_RANGE_DROP	2	/* trailing digits a range leaves out */

struct asklimit;

/* The buckets, empty of questions; NULL on ENOMEM.  asklimit_free()
 * takes NULL. */
struct asklimit	*asklimit_new(void);
void		 asklimit_free(struct asklimit *al);

/*
 * Takes a token for the question (serial, name, dob as typed; any may be
 * NULL) asked by client (client.h; NULL or empty: an unknown client,
 * whose network is every unknown client's) from the buckets of its
 * range for the client's network, then of its person and of its serial;
 * only the parts that could match anything are counted (a name that
 * folds to nothing, or a date that is none, names no person).  now is
 * monotonic, in seconds.  Returns 0 to answer, or the whole seconds to
 * wait (at least 1): the first bucket found empty keeps its token, the
 * rest are not touched.
 */
struct client_key;
unsigned int	 asklimit_take(struct asklimit *al,
		    const struct client_key *client, const char *serial,
		    const char *name, const char *dob, double now);

#endif /* SOGOC_VERIFY_ASKLIMIT_H */
