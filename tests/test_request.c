/*
 * test_request.c: graduates' requests for a certified copy (copy/
 * request.h) in a real registry in a temporary directory: what a form
 * may hold (each field's rule, oversized and invalid UTF-8 input), the
 * numbering and the private link (any other link, malformed or guessed,
 * is the same "no such request"), refusal and its state changes, the
 * listing (newest first, no secret), the limit on requests waiting, and
 * the purge of what a graduate gave.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm.h"
#include <jansson.h>

#include "copydb.h"
#include "request.h"
#include "store.h"

static const struct store_db *const tmpstore_dbs[] = { copy_dbs, NULL };
#define TMPSTORE_DBS	tmpstore_dbs
#include "tmpstore.h"

#define NOW	1796230740	/* 2026-12-02 in Viet Nam */

/* A form that is right in every field. */
static void
good_form(const char **v)
{
	memset(v, 0, CRF_COUNT * sizeof(*v));
	v[CRF_FULL_NAME] = "Nguyễn Thị Lan";
	v[CRF_DATE_OF_BIRTH] = "3/4/2001";
	v[CRF_YEAR] = "2019";
	v[CRF_NATIONAL_ID] = "001 201 012 345";
	v[CRF_CONTACT] = "+84 912 345 678";
}

static uint64_t
submit(struct fixture *f, char *link)
{
	const char		*v[CRF_COUNT];
	enum copyreq_field	 bad;
	uint64_t		 id;

	good_form(v);
	assert_int_equal(copyreq_submit(f->st, v, NOW, &id, link, &bad),
	    STORE_OK);
	return id;
}

/* One form of test_form: the field changed, its value, the answer. */
struct form_case {
	enum copyreq_field	 field;
	const char		*value;		/* NULL: left out */
	int			 rc;
	enum copyreq_field	 bad;		/* CRF_COUNT: none */
};

static char	 long_name[122];
static char	 long_purpose[302];

static const struct form_case forms[] = {
	{ CRF_COUNT, NULL, STORE_OK, CRF_COUNT },
	{ CRF_FULL_NAME, NULL, STORE_EINPUT, CRF_FULL_NAME },
	{ CRF_FULL_NAME, "   ", STORE_EINPUT, CRF_FULL_NAME },
	{ CRF_FULL_NAME, long_name, STORE_EINPUT, CRF_FULL_NAME },
	{ CRF_FULL_NAME, "Lan \xc3\x28", STORE_EINPUT, CRF_FULL_NAME },
	{ CRF_FULL_NAME, "Lan\x01", STORE_EINPUT, CRF_FULL_NAME },
	{ CRF_FULL_NAME, "Lan\xed\xa0\x80", STORE_EINPUT, CRF_FULL_NAME },
	{ CRF_DATE_OF_BIRTH, "31/2/2001", STORE_EINPUT, CRF_DATE_OF_BIRTH },
	{ CRF_DATE_OF_BIRTH, "yesterday", STORE_EINPUT, CRF_DATE_OF_BIRTH },
	{ CRF_DATE_OF_BIRTH, "2001-04-03", STORE_OK, CRF_COUNT },
	{ CRF_YEAR, "1974", STORE_EINPUT, CRF_YEAR },
	{ CRF_YEAR, "2027", STORE_EINPUT, CRF_YEAR },	/* after now */
	{ CRF_YEAR, "19a9", STORE_EINPUT, CRF_YEAR },
	{ CRF_YEAR, "02019", STORE_EINPUT, CRF_YEAR },
	{ CRF_YEAR, "2026", STORE_OK, CRF_COUNT },
	{ CRF_NATIONAL_ID, "0012010123", STORE_EINPUT, CRF_NATIONAL_ID },
	{ CRF_NATIONAL_ID, "00120101234x", STORE_EINPUT, CRF_NATIONAL_ID },
	{ CRF_NATIONAL_ID, "012-345-678", STORE_OK, CRF_COUNT },	/* 9 */
	{ CRF_CONTACT, "call me", STORE_EINPUT, CRF_CONTACT },
	{ CRF_CONTACT, "1234567", STORE_EINPUT, CRF_CONTACT },
	{ CRF_CONTACT, "lan@example.vn", STORE_OK, CRF_COUNT },
	{ CRF_PURPOSE, long_purpose, STORE_EINPUT, CRF_PURPOSE },
	{ CRF_COPIES, "0", STORE_EINPUT, CRF_COPIES },
	{ CRF_COPIES, "11", STORE_EINPUT, CRF_COPIES },
	{ CRF_COPIES, "-1", STORE_EINPUT, CRF_COPIES },
	{ CRF_COPIES, "10", STORE_OK, CRF_COUNT },
	{ CRF_SHARE_UNTIL, "2026-12-01", STORE_EINPUT, CRF_SHARE_UNTIL },
	{ CRF_SHARE_UNTIL, "3/1/2027", STORE_EINPUT, CRF_SHARE_UNTIL },
	{ CRF_SHARE_UNTIL, "2026-12-20", STORE_OK, CRF_COUNT },
	/* A serial number that is no diploma of that person. */
	{ CRF_SERIAL_NO, "QB 123456", STORE_ENOTFOUND, CRF_SERIAL_NO },
};

