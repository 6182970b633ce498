/*
 * fuzz_import.c: a libFuzzer harness for the staging area's importers,
 * whose input is a file someone hands in.  The first input byte picks the
 * importer, the rest is the file:
 *   0  staging_import_jsonl (`sogoc ocr --jsonl` lines; the scan
 *      "scan.png" exists beside it)
 *   1  staging_import_csv (a typed ledger, staged)
 *   2  staging_import_csv_publish (a typed ledger straight into the log,
 *      batches of 3 rows)
 * One temporary registry serves many runs and is made again every 256, so
 * that what imports stays small.  Besides the sanitizers, a refused import
 * must leave the number of staged rows and the log's size as they were.
 * Build and run with tests/fuzz/run.sh (clang, -fsanitize=fuzzer).
 */
#include "config.h"

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "note.h"
#include "staging.h"
#include "store.h"

/* Made once with note.GenerateKey (Go, x/mod 0.7.0), as test_note.c. */
#define SKEY "PRIVATE+KEY+go.example/log+3255461c+" \
	"AeRYfOTItNoeqj0xLfGLKyUApQXdJf6K1D7Bu1Dc0C/5"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char			 dir[64];
static char			 file[128];
static struct store		*st;
static struct note_signer	*signer;
static unsigned int		 runs;

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* A new registry in a new directory, with the scan the JSONL names. */
static void
fresh(void)
{
	char	 err[256], scan[128];
	FILE	*fp;

	if (st != NULL) {
		store_close(st);
		nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	}
	snprintf(dir, sizeof(dir), "/tmp/sogoc-fuzz.XXXXXX");
	if (mkdtemp(dir) == NULL ||
	    store_open(dir, STORE_CREATE, (size_t)256 << 20, NULL, &st, err,
	    sizeof(err)) != STORE_OK)
		abort();
	snprintf(scan, sizeof(scan), "%s/scan.png", dir);
	snprintf(file, sizeof(file), "%s/in", dir);
	fp = fopen(scan, "wb");
	if (fp == NULL || fputs("scan", fp) < 0 || fclose(fp) != 0)
		abort();
}

static int
count_one(void *arg, const char *id, json_t *row)
{
	(void)id;
	(void)row;
	(*(size_t *)arg)++;
	return 0;
}

/* Staged rows (published ones too) and the log's size. */
static void
state(size_t *rows, uint64_t *size)
{
	struct store_rd	*rd;

	*rows = 0;
	*size = 0;
	if (staging_list(st, 1, count_one, rows) != STORE_OK ||
	    store_rd_begin(st, &rd) != STORE_OK)
		abort();
	if (store_record_count(st, rd, size) != STORE_OK)
		abort();
	store_rd_end(rd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct staging_volume		 vol = { NULL, "THPT", 1998, NULL,
					    NULL, 0 };
	struct staging_import_stats	 is;
	struct staging_publish_stats	 ps;
	size_t				 rows0, rows1;
	uint64_t			 size0, size1;
	FILE				*fp;
	int				 rc;

	if (size < 1)
		return 0;
	if (signer == NULL && note_signer_new(SKEY, &signer) != NOTE_OK)
		abort();
	if (st == NULL || ++runs % 256 == 0)
		fresh();
	fp = fopen(file, "wb");
	if (fp == NULL || fwrite(data + 1, 1, size - 1, fp) != size - 1 ||
	    fclose(fp) != 0)
		abort();
	state(&rows0, &size0);
	switch (data[0] % 3) {
	case 0:
		rc = staging_import_jsonl(st, file, NULL, dir, &vol, "f", &is);
		break;
	case 1:
		rc = staging_import_csv(st, file, &vol, "f", &is);
		break;
	default:
		rc = staging_import_csv_publish(st, file, &vol, "f", signer, 3,
		    &is, &ps, NULL, NULL);
		break;
	}
	state(&rows1, &size1);
	/* All or nothing: a refused import changed nothing. */
	if (rc != STORE_OK && (rows1 != rows0 || size1 != size0) &&
	    rc != STORE_EFULL && rc != STORE_EIO)
		abort();
	return 0;
}
