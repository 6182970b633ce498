/*
 * cmd_log.c: the commands on the log as a whole: keygen, checkpoint,
 * proof, export, backup, audit and keys.
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
	static const struct option longopts[] = {
		{ "name",	required_argument,	NULL, 'n' },
		{ "out",	required_argument,	NULL, 'o' },
		COMMON_LONGOPTS,
		{ NULL,		0,			NULL, 0 }
	};
	struct common	 c;
	const char	*name = NULL, *out = NULL;
	char		*skey = NULL, *vkey = NULL, sp[PATH_MAX], vp[PATH_MAX];
	int		 ch, x, rc;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "n:o:d:h", longopts, NULL)) != -1) {
		if (ch == 'n')
			name = optarg;
		else if (ch == 'o')
			out = optarg;
		else if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
	}
	if (name == NULL || out == NULL || optind != argc)
		return usage_of(argv[0], stderr);
	rc = note_keygen(name, &skey, &vkey);
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
	if (snprintf(sp, sizeof(sp), "%s/signer.key", out) >= (int)sizeof(sp) ||
	    snprintf(vp, sizeof(vp), "%s/verifier.pub", out) >=
	    (int)sizeof(vp)) {
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
	static const struct option longopts[] = {
		{ "size",	required_argument,	NULL, 'n' },
		COMMON_LONGOPTS,
		{ NULL,		0,			NULL, 0 }
	};
	struct common	 c;
	struct store	*st;
	struct store_rd	*txn;
	uint64_t	 size = 0, got;
	char		*note = NULL;
	int		 ch, x, rc;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "n:d:h", longopts, NULL)) != -1) {
		if (ch == 'n') {
			if (parse_u64(optarg, &size, "--size") != 0 ||
			    size == 0)
				return EXIT_USAGE;
		} else if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
	}
	if (optind != argc)
		return usage_of(argv[0], stderr);
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
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

/* Parses --reveal's comma-separated field list into a mask. */
static int
parse_reveal(const char *s, uint32_t *mask)
{
	char		*dup, *p, *tok;
	enum field	 f;
	int		 rc = 0;

	*mask = 0;
	dup = strdup(s);
	if (dup == NULL)
		err(EXIT_FATAL, NULL);
	for (p = dup; p != NULL && rc == 0;) {
		tok = strsep(&p, ",");
		if (tok[0] == '\0')
			continue;
		f = field_from_key(tok);
		if (f == FIELD_UNKNOWN) {
			warnx("--reveal: \"%s\" is not a field", tok);
			rc = -1;
		} else
			*mask |= 1u << f;
	}
	free(dup);
	return rc;
}

