/*
 * test_guard.c: the console's back-off after wrong passwords
 * (staff/guard.h).  The lock-out it replaces could be turned against
 * anyone (five wrong passwords from anywhere locked the admin out) and
 * told which names exist (only real ones were ever locked): finding 4 of
 * issue 13.  Here: a held address waits, longer each time; another
 * address is never held back; a made-up name is held exactly as a real
 * one; an unlock or a success lifts the hold; a flood of other names
 * does not wash out a held pair.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

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

	(void)state;
	assert_non_null(g);
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
	guard_passed(g, "an", home, 4);
	assert_int_equal(guard_wait(g, "an", evil, 4, T0 + 200, 0),
	    GUARD_WAIT_MAX);
	assert_int_equal(guard_held(g, "an", T0 + 200, 0), 1);
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

	(void)state;
	assert_non_null(g);
	fail_n(g, "binh", evil, GUARD_FREE_TRIES, T0);
	fail_n(g, "binh", home, GUARD_FREE_TRIES, T0);
	fail_n(g, "chi", evil, GUARD_FREE_TRIES, T0);
	assert_int_equal(guard_held(g, "binh", T0 + 1, 0), 2);
	/* Unlocked (by the command line: a time in the account) after the
	 * failures: they no longer count. */
	assert_int_equal(guard_wait(g, "binh", home, 4, T0 + 1, T0 + 1), 0);
	/* Failures after an unlock still do. */
	fail_n(g, "binh", home, GUARD_FREE_TRIES, T0 + 2);
	assert_true(guard_wait(g, "binh", home, 4, T0 + 2, T0 + 1) > 0);
	/* From the console: every address of that name, no other name. */
	guard_clear(g, "binh");
	assert_int_equal(guard_held(g, "binh", T0 + 2, 0), 0);
	assert_int_equal(guard_wait(g, "binh", evil, 4, T0 + 2, 0), 0);
	assert_true(guard_wait(g, "chi", evil, 4, T0 + 2, 0) > 0);
	guard_free(g);
}

/* Ten times the table's size of other pairs, each failing once: the
 * pair held back (its last failure the latest) is still held. */
static void
test_flood(void **state)
{
	struct guard	*g = guard_new();
	uint8_t		 a[4];
	char		 name[32];
	int		 i;

	(void)state;
	assert_non_null(g);
	for (i = 0; i < 10 * GUARD_SLOTS; i++) {
		snprintf(name, sizeof(name), "flood%d", i);
		memcpy(a, &i, sizeof(a));
		guard_failed(g, name, a, 4, T0);
		if (i % 1000 == 0)
			fail_n(g, "admin", evil, GUARD_FREE_TRIES, T0 + 1);
	}
	assert_true(guard_wait(g, "admin", evil, 4, T0 + 1, 0) > 0);
	guard_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_names_alike),
		cmocka_unit_test(test_unlock),
		cmocka_unit_test(test_flood),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
