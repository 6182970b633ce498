/*
 * staging_fused.c: `sogoc import --publish`, a typed CSV ledger straight
 * into the log without staging its rows, in bounded memory, in two passes.
 * The first normalises (on both cores) and checks every row against the
 * registry, a chunk at a time, and keeps in memory only fixed-size
 * entries: what each row becomes (a new record and its number, or one
 * published before), and hashes of the serial numbers and people (struct
 * fseen) to find a serial number given to two people: all or nothing, as
 * before.  Each checked row's normalised values go to a spill file
 * (staging_spill.c).  The second pass reads them back and publishes them
 * batch by batch, each with its signed checkpoint, a piece at a time while
 * the next piece's events are built and hashed on a second thread; the
 * CSV is not read again.  The file must stay the same during the first.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include <csv.h>

#include "grow.h"
#include "sha256.h"
#include "fold.h"
#include "validate.h"
#include "staging.h"
#include "staging_int.h"

/* Rows read at a time by the first pass (the second: a batch). */
#define FUSED_CHUNK	16384

/*
 * Rows the second pass reads, prepares and writes at a time, several to a
 * batch's transaction, so that what is prepared and not yet written stays
 * small; and rows written between two store_release_cache(), which keeps
 * the registry's pages read by the indexes' inserts from piling up.
 */
#define FUSED_PIECE	4096
#define FUSED_RELEASE	1024

/* Normalising rows is most of a bulk import's work: two threads share it. */
struct fwork {
	struct csvst	*c;
	struct frows	*fr;
	size_t		 from, to;
};

/*
 * Places, schools, ethnicities, classifications repeat down a ledger: a
 * small per-thread cache of their normalised forms saves most of the
 * Unicode work.  Names, dates and numbers are not cached: they differ.
 */
#define FCACHE_SIZE	4096

struct fcache {
	char	*raw[FCACHE_SIZE];
	char	*val[FCACHE_SIZE];
	uint8_t	 field[FCACHE_SIZE];
};

static int
fcache_field(enum field f)
{
	return f == FIELD_PLACE_OF_BIRTH || f == FIELD_SEX ||
	    f == FIELD_ETHNICITY || f == FIELD_SCHOOL ||
	    f == FIELD_CLASSIFICATION || f == FIELD_NOTES;
}

static size_t
fcache_slot(enum field f, const char *raw)
{
	uint32_t	 h = 2166136261u ^ (uint32_t)f;

	for (; *raw != '\0'; raw++)
		h = (h ^ (uint8_t)*raw) * 16777619u;
	return h % FCACHE_SIZE;
}

static void
fcache_free(struct fcache *fc)
{
	size_t	 i;

	for (i = 0; i < FCACHE_SIZE; i++) {
		free(fc->raw[i]);
		free(fc->val[i]);
	}
	free(fc);
}

/*
 * Normalises value f of row r in place (a cached form when there is one);
 * a value that is not valid gives the row its error.  0, or -1 when the
 * row has an error now.
 */
static int
fused_value(struct fwork *w, struct fcache *fc, struct frow *r, int f)
{
	struct csvst	*c = w->c;
	struct norm_ctx	 ctx = { c->vol->year };
	struct norm	 n;
	size_t		 col, slot;
	char		*v, buf[512];

	slot = fcache_slot((enum field)f, r->val[f]);
	if (fc != NULL && fcache_field((enum field)f) &&
	    fc->raw[slot] != NULL && fc->field[slot] == f &&
	    strcmp(fc->raw[slot], r->val[f]) == 0) {
		v = strdup(fc->val[slot]);
		if (v == NULL) {
			r->err = strdup("out of memory");
			return -1;
		}
		free(r->val[f]);
		r->val[f] = v;
		return 0;
	}
	if (!typed_normalise((enum field)f)) {
		v = norm_text(r->val[f]);
	} else if (normalize_field((enum field)f, r->val[f], &ctx, &n) !=
	    NORM_OK) {
		v = NULL;
	} else if (!n.valid && normalize_strict((enum field)f)) {
		for (col = 0; col < c->ncol && c->col[col] != (enum field)f;
		    col++)
			continue;
		snprintf(buf, sizeof(buf), "%s: row %zu, column \"%s\": "
		    "\"%s\" is not a valid %s", c->path, r->line,
		    col < c->ncol ? c->label[col] : "", r->val[f],
		    field_key((enum field)f));
		r->err = strdup(buf);
		norm_clear(&n);
		return -1;
	} else {
		v = n.value;
		n.value = NULL;
		norm_clear(&n);
	}
	if (v == NULL) {
		r->err = strdup("out of memory");
		return -1;
	}
	if (fc != NULL && fcache_field((enum field)f)) {
		free(fc->raw[slot]);
		free(fc->val[slot]);
		fc->raw[slot] = r->val[f];
		fc->val[slot] = strdup(v);
		fc->field[slot] = (uint8_t)f;
		r->val[f] = NULL;
	}
	free(r->val[f]);
	r->val[f] = v;
	return 0;
}

