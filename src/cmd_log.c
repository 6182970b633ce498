/*
 * cmd_log.c: the commands on the log as a whole: keygen, checkpoint,
 * proof, export, audit and keys.
 */
#include "config.h"

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "audit.h"
#include "cmd_int.h"
#include "note.h"
#include "proof.h"
#include "records.h"
#include "store.h"


int
cmd_keygen(int argc, char **argv)
{
	struct common	 c;
	const char	*name = NULL, *out = NULL;
	char		*skey = NULL, *vkey = NULL, sp[PATH_MAX], vp[PATH_MAX];
	int		 witness = 0;
	const struct cmd_opt opts[] = {
		OPT_STR("name", 'n', &name),
		OPT_STR("out", 'o', &out),
		OPT_FLAG("witness", 'w', &witness),
		OPT_END
	};
	const char	*sfile = "signer.key", *vfile = "verifier.pub";
	int		 rc;

	rc = cmd_getopt(argc, argv, "n:o:wd:h", opts, &c);
	if (rc >= 0)
		return rc;
	if (name == NULL || out == NULL || optind != argc)
		return usage_of(argv[0], stderr);
	/* A witness's key is type 0x04 (cosignature/v1), in files named
	 * for it so that one DIR never mixes up the two kinds. */
	if (witness) {
		sfile = "witness.key";
		vfile = "witness.pub";
	}
	rc = note_keygen_type(name, witness ? NOTE_TYPE_COSIG :
	    NOTE_TYPE_ED25519, &skey, &vkey);
	if (rc != NOTE_OK) {
		warnx("cannot make a key named \"%s\": %s", name,
		    note_strerror(rc));
		return EXIT_FAIL;
	}
	rc = EXIT_FAIL;
	if (mkdir(out, 0700) == -1 && errno != EEXIST) {
		warn("%s", out);
		goto done;
	}
	if (snprintf(sp, sizeof(sp), "%s/%s", out, sfile) >= (int)sizeof(sp) ||
	    snprintf(vp, sizeof(vp), "%s/%s", out, vfile) >= (int)sizeof(vp)) {
		warnx("%s: path too long", out);
		goto done;
	}
	if (access(sp, F_OK) == 0 || access(vp, F_OK) == 0) {
		warnx("%s already holds a key; keys are never overwritten "
		    "(use a new --out directory)", out);
		goto done;
	}
	if (write_new(sp, skey, 0600) != 0)
		goto done;
	if (write_new(vp, vkey, 0644) != 0) {
		unlink(sp);
		goto done;
	}
	printf("%s\n", vkey);
	fprintf(stderr, "sogoc: signer key in %s (keep it secret), verifier "
	    "key in %s (publish it)\n", sp, vp);
	rc = 0;
done:
	explicit_bzero(skey, strlen(skey));
	free(skey);
	free(vkey);
	return rc;
}

int
cmd_checkpoint(int argc, char **argv)
{
	struct common	 c;
	struct store	*st;
	struct store_rd	*txn;
	uint64_t	 size = 0, got;
	char		*note = NULL;
	const struct cmd_opt opts[] = {
		OPT_COUNT("size", 'n', &size),
		OPT_END
	};
	int		 rc;

	rc = cmd_start(argc, argv, "n:d:h", opts, &c, STORE_RDONLY,
	    &st);
	if (rc >= 0)
		return rc;
	rc = store_rd_begin(st, &txn);
	if (rc == STORE_OK) {
		rc = store_checkpoint(st, txn, size, &note, &got);
		store_rd_end(txn);
	}
	if (rc != STORE_OK)
		rc = fail(st, rc);
	else
		fputs(note, stdout);
	free(note);
	store_close(st);
	return rc;
}

/* --reveal's comma-separated field list into the mask at arg: -1 to go
 * on, or the exit status. */
