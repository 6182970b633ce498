/*
 * copydb.h: the databases copy/ keeps in the registry's store, declared
 * here and nowhere else (store.h says how a module declares its own):
 *   requests  u64 request number -> JSON request (request.h)
 *   shares    SHA-256 of a share code -> JSON (share.h)
 *   copies    u64 leaf index of a copy's issue event -> its signed PDF
 * Each was added after format 1 (STORE_DB_LATER): a reader of an older
 * registry finds it empty.  copy/ also keeps counters in the registry's
 * meta database: "request_seq", "requests_pending" and "copy_seq/YEAR".
 * A program that uses copy/ gives copy_dbs to store_open().
 */
#ifndef SOGOC_COPY_COPYDB_H
#define SOGOC_COPY_COPYDB_H

#include "store.h"

/* The table for store_open(), ended by an entry with a NULL name. */
extern const struct store_db copy_dbs[];

#define DB_REQUESTS	(&copy_dbs[0])
#define DB_SHARES	(&copy_dbs[1])
#define DB_COPIES	(&copy_dbs[2])

#endif /* SOGOC_COPY_COPYDB_H */