/* Normalises rows [from, to) of w->fr: one thread's share. */
static void *
fused_normalise(void *arg)
{
	struct fwork	*w = arg;
	struct frow	*r;
	struct fcache	*fc;
	size_t		 i;
	int		 f;

	fc = calloc(1, sizeof(*fc));
	for (i = w->from; i < w->to; i++) {
		r = &w->fr->v[i];
		for (f = 0; f < FIELD_COUNT && r->err == NULL; f++)
			if (r->val[f] != NULL &&
			    fused_value(w, fc, r, f) != 0)
				break;
		if (r->err != NULL)
			continue;
		if (r->val[FIELD_SERIAL_NO] != NULL &&
		    r->val[FIELD_SERIAL_NO][0] != '\0')
			r->serial = store_serial_key(r->val[FIELD_SERIAL_NO]);
		r->person = person_key(r->val[FIELD_FULL_NAME],
		    r->val[FIELD_DATE_OF_BIRTH]);
		if (r->person == NULL || (r->val[FIELD_SERIAL_NO] != NULL &&
		    r->val[FIELD_SERIAL_NO][0] != '\0' && r->serial == NULL))
			r->err = strdup("out of memory");
	}
	if (fc != NULL)
		fcache_free(fc);
	return NULL;
}

/* Normalises the rows of fr on both cores. */
static void
fused_normalise_all(struct csvst *c, struct frows *fr)
{
	struct fwork	 w[2];
	pthread_t	 th;

	w[0] = (struct fwork){ c, fr, 0, fr->n / 2 };
	w[1] = (struct fwork){ c, fr, fr->n / 2, fr->n };
	if (pthread_create(&th, NULL, fused_normalise, &w[1]) != 0) {
		fused_normalise(&w[1]);
		fused_normalise(&w[0]);
	} else {
		fused_normalise(&w[0]);
		pthread_join(th, NULL);
	}
}

/* Builds and hashes the events of rows [from, to): the second thread's. */
struct fprep {
	struct frows			*fr;
	const struct staging_volume	*vol;
	const uint8_t			*sha;
	const char			*by;
	size_t				 from, to;
	int64_t				 now;
	int				 rc;
};

static void *
fused_prepare(void *arg)
{
	struct fprep	*w = arg;
	struct event	 ev;
	struct frow	*r;
	char		 y[16];
	size_t		 i;
	int		 f, rc = EVENT_OK;

	snprintf(y, sizeof(y), "%d", w->vol->year);
	for (i = w->from; i < w->to && w->rc == STORE_OK; i++) {
		r = &w->fr->v[i];
		if (r->skip != FROW_PUBLISH)
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.kind = EVENT_ISSUE;
		ev.record = r->record;
		ev.time = w->now;
		ev.has_source = 1;
		memcpy(ev.source, w->sha, 32);
		ev.page = 1;
		ev.row = r->rowno;
		rc = event_set_attr(&ev, EVENT_TYPE, w->vol->type);
		if (rc == EVENT_OK)
			rc = event_set_attr(&ev, EVENT_YEAR, y);
		if (rc == EVENT_OK && w->vol->authority != NULL)
			rc = event_set_attr(&ev, EVENT_AUTHORITY,
			    w->vol->authority);
		if (rc == EVENT_OK && w->vol->decision != NULL)
			rc = event_set_attr(&ev, EVENT_DECISION,
			    w->vol->decision);
		if (rc == EVENT_OK && w->vol->decision_date != NULL)
			rc = event_set_attr(&ev, EVENT_DECISION_DATE,
			    w->vol->decision_date);
		if (rc == EVENT_OK && w->by != NULL)
			rc = event_set_attr(&ev, EVENT_BY, w->by);
		for (f = 0; f < FIELD_COUNT && rc == EVENT_OK; f++)
			if (r->val[f] != NULL && event_field_allowed(f))
				rc = event_set_value(&ev, (enum field)f,
				    r->val[f]);
		if (rc == EVENT_OK)
			rc = notes_revoke(&ev, r->val[FIELD_NOTES]);
		if (rc == EVENT_OK)
			rc = event_new_salts(&ev);
		if (rc == EVENT_OK)
			rc = store_prepare(&ev, &r->prep) == STORE_OK ?
			    EVENT_OK : EVENT_ENOMEM;
		event_clear(&ev);
		if (rc != EVENT_OK)
			w->rc = rc == EVENT_ENOMEM ? STORE_ENOMEM :
			    STORE_EINPUT;
	}
	return NULL;
}

