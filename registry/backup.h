/*
 * backup.h: hot, consistent backups of a registry and their restore, for
 * `sogoc backup` and `sogoc restore`.  registry/backup.c owns the backup
 * directory's layout: data.mdb (LMDB's compacted copy of one read
 * snapshot, through store_copy()) and MANIFEST.json saying what it holds
 * (the format, the tree size and the signed checkpoint of that snapshot,
 * the SHA-256 of data.mdb), so that a restore can be checked against the
 * log.  A backup appears whole or not at all: it is written in a
 * temporary directory beside its place, fsync()ed and renamed.
 * Errors come back as STORE_* codes: backup_write() with the message on
 * the store (store_errmsg()), the others in the caller's err buffer.
 * Each call is thread-safe; two calls on one directory at once are not.
 */
#ifndef SOGOC_REGISTRY_BACKUP_H
#define SOGOC_REGISTRY_BACKUP_H

#include <stdint.h>

#include "store.h"

#define BACKUP_MANIFEST	"MANIFEST.json"
#define BACKUP_DATA	"data.mdb"

/* What a backup holds, as its manifest says. */
struct backup_info {
	uint64_t	 size;		/* the log's tree size */
	int		 version;	/* the registry's format version */
	char		 created[32];	/* when, ISO 8601 UTC */
};

/*
 * Writes a backup of st (open for reading or writing; others may go on
 * writing) into dir, which must not exist or be empty.  *info gets what
 * it holds.
 */
int		 backup_write(struct store *st, const char *dir,
		    struct backup_info *info);

/*
 * Checks the backup in dir without changing it: its manifest, data.mdb's
 * SHA-256, and that the registry in it opens with the manifest's tree
 * size and checkpoint.  Opening it needs a scratch directory: scratch
 * (created, and removed after) gets a copy of data.mdb.
 */
int		 backup_check(const char *dir, const char *scratch,
		    struct backup_info *info, char *err, size_t errsz);

/*
 * Restores the backup in from as the registry db: checks it
 * (backup_check()) in a new directory beside db, then renames that to
 * db.  An existing db is refused (STORE_EEXIST) unless force is set;
 * then it is kept, renamed to db.replaced-SECONDS, not deleted.  Stop
 * every sogoc using db first: one still running would go on with the
 * replaced registry.
 */
int		 backup_restore(const char *from, const char *db, int force,
		    struct backup_info *info, char *err, size_t errsz);

#endif /* SOGOC_REGISTRY_BACKUP_H */
