/*
 * cmd_copy.c: the commands of certified copies and their checks: copy,
 * requests and check-receipt.
 */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd_int.h"
#include "note.h"
#include "receipt.h"
#include "records.h"
#include "request.h"
#include "serveconf.h"
#include "store.h"
#include "timefmt.h"


/* Writes len bytes of pdf to path whole, or not at all. */
static int
write_whole(const char *path, const uint8_t *pdf, size_t len)
{
	char	 tmp[4096];
	FILE	*fp;
	int	 ok;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		warnx("%s: the name is too long", path);
		return -1;
	}
	fp = fopen(tmp, "wb");
	if (fp == NULL) {
		warn("%s", tmp);
		return -1;
	}
	ok = fwrite(pdf, 1, len, fp) == len;
	ok = fflush(fp) == 0 && fsync(fileno(fp)) == 0 && ok;
	ok = fclose(fp) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		warn("%s", path);
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* What sogoc copy was asked for. */
struct copy_opts {
	const char	*serial, *out;
	uint64_t	 record, fetch;
};

/* copy --key FILE, over the config file's key. */
static int
key_opt(void *arg, int ch, const char *name)
{
	struct serve_config	*cf = arg;

	(void)ch;
	(void)name;
	free(cf->key);
	cf->key = strdup(optarg);
	return -1;
}

/*
 * copy's config file and options into c, cf and o.  Returns -1 to go on,
 * else the exit status.
 */
static int
copy_args(int argc, char **argv, struct common *c, struct serve_config *cf,
    struct copy_opts *o)
{
	const struct cmd_opt	 opts[] = {
		OPT_STR("serial", 's', &o->serial),
		OPT_U64("record", 'r', &o->record),
		OPT_STR("out", 'o', &o->out),
		OPT_U64("fetch", 'F', &o->fetch),
		OPT_NONE("config", 'c'),
		OPT_FN("key", 'k', cf, key_opt),
		COPY_SIGNING_OPTS(cf),
		OPT_END
	};
	int			 rc;

	rc = config_getopt(argc, argv, "s:r:o:c:k:d:h", opts, c, cf);
	if (rc >= 0)
		return rc;
	/* --out, and either --fetch or one of --serial and --record. */
	if (optind != argc || o->out == NULL || (o->fetch != 0) ==
	    (o->serial != NULL || o->record != 0) || (o->fetch == 0 &&
	    (o->serial == NULL) == (o->record == 0)))
		return usage_of(argv[0], stderr);
	return -1;
}