/* Empties fr, keeping its room for the next rows. */
static void
frows_reset(struct frows *fr)
{
	size_t	 i;
	int	 f;

	for (i = 0; i < fr->n; i++) {
		for (f = 0; fr->arena == NULL && f < FIELD_COUNT; f++)
			free(fr->v[i].val[f]);
		free(fr->v[i].serial);
		free(fr->v[i].person);
		free(fr->v[i].err);
		store_prepared_clear(&fr->v[i].prep);
	}
	fr->n = 0;
	fr->alen = 0;
}

static void
frows_free(struct frows *fr)
{
	frows_reset(fr);
	free(fr->v);
	free(fr->arena);
	memset(fr, 0, sizeof(*fr));
}

/*
 * What the first pass keeps of a row with a serial number, to find one
 * given to two people without keeping the rows: 16 bytes of the SHA-256 of
 * the folded serial number and of the person, the row's line and number
 * among the data rows, and the number of the file's first row with that
 * serial number and person.  44 bytes a row.
 */
struct fseen {
	uint8_t		 serial[16];
	uint8_t		 person[16];
	uint32_t	 line;
	uint32_t	 row;
	uint32_t	 first;
};

/*
 * And of every data row, what it becomes (8 bytes): FROW_* in the top two
 * bits (FROW_REPEAT until the check numbers it), its record below.
 */
#define FROW_REPEAT	3	/* a repeat of an earlier row of the file */
#define FREC(skip, rec)	((uint64_t)(skip) << 62 | (rec))
#define FREC_SKIP(x)	((int)((x) >> 62))
#define FREC_RECORD(x)	((x) & ~(UINT64_C(3) << 62))

/* The two passes' state, reached from the CSV reader's flush. */
struct fpass {
	struct csvst			*c;
	struct frows			 fr[2];	/* read, and prepared */
	struct spill			 sp;	/* the checked rows */
	struct frows			*pending; /* being normalised */
	struct fwork			 nw[2];	/* by these two */
	pthread_t			 nth[2];
	int				 nbusy[2];
	struct store_txn		*t;	/* the batch being written */
	size_t				 batch, read;
	struct fseen			*seen;	/* in line order */
	size_t				 nseen, capseen, at;
	uint64_t			*rec;	/* FREC() of each row */
	size_t				 nrec, caprec;
	size_t				 rows, done, written;
	uint64_t			 next;	/* the last record number */
	FILE				*fp;
	struct stat			 sb;	/* the file as first read */
	int64_t				 now;	/* the events' time */
	char				*found;	/* a serial number, for a
						   message */
	const struct note_signer	*signer;
	const char			*by;
	json_t				*src;	/* the source's entry */
	struct staging_publish_stats	*ps;
	struct fprep			 prep;
	pthread_t			 th;
	int				 busy;	/* th runs prep */
	void				(*progress)(void *, size_t, size_t);
	void				*arg;
};