static int
reveal_opt(void *arg, int ch, const char *name)
{
	uint32_t	*mask = arg;
	char		*dup, *p, *tok;
	enum field	 f;
	int		 rc = -1;

	(void)ch;
	(void)name;
	*mask = 0;
	dup = strdup(optarg);
	if (dup == NULL)
		err(EXIT_FATAL, NULL);
	for (p = dup; p != NULL && rc == -1;) {
		tok = strsep(&p, ",");
		if (tok[0] == '\0')
			continue;
		f = field_from_key(tok);
		if (strcmp(tok, "by") == 0)
			*mask |= PROOF_REVEAL_BY;
		else if (f == FIELD_UNKNOWN) {
			warnx("--reveal: \"%s\" is not a field", tok);
			rc = EXIT_USAGE;
		} else
			*mask |= 1u << f;
	}
	free(dup);
	return rc;
}

/* --consistency, the old tree size, at least 1, into the uint64_t at arg. */
static int
consistency_opt(void *arg, int ch, const char *name)
{
	uint64_t	*old = arg;

	(void)ch;
	(void)name;
	if (parse_u64(optarg, old, "--consistency") != 0 || *old == 0) {
		warnx("--consistency takes the old tree size (at least 1)");
		return EXIT_USAGE;
	}
	return -1;
}

/* --format, jsonl or csv, into the int at arg. */
static int
format_opt(void *arg, int ch, const char *name)
{
	int	*format = arg;

	(void)ch;
	(void)name;
	if (strcmp(optarg, "jsonl") == 0)
		*format = RECORDS_JSONL;
	else if (strcmp(optarg, "csv") == 0)
		*format = RECORDS_CSV;
	else {
		warnx("--format is jsonl or csv");
		return EXIT_USAGE;
	}
	return -1;
}

int
cmd_proof(int argc, char **argv)
{
	struct common	 c;
	struct store	*st;
	const char	*serial = NULL;
	uint64_t	 record = 0, index = UINT64_MAX, old = 0, size = 0, li;
	uint32_t	 reveal = PROOF_DEFAULT;
	struct event	 ev;
	struct store_rd	*txn;
	json_t		*o = NULL;
	const struct cmd_opt opts[] = {
		OPT_STR("serial", 's', &serial),
		OPT_U64("record", 'r', &record),
		OPT_U64("index", 'i', &index),
		OPT_FN("consistency", 'c', &old, consistency_opt),
		OPT_COUNT("size", 'n', &size),
		OPT_FN("reveal", 'v', &reveal, reveal_opt),
		OPT_END
	};
	int		 rc, modes;

	rc = cmd_getopt(argc, argv, "s:r:i:c:n:v:d:h", opts, &c);
	if (rc >= 0)
		return rc;
	modes = (serial != NULL) + (record != 0) + (index != UINT64_MAX) +
	    (old != 0);
	if (optind != argc || modes != 1)
		return usage_of(argv[0], stderr);
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	if (old != 0)
		rc = proof_consistency(st, old, size, &o);
	else {
		rc = STORE_OK;
		if (index == UINT64_MAX) {
			/* A record's proof is of its latest event. */
			rc = one_record(st, serial, record, &record);
			if (rc == STORE_OK)
				rc = store_rd_begin(st, &txn);
			if (rc == STORE_OK) {
				rc = store_record(st, txn, record, &ev, &li);
				event_clear(&ev);
				store_rd_end(txn);
				index = li;
			}
		}
		if (rc == STORE_OK)
			rc = proof_inclusion(st, index, size, reveal, &o);
	}
	if (rc != STORE_OK)
		rc = fail(st, rc);
	else
		print_json(o);
	json_decref(o);
	store_close(st);
	return rc;
}

