/*
 * test_event.c: the leaf and store encodings of registry events: a known
 * leaf of each version, a store encoding of version 1 laid out by hand,
 * round trips, and decoding of damaged bytes (every truncation and
 * thousands of random flips) that must fail cleanly, never crash.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cm.h"

#include "event.h"

/*
 * Digests of the sample's fields, computed with coreutils, independently of
 * sogoc (salt of 16 bytes 0x01, 0x02, 0x03):
 * { head -c16 /dev/zero | tr '\0' '\001'; printf 'full_name\0';
 *   printf '%s' 'Nguyễn Văn An'; } | sha256sum | xxd -r -p | base64
 */
#define FULL_NAME_DIGEST "yCDD8b/tfrlVZkAPhDVBWf3ZeZ79psRvlrAkXZjFzFI="
#define DOB_DIGEST "V2vOGJQH/9uCOAmZ1HYuM9+vluDDknqjdyHsxnlj1VI="
#define ETH_DIGEST "+hZpgl8OD6BN1RZXN7+4ARDkPusp43uDMb0cIA6aHDA="
/* { head -c16 /dev/zero | tr '\0' '\004'; printf 'by\0';
 *   printf '%s' clerk.nguyenvan; } | sha256sum | xxd -r -p | base64 */
#define BY_DIGEST "2IUoo3qvShL7iMD4WMMnarc64DOj3HLKZFVdj6d9cik="
#define ACCOUNT "clerk.nguyenvan"

/* An event with fixed salts, so its leaf is known. */
static void
sample(struct event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = EVENT_ISSUE;
	ev->record = 17;
	ev->time = 1763942400;	/* 2025-11-24T00:00:00Z */
	assert_int_equal(event_set_attr(ev, EVENT_TYPE, "THPT"), EVENT_OK);
	assert_int_equal(event_set_attr(ev, EVENT_YEAR, "1998"), EVENT_OK);
	assert_int_equal(event_set_attr(ev, EVENT_BY, ACCOUNT), EVENT_OK);
	memset(ev->by_salt, 4, EVENT_SALT_LEN);
	ev->has_source = 1;
	memset(ev->source, 0xab, 32);
	ev->page = 3;
	ev->row = 12;
	assert_int_equal(event_set_field(ev, FIELD_FULL_NAME,
	    "Nguyễn Văn An"), EVENT_OK);
	assert_int_equal(event_set_field(ev, FIELD_DATE_OF_BIRTH,
	    "1980-05-12"), EVENT_OK);
	assert_int_equal(event_set_field(ev, FIELD_ETHNICITY, "Kinh"),
	    EVENT_OK);
	memset(ev->field[FIELD_FULL_NAME].salt, 1, EVENT_SALT_LEN);
	memset(ev->field[FIELD_DATE_OF_BIRTH].salt, 2, EVENT_SALT_LEN);
	memset(ev->field[FIELD_ETHNICITY].salt, 3, EVENT_SALT_LEN);
}

/* The sample's leaf, but for its first line and its `by` line. */
#define SAMPLE_HEAD \
	    "kind issue\n" \
	    "record 17\n" \
	    "time 2025-11-24T00:00:00Z\n" \
	    "type THPT\n" \
	    "year 1998\n"
#define SAMPLE_TAIL \
	    "source abababababababababababababababababababababababababababab" \
	    "abababab 3 12\n" \
	    "status valid\n" \
	    "field full_name " FULL_NAME_DIGEST "\n" \
	    "field date_of_birth " DOB_DIGEST "\n" \
	    "field ethnicity " ETH_DIGEST "\n"

/* ev's leaf is want, byte for byte. */
static void
leaf_is(const struct event *ev, const char *want)
{
	char	*leaf;
	size_t	 len;

	assert_int_equal(event_leaf(ev, &leaf, &len), EVENT_OK);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(leaf, want, len);
	free(leaf);
}

