/*
 * fuzz_text.c: a libFuzzer harness for text/, whose input is the text OCR
 * read from a ledger cell (untrusted: any bytes).  The first input byte
 * picks the field for normalize_field(), the second the ledger year
 * (0, or 1900 + the byte); the rest, up to a NUL, is the raw text.  Every
 * input also goes through norm_text, norm_fold, norm_date, norm_date_dmy,
 * the syllable, place and serial predicates and header_match, and the
 * harness aborts when an answer breaks its header's promise:
 *   - normalize_field returns NORM_OK with a value in valid UTF-8;
 *   - a valid value normalises to itself, still valid (the importer
 *     checks values OCR vouched for so: staging.c's value_valid());
 *   - a valid date of birth is ISO (YYYY, YYYY-MM or YYYY-MM-DD), and
 *     norm_date() reads its norm_date_dmy() back to the same date;
 *   - norm_text gives valid UTF-8 and is idempotent;
 *   - norm_fold gives only a-z and 0-9;
 *   - norm_date gives ISO on 1 and "" on 0;
 *   - norm_distance(x, x) is 0.
 * Build and run with tests/fuzz/run.sh SECONDS text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "field.h"
#include "fold.h"
#include "header.h"
#include "serial.h"
#include "syllable.h"
#include "utf8.h"
#include "validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Is s an ISO date of one of the three lengths norm_date writes? */
static int
iso_ok(const char *s)
{
	static const char	 shape[] = "dddd-dd-dd";
	size_t			 n, i;

	n = strlen(s);
	if (n != 4 && n != 7 && n != 10)
		return 0;
	for (i = 0; i < n; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return 0;
	return 1;
}

static void
check_field(enum field f, const char *raw, int year)
{
	struct norm_ctx	 ctx = { year };
	struct norm	 n = { NULL, 0, 0, -1 };
	char		 dmy[16], back[16];

	if (normalize_field(f, raw, &ctx, &n) != NORM_OK)
		abort();
	if (n.value == NULL || !utf8_valid(n.value, strlen(n.value), 0))
		abort();
	if (f == FIELD_DATE_OF_BIRTH && n.valid && n.value[0] != '\0') {
		if (!iso_ok(n.value))
			abort();
		/* The page shows it as d/m/yyyy and reads that back. */
		if (norm_date(norm_date_dmy(n.value, dmy, sizeof(dmy)), year,
		    back, sizeof(back)) != 1 || strcmp(back, n.value) != 0)
			abort();
	}
	(void)normalize_strict(f);
	if (n.valid && f != FIELD_SEQ && f != FIELD_SIGNATURE) {
		struct norm	 n2 = { NULL, 0, 0, -1 };

		if (normalize_field(f, n.value, &ctx, &n2) != NORM_OK)
			abort();
		if (!n2.valid || strcmp(n.value, n2.value) != 0) {
			fprintf(stderr, "field %d: \"%s\" -> \"%s\", valid "
			    "%d\n", (int)f, n.value, n2.value, n2.valid);
			abort();
		}
		norm_clear(&n2);
	}
	norm_clear(&n);
	norm_clear(&n);
}

static void
check_text(const char *raw)
{
	char	*t, *t2, *fold;
	size_t	 i;

	t = norm_text(raw);
	if (t == NULL)
		return;
	if (!utf8_valid(t, strlen(t), 0))
		abort();
	t2 = norm_text(t);
	if (t2 != NULL && strcmp(t, t2) != 0)
		abort();
	free(t2);
	fold = norm_fold(raw);
	if (fold != NULL) {
		for (i = 0; fold[i] != '\0'; i++)
			if (!((fold[i] >= 'a' && fold[i] <= 'z') ||
			    (fold[i] >= '0' && fold[i] <= '9')))
				abort();
	}
	if (norm_distance(t, t) != 0)
		abort();
	(void)norm_distance(raw, t);
	(void)norm_viet_syllable(t);
	(void)norm_valid_name(t);
	(void)norm_valid_place(t);
	(void)norm_known_surname(t);
	(void)norm_known_province(t);
	(void)norm_place_suspect(t);
	free(fold);
	free(t);
}

static void
check_date(const char *raw, int year)
{
	char		 out[16], dmy[16];
	const char	*d;

	if (norm_date(raw, year, out, sizeof(out))) {
		if (!iso_ok(out))
			abort();
	} else if (out[0] != '\0')
		abort();
	d = norm_date_dmy(raw, dmy, sizeof(dmy));
	if (d != raw && d != dmy)
		abort();
	/* A buffer too small for any answer. */
	(void)norm_date(raw, year, out, 3);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*raw, *b;
	double	 score;
	size_t	 half;
	int	 year;

	if (size < 2)
		return 0;
	raw = malloc(size - 1);
	if (raw == NULL)
		return 0;
	memcpy(raw, data + 2, size - 2);
	raw[size - 2] = '\0';
	year = data[1] == 0 ? 0 : 1900 + data[1];

	check_field((enum field)(data[0] % FIELD_COUNT), raw, year);
	check_text(raw);
	check_date(raw, year);
	(void)norm_serial_boundary(raw);
	(void)header_match(raw, &score);

	/* Two entries: the text split in two at its middle. */
	half = strlen(raw) / 2;
	b = strdup(raw + half);
	if (b != NULL) {
		raw[half] = '\0';
		(void)norm_consecutive(raw, b);
		(void)norm_consecutive(b, raw);
		free(b);
	}
	free(raw);
	return 0;
}
