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
	static const struct option longopts[] = {
		{ "sign",	no_argument,		NULL, 's' },
		{ "all",	no_argument,		NULL, 'a' },
		{ "key",	required_argument,	NULL, 'k' },
		COMMON_LONGOPTS,
		{ NULL,		0,			NULL, 0 }
	};
	struct common		 c;
	struct store		*st;
	struct note_signer	*signer;
	uint64_t		 n = 0;
	int			 rc, sign = 0, all = 0;
	const struct cmd_arg	 args[] = {
		{ 's', ARG_FLAG, &sign, NULL },
		{ 'a', ARG_FLAG, &all, NULL },
		{ 0, ARG_STR, NULL, NULL }
	};

	common_init(&c);
	rc = cmd_getopt(argc, argv, "sak:d:h", longopts, args, &c);
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
	static const struct option longopts[] = {
		{ "serial",	required_argument,	NULL, 's' },
		{ "name",	required_argument,	NULL, 'n' },
		{ "dob",	required_argument,	NULL, 'b' },
		{ "record",	required_argument,	NULL, 'r' },
		COMMON_LONGOPTS,
		{ NULL,		0,			NULL, 0 }
	};
	struct common	 c;
	struct store	*st;
	const char	*serial = NULL, *name = NULL, *dob = NULL;
	uint64_t	*recs = NULL, record = 0;
	size_t		 n = 0, i;
	json_t		*o;
	const struct cmd_arg args[] = {
		{ 's', ARG_STR, &serial, NULL },
		{ 'n', ARG_STR, &name, NULL },
		{ 'b', ARG_STR, &dob, NULL },
		{ 'r', ARG_U64, &record, NULL },
		{ 0, ARG_STR, NULL, NULL }
	};
	int		 rc;

	common_init(&c);
	rc = cmd_getopt(argc, argv, "s:n:b:r:d:h", longopts, args, &c);
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
	static const struct option longopts[] = {
		{ "serial",		required_argument,	NULL, 's' },
		{ "record",		required_argument,	NULL, 'r' },
		{ "decision",		required_argument,	NULL, 'D' },
		{ "decision-date",	required_argument,	NULL, 'T' },
		{ "reason",		required_argument,	NULL, 'R' },
		{ "set",		required_argument,	NULL, 'S' },
		{ "new-serial",		required_argument,	NULL, 'N' },
		{ "key",		required_argument,	NULL, 'k' },
		COMMON_LONGOPTS,
		{ NULL,			0,			NULL, 0 }
	};
	struct records_change	 ch = { 0 };
	struct common		 c;
	struct store		*st = NULL;
	struct note_signer	*signer = NULL;
	const char		*serial = NULL;
	uint64_t		 record = 0, index;
	const struct cmd_arg	 args[] = {
		{ 's', ARG_STR, &serial, NULL },
		{ 'r', ARG_U64, &record, NULL },
		{ 'D', ARG_STR, &ch.decision, NULL },
		{ 'T', ARG_STR, &ch.decision_date, NULL },
		{ 'R', ARG_STR, &ch.reason, NULL },
		{ 'N', ARG_STR, &ch.set[FIELD_SERIAL_NO], NULL },
		{ 'S', ARG_FN, &ch, set_opt },
		{ 0, ARG_STR, NULL, NULL }
	};
	int			 rc;

	common_init(&c);
	ch.kind = kind;
	rc = cmd_getopt(argc, argv, "s:r:k:d:h", longopts, args, &c);
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