static void
test_leaf_known(void **state)
{
	struct event	 ev;

	(void)state;
	sample(&ev);
	/* A new event is v2: the account only as its salted digest. */
	leaf_is(&ev, "sogoc/event/v2\n" SAMPLE_HEAD "by " BY_DIGEST "\n"
	    SAMPLE_TAIL);
	ev.version = EVENT_V1;
	leaf_is(&ev, "sogoc/event/v1\n" SAMPLE_HEAD "by " ACCOUNT "\n"
	    SAMPLE_TAIL);
	ev.version = 3;
	assert_int_equal(event_leaf(&ev, &(char *){ NULL }, &(size_t){ 0 }),
	    EVENT_EINVAL);
	event_clear(&ev);
}

/*
 * A version 1 store encoding written out by hand from docs/registry.md
 * (as `sogoc` before v2 wrote it): it still decodes, as version 1, to the
 * v1 leaf it always had, so what the log committed to stays provable.
 */
static void
test_v1_store_known(void **state)
{
	static const uint8_t enc[] = {
		1, EVENT_ISSUE, 0, 0,			/* version, kind, .. */
		0, 0, 0, 0, 0, 0, 0, 17,		/* record */
		0, 0, 0, 0, 0x69, 0x23, 0xa0, 0x00,	/* time */
		0, 0, 0, 0,				/* changed */
		0, (1 << EVENT_TYPE) | (1 << EVENT_BY),	/* attributes */
		0, 4, 'T', 'H', 'P', 'T',
		0, 15, 'c', 'l', 'e', 'r', 'k', '.', 'n', 'g', 'u', 'y', 'e',
		'n', 'v', 'a', 'n',
		0, 1 << FIELD_ETHNICITY,		/* fields */
		3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
		0, 4, 'K', 'i', 'n', 'h',
	};
	struct event	 ev;
	uint8_t		*back;
	size_t		 len;

	(void)state;
	assert_int_equal(event_decode(enc, sizeof(enc), &ev), EVENT_OK);
	assert_int_equal(ev.version, EVENT_V1);
	leaf_is(&ev, "sogoc/event/v1\nkind issue\nrecord 17\n"
	    "time 2025-11-24T00:00:00Z\ntype THPT\nby " ACCOUNT "\n"
	    "status valid\nfield ethnicity " ETH_DIGEST "\n");
	/* And it is written back as it was, not turned into a v2. */
	assert_int_equal(event_encode(&ev, &back, &len), EVENT_OK);
	assert_int_equal(len, sizeof(enc));
	assert_memory_equal(back, enc, len);
	free(back);
	event_clear(&ev);
}

/* Each event's `by` has a salt of its own; a next event is a v2. */
static void
test_by_salt(void **state)
{
	struct event	 a, b, n;
	uint8_t		 d[EVENT_DIGEST_LEN];
	char		*la, *lb;
	size_t		 l1, l2;

	(void)state;
	sample(&a);
	sample(&b);
	assert_int_equal(event_set_attr(&a, EVENT_BY, ACCOUNT), EVENT_OK);
	assert_int_equal(event_set_attr(&b, EVENT_BY, ACCOUNT), EVENT_OK);
	assert_memory_not_equal(a.by_salt, b.by_salt, EVENT_SALT_LEN);
	assert_int_equal(event_leaf(&a, &la, &l1), EVENT_OK);
	assert_int_equal(event_leaf(&b, &lb, &l2), EVENT_OK);
	assert_int_equal(l1, l2);
	assert_memory_not_equal(la, lb, l1);
	/* The leaf names no account, and the digest is the salt's. */
	assert_null(memmem(la, l1, ACCOUNT, strlen(ACCOUNT)));
	assert_int_equal(event_by_digest(a.by_salt, ACCOUNT, d), EVENT_OK);
	free(la);
	free(lb);
	a.version = EVENT_V1;
	assert_int_equal(event_next(&n, &a, EVENT_REVOKE, a.time + 1),
	    EVENT_OK);
	assert_int_equal(n.version, EVENT_V2);
	assert_null(n.attr[EVENT_BY]);
	event_clear(&n);
	event_clear(&a);
	event_clear(&b);
}