/* copy --fetch: a copy already issued, from the registry to o->out. */
static int
copy_refetch(const struct common *c, const struct copy_opts *o)
{
	struct store	*st;
	uint8_t		*pdf = NULL;
	size_t		 len;
	int		 x, rc = EXIT_FAIL;

	st = open_store(c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	x = copy_fetch(st, o->fetch, &pdf, &len);
	if (x != STORE_OK)
		rc = fail(st, x);
	else if (write_whole(o->out, pdf, len) == 0)
		rc = 0;
	free(pdf);
	store_close(st);
	return rc;
}

/* Issues a copy of the record o names into o->out: the exit status. */
static int
copy_new(const struct common *c, const struct copy_opts *o,
    const struct note_signer *signer, const struct copy_signing *cs)
{
	struct copy_result	 res;
	struct store		*st;
	uint64_t		 record = o->record;
	uint8_t			*pdf = NULL;
	size_t			 len;
	char			 disp[SHARE_DISPLAY_LEN + 1];
	int			 x, rc = EXIT_FAIL;

	st = open_store(c, 0);
	if (st == NULL)
		return EXIT_FAIL;
	x = one_record(st, o->serial, record, &record);
	if (x == STORE_OK)
		x = copy_issue(st, signer, cs, record, who(), 0, NULL, NULL,
		    &res);
	if (x == STORE_OK)
		x = copy_fetch(st, res.index, &pdf, &len);
	if (x != STORE_OK) {
		rc = fail(st, x);
		goto out;
	}
	share_display(res.code, disp);
	fprintf(stderr, "sogoc: record %" PRIu64 ": copy %s logged as event "
	    "%" PRIu64 "; its code %s (on its QR code, for good); PAdES %s\n",
	    record, res.copy_no, res.index, disp, copy_pades_name(res.level));
	if (write_whole(o->out, pdf, len) != 0) {
		warnx("the copy is kept in the registry: sogoc copy --fetch %"
		    PRIu64 " --out FILE writes it", res.index);
		goto out;
	}
	rc = 0;
out:
	free(pdf);
	store_close(st);
	return rc;
}

int
cmd_copy(int argc, char **argv)
{
	struct serve_config	 cf;
	struct copy_signing	 cs = { 0 };
	struct copy_opts	 o = { NULL, NULL, 0, 0 };
	struct common		 c;
	struct note_signer	*signer = NULL;
	int			 rc;

	serve_config_init(&cf);
	rc = copy_args(argc, argv, &c, &cf, &o);
	if (rc >= 0)
		goto out;
	if (o.fetch != 0) {
		rc = copy_refetch(&c, &o);
		goto out;
	}
	rc = EXIT_FAIL;
	if ((signer = load_signer(cf.key != NULL ? cf.key : c.key)) == NULL ||
	    copy_signing_of(&cf, &cs) != 0)
		goto out;
	rc = copy_new(&c, &o, signer, &cs);
out:
	copy_signing_clear(&cs);
	note_signer_free(signer);
	serve_config_clear(&cf);
	return rc;
}

/* requests --purge DAYS: up to a hundred years, 0 is today. */
struct purge {
	uint64_t	 days;
	int		 on;
};

static int
purge_opt(void *arg, int ch, const char *name)
{
	struct purge	*pg = arg;

	(void)ch;
	(void)name;
	if (parse_u64(optarg, &pg->days, "--purge") != 0 || pg->days > 36500)
		return EXIT_USAGE;
	pg->on = 1;
	return -1;
}

int
cmd_requests(int argc, char **argv)
{
	struct common	 c;
	struct store	*st;
	json_t		*list, *o;
	const char	*state;
	char		 when[32], *line;
	struct purge	 pg = { 0, 0 };
	uint64_t	 days;
	size_t		 i, n;
	int		 pending = 0, json = 0, purge = 0, rc;
	const struct cmd_opt opts[] = {
		OPT_FLAG("pending", 'p', &pending),
		OPT_FLAG("json", 'j', &json),
		OPT_FN("purge", 'P', &pg, purge_opt),
		OPT_END
	};

	rc = cmd_getopt(argc, argv, "pjd:h", opts, &c);
	if (rc >= 0)
		return rc;
	days = pg.days;
	purge = pg.on;
	if (optind != argc || (purge && (pending || json)))
		return usage_of(argv[0], stderr);
	st = open_store(&c, purge ? 0 : STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	if (purge) {
		rc = copyreq_purge(st, (int64_t)time(NULL) -
		    (int64_t)days * 86400, &n);
		if (rc == STORE_OK)
			fprintf(stderr, "sogoc: the personal data of %zu "
			    "request%s decided more than %" PRIu64 " days ago "
			    "erased\n", n, n == 1 ? "" : "s", days);
		else
			rc = fail(st, rc);
		store_close(st);
		return rc;
	}
	rc = copyreq_list(st, &list);
	if (rc != STORE_OK) {
		rc = fail(st, rc);
		store_close(st);
		return rc;
	}
	json_array_foreach(list, i, o) {
		state = json_string_value(json_object_get(o, "state"));
		if (pending && (state == NULL || strcmp(state, "pending") != 0))
			continue;
		if (json) {
			line = json_dumps(o, JSON_COMPACT);
			if (line != NULL)
				printf("%s\n", line);
			free(line);
			continue;
		}
		time_iso(json_integer_value(json_object_get(o,
		    "created")), when, sizeof(when));
		printf("%" JSON_INTEGER_FORMAT "\t%s\t%s\t%s\t%s\n",
		    json_integer_value(json_object_get(o, "id")), when,
		    state != NULL ? state : "?",
		    json_string_value(json_object_get(o, "year")) != NULL ?
		    json_string_value(json_object_get(o, "year")) : "",
		    json_string_value(json_object_get(o, "full_name")) != NULL ?
		    json_string_value(json_object_get(o, "full_name")) :
		    "(erased)");
	}
	json_decref(list);
	store_close(st);
	return 0;
}

/* The receipt's disclosed value of field key, or NULL. */
static const char *
receipt_value(json_t *r, const char *obj, const char *key)
{
	return json_string_value(json_object_get(json_object_get(
	    json_object_get(r, obj), key), "value"));
}

/* What a receipt that checked says, and as of when (receipt_check.h). */
static void
print_receipt(json_t *r, const struct receipt_facts *f)
{
	const char	*serial, *dec, *date, *why, *now;
	json_t		*ev = json_object_get(r, "event");
	int		 replaced = strcmp(f->status, "replaced") == 0;

	now = receipt_value(r, "disclosed", "serial_no");
	serial = replaced ? receipt_value(r, "replaced", "serial_no") : now;
	dec = json_string_value(json_object_get(ev, "decision"));
	date = json_string_value(json_object_get(ev, "decision_date"));
	why = json_string_value(json_object_get(ev, "reason"));
	printf("receipt verified: %s is %s", serial != NULL ? serial :
	    "the diploma", f->status);
	if (replaced)
		printf(": reissued as %s", now != NULL ? now : "?");
	if ((replaced || strcmp(f->status, "revoked") == 0) && dec != NULL)
		printf("%sdecision %s%s%s", replaced ? ", " : ": ", dec,
		    date != NULL ? " of " : "", date != NULL ? date : "");
	if (strcmp(f->status, "revoked") == 0 && why != NULL)
		printf(", reason: %s", why);
	printf("\nproved: %s\n", f->proved);
	if (f->ncosig > 0)
		printf("witnessed: cosigned by %zu witness%s: %s\n", f->ncosig,
		    f->ncosig == 1 ? "" : "es", f->cosigned);
	/* The head, of the checkpoint's size, proves the event the
	 * record's latest there: the status holds as of that size. */
	printf("as of: tree size %" PRIu64 " of %s, where the log's signed "
	    "head of the record names this event its latest; its event is of "
	    "%s\n", f->size, f->origin, f->time[0] != '\0' ? f->time :
	    "(no time)");
	printf("note: a change after tree size %" PRIu64 " (a revocation, "
	    "correction or reissue) is not in the receipt: ask with --online "
	    "URL\n", f->size);
}

int
cmd_check_receipt(int argc, char **argv)
{
	struct keyring		  kr = { NULL, 0 }, wk = { NULL, 0 };
	struct receipt_policy	  pol = { NULL, 0, 0 };
	struct receipt_facts	  f;
	struct common		  c;
	json_error_t		  jerr;
	json_t			 *r = NULL;
	const char		 *online = NULL;
	uint64_t		  quorum = UINT64_MAX;
	char			  msg[1024];
	const struct cmd_opt	  opts[] = {
		OPT_FN("pub", 'p', &kr, keyring_opt),
		OPT_STR("online", 'o', &online),
		OPT_FN("witness", 'w', &wk, witness_opt),
		OPT_U64("quorum", 'q', &quorum),
		OPT_END
	};
	int			  rc;

	rc = cmd_getopt(argc, argv, "p:o:w:q:d:h", opts, &c);
	if (rc >= 0)
		goto out;
	if (optind + 1 != argc || kr.n == 0) {
		rc = usage_of(argv[0], stderr);
		goto out;
	}
	/* Without --quorum, every witness given must have cosigned. */
	if (quorum != UINT64_MAX && quorum > wk.n) {
		warnx("--quorum %" PRIu64 " needs at least as many --witness "
		    "keys (%zu given)", quorum, wk.n);
		rc = EXIT_USAGE;
		goto out;
	}
	pol.w = wk.v;
	pol.nw = wk.n;
	pol.quorum = quorum == UINT64_MAX ? wk.n : (size_t)quorum;
	r = strcmp(argv[optind], "-") == 0 ?
	    json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr) :
	    json_load_file(argv[optind], JSON_REJECT_DUPLICATES, &jerr);
	if (r == NULL) {
		warnx("%s: not a receipt: %s", argv[optind], jerr.text);
		rc = EXIT_FAIL;
		goto out;
	}
	if (receipt_verify_policy(r, kr.v, kr.n, &pol, &f, msg,
	    sizeof(msg)) != 0) {
		printf("receipt REFUSED: %s\n", msg);
		rc = EXIT_FAIL;
		goto out;
	}
	print_receipt(r, &f);
	rc = 0;
	if (online == NULL)
		goto out;
	switch (receipt_online(r, &f, online, kr.v, kr.n, msg, sizeof(msg))) {
	case RECEIPT_SAME:
		printf("online: %s\n", msg);
		break;
	case RECEIPT_CHANGED:
		printf("online: %s\n", msg);
		rc = EXIT_CHANGED;
		break;
	default:
		printf("online: cannot ask %s: %s\n", online, msg);
		rc = EXIT_FAIL;
	}
out:
	json_decref(r);
	keyring_clear(&kr);
	keyring_clear(&wk);
	return rc;
}