int
cmd_proof(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "serial",		required_argument,	NULL, 's' },
		{ "record",		required_argument,	NULL, 'r' },
		{ "index",		required_argument,	NULL, 'i' },
		{ "consistency",	required_argument,	NULL, 'c' },
		{ "size",		required_argument,	NULL, 'n' },
		{ "reveal",		required_argument,	NULL, 'v' },
		COMMON_LONGOPTS,
		{ NULL,			0,			NULL, 0 }
	};
	struct common	 c;
	struct store	*st;
	const char	*serial = NULL;
	uint64_t	 record = 0, index = UINT64_MAX, old = 0, size = 0, li;
	uint32_t	 reveal = PROOF_DEFAULT;
	struct event	 ev;
	struct store_rd	*txn;
	json_t		*o = NULL;
	int		 ch, x, rc, modes;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "s:r:i:c:n:v:d:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 's':
			serial = optarg;
			break;
		case 'r':
			if (parse_u64(optarg, &record, "--record") != 0)
				return EXIT_USAGE;
			break;
		case 'i':
			if (parse_u64(optarg, &index, "--index") != 0)
				return EXIT_USAGE;
			break;
		case 'c':
			if (parse_u64(optarg, &old, "--consistency") != 0 ||
			    old == 0) {
				warnx("--consistency takes the old tree size "
				    "(at least 1)");
				return EXIT_USAGE;
			}
			break;
		case 'n':
			if (parse_u64(optarg, &size, "--size") != 0 ||
			    size == 0)
				return EXIT_USAGE;
			break;
		case 'v':
			if (parse_reveal(optarg, &reveal) != 0)
				return EXIT_USAGE;
			break;
		default:
			if (common_opt(&c, ch, argv[0], &x) < 0)
				return x;
		}
	}
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
	static const struct option longopts[] = {
		{ "format",	required_argument,	NULL, 'f' },
		{ "out",	required_argument,	NULL, 'o' },
		COMMON_LONGOPTS,
		{ NULL,		0,			NULL, 0 }
	};
	struct common	 c;
	struct store	*st;
	const char	*out = NULL;
	size_t		 n;
	FILE		*fp = stdout;
	int		 ch, x, rc, format = RECORDS_JSONL;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "f:o:d:h", longopts, NULL)) !=
	    -1) {
		if (ch == 'f') {
			if (strcmp(optarg, "jsonl") == 0)
				format = RECORDS_JSONL;
			else if (strcmp(optarg, "csv") == 0)
				format = RECORDS_CSV;
			else {
				warnx("--format is jsonl or csv");
				return EXIT_USAGE;
			}
		} else if (ch == 'o')
			out = optarg;
		else if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
	}
	if (optind != argc)
		return usage_of(argv[0], stderr);
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
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

int
cmd_backup(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{ NULL,		0,		NULL, 0 }
	};
	struct common	 c;
	struct store	*st;
	int		 ch, x, rc;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1)
		if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
	if (optind + 1 != argc)
		return usage_of(argv[0], stderr);
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	rc = records_backup(st, argv[optind]);
	if (rc != STORE_OK)
		rc = fail(st, rc);
	else
		fprintf(stderr, "sogoc: compacted copy of %s written to %s\n",
		    c.db, argv[optind]);
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
	static const struct option longopts[] = {
		{ "pub",	required_argument,	NULL, 'p' },
		COMMON_LONGOPTS,
		{ NULL,		0,			NULL, 0 }
	};
	struct audit_report	  r = { 0 };
	struct note_verifier	**v = NULL;
	struct common		  c;
	struct store		 *st;
	size_t			  nv = 0, i, shown = 0;
	int			  ch, x, rc;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "p:d:h", longopts, NULL)) != -1) {
		if (ch == 'p') {
			if (load_verifiers(optarg, &v, &nv) != 0) {
				rc = EXIT_USAGE;
				goto out;
			}
		} else if (common_opt(&c, ch, argv[0], &x) < 0) {
			rc = x;
			goto out;
		}
	}
	if (optind != argc || nv == 0) {
		if (nv == 0)
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
	rc = audit_run(st, v, nv, &r);
	if (rc != STORE_OK) {
		warnx("audit could not run: %s", store_errmsg(st));
		rc = EXIT_FATAL;
	} else {
		if (shown > 100)
			printf("FAIL ... and %zu more problems\n", shown - 100);
		printf("%s: %" PRIu64 " events, %" PRIu64 " hashes, %" PRIu64
		    " checkpoints, %" PRIu64 " records, %" PRIu64 " heads; %zu "
		    "problems\n", r.problems ? "audit FAILED" : "audit passed",
		    r.events, r.hashes, r.checkpoints, r.records, r.heads,
		    r.problems);
		rc = r.problems ? EXIT_FAIL : 0;
	}
	store_close(st);
out:
	for (i = 0; i < nv; i++)
		note_verifier_free(v[i]);
	free(v);
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
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{ NULL,		0,		NULL, 0 }
	};
	struct common	 c;
	struct store	*st;
	struct store_rd	*txn;
	int		 ch, x, rc;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1)
		if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
	if (optind != argc)
		return usage_of(argv[0], stderr);
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
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
