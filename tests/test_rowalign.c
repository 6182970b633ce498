/*
 * test_rowalign.c: table-driven unit tests of rowalign_seq() in
 * ocr/rowalign.c: row numbers that show a row lost or made up above them
 * (every row below then stands in another person's place), and those
 * that do not (a single misread, a broken count, unread numbers).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rowalign.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAXR		12

static const struct {
	const char	*name;
	int		 n;
	long		 seq[MAXR];	/* -1: no number agreed on */
	int		 first;		/* first row marked, -1 none */
} cases[] = {
	{ "a clean count", 6, { 21, 22, 23, 24, 25, 26 }, -1 },
	{ "a row lost above row 4", 6, { 21, 22, 23, 25, 26, 27 }, 3 },
	{ "a row made up above row 3", 6, { 21, 22, 22, 23, 24, 25 }, 2 },
	{ "two rows lost", 7, { 1, 2, 5, 6, 7, 8, 9 }, 2 },
	{ "unread numbers around a lost row", 7,
	    { 21, -1, 23, -1, 26, -1, 28 }, 4 },
	{ "a single misread number", 6, { 21, 22, 28, 24, 25, 26 }, -1 },
	{ "a single number one off", 6, { 21, 22, 24, 24, 25, 26 }, -1 },
	{ "a broken count ten ahead", 6, { 1, 2, 3, 14, 15, 16 }, -1 },
	{ "the last row one off", 5, { 1, 2, 3, 4, 6 }, -1 },
	{ "nothing read", 4, { -1, -1, -1, -1 }, -1 },
};

static void
test_seq(void **state)
{
	unsigned char	 bad[MAXR];
	size_t		 i;
	int		 k, want, failures = 0;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		memset(bad, 0, sizeof(bad));
		(void)rowalign_seq(cases[i].seq, cases[i].n, bad);
		for (k = 0; k < cases[i].n; k++) {
			want = cases[i].first >= 0 && k >= cases[i].first;
			if (bad[k] != want) {
				print_error("%s: row %d marked %d, want %d\n",
				    cases[i].name, k + 1, bad[k], want);
				failures++;
			}
		}
	}
	assert_int_equal(failures, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seq),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
