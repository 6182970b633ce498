/*
 * cmd_record.c: the commands on one record: lookup, correct, revoke and
 * reissue, and heads (signing record heads a registry written before
 * them lacks).
 */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd_int.h"
#include "note.h"
#include "records.h"
#include "store.h"


/* Signs the heads a registry written before them lacks (store.h). */
int
cmd_heads(int argc, char **argv)
{
	struct common		 c;
	struct store		*st;
	struct note_signer	*signer;
	uint64_t		 n = 0;
	int			 rc, sign = 0, all = 0;
	const struct cmd_opt	 opts[] = {
		OPT_FLAG("sign", 's', &sign),
		OPT_FLAG("all", 'a', &all),
		OPT_COMMON("key", 'k'),
		OPT_END
	};

	rc = cmd_getopt(argc, argv, "sak:d:h", opts, &c);
	if (rc >= 0)
		return rc;
	if (optind != argc || !sign)
		return usage_of(argv[0], stderr);
	if (open_signed(&c, &signer, &st) != 0)
		return EXIT_FAIL;
	rc = store_heads_sign(st, signer, all, &n);
	if (rc != STORE_OK)
		rc = fail(st, rc);
	else
		fprintf(stderr, "sogoc: %" PRIu64 " record heads signed\n", n);
	note_signer_free(signer);
	store_close(st);
	return rc;
}

int
cmd_lookup(int argc, char **argv)
{
	struct common	 c;
	struct store	*st;
	const char	*serial = NULL, *name = NULL, *dob = NULL;
	uint64_t	*recs = NULL, record = 0;
	size_t		 n = 0, i;
	json_t		*o;
	const struct cmd_opt opts[] = {
		OPT_STR("serial", 's', &serial),
		OPT_STR("name", 'n', &name),
		OPT_STR("dob", 'b', &dob),
		OPT_U64("record", 'r', &record),
		OPT_END
	};
	int		 rc;

	rc = cmd_getopt(argc, argv, "s:n:b:r:d:h", opts, &c);
	if (rc >= 0)
		return rc;
	if (optind != argc || ((serial != NULL) + (name != NULL) +
	    (record != 0) != 1) || ((name == NULL) != (dob == NULL)))
		return usage_of(argv[0], stderr);
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	if (record != 0) {
		recs = malloc(sizeof(*recs));
		if (recs == NULL)
			err(EXIT_FATAL, NULL);
		recs[0] = record;
		n = 1;
		rc = STORE_OK;
	} else
		rc = records_find(st, serial, name, dob, &recs, &n);
	for (i = 0; rc == STORE_OK && i < n; i++) {
		rc = records_json(st, recs[i], &o);
		if (rc == STORE_OK)
			print_json(o);
		json_decref(o);
	}
	if (rc != STORE_OK)
		rc = fail(st, rc);
	free(recs);
	store_close(st);
	return rc;
}

/* --set FIELD=VALUE of correct into the change at arg. */
static int
set_opt(void *arg, int ch, const char *name)
{
	struct records_change	*rch = arg;
	enum field		 f;
	char			*eq;

	(void)ch;
	(void)name;
	eq = strchr(optarg, '=');
	if (eq == NULL || rch->kind != EVENT_CORRECT) {
		warnx("--set takes FIELD=VALUE, and only with correct");
		return EXIT_USAGE;
	}
	*eq = '\0';
	f = field_from_key(optarg);
	if (f == FIELD_UNKNOWN) {
		warnx("\"%s\" is not a field", optarg);
		return EXIT_USAGE;
	}
	rch->set[f] = eq + 1;
	return -1;
}

/* correct, revoke and reissue share everything but their checks. */
static int
change(int argc, char **argv, enum event_kind kind)
{
	struct records_change	 ch = { 0 };
	struct common		 c;
	struct store		*st = NULL;
	struct note_signer	*signer = NULL;
	const char		*serial = NULL;
	uint64_t		 record = 0, index;
	const struct cmd_opt	 opts[] = {
		OPT_STR("serial", 's', &serial),
		OPT_U64("record", 'r', &record),
		OPT_STR("decision", 'D', &ch.decision),
		OPT_STR("decision-date", 'T', &ch.decision_date),
		OPT_STR("reason", 'R', &ch.reason),
		OPT_FN("set", 'S', &ch, set_opt),
		OPT_STR("new-serial", 'N', &ch.set[FIELD_SERIAL_NO]),
		OPT_COMMON("key", 'k'),
		OPT_END
	};
	int			 rc;

	ch.kind = kind;
	rc = cmd_getopt(argc, argv, "s:r:k:d:h", opts, &c);
	if (rc >= 0)
		return rc;
	if (optind != argc || (serial == NULL) == (record == 0))
		return usage_of(argv[0], stderr);
	if (open_signed(&c, &signer, &st) != 0)
		return EXIT_FAIL;
	ch.by = who();
	rc = one_record(st, serial, record, &record);
	if (rc == STORE_OK)
		rc = records_change(st, signer, record, &ch, &index);
	if (rc != STORE_OK)
		rc = fail(st, rc);
	else
		fprintf(stderr, "sogoc: record %" PRIu64 ": %s logged as event "
		    "%" PRIu64 "\n", record, event_kind_name(kind), index);
	note_signer_free(signer);
	store_close(st);
	return rc;
}

int
cmd_correct(int argc, char **argv)
{
	return change(argc, argv, EVENT_CORRECT);
}

int
cmd_revoke(int argc, char **argv)
{
	return change(argc, argv, EVENT_REVOKE);
}

int
cmd_reissue(int argc, char **argv)
{
	return change(argc, argv, EVENT_REISSUE);
}
