/*
 * copybench.c: in-process cost of issuing a certified copy, copy_issue()
 * timed call by call, without the process start, the key loading and the
 * writing of the PDF that `sogoc copy` adds around it.
 *
 *   copybench DB SIGNER.key SERVE.conf N
 *
 * SIGNER.key signs the log's checkpoints; SERVE.conf (sogoc-serve.conf(5))
 * gives the copy-* settings and public-url.  N copies are issued, each in
 * its own write transaction, of the registry's valid (not revoked) records
 * taken round-robin.  The first call, which also loads the fonts, is
 * printed apart; the median, 90th and 99th percentiles and the maximum of
 * all N are in milliseconds.  Any copy refused is a failure (exit 1).
 */
#include "config.h"

#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "copydb.h"
#include "issue.h"
#include "note.h"
#include "serveconf.h"
#include "store.h"
#include "timing.h"

#define KEYFILE_MAX	4096

/* The log's signer key in path. */
static struct note_signer *
signer_of(const char *path)
{
	struct note_signer	*s;
	FILE			*fp;
	char			 buf[KEYFILE_MAX + 1];
	size_t			 n;
	int			 rc;

	if ((fp = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	n = fread(buf, 1, KEYFILE_MAX, fp);
	if (ferror(fp) || !feof(fp))
		errx(1, "%s: unreadable, or too large for a key", path);
	fclose(fp);
	buf[n] = '\0';
	rc = note_signer_new(buf, &s);
	explicit_bzero(buf, sizeof(buf));
	if (rc != NOTE_OK)
		errx(1, "%s: %s", path, note_strerror(rc));
	return s;
}

/* The registry's records that are not revoked, into *out (*n of them). */
static void
valid_records(struct store *st, uint64_t **out, size_t *n)
{
	struct event	 ev;
	struct store_rd	*txn;
	uint64_t	 nrec, r, ix, *v;

	if (store_rd_begin(st, &txn) != STORE_OK ||
	    store_record_count(st, txn, &nrec) != STORE_OK || nrec == 0)
		errx(1, "no records");
	if ((v = calloc(nrec, sizeof(*v))) == NULL)
		err(1, NULL);
	*n = 0;
	for (r = 1; r <= nrec; r++) {
		if (store_record(st, txn, r, &ev, &ix) != STORE_OK)
			errx(1, "record %" PRIu64 ": %s", r, store_errmsg(st));
		if (!ev.revoked)
			v[(*n)++] = r;
		event_clear(&ev);
	}
	store_rd_end(txn);
	if (*n == 0)
		errx(1, "no valid record");
	*out = v;
}

static int
dcmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static const struct store_db *const dbs[] = { copy_dbs, NULL };

int
main(int argc, char **argv)
{
	struct serve_config	 cf;
	struct copy_signing	 cs = { 0 };
	struct copy_result	 res;
	struct note_signer	*signer;
	struct store		*st;
	char			 errbuf[512];
	uint64_t		*rec;
	double			*t, t0, bytes = 0;
	size_t			 n, nvalid, i;
	int			 rc;

	if (argc != 5)
		errx(2, "usage: copybench DB SIGNER.key SERVE.conf N");
	n = strtoul(argv[4], NULL, 10);
	if (n == 0)
		errx(2, "N must be at least 1");
	serve_config_init(&cf);
	if (serve_config_load(&cf, argv[3], errbuf, sizeof(errbuf)) != 0)
		errx(1, "%s", errbuf);
	if (serve_config_copy_signing(&cf, &cs, errbuf, sizeof(errbuf)) != 0)
		errx(1, "%s: %s", argv[3], errbuf);
	signer = signer_of(argv[2]);
	if (store_open(argv[1], STORE_SHARED, 0, dbs, &st, errbuf,
	    sizeof(errbuf)) != STORE_OK)
		errx(1, "%s", errbuf);
	valid_records(st, &rec, &nvalid);
	if ((t = calloc(n, sizeof(*t))) == NULL)
		err(1, NULL);
	for (i = 0; i < n; i++) {
		t0 = now_us();
		rc = copy_issue(st, signer, &cs, rec[i % nvalid],
		    "copybench", 0, NULL, NULL, &res);
		t[i] = (now_us() - t0) / 1e3;
		if (rc != STORE_OK)
			errx(1, "copy %zu, of record %" PRIu64 ": %s", i + 1,
			    rec[i % nvalid], store_errmsg(st));
		bytes += (double)res.pdflen;
	}
	printf("copy_issue, first call (fonts loaded): %.2f ms\n", t[0]);
	qsort(t, n, sizeof(*t), dcmp);
	printf("copy_issue, %zu copies of %zu valid records: median %.2f ms  "
	    "p90 %.2f ms  p99 %.2f ms  max %.2f ms\n", n, nvalid, t[n / 2],
	    t[n * 90 / 100], t[n * 99 / 100], t[n - 1]);
	printf("mean PDF size: %.0f bytes\n", bytes / (double)n);
	free(t);
	free(rec);
	store_close(st);
	note_signer_free(signer);
	copy_signing_clear(&cs);
	serve_config_clear(&cf);
	return 0;
}
