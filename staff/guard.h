/*
 * guard.h: the console's back-off after wrong passwords, kept in memory.
 *
 * Failures are counted per typed account name and client address
 * together, whether or not the account exists, so the guard answers a
 * made-up name exactly as a real one and tells nobody which names exist.
 * After GUARD_FREE_TRIES wrong passwords for a name from one address,
 * that address waits before its next try for that name: a minute, then
 * twice as long after each further failure, GUARD_WAIT_MAX at most.  Any
 * other address is not held back, so nobody can lock a colleague out
 * from afar, and the right password from a clean address always opens.
 * A success from an address clears its count; an admin's unlock clears
 * every count for the name that is older than the unlock.
 *
 * The table is fixed in size (GUARD_SLOTS pairs); when it is full the
 * pair idle longest gives way.  All calls are safe from several threads.
 */
#ifndef SOGOC_STAFF_GUARD_H
#define SOGOC_STAFF_GUARD_H

#include <stddef.h>
#include <time.h>

#define GUARD_FREE_TRIES	5	/* wrong passwords before a wait */
#define GUARD_WAIT_FIRST	60	/* seconds: the first wait */
#define GUARD_WAIT_MAX		900	/* seconds: the longest wait */
#define GUARD_SLOTS		8192

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

/* The right password for name from addr: its count starts again. */
void		 guard_passed(struct guard *g, const char *name,
		    const void *addr, size_t alen);

/*
 * How many addresses are held back from name at now (failures before
 * unlocked not counted), for the admin's list of accounts.
 */
unsigned int	 guard_held(struct guard *g, const char *name, time_t now,
		    time_t unlocked);

/* An admin unlocked name: every address may try it again. */
void		 guard_clear(struct guard *g, const char *name);

#endif /* SOGOC_STAFF_GUARD_H */