int
cmd_export(int argc, char **argv)
{
	struct common	 c;
	struct store	*st;
	const char	*out = NULL;
	size_t		 n;
	FILE		*fp = stdout;
	int		 rc, format = RECORDS_JSONL;
	const struct cmd_opt opts[] = {
		OPT_FN("format", 'f', &format, format_opt),
		OPT_STR("out", 'o', &out),
		OPT_END
	};

	rc = cmd_start(argc, argv, "f:o:d:h", opts, &c, STORE_RDONLY,
	    &st);
	if (rc >= 0)
		return rc;
	if (out != NULL) {
		fp = fopen(out, "wx");
		if (fp == NULL) {
			warn("%s", out);
			store_close(st);
			return EXIT_FAIL;
		}
	}
	rc = records_export(st, fp, format, &n);
	if (rc != STORE_OK)
		rc = fail(st, rc);
	if (fflush(fp) != 0 || (out != NULL && fclose(fp) != 0)) {
		warn("%s", out ? out : "stdout");
		rc = EXIT_FATAL;
	}
	if (rc == 0)
		fprintf(stderr, "sogoc: %zu records exported\n", n);
	store_close(st);
	return rc;
}

static void
audit_problem(void *arg, const char *msg)
{
	size_t	*shown = arg;

	if ((*shown)++ < 100)
		printf("FAIL %s\n", msg);
}

int
cmd_audit(int argc, char **argv)
{
	struct audit_report	  r = { 0 };
	struct keyring		  kr = { NULL, 0 };
	struct common		  c;
	struct store		 *st;
	size_t			  shown = 0;
	const struct cmd_opt	  opts[] = {
		OPT_FN("pub", 'p', &kr, keyring_opt),
		OPT_END
	};
	int			  rc;

	rc = cmd_getopt(argc, argv, "p:d:h", opts, &c);
	if (rc >= 0)
		goto out;
	if (optind != argc || kr.n == 0) {
		if (kr.n == 0)
			warnx("audit needs the log's verifier key(s): --pub "
			    "FILE");
		rc = usage_of(argv[0], stderr);
		goto out;
	}
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL) {
		rc = EXIT_FATAL;
		goto out;
	}
	r.problem = audit_problem;
	r.arg = &shown;
	rc = audit_run(st, kr.v, kr.n, &r);
	if (rc != STORE_OK) {
		warnx("audit could not run: %s", store_errmsg(st));
		rc = EXIT_FATAL;
	} else {
		if (shown > 100)
			printf("FAIL ... and %zu more problems\n", shown - 100);
		printf("%s: %" PRIu64 " events, %" PRIu64 " hashes, %" PRIu64
		    " checkpoints, %" PRIu64 " records, %" PRIu64 " heads, %"
		    PRIu64 " cosignatures; %zu problems\n", r.problems ?
		    "audit FAILED" : "audit passed", r.events, r.hashes,
		    r.checkpoints, r.records, r.heads, r.cosigs, r.problems);
		if (r.credentials > 0)
			printf("status list: %" PRIu64 " credentials checked\n",
			    r.credentials);
		if (r.v1_by > 0)
			printf("note: %" PRIu64 " leaves (sogoc/event/v1) show "
			    "the staff account that recorded them; published "
			    "as tiles, they stay public (docs/registry.md)\n",
			    r.v1_by);
		rc = r.problems ? EXIT_FAIL : 0;
	}
	store_close(st);
out:
	keyring_clear(&kr);
	return rc;
}

/* Prints one verifier key and the tree size it first signed. */
static int
print_key(const struct store_val *k, const struct store_val *v, void *arg)
{
	(void)arg;
	printf("%.*s", (int)k->len, (const char *)k->data);
	if (v->len == 8)
		printf("\t# first signed size %" PRIu64,
		    store_get_u64(v->data));
	printf("\n");
	return STORE_OK;
}

int
cmd_keys(int argc, char **argv)
{
	struct common	 c;
	struct store	*st;
	struct store_rd	*txn;
	int		 rc;

	rc = cmd_start(argc, argv, "d:h", NULL, &c, STORE_RDONLY,
	    &st);
	if (rc >= 0)
		return rc;
	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK) {
		rc = fail(st, rc);
		goto out;
	}
	/* As always, a key that cannot be read ends the list quietly. */
	(void)store_each(txn, DB_KEYS, NULL, 0, 0, print_key, NULL);
	store_rd_end(txn);
	rc = 0;
out:
	store_close(st);
	return rc;
}
