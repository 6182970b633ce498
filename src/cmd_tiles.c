/*
 * cmd_tiles.c: the log's C2SP tiles from the command line: `sogoc tiles`
 * (a full rebuild, or --check), and the commit hook every writer of sogoc
 * installs when the config names a tiles directory (`tiles = DIR`) or
 * witnesses (`witnesses = FILE`), from --config of serve and copy, or
 * from the file $SOGOC_CONFIG names for the others: each publish asks
 * the witnesses to cosign and brings DIR up to date (tlog/publish.h).
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
#include "publish.h"
#include "tiles.h"

/*
 * What every writer does after a publish (tlog/publish.h), from the
 * config: made by publish_use() or, the first time a writer opens the
 * store, from the file $SOGOC_CONFIG names; NULL when the config has
 * neither tiles nor witnesses.
 */
static struct publisher	*pub;
static int		 pub_set;

int
publish_use(const struct serve_config *cf)
{
	char	 err[512];

	publisher_free(pub);
	pub = NULL;
	/* An explicit config wins over $SOGOC_CONFIG. */
	pub_set = 1;
	if (publisher_new(cf->tiles, cf->witnesses, cf->witness_timeout,
	    asker_post_http, NULL, &pub, err, sizeof(err)) != 0) {
		warnx("witnesses: %s", err);
		return -1;
	}
	if (!publisher_active(pub)) {
		publisher_free(pub);
		pub = NULL;
	}
	return 0;
}

/* The config file $SOGOC_CONFIG names, if publish_use() was not called. */
static int
publish_env(void)
{
	struct serve_config	 cf;
	const char		*path = getenv("SOGOC_CONFIG");
	char			 err[512];
	int			 rc = 0;

	if (pub_set)
		return 0;
	pub_set = 1;
	if (path == NULL || path[0] == '\0')
		return 0;
	serve_config_init(&cf);
	if (serve_config_load(&cf, path, err, sizeof(err)) != 0) {
		warnx("$SOGOC_CONFIG: %s", err);
		rc = -1;
	} else
		rc = publish_use(&cf);
	serve_config_clear(&cf);
	return rc;
}

int
publish_attach(struct store *st)
{
	if (publish_env() != 0)
		return -1;
	if (pub != NULL)
		store_on_commit(st, publisher_hook, pub);
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