/* The file must read the same in both passes: same inode, size, time. */
static int
fused_same_file(struct fpass *p)
{
	struct stat	 sb;

	if (fstat(fileno(p->fp), &sb) != 0)
		return store_fail(p->c->st, STORE_EINPUT, "%s: %s",
		    p->c->path, strerror(errno));
	if (sb.st_dev != p->sb.st_dev || sb.st_ino != p->sb.st_ino ||
	    sb.st_size != p->sb.st_size ||
	    sb.st_mtim.tv_sec != p->sb.st_mtim.tv_sec ||
	    sb.st_mtim.tv_nsec != p->sb.st_mtim.tv_nsec)
		return store_fail(p->c->st, STORE_EINPUT, "%s changed while "
		    "it was imported; import it again when nobody writes "
		    "it", p->c->path);
	return STORE_OK;
}

/* The first refusal among the rows of fr, in file order. */
static int
fused_refused(struct store *st, struct frows *fr)
{
	size_t	 i;

	for (i = 0; i < fr->n; i++)
		if (fr->v[i].err != NULL)
			return store_fail(st, strcmp(fr->v[i].err,
			    "out of memory") == 0 ? STORE_ENOMEM :
			    STORE_EINPUT, "%s", fr->v[i].err);
	return STORE_OK;
}

/*
 * Row r against the registry, in txn: published by an earlier run
 * (FROW_DONE), or its serial number already the same person's record
 * (FROW_DUP), each with *rec; another person's is an error.  FROW_PUBLISH
 * when neither.
 */
static int
fused_registry(struct csvst *c, struct store_rd *txn, struct frow *r,
    int *skip, uint64_t *rec)
{
	uint8_t		 key[STAGE_KEYLEN];
	int		 rc, dup, same;

	*skip = FROW_PUBLISH;
	stage_key(c->sha, 1, r->rowno, key);
	if (published_get(c->st, txn, key, rec, &dup)) {
		*skip = FROW_DONE;
		return STORE_OK;
	}
	if (r->serial == NULL ||
	    store_by_serial(c->st, txn, r->serial, rec) != STORE_OK)
		return STORE_OK;
	rc = record_same_person(c->st, txn, *rec, r->person, &same);
	if (rc == STORE_OK && !same)
		rc = store_fail(c->st, STORE_ECONFLICT, "%s:%zu: serial "
		    "number %s is already record %" PRIu64 ", issued to "
		    "another person", c->path, r->line,
		    r->val[FIELD_SERIAL_NO], *rec);
	*skip = FROW_DUP;
	return rc;
}

/* Keeps what the serial number check needs of row r (first pass). */
static int
fused_seen(struct fpass *p, struct frow *r)
{
	struct fseen	*e;
	uint8_t		 h[SHA256_LEN];

	if (r->serial == NULL)
		return STORE_OK;
	if (grow(&p->seen, &p->capseen, p->nseen, sizeof(*p->seen),
	    65536) != 0)
		return store_fail(p->c->st, STORE_ENOMEM, "out of memory");
	e = &p->seen[p->nseen++];
	memset(e, 0, sizeof(*e));
	e->line = (uint32_t)r->line;
	e->row = (uint32_t)p->nrec;
	e->first = e->row;
	if (sha256_2(r->serial, strlen(r->serial), NULL, 0, h) != 0)
		return store_fail(p->c->st, STORE_EIO, "cannot hash");
	memcpy(e->serial, h, sizeof(e->serial));
	if (sha256_2(r->person, strlen(r->person), NULL, 0, h) != 0)
		return store_fail(p->c->st, STORE_EIO, "cannot hash");
	memcpy(e->person, h, sizeof(e->person));
	return STORE_OK;
}

/* Appends what row p->nrec becomes. */
static int
fused_rec(struct fpass *p, uint64_t x)
{
	if (grow(&p->rec, &p->caprec, p->nrec, sizeof(*p->rec), 65536) != 0)
		return store_fail(p->c->st, STORE_ENOMEM, "out of memory");
	p->rec[p->nrec++] = x;
	return STORE_OK;
}

/* Waits for the two threads normalising p->pending. */
static void
fused_join_pending(struct fpass *p)
{
	int	 i;

	for (i = 0; i < 2; i++)
		if (p->nbusy[i]) {
			pthread_join(p->nth[i], NULL);
			p->nbusy[i] = 0;
		}
}

/*
 * Checks the chunk p->pending once normalised, keeps its fseen and spills
 * its rows; nothing when no chunk is pending.
 */
