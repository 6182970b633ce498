/*
 * fuzz_registry.c: a libFuzzer harness for the registry's parsers of
 * untrusted bytes.  The first input byte picks the parser:
 *   0  note_open (a signed checkpoint from a mirror or a proof)
 *   1  checkpoint_parse
 *   2  event_decode, then event_leaf (stored events, as audit reads them)
 *   3  b64_decode
 *   4  note_verifier_new and note_signer_new (key files)
 *   5  receipt_check (a receipt an employer hands over)
 *   6  head_parse (a receipt's record head or issue heads)
 *   7  tile_bundle_parse (an entry bundle from a log's tiles), its next
 *      byte the width; every entry it gives must lie inside the input
 *      and, when it succeeds, cover it exactly
 * Build and run with tests/fuzz/run.sh (clang, -fsanitize=fuzzer).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "event.h"
#include "note.h"
#include "receipt.h"
#include "tile.h"

#define VKEY "go.example/log+3255461c+AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A bundle of w entries: what the parser gives lies inside b, in order,
 * and a success accounts for every byte (2 + length each).
 */
static void
fuzz_bundle(const uint8_t *b, size_t len, unsigned int w)
{
	struct tile_entry	 e[TILE_WIDTH];
	size_t			 i, where, sum = 0;
	int			 rc;

	rc = tile_bundle_parse(b, len, w, e, &where);
	if (rc != TILE_OK && rc != TILE_ESHORT && rc != TILE_ELONG &&
	    rc != TILE_EINVAL)
		abort();
	if (where > w)
		abort();
	for (i = 0; i < where && rc != TILE_EINVAL; i++) {
		if (e[i].data < b + 2 || e[i].data + e[i].len > b + len)
			abort();
		sum += 2 + e[i].len;
	}
	if (rc == TILE_OK && sum != len)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct note_verifier	*v;
	struct note_signer		*s;
	struct note_verifier		*v2;
	struct event			 ev;
	struct note_head		 h;
	uint8_t				 out[1024];
	uint64_t			 n;
	size_t				 textlen, len;
	char				*origin, *leaf, *str, err[256];
	json_t				*j;

	if (size < 1)
		return 0;
	/* $SOGOC_FUZZ_VKEY: the key of a seed receipt, to reach past its
	 * signature check. */
	if (v == NULL && note_verifier_new(getenv("SOGOC_FUZZ_VKEY") ?
	    getenv("SOGOC_FUZZ_VKEY") : VKEY, &v) != NOTE_OK)
		abort();
	str = malloc(size);
	if (str == NULL)
		return 0;
	memcpy(str, data + 1, size - 1);
	str[size - 1] = '\0';
	switch (data[0] % 8) {
	case 0:
		note_open((const char *)data + 1, size - 1, &v, 1, &textlen,
		    NULL);
		break;
	case 1:
		if (checkpoint_parse((const char *)data + 1, size - 1, &origin,
		    &n, out) == NOTE_OK)
			free(origin);
		break;
	case 2:
		if (event_decode(data + 1, size - 1, &ev) == EVENT_OK) {
			if (event_leaf(&ev, &leaf, &len) == EVENT_OK)
				free(leaf);
			event_clear(&ev);
		}
		break;
	case 3:
		b64_decode((const char *)data + 1, size - 1, out, sizeof(out),
		    &len);
		break;
	case 4:
		if (note_verifier_new(str, &v2) == NOTE_OK)
			note_verifier_free(v2);
		if (note_signer_new(str, &s) == NOTE_OK)
			note_signer_free(s);
		break;
	case 5:
		j = json_loadb((const char *)data + 1, size - 1, 0, NULL);
		if (j != NULL) {
			receipt_check(j, &v, 1, err, sizeof(err));
			json_decref(j);
		}
		break;
	case 6:
		if (head_parse((const char *)data + 1, size - 1, &origin,
		    &h) == NOTE_OK)
			free(origin);
		break;
	case 7:
		if (size >= 2)
			fuzz_bundle(data + 2, size - 2, data[1] + 1U);
		break;
	}
	free(str);
	return 0;
}
