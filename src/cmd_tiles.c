/*
 * cmd_tiles.c: the log's C2SP tiles from the command line: `sogoc tiles`
 * (a full rebuild, or --check), and the commit hook every writer of sogoc
 * installs when the config names a tiles directory (`tiles = DIR`, from
 * --config of serve and copy, or from the file $SOGOC_CONFIG names for
 * the others), so that each publish brings DIR up to date.
 */
#include "config.h"

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_int.h"
#include "log.h"
#include "serveconf.h"
#include "store.h"
#include "tiles.h"

/* The tiles directory writers keep up, or NULL (tiles_use()). */
static char	*tiles_dir;
static int	 tiles_env_read;

void
tiles_use(const char *dir)
{
	char	*d = dir != NULL ? strdup(dir) : NULL;

	if (dir != NULL && d == NULL)
		err(EXIT_FATAL, "out of memory");
	free(tiles_dir);
	tiles_dir = d;
	/* An explicit config wins over $SOGOC_CONFIG. */
	tiles_env_read = 1;
}

/* tiles = DIR of the config file $SOGOC_CONFIG names: 0, or -1. */
static int
tiles_env(void)
{
	struct serve_config	 cf;
	const char		*path = getenv("SOGOC_CONFIG");
	char			 err[512];
	int			 rc = 0;

	if (tiles_env_read)
		return 0;
	tiles_env_read = 1;
	if (path == NULL || path[0] == '\0')
		return 0;
	serve_config_init(&cf);
	if (serve_config_load(&cf, path, err, sizeof(err)) != 0) {
		warnx("$SOGOC_CONFIG: %s", err);
		rc = -1;
	} else if (cf.tiles != NULL)
		tiles_use(cf.tiles);
	serve_config_clear(&cf);
	return rc;
}

/*
 * The commit hook: DIR brought up to the log.  A failure is the loud
 * warning the operator must see; the publish stands, and the next one,
 * or `sogoc tiles`, repairs DIR.
 */
static int
tiles_hook(struct store *st, uint64_t old, uint64_t size, void *arg)
{
	const char		*dir = arg;
	struct tiles_stats	 ts;
	char			 msg[768];
	int			 rc;

	(void)old;
	rc = tiles_sync(st, dir, 0, &ts, msg, sizeof(msg));
	if (rc == TILES_OK)
		return 0;
	log_msg(LOG_WARNING, "WARNING: the log's tiles in %s are not at "
	    "size %" PRIu64 ": %s.  What was published stands; the next "
	    "publish or `sogoc tiles --out %s` brings them up to date",
	    dir, size, msg, dir);
	return -1;
}

int
tiles_attach(struct store *st)
{
	if (tiles_env() != 0)
		return -1;
	if (tiles_dir != NULL)
		store_on_commit(st, tiles_hook, tiles_dir);
	return 0;
}

/* Exit status of tiles_sync()'s rc. */
static int
tiles_exit(int rc)
{
	switch (rc) {
	case TILES_OK:
		return 0;
	case TILES_EFOREIGN:
	case TILES_EDIFFER:
	case TILES_EMISSING:
	case TILES_EINPUT:
		return EXIT_FAIL;
	default:
		return EXIT_FATAL;
	}
}

int
cmd_tiles(int argc, char **argv)
{
	struct common		 c;
	struct store		*st;
	struct tiles_stats	 ts;
	const char		*out = NULL;
	char			 msg[768];
	int			 check = 0, rc;
	const struct cmd_opt	 opts[] = {
		OPT_STR("out", 'o', &out),
		OPT_FLAG("check", 'C', &check),
		OPT_END
	};

	rc = cmd_getopt(argc, argv, "o:Cd:h", opts, &c);
	if (rc >= 0)
		return rc;
	if (optind != argc || out == NULL)
		return usage_of(argv[0], stderr);
	if (!check && mkdir(out, 0755) == -1 && errno != EEXIST)
		err(EXIT_FAIL, "%s", out);
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	rc = tiles_sync(st, out, check ? TILES_CHECK : TILES_REBUILD, &ts,
	    msg, sizeof(msg));
	store_close(st);
	if (rc != TILES_OK) {
		if (ts.bad > 1)
			warnx("%s (and %" PRIu64 " more files)", msg,
			    ts.bad - 1);
		else
			warnx("%s", msg);
		return tiles_exit(rc);
	}
	if (check)
		fprintf(stderr, "sogoc: %s: size %" PRIu64 ": all %" PRIu64
		    " tiles and bundles are the log's\n", out, ts.to, ts.same);
	else
		fprintf(stderr, "sogoc: %s: size %" PRIu64 " (was %" PRIu64
		    "): %" PRIu64 " files written (%" PRIu64 " bytes), %"
		    PRIu64 " already there\n", out, ts.to, ts.from,
		    ts.written, ts.bytes, ts.same);
	return 0;
}
