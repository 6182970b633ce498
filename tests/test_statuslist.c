/*
 * test_statuslist.c: the registry's status list (registry/statuslist.h):
 * indexes given out in order, a revocation, a reissue and a correction
 * setting the bits of every credential of the record and of no other, a
 * revoked record refused a credential, a reissued one given a new valid
 * index; the audit's pass over the list, and the damage it names; and
 * (fault injection builds) a registrar's change failing at each
 * of its write steps leaving neither the event nor any bit, the bits
 * committing with the event.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "records.h"
#include "statuslist.h"
#include "tmpstore.h"

/* Record i's issue event: a name. */
static void
fill_name(struct event *ev, int i)
{
	(void)i;
	assert_int_equal(event_set_field(ev, FIELD_FULL_NAME, "Lê Văn Tám"),
	    EVENT_OK);
}

/* A registry of n records, each one issue event, and its signer. */
static struct note_signer *
records_n(struct fixture *f, int n)
{
	return tmp_records(f, "example.org/status", n, fill_name);
}

/* A new credential index of record, committed; or the failure's code. */
static int
assign(struct fixture *f, uint64_t record, uint64_t *index)
{
	struct store_txn	*t;
	int			 rc;

	assert_int_equal(store_wr_begin(f->st, &t), STORE_OK);
	rc = statuslist_assign(t, record, index);
	if (rc != STORE_OK) {
		store_wr_abort(t);
		return rc;
	}
	return store_wr_commit(t, NULL);
}

/* The bits as a string of '0' and '1', index 0 first, n of them. */
static void
bits_str(struct fixture *f, size_t n, char *out, uint64_t *version)
{
	struct store_rd	*rd;
	uint8_t		*bits;
	size_t		 len, i;

	assert_int_equal(store_rd_begin(f->st, &rd), STORE_OK);
	assert_int_equal(statuslist_bits(rd, &bits, &len, version),
	    STORE_OK);
	store_rd_end(rd);
	assert_true(len * 8 >= n);
	for (i = 0; i < n; i++)
		out[i] = (bits[i / 8] >> (i % 8)) & 1 ? '1' : '0';
	out[n] = '\0';
	free(bits);
}

static int
change(struct fixture *f, struct note_signer *signer, uint64_t record,
    enum event_kind kind)
{
	struct records_change	 ch;
	uint64_t		 idx;

	memset(&ch, 0, sizeof(ch));
	ch.kind = kind;
	ch.decision = "12/QĐ-SGDĐT";
	ch.decision_date = "2026-12-01";
	ch.reason = kind == EVENT_REVOKE ? "cấp sai" : NULL;
	if (kind == EVENT_REISSUE)
		ch.set[FIELD_SERIAL_NO] = "B 0123456";
	if (kind == EVENT_CORRECT)
		ch.set[FIELD_FULL_NAME] = "Lê Văn Tâm";
	return records_change(f->st, signer, record, &ch, &idx);
}

/* The status of index, as statuslist_get() says, with its record. */
static int
status_of(struct fixture *f, uint64_t index, uint64_t want_record)
{
	struct store_rd	*rd;
	uint64_t	 rec;
	int		 status, rc;

	assert_int_equal(store_rd_begin(f->st, &rd), STORE_OK);
	rc = statuslist_get(rd, index, &status, &rec);
	store_rd_end(rd);
	if (rc != STORE_OK)
		return -rc;
	assert_int_equal(rec, want_record);
	return status;
}

