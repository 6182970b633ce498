/*
 * staging_int.h: what the parts of the staging area share, private to
 * registry/staging*.c (callers use staging.h): the staged row's key, the
 * importer core, the CSV reader's state, the rows of the bulk path and its
 * spill file, and the row helpers.  Errors come back as STORE_* codes with the message set by
 * store_fail(), as in staging.h.  Nothing here is thread-safe unless it
 * says so: each import or decision is one caller's.
 */
#ifndef SOGOC_REGISTRY_STAGING_INT_H
#define SOGOC_REGISTRY_STAGING_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "event.h"
#include "staging.h"
#include "staging_counts.h"
#include "store.h"

#define STAGE_KEYLEN	40	/* SHA-256, u32 page, u32 row */
#define PAGE_KEYLEN	36	/* SHA-256, u32 page: a page's prefix */

#define PUBLISHED_DUP	(UINT64_C(1) << 63)

/*
 * The figures of one page changed by a run of writes in one transaction
 * (an import's rows), written to the counts database once for the run,
 * not once a row (staging_counts.c).  Zeroed to begin.
 */
struct counts_batch {
	uint8_t			 page[36];
	struct staging_count	 c;
	char			 source[256];
	int			 have;		/* c holds a page's */
	int			 ready;		/* the counts are whole */
};

/*
 * An import in progress: one write transaction from the first row to the
 * last, so a bad line anywhere aborts it and the store is as before.
 */
struct importer {
	struct store			*st;
	const char			*path;
	struct store_txn		*t;
	struct staging_import_stats	*stats;
	struct seen			*seen;	/* ready serial numbers */
	size_t				 nseen, capseen;
	struct counts_batch		 counts;
};

/* CSV parsing state: libcsv calls back per cell and per record. */
struct csvst {
	struct store			*st;
	const struct staging_volume	*vol;
	char				**cell;
	size_t				 ncell, cap;
	enum field			 col[64];
	char				*label[64];
	size_t				 ncol;
	size_t				 record;	/* 1 = the header */
	struct importer			*imp;
	const uint8_t			*sha;
	const char			*path;
	int				 rc;
	struct frows			*fused;	/* rows kept for a bulk
						   publish, not staged */
	size_t				 chunk;	/* rows before a flush */
	int				(*flush)(struct csvst *);
	void				*pass;	/* the flush's state */
};

/* A typed row on its way straight into the log (import --publish). */
struct frow {
	char		*val[FIELD_COUNT];	/* raw, then normalised */
	uint32_t	 rowno;
	size_t		 line;
	char		*serial;	/* folded, NULL when none */
	char		*person;
	char		*err;		/* why the row is refused */
	int		 skip;		/* FROW_* */
	uint64_t	 record;	/* its record, or the one it repeats */
	struct store_prepared	 prep;
};

#define FROW_PUBLISH	0
#define FROW_DONE	1	/* published by an earlier run */
#define FROW_DUP	2	/* the same person's record exists */

struct frows {
	struct frow	*v;
	size_t		 n, cap;
	char		*arena;	/* the values, when read from a spill:
				   then val[] points here, not owned */
	size_t		 alen, acap;
};

/*
 * The spill file of the bulk path (staging_spill.c): an unlinked file in
 * the registry's directory holding each checked row's normalised values.
 */
struct spill {
	FILE		*fp;
	size_t		 rows;	/* written */
	size_t		 left;	/* still to read */
};

/* staging.c */
void		 now_iso(char *buf, size_t sz);
void		 hexsha(const uint8_t *sha, char *out);
int		 unhexsha(const char *hex, uint8_t *out);
void		 row_id(const uint8_t *key, char *out, size_t sz);
const char	*field_status(json_t *fo);
int		 status_ready(const char *s);
const char	*row_blocker(json_t *row);
const char	*row_value(json_t *row, enum field f);
char		*person_key(const char *name, const char *dob);
/*
 * Whether record rec, read in rd, is of person (a person_key()) into
 * *same: STORE_OK, or the error reading it.
 */
int		 record_same_person(struct store *st, struct store_rd *rd,
		    uint64_t rec, const char *person, int *same);
int		 published_get(struct store *st, struct store_rd *txn,
		    const uint8_t *key, uint64_t *rec, int *dup);
int		 ready_set(struct store *st, struct store_txn *t,
		    const uint8_t *key, json_t *row, const char *sk_known,
		    const char *pk_known);
int		 value_valid(enum field f, const char *v, int year);
int		 put_json(struct store *st, struct store_txn *t,
		    struct counts_batch *cb, const uint8_t *key, json_t *o,
		    unsigned int flags);
json_t		*source_json(const char *path, const char *kind,
		    const struct staging_volume *vol, const char *by);
void		 stage_key(const uint8_t *sha, uint32_t page, uint32_t row,
		    uint8_t *key);
int		 find_source(struct store *st, struct store_rd *txn,
		    const char *hex, size_t hl, uint8_t *sha);
int		 page_prefix(struct store *st, struct store_rd *txn,
		    const char *id, uint8_t *key);
/*
 * Every staged row of page "HEX:PAGE" (NULL: of every page), in key
 * order, to fn within rd: store_each()'s return, or page_prefix()'s
 * error for a page id that names no page.
 */
int		 staged_each(struct store *st, struct store_rd *rd,
		    const char *page, store_each_fn *fn, void *arg);

/* staging_import.c */
int		 imp_begin(struct importer *imp, struct store *st,
		    const char *path, struct staging_import_stats *stats);
void		 imp_free(struct importer *imp);
int		 imp_row(struct importer *imp, const uint8_t *key, json_t *row,
		    size_t line);
int		 imp_source(struct importer *imp, const uint8_t *sha,
		    json_t *src);
int		 imp_finish(struct importer *imp, const char *path);
void		 copy_straightening(json_t *in, json_t *out);

/* staging_csv.c */
int		 typed_normalise(enum field f);
int		 csv_read(struct csvst *c, FILE *fp);
void		 csv_done(struct csvst *c);

/* staging_spill.c */
int		 spill_open(struct store *st, struct spill *sp);
int		 spill_put(struct store *st, struct spill *sp,
		    const struct frow *r, int values);
int		 spill_rewind(struct store *st, struct spill *sp);
int		 spill_get(struct store *st, struct spill *sp,
		    struct frows *fr, size_t n);
void		 spill_close(struct spill *sp);

/* staging_counts.c */
int		 counts_apply(struct store_txn *t, struct counts_batch *cb,
		    const uint8_t *key, json_t *row, int sign);
int		 counts_flush(struct store_txn *t, struct counts_batch *cb);
int		 counts_put_published(struct store_txn *t,
		    struct counts_batch *cb, const uint8_t *key,
		    const uint8_t *mark, json_t *row);

/* staging_publish.c */
int		 notes_revoke(struct event *ev, const char *notes);

#endif /* SOGOC_REGISTRY_STAGING_INT_H */