static void
test_form(void **state)
{
	struct fixture		*f = *state;
	const struct form_case	*c;
	const char		*v[CRF_COUNT];
	enum copyreq_field	 bad;
	char			 link[COPYREQ_LINK_MAX];
	uint64_t		 id, want = 1;
	size_t			 i, n;
	int			 rc;

	memset(long_name, 'a', sizeof(long_name) - 1);
	memset(long_purpose, 'p', sizeof(long_purpose) - 1);
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		c = &forms[i];
		good_form(v);
		if (c->field != CRF_COUNT)
			v[c->field] = c->value;
		/* The check alone agrees, but for the register's part. */
		rc = copyreq_check(f->st, v, NOW, &bad);
		if (rc != (c->rc == STORE_ENOTFOUND ? STORE_OK : c->rc))
			fail_msg("form %zu: check %d (%s)", i, rc,
			    store_errmsg(f->st));
		link[0] = 'x';
		rc = copyreq_submit(f->st, v, NOW, &id, link, &bad);
		if (rc != c->rc || bad != c->bad)
			fail_msg("form %zu: %d, field %d, not %d, %d (%s)", i,
			    rc, bad, c->rc, c->bad, store_errmsg(f->st));
		if (rc != STORE_OK) {
			assert_string_equal(link, "");
			continue;
		}
		/* Numbered from 1 in order, only what was kept. */
		assert_int_equal(id, want);
		want++;
		assert_true(strchr(link, '-') != NULL);
		assert_int_equal(strlen(strchr(link, '-') + 1),
		    COPYREQ_SECRET_LEN);
	}
	assert_int_equal(copyreq_pending(f->st, &n), STORE_OK);
	assert_int_equal(n, want - 1);
}

static void
test_link(void **state)
{
	struct fixture	*f = *state;
	char		 link[COPYREQ_LINK_MAX], other[COPYREQ_LINK_MAX];
	char		 forged[COPYREQ_LINK_MAX + 8];
	const char	*bad[] = {
		"", "1", "1-", "-abc", "0-", "x-aaaaaaaaaaaaaaaaaaaaaa",
		"01-aaaaaaaaaaaaaaaaaaaaaa",
		"99999999999999999999-aaaaaaaaaaaaaaaaaaaaaa",
		"3-aaaaaaaaaaaaaaaaaaaaaa",		/* no request 3 */
		"1-aaaaaaaaaaaaaaaaaaaaa!",
		"1-aaaaaaaaaaaaaaaaaaaaaaa",		/* one too long */
	};
	json_t		*req;
	uint64_t	 id, id2;
	size_t		 i;

	id = submit(f, link);
	id2 = submit(f, other);
	assert_int_equal(copyreq_by_link(f->st, link, &req, &id2), STORE_OK);
	assert_int_equal(id2, id);
	assert_string_equal(json_string_value(json_object_get(req, "state")),
	    "pending");
	assert_string_equal(json_string_value(json_object_get(req,
	    "national_id")), "001201012345");
	json_decref(req);
	assert_int_equal(copyreq_by_link(f->st, NULL, &req, &id2),
	    STORE_ENOTFOUND);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		req = (json_t *)1;
		if (copyreq_by_link(f->st, bad[i], &req, &id2) !=
		    STORE_ENOTFOUND || req != NULL)
			fail_msg("link \"%s\" was taken", bad[i]);
		assert_string_equal(store_errmsg(f->st), "no such request");
	}
	/* Request 1's number with request 2's secret, and a secret off by
	 * one symbol. */
	snprintf(forged, sizeof(forged), "1%s", strchr(other, '-'));
	assert_int_equal(copyreq_by_link(f->st, forged, &req, &id2),
	    STORE_ENOTFOUND);
	snprintf(forged, sizeof(forged), "%s", link);
	forged[strlen(forged) - 1] ^= 1;
	assert_int_equal(copyreq_by_link(f->st, forged, &req, &id2),
	    STORE_ENOTFOUND);
	assert_null(req);
}