static void
test_lifecycle(void **state)
{
	struct fixture		*f = *state;
	struct note_signer	*signer = records_n(f, 3);
	uint64_t		 i0, i1, i2, i3, i4, v1, v2;
	char			 s[32];

	assert_int_equal(assign(f, 1, &i0), STORE_OK);
	assert_int_equal(assign(f, 2, &i1), STORE_OK);
	assert_int_equal(assign(f, 1, &i2), STORE_OK);
	assert_int_equal(i0, 0);
	assert_int_equal(i1, 1);
	assert_int_equal(i2, 2);
	assert_int_equal(assign(f, 9, &i3), STORE_ENOTFOUND);
	bits_str(f, 3, s, &v1);
	assert_string_equal(s, "000");
	assert_int_equal(status_of(f, 2, 1), STATUSLIST_VALID);
	assert_int_equal(status_of(f, 3, 0), -STORE_ENOTFOUND);

	/* Revoking record 1 sets both its bits, not record 2's. */
	assert_int_equal(change(f, signer, 1, EVENT_REVOKE), STORE_OK);
	bits_str(f, 3, s, &v2);
	assert_string_equal(s, "101");
	assert_true(v2 > v1);
	assert_int_equal(status_of(f, 0, 1), STATUSLIST_INVALID);
	assert_int_equal(status_of(f, 1, 2), STATUSLIST_VALID);
	assert_int_equal(assign(f, 1, &i3), STORE_ECONFLICT);

	/* A reissue allows a new credential, valid; the old stay set. */
	assert_int_equal(change(f, signer, 1, EVENT_REISSUE), STORE_OK);
	assert_int_equal(assign(f, 1, &i3), STORE_OK);
	assert_int_equal(i3, 3);
	bits_str(f, 4, s, &v1);
	assert_string_equal(s, "1010");

	/* A correction of record 2 retires its credential too. */
	assert_int_equal(change(f, signer, 2, EVENT_CORRECT), STORE_OK);
	assert_int_equal(assign(f, 3, &i4), STORE_OK);
	bits_str(f, 5, s, &v1);
	assert_string_equal(s, "11100");
	/* Past a byte: the list grows with the indexes. */
	for (i4 = 5; i4 < 17; i4++)
		assert_int_equal(assign(f, 3, &i0), STORE_OK);
	assert_int_equal(change(f, signer, 3, EVENT_REVOKE), STORE_OK);
	bits_str(f, 17, s, &v1);
	assert_string_equal(s, "11101111111111111");
	note_signer_free(signer);
}

/* The audit's problems, joined. */
struct seen {
	char	 msgs[1024];
	int	 n;
};

static void
seen_problem(void *arg, const char *msg)
{
	struct seen	*s = arg;

	s->n++;
	strncat(s->msgs, msg, sizeof(s->msgs) - strlen(s->msgs) - 1);
	strncat(s->msgs, "\n", sizeof(s->msgs) - strlen(s->msgs) - 1);
}

static int
audit(struct fixture *f, struct seen *s, uint64_t *n)
{
	struct store_rd	*rd;
	int		 rc;

	memset(s, 0, sizeof(*s));
	assert_int_equal(store_rd_begin(f->st, &rd), STORE_OK);
	rc = statuslist_audit(rd, seen_problem, s, n);
	store_rd_end(rd);
	return rc;
}

/* Writes key = val (vlen bytes) into the status list, behind its back. */
static void
tamper(struct fixture *f, const void *key, size_t klen, const void *val,
    size_t vlen)
{
	struct store_txn	*t;

	assert_int_equal(store_wr_begin(f->st, &t), STORE_OK);
	if (val == NULL)
		assert_int_equal(store_del(t, DB_STATUSLIST, key, klen),
		    STORE_OK);
	else
		assert_int_equal(store_put(t, DB_STATUSLIST, key, klen, val,
		    vlen, 0, NULL), STORE_OK);
	assert_int_equal(store_wr_commit(t, NULL), STORE_OK);
}

/*
 * The audit passes a list kept by the calls, and names each kind of
 * damage: a revoked record's bit cleared, a record's entry gone, a bit
 * set past the last index.
 */
