/*
 * cmd_backup.c: the commands that keep a registry safe across time:
 * backup (a hot, consistent copy with its manifest), restore (a checked
 * backup put in place) and upgrade (an older registry brought to this
 * sogoc's format).  The work is registry/backup.c's and upgrade.c's.
 */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "backup.h"
#include "cmd_int.h"
#include "store.h"
#include "upgrade.h"

/* Says what a backup holds, on stderr. */
static void
backup_say(const char *what, const char *dir, const struct backup_info *i)
{
	fprintf(stderr, "sogoc: %s %s: tree size %" PRIu64 ", format "
	    "sogoc-registry/%d, made %s\n", what, dir, i->size, i->version,
	    i->created);
}

/* Writes the backup of st into out: 0 or an exit status. */
static int
backup_to(struct store *st, const char *out)
{
	struct backup_info	 info;
	int			 rc;

	rc = backup_write(st, out, &info);
	if (rc != STORE_OK)
		return fail(st, rc);
	backup_say("backup written to", out, &info);
	return 0;
}

int
cmd_backup(int argc, char **argv)
{
	struct common		 c;
	struct store		*st;
	const char		*out = NULL;
	const struct cmd_opt	 opts[] = {
		OPT_STR("out", 'o', &out),
		OPT_END
	};
	int			 rc;

	rc = cmd_getopt(argc, argv, "o:d:h", opts, &c);
	if (rc >= 0)
		return rc;
	/* `sogoc backup DIR`, as before --out. */
	if (out == NULL && optind + 1 == argc)
		out = argv[optind++];
	if (out == NULL || optind != argc)
		return usage_of(argv[0], stderr);
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	rc = backup_to(st, out);
	store_close(st);
	return rc;
}

int
cmd_restore(int argc, char **argv)
{
	struct backup_info	 info;
	struct common		 c;
	const char		*from = NULL;
	char			 err[1024], scratch[4096];
	int			 force = 0, check = 0, rc, n;
	const struct cmd_opt	 opts[] = {
		OPT_STR("from", 'f', &from),
		OPT_FLAG("force", 'F', &force),
		OPT_FLAG("check", 'c', &check),
		OPT_END
	};

	rc = cmd_getopt(argc, argv, "f:Fcd:h", opts, &c);
	if (rc >= 0)
		return rc;
	if (from == NULL || optind != argc)
		return usage_of(argv[0], stderr);
	if (check) {
		n = snprintf(scratch, sizeof(scratch), "%s/sogoc-check-%ld",
		    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		    (long)getpid());
		if (n < 0 || n >= (int)sizeof(scratch))
			errx(EXIT_FAIL, "TMPDIR: path too long");
		rc = backup_check(from, scratch, &info, err, sizeof(err));
	} else
		rc = backup_restore(from, c.db, force, &info, err,
		    sizeof(err));
	if (rc != STORE_OK) {
		warnx("%s", err);
		return rc == STORE_ENOMEM || rc == STORE_EIO ? EXIT_FATAL :
		    EXIT_FAIL;
	}
	backup_say(check ? "backup checked:" : "restored from", from, &info);
	return 0;
}

int
cmd_upgrade(int argc, char **argv)
{
	struct common		 c;
	struct store		*st;
	const char		*backup = NULL;
	const struct cmd_opt	 opts[] = {
		OPT_STR("backup", 'b', &backup),
		OPT_END
	};
	int			 rc, from;

	rc = cmd_start(argc, argv, "b:d:h", opts, &c, STORE_UPGRADE, &st);
	if (rc >= 0)
		return rc;
	from = store_version(st);
	if (backup != NULL && from != STORE_VERSION) {
		rc = backup_to(st, backup);
		if (rc != 0)
			goto out;
	}
	rc = upgrade_registry(st, &from);
	if (rc != STORE_OK)
		rc = fail(st, rc);
	else if (from == STORE_VERSION)
		fprintf(stderr, "sogoc: %s is already of format "
		    "sogoc-registry/%d; nothing to do\n", c.db, STORE_VERSION);
	else
		fprintf(stderr, "sogoc: %s upgraded from format "
		    "sogoc-registry/%d to sogoc-registry/%d\n", c.db, from,
		    STORE_VERSION);
out:
	store_close(st);
	return rc;
}
