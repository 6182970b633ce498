/*
 * test_share.c: share codes in a real registry in a temporary directory,
 * with a clock of the test's own: what may be typed as a code, the last
 * day a graduate may choose, opening (counted, the latest times kept),
 * expiry, extending, withdrawal (for good), a code of another request,
 * and the code printed on a copy, which never expires nor changes.
 */
#include "config.h"

#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <jansson.h>

#include "share.h"
#include "store.h"
#include "tmpstore.h"

#define DAY	86400

/* A code of request, for the copy at index 5 of record 3. */
static void
add(struct fixture *f, uint64_t request, int64_t expires, char *code)
{
	struct store_txn	 t;

	assert_int_equal(store_wr_begin(f->st, &t), STORE_OK);
	assert_int_equal(share_add(&t, 3, 5, request, expires, code),
	    STORE_OK);
	assert_int_equal(store_wr_commit(&t, NULL), STORE_OK);
	assert_int_equal(strlen(code), SHARE_CODE_LEN);
}

static void
test_canon(void **state)
{
	char	 out[SHARE_CODE_LEN + 1], disp[SHARE_DISPLAY_LEN + 1];

	(void)state;
	assert_int_equal(share_canon("ABCD-EFGH-JKMN", out), 0);
	assert_string_equal(out, "ABCDEFGHJKMN");
	/* As people type it: lower case, spaces, O for 0, I and L for 1. */
	assert_int_equal(share_canon("abcd efgh-jkmn", out), 0);
	assert_string_equal(out, "ABCDEFGHJKMN");
	assert_int_equal(share_canon("oOiI-lL00-1111", out), 0);
	assert_string_equal(out, "001111001111");
	share_display("ABCDEFGHJKMN", disp);
	assert_string_equal(disp, "ABCD-EFGH-JKMN");
	/* U is not a symbol; too short, too long, other bytes. */
	assert_int_equal(share_canon("ABCD-EFGH-JKMU", out), -1);
	assert_int_equal(share_canon("ABCD-EFGH-JKM", out), -1);
	assert_int_equal(share_canon("ABCD-EFGH-JKMNP", out), -1);
	assert_int_equal(share_canon("ABCD/EFGH/JKMN", out), -1);
	assert_int_equal(share_canon("ÁBCD-EFGH-JKMN", out), -1);
	assert_int_equal(share_canon("", out), -1);
	assert_int_equal(share_canon(NULL, out), -1);
}

static void
test_end_of_day(void **state)
{
	/* 2026-12-02 03:00 UTC is 10:00 in Viet Nam. */
	int64_t	 now = 1796180400, t;

	(void)state;
	assert_int_equal(share_end_of_day("2026-12-03", now, &t), 0);
	/* 23:59:59 of 3 December in Viet Nam is 16:59:59 UTC. */
	assert_int_equal(t, 1796317199);
	/* Today is not a last day to choose: from tomorrow. */
	assert_int_equal(share_end_of_day("2026-12-02", now, &t), -1);
	assert_int_equal(share_end_of_day("2026-12-01", now, &t), -1);
	/* At 23:59 in Viet Nam, tomorrow is still a day away. */
	assert_int_equal(share_end_of_day("2026-12-03", 1796230740, &t), 0);
	assert_int_equal(share_end_of_day("2026-12-02", 1796230740, &t), -1);
	assert_int_equal(share_end_of_day("2027-12-03", now, &t), 0);
	assert_int_equal(share_end_of_day("2027-12-05", now, &t), -1);
	assert_int_equal(share_end_of_day("2027-02-29", now, &t), -1);
	assert_int_equal(share_end_of_day("3/12/2026", now, &t), -1);
	assert_int_equal(share_end_of_day("2026-12-3", now, &t), -1);
	assert_int_equal(share_end_of_day(NULL, now, &t), -1);
}

