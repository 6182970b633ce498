/*
 * verifybench.c: in-process cost of the verification service's answers,
 * without HTTP, beside the peer each part has in the same run.
 *
 *   verifybench DB QUERIES SEED
 *
 * Half the QUERIES random records are asked for a hit twice, the second
 * time warm: receipt_text(), the API's; its peer is the same record's
 * inclusion proof with the same fields disclosed, built in jansson by
 * proof_inclusion() (as `sogoc proof` does) and dumped with json_dumps(),
 * which is most of a receipt's bytes and work.  The
 * other half are asked the three kinds of miss (another record's name, a
 * wrong date of birth, an unknown serial), each on records nothing warmed:
 * they should cost alike, so that the time of a "not found" tells
 * nothing.  Prints medians and 99th percentiles in microseconds.
 */
#include "config.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "proof.h"
#include "receipt.h"
#include "sample.h"
#include "store.h"
#include "timing.h"

/* One question to receipt_text(), timed; want is the answer it must
 * give. */
static double
ask(struct store *st, const char *serial, const char *name, const char *dob,
    int want, char **keep, size_t *len)
{
	char	*text;
	double	 t0;
	int	 rc;

	t0 = now_us();
	rc = receipt_text(st, serial, name, dob, &text, len);
	t0 = now_us() - t0;
	if (rc != want)
		errx(1, "%s: answer %d, not %d", serial, rc, want);
	if (keep != NULL)
		*keep = text;
	else
		free(text);
	return t0;
}

/* The questions' material: each record's serial, name, date of birth
 * and event index. */
struct picked {
	char		**serial;
	char		**name;
	char		**dob;
	uint64_t	 *evidx;
};

static void
pick(size_t i, uint64_t rec, uint64_t evidx, const struct event *ev,
    void *arg)
{
	struct picked	*p = arg;

	(void)rec;
	p->evidx[i] = evidx;
	p->serial[i] = strdup(ev->field[FIELD_SERIAL_NO].value);
	p->name[i] = strdup(ev->field[FIELD_FULL_NAME].value);
	p->dob[i] = strdup(ev->field[FIELD_DATE_OF_BIRTH].value);
	if (!p->serial[i] || !p->name[i] || !p->dob[i])
		err(1, NULL);
}

int
main(int argc, char **argv)
{
	struct store	*st;
	struct picked	 p;
	json_t		*r;
	char		**serial, **name, **dob, *text, fake[16];
	uint64_t	*evidx;
	double		*t[6], t0;
	size_t		 n, i, j, m;

	if (argc != 4)
		errx(2, "usage: verifybench DB QUERIES SEED");
	n = strtoul(argv[2], NULL, 10);
	if (n < 6)
		errx(2, "QUERIES must be at least 6");
	p.serial = calloc(n, sizeof(*p.serial));
	p.name = calloc(n, sizeof(*p.name));
	p.dob = calloc(n, sizeof(*p.dob));
	p.evidx = calloc(n, sizeof(*p.evidx));
	for (j = 0; j < 6; j++)
		if ((t[j] = calloc(n, sizeof(double))) == NULL)
			err(1, NULL);
	if (!p.serial || !p.name || !p.dob || !p.evidx)
		err(1, NULL);
	st = sample_records(argv[1], n, (unsigned)strtoul(argv[3], NULL, 10),
	    pick, &p);
	serial = p.serial;
	name = p.name;
	dob = p.dob;
	evidx = p.evidx;
	for (i = 0; i < n / 2; i++) {
		/* Cold, then warm, as an employer's second look would be. */
		t[0][i] = ask(st, serial[i], name[i], dob[i], RECEIPT_OK, NULL,
		    NULL);
		t[1][i] = ask(st, serial[i], name[i], dob[i], RECEIPT_OK, NULL,
		    NULL);
		t0 = now_us();
		if (proof_inclusion(st, evidx[i], 0, RECEIPT_FIELDS, &r) !=
		    STORE_OK || (text = json_dumps(r, JSON_COMPACT)) == NULL)
			errx(1, "%s: no proof", serial[i]);
		t[2][i] = now_us() - t0;
		free(text);
		json_decref(r);
	}
	/*
	 * The misses in a loop of their own, each kind on a third of the
	 * records the hits did not warm (a record's pages are in the cache
	 * after its first question, and the cache must not decide).
	 */
	for (i = n / 2, m = 0; i + 2 < n; i += 3, m++) {
		/* Another record's name: a wrong name like any other. */
		for (j = (i + 3) % n; strcmp(name[j], name[i]) == 0;
		    j = (j + 1) % n)
			;
		t[3][m] = ask(st, serial[i], name[j], dob[i],
		    RECEIPT_NOTFOUND, NULL, NULL);
		t[4][m] = ask(st, serial[i + 1], name[i + 1], "1901-01-01",
		    RECEIPT_NOTFOUND, NULL, NULL);
		/* A serial no record has, its number made up. */
		snprintf(fake, sizeof(fake), "ZZ%07u", (unsigned)m);
		t[5][m] = ask(st, fake, name[i + 2], dob[i + 2],
		    RECEIPT_NOTFOUND, NULL, NULL);
	}
	report("hit, cold: receipt_text", t[0], n / 2);
	report("hit, warm: receipt_text", t[1], n / 2);
	report("hit, warm: jansson proof (peer)", t[2], n / 2);
	report("miss: wrong name", t[3], m);
	report("miss: wrong date", t[4], m);
	report("miss: unknown serial", t[5], m);
	for (i = 0; i < n; i++) {
		free(serial[i]);
		free(name[i]);
		free(dob[i]);
	}
	free(serial);
	free(name);
	free(dob);
	free(evidx);
	for (j = 0; j < 6; j++)
		free(t[j]);
	store_close(st);
	return 0;
}
