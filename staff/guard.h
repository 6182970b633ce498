/*
 * guard.h: the console's back-off after wrong passwords, kept in memory.
 *
 * Failures are counted per typed account name and client address
 * together, whether or not the account exists, so the guard answers a
 * made-up name exactly as a real one and tells nobody which names exist.
 * After GUARD_FREE_TRIES wrong passwords for a name from one address,
 * that address waits before its next try for that name: a minute, then
 * twice as long after each further failure, GUARD_WAIT_MAX at most.  Any
 * other address is not held back by that, so nobody can lock a
 * colleague out from afar.
 *
 * Guessing from many addresses: every wrong password for a name also
 * takes a token of that name's bucket (GUARD_NAME_BURST, refilled at
 * GUARD_NAME_PER_HOUR), whatever the address.  While it is empty, the
 * name can be tried only from an address that has signed in as it before
 * (in the last GUARD_KNOWN_DAYS): its owner at their usual machine still
 * gets in, an attacker's new addresses wait.
 *
 * A success from an address clears its count and makes it known; an
 * admin's unlock lifts every hold on the name older than the unlock.
 * The tables are fixed in size; a pair or a name that is held (or an
 * address known) is never pushed out to make room: past that, failures
 * of names that find no room are counted in one shared bucket, which
 * errs towards holding back, never towards letting guesses through.
 * All calls are safe from several threads.
 */
#ifndef SOGOC_STAFF_GUARD_H
#define SOGOC_STAFF_GUARD_H

#include <stddef.h>
#include <time.h>

#define GUARD_FREE_TRIES	5	/* wrong passwords before a wait */
#define GUARD_WAIT_FIRST	60	/* seconds: the first wait */
#define GUARD_WAIT_MAX		900	/* seconds: the longest wait */
#define GUARD_NAME_BURST	20	/* wrong passwords for a name from
					   anywhere, then */
#define GUARD_NAME_PER_HOUR	60	/* this many an hour */
#define GUARD_KNOWN_DAYS	30	/* an address that signed in stays
					   known this long */
#define GUARD_SLOTS		8192	/* name and address pairs */
#define GUARD_NAMES		4096	/* names */

struct guard;

/* A new guard; NULL when out of memory.  guard_free() accepts NULL. */
struct guard	*guard_new(void);
void		 guard_free(struct guard *g);

/*
 * Seconds the client at addr (alen bytes) must still wait before trying
 * name again at time now; 0: it may try.  unlocked is when an admin last
 * unlocked the account (0: never): failures before it no longer count.
 */
unsigned int	 guard_wait(struct guard *g, const char *name,
		    const void *addr, size_t alen, time_t now,
		    time_t unlocked);

/* A wrong password (or no such account) for name from addr at now. */
void		 guard_failed(struct guard *g, const char *name,
		    const void *addr, size_t alen, time_t now);

/* The right password for name from addr at now: its count starts again,
 * and the address is known for name. */
void		 guard_passed(struct guard *g, const char *name,
		    const void *addr, size_t alen, time_t now);

/*
 * How many addresses are held back from name at now (failures before
 * unlocked not counted), for the admin's list of accounts; and whether
 * the name's own bucket is empty (*many: guessed at from many places).
 */
unsigned int	 guard_held(struct guard *g, const char *name, time_t now,
		    time_t unlocked, int *many);

/* An admin unlocked name: every address may try it again. */
void		 guard_clear(struct guard *g, const char *name);

#endif /* SOGOC_STAFF_GUARD_H */
