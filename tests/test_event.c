/*
 * test_event.c: the leaf and store encodings of registry events: a known
 * leaf, round trips, and decoding of damaged bytes (every truncation and
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

static void
test_leaf_known(void **state)
{
	static const char want[] =
	    "sogoc/event/v1\n"
	    "kind issue\n"
	    "record 17\n"
	    "time 2025-11-24T00:00:00Z\n"
	    "type THPT\n"
	    "year 1998\n"
	    "source abababababababababababababababababababababababababababab"
	    "abababab 3 12\n"
	    "status valid\n"
	    "field full_name " FULL_NAME_DIGEST "\n"
	    "field date_of_birth " DOB_DIGEST "\n"
	    "field ethnicity " ETH_DIGEST "\n";
	struct event	 ev;
	char		*leaf;
	size_t		 len;

	(void)state;
	sample(&ev);
	assert_int_equal(event_leaf(&ev, &leaf, &len), EVENT_OK);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(leaf, want, len);
	free(leaf);
	event_clear(&ev);
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
	/* A flipped byte either fails to decode or changes the leaf. */
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
	cmocka_unit_test(test_round_trip),
	cmocka_unit_test(test_decode_damaged),
	cmocka_unit_test(test_refused_values)
)
