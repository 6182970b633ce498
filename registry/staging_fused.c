/*
 * staging_fused.c: `sogoc import --publish`, a typed CSV ledger straight
 * into the log without staging its rows: every row is read, normalised on
 * both cores and checked first (all or nothing), then published batch by
 * batch, each with its signed checkpoint, the next batch's events built and
 * hashed on a second thread meanwhile.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <csv.h>

#include "sha256.h"
#include "normalize.h"
#include "staging.h"
#include "staging_int.h"

/* Normalising rows is most of a bulk import's work: two threads share it. */
struct fwork {
	struct csvst	*c;
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

static void *
fused_normalise(void *arg)
{
	struct fwork	*w = arg;
	struct csvst	*c = w->c;
	struct norm_ctx	 ctx = { c->vol->year };
	struct norm	 n;
	struct frow	*r;
	struct fcache	*fc;
	size_t		 i, col, slot;
	char		*v, buf[512];
	int		 f;

	fc = calloc(1, sizeof(*fc));
	for (i = w->from; i < w->to; i++) {
		r = &c->fused->v[i];
		for (f = 0; f < FIELD_COUNT && r->err == NULL; f++) {
			if (r->val[f] == NULL)
				continue;
			slot = fcache_slot((enum field)f, r->val[f]);
			if (fc != NULL && fcache_field((enum field)f) &&
			    fc->raw[slot] != NULL && fc->field[slot] == f &&
			    strcmp(fc->raw[slot], r->val[f]) == 0) {
				v = strdup(fc->val[slot]);
				if (v == NULL) {
					r->err = strdup("out of memory");
					break;
				}
				free(r->val[f]);
				r->val[f] = v;
				continue;
			}
			if (!typed_normalise((enum field)f)) {
				v = norm_text(r->val[f]);
			} else if (normalize_field((enum field)f, r->val[f],
			    &ctx, &n) != NORM_OK) {
				v = NULL;
			} else if (!n.valid && normalize_strict((enum field)f)) {
				for (col = 0; col < c->ncol &&
				    c->col[col] != (enum field)f; col++)
					continue;
				snprintf(buf, sizeof(buf), "%s: row %zu, column "
				    "\"%s\": \"%s\" is not a valid %s", c->path,
				    r->line, col < c->ncol ? c->label[col] : "",
				    r->val[f], field_key((enum field)f));
				r->err = strdup(buf);
				norm_clear(&n);
				break;
			} else {
				v = n.value;
				n.value = NULL;
				norm_clear(&n);
			}
			if (v == NULL) {
				r->err = strdup("out of memory");
				break;
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
		}
		if (r->err != NULL)
			continue;
		if (r->val[FIELD_SERIAL_NO] != NULL &&
		    r->val[FIELD_SERIAL_NO][0] != '\0')
			r->serial = store_serial_key(r->val[FIELD_SERIAL_NO]);
		r->person = person_key(r->val[FIELD_FULL_NAME],
		    r->val[FIELD_DATE_OF_BIRTH]);
		if (r->person == NULL)
			r->err = strdup("out of memory");
	}
	if (fc != NULL)
		fcache_free(fc);
	return NULL;
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

static void
frows_free(struct frows *fr)
{
	size_t	 i;
	int	 f;

	for (i = 0; i < fr->n; i++) {
		for (f = 0; f < FIELD_COUNT; f++)
			free(fr->v[i].val[f]);
		free(fr->v[i].serial);
		free(fr->v[i].person);
		free(fr->v[i].err);
		store_prepared_clear(&fr->v[i].prep);
	}
	free(fr->v);
	memset(fr, 0, sizeof(*fr));
}

static int
frow_serial_cmp(const void *a, const void *b)
{
	const struct frow	*const *x = a, *const *y = b;
	int			 c = strcmp((*x)->serial, (*y)->serial);

	if (c != 0)
		return c;
	return (*x)->line < (*y)->line ? -1 : (*x)->line > (*y)->line;
}

/*
 * The check of a bulk import, before anything is written: every row valid,
 * no serial number given to two people (in the file or against the
 * registry), rows published by an earlier run recognised, and the record
 * numbers the new ones will take.
 */
static int
fused_check(struct store *st, struct csvst *c, const uint8_t *sha)
{
	struct frows	*fr = c->fused;
	struct frow	**bys = NULL, *r;
	struct event	 ev;
	struct store_rd	*txn;
	uint8_t		 key[STAGE_KEYLEN];
	uint64_t	 rec, idx, next;
	size_t		 i, ns = 0;
	char		*pk;
	int		 rc, dup;

	for (i = 0; i < fr->n; i++)
		if (fr->v[i].err != NULL)
			return store_fail(st, strcmp(fr->v[i].err,
			    "out of memory") == 0 ? STORE_ENOMEM :
			    STORE_EINPUT, "%s", fr->v[i].err);
	bys = calloc(fr->n ? fr->n : 1, sizeof(*bys));
	if (bys == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	for (i = 0; i < fr->n; i++)
		if (fr->v[i].serial != NULL)
			bys[ns++] = &fr->v[i];
	if (ns > 1)
		qsort(bys, ns, sizeof(*bys), frow_serial_cmp);
	for (i = 1; i < ns; i++) {
		if (strcmp(bys[i]->serial, bys[i - 1]->serial) != 0)
			continue;
		if (strcmp(bys[i]->person, bys[i - 1]->person) != 0) {
			rc = store_fail(st, STORE_ECONFLICT, "%s:%zu: serial "
			    "number %s is also on line %zu for another person; "
			    "correct one of them first", c->path, bys[i]->line,
			    bys[i]->val[FIELD_SERIAL_NO], bys[i - 1]->line);
			free(bys);
			return rc;
		}
		bys[i]->skip = FROW_DUP;	/* numbered below */
		bys[i]->first = bys[i - 1]->first != NULL ?
		    bys[i - 1]->first : bys[i - 1];
	}
	free(bys);
	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	rc = store_record_count(st, txn, &next);
	for (i = 0; i < fr->n && rc == STORE_OK; i++) {
		r = &fr->v[i];
		stage_key(sha, 1, r->rowno, key);
		if (published_get(st, txn, key, &rec, &dup)) {
			r->skip = FROW_DONE;
			r->record = rec;
			continue;
		}
		if (r->serial != NULL &&
		    store_by_serial(st, txn, r->serial, &rec) == STORE_OK) {
			rc = store_record(st, txn, rec, &ev, &idx);
			if (rc != STORE_OK)
				break;
			pk = person_key(ev.field[FIELD_FULL_NAME].value,
			    ev.field[FIELD_DATE_OF_BIRTH].value);
			event_clear(&ev);
			if (pk == NULL || strcmp(pk, r->person) != 0)
				rc = pk == NULL ? store_fail(st, STORE_ENOMEM,
				    "out of memory") : store_fail(st,
				    STORE_ECONFLICT, "%s:%zu: serial number %s "
				    "is already record %" PRIu64 ", issued to "
				    "another person", c->path, r->line,
				    r->val[FIELD_SERIAL_NO], rec);
			free(pk);
			r->skip = FROW_DUP;
			r->record = rec;
			continue;
		}
		if (r->skip == FROW_DUP)
			continue;	/* a repeat in the file: below */
		r->record = ++next;
	}
	store_rd_end(txn);
	if (rc != STORE_OK)
		return rc;
	/* A row repeating an earlier one of the file points at its record. */
	for (i = 0; i < fr->n; i++) {
		r = &fr->v[i];
		if (r->skip == FROW_DUP && r->record == 0 && r->first != NULL)
			r->record = r->first->record;
	}
	return STORE_OK;
}

/* Writes rows [from, to), prepared, in one transaction with a checkpoint. */
static int
fused_write(struct store *st, const struct note_signer *signer,
    struct frows *fr, size_t from, size_t to, const uint8_t *sha,
    json_t *src, struct staging_publish_stats *ps)
{
	struct store_txn	*t;
	struct frow		*r;
	uint8_t			 key[STAGE_KEYLEN], mark[8];
	uint64_t		 index;
	size_t			 i;
	char			*dump;
	int			 rc;

	rc = store_wr_begin(st, &t);
	if (rc != STORE_OK)
		return rc;
	if (src != NULL) {
		dump = json_dumps(src, JSON_COMPACT);
		if (dump == NULL) {
			rc = store_fail(st, STORE_ENOMEM, "out of memory");
			goto fail;
		}
		rc = store_put(t, DB_SOURCES, sha, 32, dump, strlen(dump),
		    STORE_NOOVERWRITE, NULL);
		free(dump);
		if (rc != STORE_OK && rc != STORE_EEXIST)
			goto fail;
	}
	for (i = from; i < to; i++) {
		r = &fr->v[i];
		if (r->skip == FROW_DONE)
			continue;
		stage_key(sha, 1, r->rowno, key);
		if (r->skip == FROW_DUP) {
			store_u64(r->record | PUBLISHED_DUP, mark);
			ps->duplicates++;
		} else {
			rc = store_append_issue(t, &r->prep, &index);
			if (rc != STORE_OK)
				goto fail;
			store_u64(r->record, mark);
			ps->published++;
		}
		rc = store_put(t, DB_PUBLISHED, key, STAGE_KEYLEN, mark, 8,
		    0, NULL);
		if (rc == STORE_OK)
			rc = store_del(t, DB_READY, key, STAGE_KEYLEN);
		if (rc != STORE_OK && rc != STORE_ENOTFOUND)
			goto fail;
		store_prepared_clear(&r->prep);
	}
	ps->size = store_txn_size(t);
	return store_wr_commit(t, signer);
fail:
	store_wr_abort(t);
	return rc;
}

int
staging_import_csv_publish(struct store *st, const char *path,
    const struct staging_volume *vol, const char *by,
    const struct note_signer *signer, size_t batch,
    struct staging_import_stats *is, struct staging_publish_stats *ps,
    void (*progress)(void *, size_t, size_t), void *arg)
{
	struct csvst		 c = { 0 };
	struct frows		 fr = { 0 };
	struct fwork		 w[2];
	struct fprep		 prep[2];
	struct store_txn	*t;
	pthread_t		 th;
	json_t			*src = NULL;
	uint8_t			 sha[32];
	char			 err[256];
	size_t			 i, half, at, end;
	FILE			*fp;
	int			 rc, cur;

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
	if (sha256_file(path, sha, err, sizeof(err)) != 0)
		return store_fail(st, STORE_EINPUT, "%s", err);
	fp = fopen(path, "rb");
	if (fp == NULL)
		return store_fail(st, STORE_EINPUT, "%s: %s", path,
		    strerror(errno));
	c.st = st;
	c.vol = vol;
	c.sha = sha;
	c.path = path;
	c.fused = &fr;
	rc = csv_read(&c, fp);
	if (rc != STORE_OK)
		goto out;
	if (fr.n == 0) {
		rc = store_fail(st, STORE_EINPUT, "%s: no data rows", path);
		goto out;
	}
	is->rows = fr.n;
	/* Validate and normalise on both cores; nothing is written yet. */
	half = fr.n / 2;
	w[0] = (struct fwork){ &c, 0, half };
	w[1] = (struct fwork){ &c, half, fr.n };
	if (pthread_create(&th, NULL, fused_normalise, &w[1]) != 0) {
		fused_normalise(&w[1]);
		fused_normalise(&w[0]);
	} else {
		fused_normalise(&w[0]);
		pthread_join(th, NULL);
	}
	rc = fused_check(st, &c, sha);
	if (rc != STORE_OK)
		goto out;
	src = source_json(path, "csv", vol, by);
	if (src == NULL) {
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto out;
	}
	/*
	 * Write batch by batch, each with its signed checkpoint, while the
	 * second thread builds and hashes the next batch's events.
	 */
	memset(prep, 0, sizeof(prep));
	prep[0] = (struct fprep){ &fr, vol, sha, by, 0, batch < fr.n ? batch :
	    fr.n, (int64_t)time(NULL), STORE_OK };
	fused_prepare(&prep[0]);
	cur = 0;
	for (at = 0; at < fr.n; at = end) {
		end = at + batch < fr.n ? at + batch : fr.n;
		if (prep[cur].rc != STORE_OK) {
			rc = store_fail(st, prep[cur].rc, "cannot build the "
			    "events (%s)", prep[cur].rc == STORE_ENOMEM ?
			    "out of memory" : "a value cannot be recorded");
			goto out;
		}
		prep[!cur] = (struct fprep){ &fr, vol, sha, by, end, end + batch <
		    fr.n ? end + batch : fr.n, prep[cur].now, STORE_OK };
		i = end < fr.n && pthread_create(&th, NULL, fused_prepare,
		    &prep[!cur]) == 0;
		rc = fused_write(st, signer, &fr, at, end, sha,
		    at == 0 ? src : NULL, ps);
		if (i)
			pthread_join(th, NULL);
		else if (end < fr.n)
			fused_prepare(&prep[!cur]);
		if (rc != STORE_OK)
			goto out;
		if (progress != NULL)
			progress(arg, end, fr.n);
		cur = !cur;
	}
	for (i = 0; i < fr.n; i++)
		if (fr.v[i].skip == FROW_DONE)
			is->published++;
	is->added = ps->published;
	rc = STORE_OK;
out:
	csv_done(&c);
	json_decref(src);
	frows_free(&fr);
	fclose(fp);
	return rc;
}
