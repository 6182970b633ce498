/*
 * test_guard.c: the console's back-off after wrong passwords
 * (staff/guard.h).  The lock-out it replaces could be turned against
 * anyone (five wrong passwords from anywhere locked the admin out) and
 * told which names exist (only real ones were ever locked): finding 4 of
 * issue 13.  Here: a held address waits, longer each time; another
 * address is never held back; a made-up name is held exactly as a real
 * one; an unlock or a success lifts the hold; guessing from many
 * addresses empties the name's bucket, and then only an address that
 * signed in before may try it; a flood of other names does not wash out
 * a held pair.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cm.h"

#include "guard.h"

#define T0	1800000000

static const uint8_t	 home[4] = { 10, 0, 0, 7 };
static const uint8_t	 evil[4] = { 203, 0, 113, 9 };

static void
fail_n(struct guard *g, const char *name, const uint8_t *addr, int n,
    time_t now)
{
	int	 i;

	for (i = 0; i < n; i++)
		guard_failed(g, name, addr, 4, now);
}

static void
test_backoff(void **state)
{
	struct guard	*g = guard_new();
	int		 many;

	(void)state;
	assert_non_null(g);
	guard_passed(g, "an", home, 4, T0 - 10);	/* an's own machine */
	fail_n(g, "an", evil, GUARD_FREE_TRIES - 1, T0);
	assert_int_equal(guard_wait(g, "an", evil, 4, T0, 0), 0);
	guard_failed(g, "an", evil, 4, T0);
	assert_int_equal(guard_wait(g, "an", evil, 4, T0, 0),
	    GUARD_WAIT_FIRST);
	assert_int_equal(guard_wait(g, "an", evil, 4, T0 + GUARD_WAIT_FIRST,
	    0), 0);
	/* Each further failure doubles the wait, up to the most. */
	guard_failed(g, "an", evil, 4, T0 + 100);
	assert_int_equal(guard_wait(g, "an", evil, 4, T0 + 100, 0),
	    2 * GUARD_WAIT_FIRST);
	fail_n(g, "an", evil, 20, T0 + 200);
	assert_int_equal(guard_wait(g, "an", evil, 4, T0 + 200, 0),
	    GUARD_WAIT_MAX);
	/* The owner at home is not held back, and the right password from
	 * there clears only home's count. */
	assert_int_equal(guard_wait(g, "an", home, 4, T0 + 200, 0), 0);
	guard_passed(g, "an", home, 4, T0 + 200);
	assert_int_equal(guard_wait(g, "an", evil, 4, T0 + 200, 0),
	    GUARD_WAIT_MAX);
	assert_int_equal(guard_held(g, "an", T0 + 200, 0, &many), 1);
	guard_free(g);
	guard_free(NULL);
}

/* Whatever the name, real or not, the same answers. */
static void
test_names_alike(void **state)
{
	struct guard	*g = guard_new();
	const char	*names[] = { "admin", "no.such.person", "", "x/\x1b[2J" };
	size_t		 i;

	(void)state;
	assert_non_null(g);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		fail_n(g, names[i], evil, GUARD_FREE_TRIES, T0);
		assert_int_equal(guard_wait(g, names[i], evil, 4, T0, 0),
		    GUARD_WAIT_FIRST);
		assert_int_equal(guard_wait(g, names[i], home, 4, T0, 0), 0);
	}
	guard_free(g);
}

static void
test_unlock(void **state)
{
	struct guard	*g = guard_new();
	int		 many;

	(void)state;
	assert_non_null(g);
	fail_n(g, "binh", evil, GUARD_FREE_TRIES, T0);
	fail_n(g, "binh", home, GUARD_FREE_TRIES, T0);
	fail_n(g, "chi", evil, GUARD_FREE_TRIES, T0);
	assert_int_equal(guard_held(g, "binh", T0 + 1, 0, &many), 2);
	assert_false(many);
	/* Unlocked (by the command line: a time in the account) after the
	 * failures: they no longer count. */
	assert_int_equal(guard_wait(g, "binh", home, 4, T0 + 1, T0 + 1), 0);
	/* Failures after an unlock still do. */
	fail_n(g, "binh", home, GUARD_FREE_TRIES, T0 + 2);
	assert_true(guard_wait(g, "binh", home, 4, T0 + 2, T0 + 1) > 0);
	/* From the console: every address of that name, no other name. */
	guard_clear(g, "binh");
	assert_int_equal(guard_held(g, "binh", T0 + 2, 0, &many), 0);
	assert_int_equal(guard_wait(g, "binh", evil, 4, T0 + 2, 0), 0);
	assert_true(guard_wait(g, "chi", evil, 4, T0 + 2, 0) > 0);
	guard_free(g);
}

