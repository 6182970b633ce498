/*
 * fuzz_tlog.c: a libFuzzer harness for tlog/'s and the cosignatures'
 * parsers of untrusted bytes.  The first input byte picks the parser:
 *   0  witness_parse (an add-checkpoint body, as the witness reads it)
 *   1  logsfile_parse, with and without LOGSFILE_NEED_URL (a logs file)
 *   2  cosig_line_parse (a witness's answer, as a log reads it)
 *   3  cosig_open with a log key and a witness key (a cosigned note)
 *   4  witness_check on a witness of the log go.example/log, its store
 *      in a temporary directory (the whole add-checkpoint path)
 * Build and run with tests/fuzz/run.sh (clang, -fsanitize=fuzzer).
 */
#include "config.h"

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cosig.h"
#include "logsfile.h"
#include "note.h"
#include "store.h"
#include "witness.h"

#define LOG_VKEY "go.example/log+3255461c+" \
	"AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb"
#define W_SKEY "PRIVATE+KEY+witness.example.com/w1+a0059f11+" \
	"BAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"
#define W_VKEY "witness.example.com/w1+a0059f11+" \
	"BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char	 dir[] = "/tmp/fuzz_tlog.XXXXXX";

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes mode 4's store when the fuzzer exits. */
static void
cleanup(void)
{
	nftw(dir, rm_one, 4, FTW_DEPTH | FTW_PHYS);
}

/* The witness of mode 4, made once. */
static struct witness *
witness(void)
{
	static const struct store_db *const dbs[] = { witness_dbs, NULL };
	static struct witness	*w;
	struct note_signer	*s;
	struct logsfile		*lf;
	struct store		*st;
	char			 err[512];

	if (w != NULL)
		return w;
	if (mkdtemp(dir) == NULL || atexit(cleanup) != 0 ||
	    store_open_env(dir, STORE_CREATE, (size_t)64 << 20,
	    WITNESS_FORMAT, dbs, &st, err, sizeof(err)) != STORE_OK ||
	    note_signer_new_type(W_SKEY, NOTE_TYPE_COSIG, &s) != NOTE_OK ||
	    logsfile_parse("go.example/log " LOG_VKEY "\n",
	    strlen("go.example/log " LOG_VKEY "\n"), 0, &lf, err,
	    sizeof(err)) != LOGSFILE_OK ||
	    witness_new(st, s, lf, &w) != NOTE_OK)
		abort();
	return w;
}

static void
opened(const char *msg, size_t len)
{
	static struct note_verifier	*v[2];
	struct cosig_seen		 seen[2];
	size_t				 tl;

	if (v[0] == NULL &&
	    (note_verifier_new_type(LOG_VKEY, 0, &v[0]) != NOTE_OK ||
	    note_verifier_new_type(W_VKEY, 0, &v[1]) != NOTE_OK))
		abort();
	cosig_open(msg, len, v, 2, &tl, seen);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct witness_req	 rq;
	struct witness_answer	 a;
	struct logsfile		*lf;
	const char		*why, *in = (const char *)data + 1;
	char			*name, err[512];
	uint32_t		 id;
	uint64_t		 ts;

	if (size < 1)
		return 0;
	size--;
	switch (data[0] % 5) {
	case 0:
		witness_parse(in, size, &rq, &why);
		break;
	case 1:
		if (logsfile_parse(in, size, 0, &lf, err, sizeof(err)) ==
		    LOGSFILE_OK)
			logsfile_free(lf);
		if (logsfile_parse(in, size, LOGSFILE_NEED_URL, &lf, err,
		    sizeof(err)) == LOGSFILE_OK)
			logsfile_free(lf);
		break;
	case 2:
		if (cosig_line_parse(in, size, &name, &id, &ts) == NOTE_OK)
			free(name);
		break;
	case 3:
		opened(in, size);
		break;
	case 4:
		witness_check(witness(), in, size, 1700000000, &a);
		witness_answer_clear(&a);
		break;
	}
	return 0;
}