static void
test_refuse(void **state)
{
	struct fixture	*f = *state;
	char		 link[COPYREQ_LINK_MAX], big[502];
	json_t		*req;
	uint64_t	 id;
	size_t		 n;

	id = submit(f, link);
	submit(f, link);
	memset(big, 'r', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(copyreq_refuse(f->st, id, "", "staff"),
	    STORE_EINPUT);
	assert_int_equal(copyreq_refuse(f->st, id, NULL, "staff"),
	    STORE_EINPUT);
	assert_int_equal(copyreq_refuse(f->st, id, big, "staff"),
	    STORE_EINPUT);
	assert_int_equal(copyreq_refuse(f->st, id, "bad \xff", "staff"),
	    STORE_EINPUT);
	assert_int_equal(copyreq_refuse(f->st, 99, "no", "staff"),
	    STORE_ENOTFOUND);
	assert_int_equal(copyreq_pending(f->st, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(copyreq_refuse(f->st, id, "Không có trong sổ gốc",
	    "staff"), STORE_OK);
	assert_int_equal(copyreq_pending(f->st, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(copyreq_get(f->st, id, &req), STORE_OK);
	assert_string_equal(json_string_value(json_object_get(req, "state")),
	    "refused");
	assert_string_equal(json_string_value(json_object_get(req, "by")),
	    "staff");
	assert_true(json_integer_value(json_object_get(req, "decided")) > 0);
	json_decref(req);
	/* Decided once: a second decision is a conflict, nothing changes. */
	assert_int_equal(copyreq_refuse(f->st, id, "again", "other"),
	    STORE_ECONFLICT);
	assert_int_equal(copyreq_pending(f->st, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(copyreq_get(f->st, 99, &req), STORE_ENOTFOUND);
	assert_null(req);
}

static void
test_list_purge(void **state)
{
	struct fixture	*f = *state;
	char		 link[COPYREQ_LINK_MAX];
	json_t		*list, *o;
	uint64_t	 a, b;
	size_t		 n;

	assert_int_equal(copyreq_list(f->st, &list), STORE_OK);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	a = submit(f, link);
	b = submit(f, link);
	assert_int_equal(copyreq_list(f->st, &list), STORE_OK);
	assert_int_equal(json_array_size(list), 2);
	o = json_array_get(list, 0);
	assert_int_equal(json_integer_value(json_object_get(o, "id")), b);
	assert_null(json_object_get(o, "secret"));
	assert_int_equal(json_integer_value(json_object_get(
	    json_array_get(list, 1), "id")), a);
	json_decref(list);
	/* Only decided requests lose what the graduate gave. */
	assert_int_equal(copyreq_refuse(f->st, a, "no", "staff"), STORE_OK);
	assert_int_equal(copyreq_purge(f->st, 0, &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(copyreq_purge(f->st, INT64_MAX, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(copyreq_get(f->st, a, &o), STORE_OK);
	assert_null(json_object_get(o, "full_name"));
	assert_null(json_object_get(o, "national_id"));
	assert_string_equal(json_string_value(json_object_get(o, "state")),
	    "refused");
	assert_non_null(json_object_get(o, "purged"));
	json_decref(o);
	assert_int_equal(copyreq_get(f->st, b, &o), STORE_OK);
	assert_non_null(json_object_get(o, "full_name"));
	json_decref(o);
	/* Purged already: nothing more to erase. */
	assert_int_equal(copyreq_purge(f->st, INT64_MAX, &n), STORE_OK);
	assert_int_equal(n, 0);
}

/* Beyond COPYREQ_PENDING_MAX waiting, a new request waits its turn. */
static void
test_limit(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	*t;
	const char		*v[CRF_COUNT];
	enum copyreq_field	 bad;
	char			 link[COPYREQ_LINK_MAX];
	uint8_t			 n[8];
	uint64_t		 id;
	size_t			 waiting;

	submit(f, link);
	/* The count kept beside them, as if 20,000 waited. */
	store_u64(COPYREQ_PENDING_MAX, n);
	assert_int_equal(store_wr_begin(f->st, &t), STORE_OK);
	assert_int_equal(store_put(t, DB_META, "requests_pending", 16, n,
	    sizeof(n), 0, NULL), STORE_OK);
	assert_int_equal(store_wr_commit(t, NULL), STORE_OK);
	good_form(v);
	assert_int_equal(copyreq_submit(f->st, v, NOW, &id, link, &bad),
	    STORE_EFULL);
	assert_string_equal(link, "");
	assert_int_equal(copyreq_pending(f->st, &waiting), STORE_OK);
	assert_int_equal(waiting, COPYREQ_PENDING_MAX);
	/* One decided makes room for one. */
	assert_int_equal(copyreq_refuse(f->st, 1, "no", "staff"), STORE_OK);
	assert_int_equal(copyreq_submit(f->st, v, NOW, &id, link, &bad),
	    STORE_OK);
	assert_int_equal(id, 2);
	assert_int_equal(copyreq_submit(f->st, v, NOW, &id, link, &bad),
	    STORE_EFULL);
}

CM_MAIN(
	cmocka_unit_test_setup_teardown(test_form, setup, teardown),
	cmocka_unit_test_setup_teardown(test_link, setup, teardown),
	cmocka_unit_test_setup_teardown(test_refuse, setup, teardown),
	cmocka_unit_test_setup_teardown(test_list_purge, setup,
	    teardown),
	cmocka_unit_test_setup_teardown(test_limit, setup, teardown)
)
