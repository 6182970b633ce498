/*
 * asklimit.h: limits on what is asked, whoever asks it.
 *
 * The public side answers only a question whose serial number, name and
 * date of birth all match; but serial numbers are consecutive and dates
 * of birth few, so whoever knows two of the three can try the third, and
 * a limit per client address stops only an attacker with one address.
 * These limits count the questions about one diploma or one person from
 * every address together, in three token buckets a question takes one
 * token of each:
 *
 *   the person, its folded name and date of birth: finding the serial
 *   of a known person means trying serial after serial with them;
 *   the serial number: finding the date of birth of a known diploma
 *   means trying date after date with it;
 *   the serial's range, the serial without its last two digits (100
 *   consecutive serials, a class): trying many people against it.
 *
 * A token is taken before anything is looked up, so a question that
 * finds a diploma and one that does not cost the same, and the limit
 * tells nothing.  The numbers are for an employer who checks a diploma
 * a few times, or a school's worth in a day; docs/threat-model.md says
 * what they leave an attacker.  Thread safety: one asklimit may be
 * shared by every thread.
 */
#ifndef SOGOC_VERIFY_ASKLIMIT_H
#define SOGOC_VERIFY_ASKLIMIT_H

#include <stddef.h>

/* Questions about one person (name + date of birth) or one serial: 10 at
 * once, then 10 an hour. */
#define ASK_ONE_BURST	10
#define ASK_ONE_RATE	(10.0 / 3600)
/* Questions about one range of 100 serials: 100 at once, then 100 an
 * hour. */
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
 * NULL) from the buckets of its person, its serial and its range; only
 * the parts that could match anything are counted (a name that folds to
 * nothing, or a date that is none, names no person).  now is monotonic,
 * in seconds.  Returns 0 to answer, or the whole seconds to wait (at
 * least 1): the first bucket found empty keeps its token, the rest are
 * not touched.
 */
unsigned int	 asklimit_take(struct asklimit *al, const char *serial,
		    const char *name, const char *dob, double now);

#endif /* SOGOC_VERIFY_ASKLIMIT_H */
