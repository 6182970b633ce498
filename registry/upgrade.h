/*
 * upgrade.h: brings a registry written by an older sogoc (a format
 * version below STORE_VERSION, store.h) up to this sogoc's, which `sogoc
 * upgrade` runs.  registry/upgrade.c owns the steps; the store owns the
 * version check that sends writers here.  Errors come back as STORE_*
 * codes with the message set by store_fail() (store_errmsg()).  Not to be
 * called by two threads on one store at once (it writes).
 */
#ifndef SOGOC_REGISTRY_UPGRADE_H
#define SOGOC_REGISTRY_UPGRADE_H

#include "store.h"

/*
 * Upgrades st, opened with STORE_UPGRADE (which created the databases an
 * older registry lacked, empty, as every older writer did), in one write
 * transaction: builds the kept counts from the staged rows, then marks the
 * format STORE_VERSION; it commits whole or not at all.  *from gets the
 * version st had.  A registry already of STORE_VERSION is left as it is
 * (STORE_OK): running it twice is harmless.  Records published before
 * record heads existed keep none (no key is at hand to sign them): a
 * reader falls back on the record's events, as it did before.
 */
int		 upgrade_registry(struct store *st, int *from);

#endif /* SOGOC_REGISTRY_UPGRADE_H */