static void
test_round_trip(void **state)
{
	struct event	 ev, back;
	uint8_t		*enc;
	size_t		 len, l1, l2;
	char		*a, *b;

	(void)state;
	sample(&ev);
	assert_int_equal(event_encode(&ev, &enc, &len), EVENT_OK);
	assert_int_equal(event_decode(enc, len, &back), EVENT_OK);
	assert_int_equal(event_leaf(&ev, &a, &l1), EVENT_OK);
	assert_int_equal(event_leaf(&back, &b, &l2), EVENT_OK);
	assert_int_equal(l1, l2);
	assert_memory_equal(a, b, l1);
	assert_string_equal(back.field[FIELD_FULL_NAME].value,
	    "Nguyễn Văn An");
	assert_null(back.field[FIELD_SERIAL_NO].value);
	assert_int_equal(back.version, EVENT_V2);
	assert_string_equal(back.attr[EVENT_BY], ACCOUNT);
	assert_memory_equal(back.by_salt, ev.by_salt, EVENT_SALT_LEN);
	free(a);
	free(b);
	free(enc);
	event_clear(&ev);
	event_clear(&back);
}

static void
test_decode_damaged(void **state)
{
	struct event	 ev, back;
	uint8_t		*enc, *bad;
	size_t		 len, i, n;
	int		 rc, changed = 0;
	char		*a, *b;
	size_t		 l1, l2;

	(void)state;
	sample(&ev);
	assert_int_equal(event_encode(&ev, &enc, &len), EVENT_OK);
	assert_int_equal(event_leaf(&ev, &a, &l1), EVENT_OK);
	/* Every truncation and every extension is refused. */
	for (i = 0; i < len; i++)
		assert_int_equal(event_decode(enc, i, &back), EVENT_EDECODE);
	bad = malloc(len + 1);
	assert_non_null(bad);
	memcpy(bad, enc, len);
	bad[len] = 0;
	assert_int_equal(event_decode(bad, len + 1, &back), EVENT_EDECODE);
	/* Versions but 1 and 2 are refused. */
	memcpy(bad, enc, len);
	bad[0] = 0;
	assert_int_equal(event_decode(bad, len, &back), EVENT_EDECODE);
	bad[0] = 3;
	assert_int_equal(event_decode(bad, len, &back), EVENT_EDECODE);
	/* A flipped byte either fails to decode or changes the leaf: the
	 * v2 `by` salt too, so a stored account or salt changed later
	 * gives another leaf hash, which audit finds. */
	srandom(7);
	for (n = 0; n < 20000; n++) {
		memcpy(bad, enc, len);
		i = (size_t)random() % len;
		bad[i] ^= (uint8_t)(1 + random() % 255);
		rc = event_decode(bad, len, &back);
		if (rc != EVENT_OK) {
			assert_int_equal(rc, EVENT_EDECODE);
			continue;
		}
		assert_int_equal(event_leaf(&back, &b, &l2), EVENT_OK);
		assert_false(l1 == l2 && memcmp(a, b, l1) == 0);
		changed++;
		free(b);
		event_clear(&back);
	}
	assert_true(changed > 0);
	free(bad);
	free(a);
	free(enc);
	event_clear(&ev);
}

static void
test_refused_values(void **state)
{
	struct event	 ev;
	char		 big[EVENT_VALUE_MAX + 2];

	(void)state;
	memset(&ev, 0, sizeof(ev));
	assert_int_equal(event_set_attr(&ev, EVENT_DECISION, "12/QĐ\nkind x"),
	    EVENT_EINVAL);
	assert_int_equal(event_set_attr(&ev, EVENT_DECISION, ""), EVENT_EINVAL);
	assert_int_equal(event_set_field(&ev, FIELD_FULL_NAME, "Nguy\xffn"),
	    EVENT_EINVAL);
	assert_int_equal(event_set_field(&ev, FIELD_SEQ, "1"), EVENT_EINVAL);
	assert_int_equal(event_set_field(&ev, FIELD_SIGNATURE, ""),
	    EVENT_EINVAL);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(event_set_field(&ev, FIELD_NOTES, big), EVENT_EINVAL);
	event_clear(&ev);
}

CM_MAIN(
	cmocka_unit_test(test_leaf_known),
	cmocka_unit_test(test_v1_store_known),
	cmocka_unit_test(test_by_salt),
	cmocka_unit_test(test_round_trip),
	cmocka_unit_test(test_decode_damaged),
	cmocka_unit_test(test_refused_values)
)