static void
test_open_and_expire(void **state)
{
	struct fixture	*f = *state;
	char		 code[SHARE_CODE_LEN + 1];
	int64_t		 now = (int64_t)time(NULL), end = now + 10 * DAY;
	json_t		*info;
	int		 i;

	add(f, 7, end, code);
	assert_int_equal(share_open(f->st, code, now + 60, &info), STORE_OK);
	assert_int_equal(share_state(info, now + 60), SHARE_OPEN);
	assert_int_equal(json_integer_value(json_object_get(info, "record")),
	    3);
	assert_int_equal(json_integer_value(json_object_get(info, "copy")), 5);
	json_decref(info);
	for (i = 0; i < SHARE_OPENED_MAX + 5; i++) {
		assert_int_equal(share_open(f->st, code, now + 100 + i, &info),
		    STORE_OK);
		json_decref(info);
	}
	assert_int_equal(share_get(f->st, code, &info), STORE_OK);
	assert_int_equal(json_integer_value(json_object_get(info, "opens")),
	    SHARE_OPENED_MAX + 6);
	/* Only the latest times are kept, the newest last. */
	assert_int_equal(json_array_size(json_object_get(info, "opened")),
	    SHARE_OPENED_MAX);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(
	    info, "opened"), SHARE_OPENED_MAX - 1)), now + 100 +
	    SHARE_OPENED_MAX + 4);
	json_decref(info);
	/* A second after its end, expired; opening it counts nothing. */
	assert_int_equal(share_open(f->st, code, end + 1, &info), STORE_OK);
	assert_int_equal(share_state(info, end + 1), SHARE_EXPIRED);
	json_decref(info);
	assert_int_equal(share_get(f->st, code, &info), STORE_OK);
	assert_int_equal(json_integer_value(json_object_get(info, "opens")),
	    SHARE_OPENED_MAX + 6);
	json_decref(info);
	/* Extended, it opens again. */
	assert_int_equal(share_update(f->st, code, 7, end + 20 * DAY, 0,
	    end + 1), STORE_OK);
	assert_int_equal(share_open(f->st, code, end + 2, &info), STORE_OK);
	assert_int_equal(share_state(info, end + 2), SHARE_OPEN);
	json_decref(info);
}

static void
test_withdraw(void **state)
{
	struct fixture	*f = *state;
	char		 code[SHARE_CODE_LEN + 1], other[SHARE_CODE_LEN + 1];
	int64_t		 now = (int64_t)time(NULL);
	json_t		*info;

	add(f, 7, now + 30 * DAY, code);
	add(f, 8, now + 30 * DAY, other);
	assert_string_not_equal(code, other);
	/* Only the request's own codes. */
	assert_int_equal(share_update(f->st, other, 7, 0, 1, now),
	    STORE_ENOTFOUND);
	assert_int_equal(share_update(f->st, code, 0, 0, 1, now),
	    STORE_ENOTFOUND);
	assert_int_equal(share_update(f->st, code, 7, 0, 1, now), STORE_OK);
	assert_int_equal(share_open(f->st, code, now + 1, &info), STORE_OK);
	assert_int_equal(share_state(info, now + 1), SHARE_WITHDRAWN);
	assert_int_equal(json_integer_value(json_object_get(info,
	    "withdrawn")), now);
	json_decref(info);
	/* For good: neither extended nor withdrawn again. */
	assert_int_equal(share_update(f->st, code, 7, now + 40 * DAY, 0,
	    now + 2), STORE_ECONFLICT);
	assert_int_equal(share_update(f->st, code, 7, 0, 1, now + 2),
	    STORE_ECONFLICT);
	/* The other request's code is untouched. */
	assert_int_equal(share_open(f->st, other, now + 3, &info), STORE_OK);
	assert_int_equal(share_state(info, now + 3), SHARE_OPEN);
	json_decref(info);
}

static void
test_forever(void **state)
{
	struct fixture	*f = *state;
	char		 code[SHARE_CODE_LEN + 1];
	int64_t		 now = (int64_t)time(NULL);
	json_t		*info;

	/* The code printed on a copy: it checks the copy for good. */
	add(f, 7, SHARE_FOREVER, code);
	assert_int_equal(share_open(f->st, code, now + 20 * 366 * DAY,
	    &info), STORE_OK);
	assert_int_equal(share_state(info, now + 20 * 366 * DAY), SHARE_OPEN);
	json_decref(info);
	assert_int_equal(share_update(f->st, code, 7, now + 30 * DAY, 0, now),
	    STORE_ECONFLICT);
	assert_int_equal(share_update(f->st, code, 7, 0, 1, now),
	    STORE_ECONFLICT);
	assert_int_equal(share_get(f->st, code, &info), STORE_OK);
	assert_int_equal(share_state(info, now + 1), SHARE_OPEN);
	json_decref(info);
}

static void
test_unknown(void **state)
{
	struct fixture	*f = *state;
	json_t		*info = NULL;

	assert_int_equal(share_get(f->st, "ABCDEFGHJKMN", &info),
	    STORE_ENOTFOUND);
	assert_null(info);
	assert_int_equal(share_open(f->st, "ABCDEFGHJKMN", 1, &info),
	    STORE_ENOTFOUND);
	assert_null(info);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canon),
		cmocka_unit_test(test_end_of_day),
		cmocka_unit_test_setup_teardown(test_open_and_expire, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_withdraw, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_forever, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unknown, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