static int
fused_check_pending(struct fpass *p)
{
	struct csvst	*c = p->c;
	struct frows	*fr = p->pending;
	struct store_rd	*txn;
	uint64_t	 rec;
	size_t		 i;
	int		 rc, skip;

	fused_join_pending(p);
	if (fr == NULL)
		return STORE_OK;
	p->pending = NULL;
	rc = fused_refused(c->st, fr);
	if (rc != STORE_OK)
		return rc;
	rc = store_rd_begin(c->st, &txn);
	if (rc != STORE_OK)
		return rc;
	for (i = 0; i < fr->n && rc == STORE_OK; i++) {
		rc = fused_registry(c, txn, &fr->v[i], &skip, &rec);
		if (rc == STORE_OK)
			rc = fused_seen(p, &fr->v[i]);
		if (rc == STORE_OK)
			rc = fused_rec(p, FREC(skip, skip != FROW_PUBLISH ?
			    rec : 0));
		/* What the second pass publishes, normalised once. */
		if (rc == STORE_OK)
			rc = spill_put(c->st, &p->sp, &fr->v[i],
			    skip == FROW_PUBLISH);
		p->done += skip == FROW_DONE;
	}
	store_rd_end(txn);
	if (rc == STORE_OK)
		rc = store_release_cache(c->st);
	p->rows += fr->n;
	frows_reset(fr);
	return rc;
}

/*
 * The first pass's flush: the chunk before is checked, and this one is
 * normalised on two threads while the next is read into the other frows.
 */
static int
fused_check_chunk(struct csvst *c)
{
	struct fpass	*p = c->pass;
	struct frows	*fr = c->fused;
	int		 i, rc;

	rc = fused_check_pending(p);
	if (rc != STORE_OK)
		return rc;
	p->nw[0] = (struct fwork){ c, fr, 0, fr->n / 2 };
	p->nw[1] = (struct fwork){ c, fr, fr->n / 2, fr->n };
	for (i = 0; i < 2; i++) {
		p->nbusy[i] = pthread_create(&p->nth[i], NULL,
		    fused_normalise, &p->nw[i]) == 0;
		if (!p->nbusy[i])
			fused_normalise(&p->nw[i]);
	}
	p->pending = fr;
	c->fused = fr == &p->fr[0] ? &p->fr[1] : &p->fr[0];
	return STORE_OK;
}

/* The first pass's index: rows by serial number, then line. */
static int
fseen_cmp(const void *a, const void *b, void *arg)
{
	const struct fseen	*v = arg;
	uint32_t		 x = *(const uint32_t *)a;
	uint32_t		 y = *(const uint32_t *)b;
	int			 c;

	c = memcmp(v[x].serial, v[y].serial, sizeof(v[x].serial));
	if (c != 0)
		return c;
	return x < y ? -1 : x > y;
}

/* The flush that finds the serial number of row p->at for a message. */
static int
fused_find_chunk(struct csvst *c)
{
	struct fpass	*p = c->pass;
	struct frows	*fr = c->fused;
	size_t		 i;

	if (fr->n > 0 && fr->v[0].line <= p->at &&
	    fr->v[fr->n - 1].line >= p->at) {
		fused_normalise_all(c, fr);
		for (i = 0; i < fr->n; i++)
			if (fr->v[i].line == p->at &&
			    fr->v[i].val[FIELD_SERIAL_NO] != NULL)
				p->found = strdup(
				    fr->v[i].val[FIELD_SERIAL_NO]);
	}
	frows_reset(fr);
	return STORE_OK;
}

/* Reads the CSV again from its start, flush called every chunk rows. */
static int
fused_read(struct fpass *p, int (*flush)(struct csvst *), size_t chunk)
{
	struct csvst	*c = p->c;
	int		 rc, rc2;

	csv_done(c);
	c->cell = NULL;
	c->ncell = c->cap = c->ncol = c->record = 0;
	c->rc = STORE_OK;
	c->flush = flush;
	c->chunk = chunk;
	rewind(p->fp);
	rc = fused_same_file(p);
	if (rc == STORE_OK)
		rc = csv_read(c, p->fp);
	if (rc == STORE_OK && c->fused->n > 0)
		rc = flush(c);
	/* The chunk still pending comes first: its refusal wins. */
	rc2 = fused_check_pending(p);
	if (rc2 != STORE_OK)
		rc = rc2;
	if (rc == STORE_OK)
		rc = fused_same_file(p);
	return rc;
}

