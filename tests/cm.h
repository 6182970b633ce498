/*
 * cm.h: what every cmocka unit test in tests/ shares: the headers cmocka
 * needs before it, NELEM for case tables, CHECK for table loops that
 * report every wrong row before failing, and CM_MAIN, the main() that
 * runs a file's tests as one group (TAP out, see tests/Makemodule.am).
 *
 * Test code only; nothing here is thread-safe (cm_failures is one
 * counter per test program, and cmocka runs the tests one at a time).
 */
#ifndef SOGOC_TESTS_CM_H
#define SOGOC_TESTS_CM_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Rows found wrong by CHECK since the test last set it to 0: a table test
 * sets it to 0, CHECKs every row and asserts it is still 0 at the end, so
 * one run names all the wrong rows, not only the first.
 */
static int	 cm_failures;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		print_error(__VA_ARGS__);				\
		cm_failures++;						\
	}								\
} while (0)

/*
 * main() of a test program: the arguments are its CMUnitTest entries
 * (cmocka_unit_test(f) or cmocka_unit_test_setup_teardown(f, s, t)).
 */
#define CM_MAIN(...)							\
int									\
main(void)								\
{									\
	const struct CMUnitTest tests[] = { __VA_ARGS__ };		\
									\
	(void)cm_failures;						\
	return cmocka_run_group_tests(tests, NULL, NULL);		\
}

#endif