static void
test_audit(void **state)
{
	struct fixture		*f = *state;
	struct note_signer	*signer = records_n(f, 2);
	struct seen		 s;
	uint64_t		 i, n;
	uint8_t			 rkey[17] = { 'r' }, clear[1] = { 0x00 };
	uint8_t			 past[1] = { 0x82 };

	assert_int_equal(assign(f, 1, &i), STORE_OK);
	assert_int_equal(assign(f, 2, &i), STORE_OK);
	assert_int_equal(change(f, signer, 2, EVENT_REVOKE), STORE_OK);
	assert_int_equal(audit(f, &s, &n), STORE_OK);
	assert_int_equal(s.n, 0);
	assert_int_equal(n, 2);
	tamper(f, "bits", 4, clear, sizeof(clear));
	assert_int_equal(audit(f, &s, &n), STORE_OK);
	assert_non_null(strstr(s.msgs, "index 1 is valid, but its record 2 "
	    "is revoked"));
	tamper(f, "bits", 4, past, sizeof(past));
	assert_int_equal(audit(f, &s, &n), STORE_OK);
	assert_non_null(strstr(s.msgs, "bit 7 is set past the last index 2"));
	store_u64(1, rkey + 1);
	store_u64(0, rkey + 9);
	tamper(f, rkey, sizeof(rkey), NULL, 0);
	assert_int_equal(audit(f, &s, &n), STORE_OK);
	assert_non_null(strstr(s.msgs, "index 0 is not among record 1's"));
	note_signer_free(signer);
}

#ifdef SOGOC_FAULT_INJECTION
/* The record's latest event says revoked. */
static int
revoked(struct fixture *f, uint64_t record)
{
	struct store_rd	*rd;
	struct event	 ev = { 0 };
	uint64_t	 idx;
	int		 r;

	assert_int_equal(store_rd_begin(f->st, &rd), STORE_OK);
	assert_int_equal(store_record(f->st, rd, record, &ev, &idx),
	    STORE_OK);
	store_rd_end(rd);
	r = ev.revoked;
	event_clear(&ev);
	return r;
}

/* Counts the commits readers see (the trace's "committed"). */
static void
count_commits(long n, const char *what, void *arg)
{
	if (n == 0 && strcmp(what, "committed") == 0)
		(*(int *)arg)++;
}

/*
 * A revocation failing at each write step leaves the record valid and
 * every bit clear; the one that succeeds sets the event and the bits in
 * one commit.
 */
static void
test_faults(void **state)
{
	struct fixture		*f = *state;
	struct note_signer	*signer = records_n(f, 2);
	uint64_t		 i, v0, v;
	char			 s[8];
	long			 k, steps;
	int			 commits = 0, rc;

	assert_int_equal(assign(f, 1, &i), STORE_OK);
	assert_int_equal(assign(f, 2, &i), STORE_OK);
	assert_int_equal(assign(f, 1, &i), STORE_OK);
	assert_int_equal(change(f, signer, 2, EVENT_CORRECT), STORE_OK);
	bits_str(f, 3, s, &v0);
	assert_string_equal(s, "010");
	/* Step k fails until k is past the revocation's last step. */
	for (k = 1;; k++) {
		store_fault_set(k);
		if (k > 1)
			store_fault_trace(count_commits, &commits);
		rc = change(f, signer, 1, EVENT_REVOKE);
		store_fault_trace(NULL, NULL);
		steps = store_fault_steps();
		store_fault_set(0);
		if (rc == STORE_OK)
			break;
		bits_str(f, 3, s, &v);
		if (strcmp(s, "010") != 0 || v != v0 || revoked(f, 1) ||
		    commits != 0)
			fail_msg("fault at step %ld left bits %s, revoked "
			    "%d, %d commits", k, s, revoked(f, 1), commits);
	}
	assert_true(k > 5);
	assert_int_equal(steps, k - 1);
	assert_int_equal(commits, 1);
	assert_true(revoked(f, 1));
	bits_str(f, 3, s, &v);
	assert_string_equal(s, "111");
	note_signer_free(signer);
}
#endif

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lifecycle, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
#ifdef SOGOC_FAULT_INJECTION
		cmocka_unit_test_setup_teardown(test_faults, setup, teardown),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