/*
 * One serial number for two people in the file is refused before anything
 * is written; a row repeating an earlier one (same serial number, same
 * person) is marked with that row's line, to share its record.
 */
static int
fused_conflicts(struct fpass *p)
{
	struct fseen	*a, *b;
	uint32_t	*ix;
	size_t		 i, line, other;
	int		 rc;

	if (p->nseen < 2)
		return STORE_OK;
	ix = reallocarray(NULL, p->nseen, sizeof(*ix));
	if (ix == NULL)
		return store_fail(p->c->st, STORE_ENOMEM, "out of memory");
	for (i = 0; i < p->nseen; i++)
		ix[i] = (uint32_t)i;
	qsort_r(ix, p->nseen, sizeof(*ix), fseen_cmp, p->seen);
	for (i = 1; i < p->nseen; i++) {
		a = &p->seen[ix[i - 1]];
		b = &p->seen[ix[i]];
		if (memcmp(a->serial, b->serial, sizeof(a->serial)) != 0)
			continue;
		if (memcmp(a->person, b->person, sizeof(a->person)) == 0) {
			b->first = a->first;
			/* Found in the registry first, as the same person's. */
			if (FREC_SKIP(p->rec[b->row]) == FROW_PUBLISH)
				p->rec[b->row] = FREC(FROW_REPEAT, b->first);
			continue;
		}
		line = b->line;
		other = a->line;
		free(ix);
		p->at = line;
		rc = fused_read(p, fused_find_chunk, FUSED_CHUNK);
		if (rc == STORE_OK)
			rc = store_fail(p->c->st, STORE_ECONFLICT, "%s:%zu: "
			    "serial number %s is also on line %zu for another "
			    "person; correct one of them first", p->c->path,
			    line, p->found != NULL ? p->found : "", other);
		return rc;
	}
	free(ix);
	return STORE_OK;
}

/*
 * Numbers the rows in file order once the check is done: each new row the
 * next record, a repeat of an earlier row that row's record.
 */
static void
fused_number(struct fpass *p)
{
	uint64_t	 x;
	size_t		 i;

	for (i = 0; i < p->nrec; i++) {
		x = p->rec[i];
		if (FREC_SKIP(x) == FROW_PUBLISH)
			p->rec[i] = FREC(FROW_PUBLISH, ++p->next);
		else if (FREC_SKIP(x) == FROW_REPEAT)
			p->rec[i] = FREC(FROW_DUP,
			    FREC_RECORD(p->rec[FREC_RECORD(x)]));
	}
}

/* The second pass gives each row of fr what the first decided for it. */
static int
fused_classify(struct fpass *p, struct frows *fr)
{
	size_t	 i;

	if (p->at + fr->n > p->nrec)
		return store_fail(p->c->st, STORE_EINPUT, "%s changed while "
		    "it was imported; import it again when nobody writes it",
		    p->c->path);
	for (i = 0; i < fr->n; i++) {
		fr->v[i].skip = FREC_SKIP(p->rec[p->at]);
		fr->v[i].record = FREC_RECORD(p->rec[p->at]);
		p->at++;
	}
	return STORE_OK;
}

/* Waits for the batch whose events the second thread builds. */
static int
fused_join(struct fpass *p)
{
	if (p->busy) {
		pthread_join(p->th, NULL);
		p->busy = 0;
	}
	if (p->prep.rc != STORE_OK)
		return store_fail(p->c->st, p->prep.rc, "cannot build the "
		    "events (%s)", p->prep.rc == STORE_ENOMEM ?
		    "out of memory" : "a value cannot be recorded");
	return STORE_OK;
}

/* Builds and hashes the events of fr on the second thread. */
static void
fused_start_prepare(struct fpass *p, struct frows *fr)
{
	struct csvst	*c = p->c;

	p->prep = (struct fprep){ fr, c->vol, c->sha, p->by, 0, fr->n,
	    p->now, STORE_OK };
	p->busy = pthread_create(&p->th, NULL, fused_prepare, &p->prep) == 0;
	if (!p->busy)
		fused_prepare(&p->prep);
}

