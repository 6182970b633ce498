/*
 * credbench.c: in-process cost of issuing a diploma as an SD-JWT VC and
 * of signing a new status list token, beside the Ed25519 signature of the
 * same bytes alone, without the process start and key loading that
 * `sogoc credential` adds around them (bench/cred_bench.sh times those).
 *
 *   credbench DB CREDENTIAL.pem FIRST N
 *
 * N credentials are issued with cred_issue(), of records FIRST,
 * FIRST + 1, ... (a revoked one is skipped), each in its own write transaction (the
 * status list index, committed with an fsync); then the signature of
 * each credential's JWS signing input is timed alone with
 * cred_key_sign().  Then N status list tokens are signed (a list of at
 * least N credentials), each forced past the token's cache, beside the
 * signature of each token's signing input alone.  Medians and 99th
 * percentiles in microseconds.
 */
#include "config.h"

#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "issuer.h"
#include "jws.h"
#include "sdjwt.h"
#include "store.h"
#include "timing.h"

/* The time of signing the JWS at the start of text's signing input. */
static double
sign_alone(const struct cred_key *k, const char *text)
{
	uint8_t		 sig[CRED_SIGLEN];
	const char	*dot;
	char		 e[256];
	double		 t0;

	dot = strchr(text, '.');
	dot = dot != NULL ? strchr(dot + 1, '.') : NULL;
	if (dot == NULL)
		errx(1, "not a JWS");
	t0 = now_us();
	if (cred_key_sign(k, text, (size_t)(dot - text), sig, e,
	    sizeof(e)) != 0)
		errx(1, "%s", e);
	return now_us() - t0;
}

int
main(int argc, char **argv)
{
	struct cred_issuer	*ci;
	struct store		*st;
	double			*ti, *tsig, *tt, *ttsig, t0;
	char			 e[512], *text;
	uint64_t		 first, rec;
	size_t			 n, i;

	if (argc != 5)
		errx(2, "usage: credbench DB CREDENTIAL.pem FIRST N");
	first = strtoull(argv[3], NULL, 10);
	n = strtoul(argv[4], NULL, 10);
	if (n == 0 || first == 0)
		errx(2, "FIRST and N are at least 1");
	if (store_open(argv[1], 0, 0, NULL, &st, e, sizeof(e)) != STORE_OK)
		errx(1, "%s", e);
	if (cred_issuer_new(argv[2], "https://vanbang.sogd.example.vn", &ci,
	    e, sizeof(e)) != 0)
		errx(1, "%s", e);
	ti = calloc(n, sizeof(*ti));
	tsig = calloc(n, sizeof(*tsig));
	tt = calloc(n, sizeof(*tt));
	ttsig = calloc(n, sizeof(*ttsig));
	if (ti == NULL || tsig == NULL || tt == NULL || ttsig == NULL)
		err(1, NULL);
	for (i = 0, rec = first; i < n; rec++) {
		t0 = now_us();
		if (cred_issue(ci, st, rec, NULL, 1796600000, &text, NULL, e,
		    sizeof(e)) != 0) {
			/* A revoked diploma gets none: the next record. */
			if (strstr(e, "revoked") != NULL && rec - first < 2 * n)
				continue;
			errx(1, "record %" PRIu64 ": %s", rec, e);
		}
		ti[i] = now_us() - t0;
		tsig[i++] = sign_alone(cred_issuer_key(ci), text);
		free(text);
	}
	for (i = 0; i < n; i++) {
		/* Each a ttl later than the last: signed again. */
		t0 = now_us();
		if (cred_status_token(ci, st, 1796600000 + (int64_t)(i + 1) *
		    CRED_STATUS_TTL, &text, e, sizeof(e)) != 0)
			errx(1, "%s", e);
		tt[i] = now_us() - t0;
		ttsig[i] = sign_alone(cred_issuer_key(ci), text);
		free(text);
	}
	report("cred_issue (index txn, claims, sign)", ti, n);
	report("  its Ed25519 signature alone", tsig, n);
	report("cred_status_token (read, zlib, sign)", tt, n);
	report("  its Ed25519 signature alone", ttsig, n);
	free(ti);
	free(tsig);
	free(tt);
	free(ttsig);
	cred_issuer_free(ci);
	store_close(st);
	return 0;
}
