/*
 * upgrade.c: the migration of a registry of an older format version to
 * this sogoc's (upgrade.h).  Version 1 lacks some STORE_DB_LATER
 * databases (created, empty, when the store is opened to write) and the
 * kept counts (built here); the version is written in the same
 * transaction as the counts, so a crash leaves it to be run again.
 */
#include "config.h"

#include "staging_counts.h"
#include "store.h"
#include "upgrade.h"

int
upgrade_registry(struct store *st, int *from)
{
	struct store_txn	*t;
	int			 rc;

	*from = store_version(st);
	if (*from == STORE_VERSION)
		return STORE_OK;
	if (*from == 0 || *from > STORE_VERSION)
		return store_fail(st, STORE_EINPUT, "%s: not a registry "
		    "this sogoc can upgrade", store_dir(st));
	rc = store_wr_begin_wait(st, &t);
	if (rc != STORE_OK)
		return rc;
	rc = staging_counts_ready(t);
	if (rc == STORE_OK)
		rc = store_set_version(t);
	if (rc != STORE_OK) {
		store_wr_abort(t);
		return rc;
	}
	return store_wr_commit(t, NULL);
}