/* Begins a batch's transaction; the source is recorded with the first. */
static int
fused_begin(struct fpass *p)
{
	struct store	*st = p->c->st;
	char		*dump;
	int		 rc;

	rc = store_wr_begin(st, &p->t);
	if (rc != STORE_OK || p->written > 0)
		return rc;
	dump = json_dumps(p->src, JSON_COMPACT);
	if (dump == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	rc = store_put(p->t, DB_SOURCES, p->c->sha, 32, dump, strlen(dump),
	    STORE_NOOVERWRITE, NULL);
	free(dump);
	return rc == STORE_EEXIST ? STORE_OK : rc;
}

/* Writes row r, its event prepared, in the batch's transaction. */
static int
fused_write_row(struct fpass *p, struct frow *r)
{
	struct staging_publish_stats	*ps = p->ps;
	uint8_t				 key[STAGE_KEYLEN], mark[8];
	uint64_t			 index;
	int				 rc;

	stage_key(p->c->sha, 1, r->rowno, key);
	if (r->skip == FROW_DUP) {
		store_u64(r->record | PUBLISHED_DUP, mark);
		ps->duplicates++;
	} else {
		rc = store_append_issue(p->t, &r->prep, &index);
		if (rc != STORE_OK)
			return rc;
		store_u64(r->record, mark);
		ps->published++;
	}
	rc = counts_put_published(p->t, NULL, key, mark, NULL);
	if (rc == STORE_OK)
		rc = store_del(p->t, DB_READY, key, STAGE_KEYLEN);
	store_prepared_clear(&r->prep);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

/*
 * Writes the rows of fr, their events built, then empties fr; a batch's
 * last piece commits its transaction with a signed checkpoint.
 */
static int
fused_write_piece(struct fpass *p, struct frows *fr)
{
	struct store	*st = p->c->st;
	size_t		 i;
	int		 rc = STORE_OK;

	if (p->t == NULL)
		rc = fused_begin(p);
	for (i = 0; i < fr->n && rc == STORE_OK; i++) {
		if (fr->v[i].skip != FROW_DONE)
			rc = fused_write_row(p, &fr->v[i]);
		if (rc == STORE_OK && i % FUSED_RELEASE == FUSED_RELEASE - 1)
			rc = store_release_cache(st);
	}
	if (rc == STORE_OK) {
		p->written += fr->n;
		frows_reset(fr);
	}
	if (rc == STORE_OK && (p->written % p->batch == 0 ||
	    p->written == p->rows)) {
		p->ps->size = store_txn_size(p->t);
		rc = store_wr_commit(p->t, p->signer);
		p->t = NULL;
		if (rc == STORE_OK && p->progress != NULL)
			p->progress(p->arg, p->written, p->rows);
	}
	/* The registry's pages read meanwhile need not stay resident. */
	if (rc == STORE_OK)
		rc = store_release_cache(st);
	return rc;
}

/*
 * Reads the next piece of checked rows from the spill file into fr: a
 * piece ends at a batch's end, so each batch is the same rows as before.
 */
static int
fused_next(struct fpass *p, struct frows *fr)
{
	size_t	 n;
	int	 rc;

	n = p->batch - p->read % p->batch;
	if (n > FUSED_PIECE)
		n = FUSED_PIECE;
	rc = spill_get(p->c->st, &p->sp, fr, n);
	p->read += fr->n;
	if (rc == STORE_OK)
		rc = fused_classify(p, fr);
	return rc;
}

/*
 * The second pass: batch by batch from the spill file, each written with
 * its signed checkpoint, a piece at a time while the second thread builds
 * and hashes the events of the next piece.  The thread's piece is never
 * touched meanwhile.
 */
static int
fused_publish(struct fpass *p)
{
	struct frows	*ready = &p->fr[0], *next = &p->fr[1], *tmp;
	int		 rc;

	rc = spill_rewind(p->c->st, &p->sp);
	p->at = 0;
	if (rc == STORE_OK)
		rc = fused_next(p, ready);
	if (rc == STORE_OK && ready->n > 0)
		fused_start_prepare(p, ready);
	while (rc == STORE_OK && ready->n > 0) {
		rc = fused_next(p, next);
		if (rc == STORE_OK)
			rc = fused_join(p);
		if (rc == STORE_OK && next->n > 0)
			fused_start_prepare(p, next);
		if (rc == STORE_OK)
			rc = fused_write_piece(p, ready);
		tmp = ready;
		ready = next;
		next = tmp;
	}
	return rc;
}

/* Frees what the passes hold; joins the second thread if it runs. */
static void
fused_done(struct fpass *p)
{
	if (p->busy)
		pthread_join(p->th, NULL);
	p->busy = 0;
	fused_join_pending(p);
	if (p->t != NULL)
		store_wr_abort(p->t);
	p->t = NULL;
	frows_free(&p->fr[0]);
	frows_free(&p->fr[1]);
	spill_close(&p->sp);
	free(p->seen);
	free(p->rec);
	free(p->found);
}

/* The two passes over an open CSV, c and p set up. */
static int
fused_passes(struct fpass *p, const struct staging_volume *vol,
    size_t batch)
{
	struct csvst	*c = p->c;
	struct store_rd	*txn;
	int		 rc;

	/* First pass: every row checked and spilled, nothing written. */
	rc = spill_open(c->st, &p->sp);
	if (rc == STORE_OK)
		rc = fused_read(p, fused_check_chunk, FUSED_CHUNK);
	if (rc != STORE_OK)
		return rc;
	if (p->rows == 0)
		return store_fail(c->st, STORE_EINPUT, "%s: no data rows",
		    c->path);
	rc = fused_conflicts(p);
	if (rc != STORE_OK)
		return rc;
	/* Decided: the second pass needs only p->rec. */
	free(p->seen);
	p->seen = NULL;
	p->nseen = p->capseen = 0;
	p->src = source_json(c->path, "csv", vol, p->by);
	if (p->src == NULL)
		return store_fail(c->st, STORE_ENOMEM, "out of memory");
	rc = store_rd_begin(c->st, &txn);
	if (rc != STORE_OK)
		return rc;
	rc = store_record_count(c->st, txn, &p->next);
	store_rd_end(txn);
	if (rc != STORE_OK)
		return rc;
	fused_number(p);
	p->now = (int64_t)time(NULL);
	p->batch = batch;
	return fused_publish(p);
}

int
staging_import_csv_publish(struct store *st, const char *path,
    const struct staging_volume *vol, const char *by,
    const struct note_signer *signer, size_t batch,
    struct staging_import_stats *is, struct staging_publish_stats *ps,
    void (*progress)(void *, size_t, size_t), void *arg)
{
	struct csvst		 c = { 0 };
	struct fpass		 p = { 0 };
	struct store_txn	*t;
	json_t			*src;
	uint8_t			 sha[32];
	char			 err[256];
	int			 rc;

	memset(is, 0, sizeof(*is));
	memset(ps, 0, sizeof(*ps));
	if (batch == 0)
		batch = 50000;
	rc = staging_check_volume(st, vol);
	if (rc != STORE_OK)
		return rc;
	/* A wrong key is refused before any work. */
	rc = store_wr_begin(st, &t);
	if (rc != STORE_OK)
		return rc;
	rc = store_check_signer(t, signer);
	store_wr_abort(t);
	if (rc != STORE_OK)
		return rc;
	p.fp = fopen(path, "rb");
	if (p.fp == NULL || fstat(fileno(p.fp), &p.sb) != 0) {
		rc = store_fail(st, STORE_EINPUT, "%s: %s", path,
		    strerror(errno));
		goto out;
	}
	if (sha256_file(path, sha, err, sizeof(err)) != 0) {
		rc = store_fail(st, STORE_EINPUT, "%s", err);
		goto out;
	}
	c = (struct csvst){ .st = st, .vol = vol, .sha = sha, .path = path,
	    .fused = &p.fr[0], .pass = &p };
	p = (struct fpass){ .c = &c, .fp = p.fp, .sb = p.sb, .signer = signer,
	    .by = by, .ps = ps, .progress = progress, .arg = arg };
	rc = fused_passes(&p, vol, batch);
	is->rows = p.rows;
	is->published = p.done;
	is->added = ps->published;
out:
	src = p.src;
	fused_done(&p);
	csv_done(&c);
	json_decref(src);
	if (p.fp != NULL)
		fclose(p.fp);
	return rc;
}