/*
 * Guessing one name from many addresses, once each: after
 * GUARD_NAME_BURST failures a new address must wait, real name or not;
 * the owner's known machine is not held back; an hour's refill lets new
 * addresses try again, one by one.
 */
static void
test_many_addresses(void **state)
{
	struct guard	*g = guard_new();
	const char	*names[] = { "chi", "no.such.name" };
	uint8_t		 a[4] = { 198, 51, 0, 0 };
	size_t		 k;
	int		 i, many;

	(void)state;
	assert_non_null(g);
	for (k = 0; k < 2; k++) {
		guard_passed(g, names[k], home, 4, T0 - 100);
		for (i = 0; i < GUARD_NAME_BURST; i++) {
			a[3] = (uint8_t)i;
			a[2] = (uint8_t)k;
			assert_int_equal(guard_wait(g, names[k], a, 4, T0, 0),
			    0);
			guard_failed(g, names[k], a, 4, T0);
		}
		a[3] = 200;
		assert_true(guard_wait(g, names[k], a, 4, T0, 0) > 0);
		assert_true(guard_wait(g, names[k], a, 4, T0, 0) <=
		    3600 / GUARD_NAME_PER_HOUR + 1);
		assert_int_equal(guard_wait(g, names[k], home, 4, T0, 0), 0);
		assert_int_equal(guard_held(g, names[k], T0, 0, &many), 0);
		assert_true(many);
		/* A token comes back every 3600 / GUARD_NAME_PER_HOUR s. */
		assert_int_equal(guard_wait(g, names[k], a, 4,
		    T0 + 3600 / GUARD_NAME_PER_HOUR, 0), 0);
	}
	/* Another name is not touched by it. */
	assert_int_equal(guard_wait(g, "dung", a, 4, T0, 0), 0);
	/* An unlock after the guessing refills the bucket. */
	assert_int_equal(guard_wait(g, "chi", a, 4, T0 + 1, T0 + 1), 0);
	guard_free(g);
}

/*
 * Ten times the table's size of other pairs and names, each failing
 * once: the held pair is not pushed out to make room, nor is the name's
 * bucket; names that find no room share one bucket, which then holds
 * back unknown addresses (never lets guesses through), while a known
 * address still signs in.
 */
static void
test_flood(void **state)
{
	struct guard	*g = guard_new();
	uint8_t		 a[4];
	char		 name[32];
	int		 i, many;

	(void)state;
	assert_non_null(g);
	guard_passed(g, "quiet", home, 4, T0 - 100);
	fail_n(g, "admin", evil, GUARD_FREE_TRIES, T0);
	for (i = 0; i < 10 * GUARD_SLOTS; i++) {
		snprintf(name, sizeof(name), "flood%d", i);
		memcpy(a, &i, sizeof(a));
		guard_failed(g, name, a, 4, T0 + 1);
	}
	assert_true(guard_wait(g, "admin", evil, 4, T0 + 2, 0) > 0);
	assert_int_equal(guard_held(g, "admin", T0 + 2, 0, &many), 1);
	/* Names with no bucket of their own: held back from new addresses,
	 * open to known ones. */
	assert_true(guard_wait(g, "quiet", evil, 4, T0 + 2, 0) > 0);
	assert_int_equal(guard_wait(g, "quiet", home, 4, T0 + 2, 0), 0);
	guard_free(g);
}

CM_MAIN(
	cmocka_unit_test(test_backoff),
	cmocka_unit_test(test_names_alike),
	cmocka_unit_test(test_unlock),
	cmocka_unit_test(test_many_addresses),
	cmocka_unit_test(test_flood)
)
