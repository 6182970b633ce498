/*
 * statuslist.c: the credentials' status list in the registry (see
 * statuslist.h): indexes given out, each record's indexes, and the packed
 * bits a status list token carries.
 *
 * The bits are kept packed in one value, rewritten whole at each change,
 * because the token is made from exactly those bytes: a million
 * credentials are 125 KiB, and changes are a registrar's revocations,
 * rare beside the token's reads.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "statuslist.h"

#define KEY_BITS	"bits"
#define KEY_VERSION	"version"
#define KEY_NEXT	"next"

/* 'i' u64 index. */
static void
index_key(uint64_t index, uint8_t key[9])
{
	key[0] = 'i';
	store_u64(index, key + 1);
}

/* 'r' u64 record u64 index. */
static void
record_key(uint64_t record, uint64_t index, uint8_t key[17])
{
	key[0] = 'r';
	store_u64(record, key + 1);
	store_u64(index, key + 9);
}

/* A u64 value of key, 0 when absent. */
static int
get_u64(struct store_rd *rd, const char *key, uint64_t *v)
{
	struct store_val	 val;
	int			 rc;

	*v = 0;
	rc = store_get(rd, DB_STATUSLIST, key, strlen(key), &val);
	if (rc == STORE_ENOTFOUND)
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	if (val.len != 8)
		return store_fail(store_rd_store(rd), STORE_ECORRUPT,
		    "the status list's %s is malformed", key);
	*v = store_get_u64(val.data);
	return STORE_OK;
}

static int
put_u64(struct store_txn *t, const char *key, uint64_t v)
{
	uint8_t	 b[8];

	store_u64(v, b);
	return store_put(t, DB_STATUSLIST, key, strlen(key), b, sizeof(b), 0,
	    NULL);
}

int
statuslist_bits(struct store_rd *rd, uint8_t **bits, size_t *len,
    uint64_t *version)
{
	struct store_val	 v;
	int			 rc;

	*bits = NULL;
	*len = 0;
	rc = get_u64(rd, KEY_VERSION, version);
	if (rc != STORE_OK)
		return rc;
	rc = store_get(rd, DB_STATUSLIST, KEY_BITS, strlen(KEY_BITS), &v);
	if (rc == STORE_ENOTFOUND || (rc == STORE_OK && v.len == 0))
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	*bits = malloc(v.len);
	if (*bits == NULL)
		return store_fail(store_rd_store(rd), STORE_ENOMEM,
		    "out of memory");
	memcpy(*bits, v.data, v.len);
	*len = v.len;
	return STORE_OK;
}

/* Writes bits back and counts a new version of the list. */
static int
bits_put(struct store_txn *t, const uint8_t *bits, size_t len)
{
	uint64_t	 version;
	int		 rc;

	rc = get_u64(store_txn_rd(t), KEY_VERSION, &version);
	if (rc == STORE_OK)
		rc = store_put(t, DB_STATUSLIST, KEY_BITS, strlen(KEY_BITS),
		    bits, len, 0, NULL);
	if (rc == STORE_OK)
		rc = put_u64(t, KEY_VERSION, version + 1);
	return rc;
}

int
statuslist_assign(struct store_txn *t, uint64_t record, uint64_t *index)
{
	struct store	*st = store_txn_store(t);
	struct store_rd	*rd = store_txn_rd(t);
	struct event	 ev = { 0 };
	uint64_t	 next, evidx, version;
	uint8_t		*bits = NULL, *grown, ikey[9], rkey[17], rec[8];
	size_t		 len;
	int		 rc;

	rc = store_record(st, rd, record, &ev, &evidx);
	if (rc == STORE_OK && ev.revoked)
		rc = store_fail(st, STORE_ECONFLICT, "the diploma is revoked: "
		    "no credential is issued for it");
	event_clear(&ev);
	if (rc == STORE_OK)
		rc = get_u64(rd, KEY_NEXT, &next);
	if (rc == STORE_OK)
		rc = statuslist_bits(rd, &bits, &len, &version);
	if (rc != STORE_OK)
		return rc;
	/* Every index assigned has its bit, so the list covers it. */
	if (next / 8 >= len) {
		grown = realloc(bits, len + 1);
		if (grown == NULL) {
			free(bits);
			return store_fail(st, STORE_ENOMEM, "out of memory");
		}
		bits = grown;
		bits[len++] = 0;
	}
	index_key(next, ikey);
	record_key(record, next, rkey);
	store_u64(record, rec);
	rc = store_put(t, DB_STATUSLIST, ikey, sizeof(ikey), rec,
	    sizeof(rec), STORE_NOOVERWRITE, NULL);
	if (rc == STORE_OK)
		rc = store_put(t, DB_STATUSLIST, rkey, sizeof(rkey), "", 0, 0,
		    NULL);
	if (rc == STORE_OK)
		rc = put_u64(t, KEY_NEXT, next + 1);
	if (rc == STORE_OK)
		rc = bits_put(t, bits, len);
	free(bits);
	if (rc == STORE_OK)
		*index = next;
	return rc;
}

/* What retire_one() works on. */
struct retire {
	uint8_t		*bits;
	size_t		 len;
	size_t		 nset;
	struct store	*st;
};

/* Sets the bit of one 'r' entry of the record (store_each()). */
static int
retire_one(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct retire	*r = arg;
	uint64_t	 index;
	uint8_t		 mask;

	(void)v;
	if (k->len != 17)
		return store_fail(r->st, STORE_ECORRUPT, "a status list key "
		    "is malformed");
	index = store_get_u64((const uint8_t *)k->data + 9);
	if (index / 8 >= r->len)
		return store_fail(r->st, STORE_ECORRUPT, "status list index "
		    "beyond its bits");
	mask = (uint8_t)(1u << (index % 8));
	if ((r->bits[index / 8] & mask) == 0) {
		r->bits[index / 8] |= mask;
		r->nset++;
	}
	return STORE_OK;
}

int
statuslist_retire(struct store_txn *t, uint64_t record, size_t *nset)
{
	struct store_rd	*rd = store_txn_rd(t);
	struct retire	 r = { NULL, 0, 0, store_txn_store(t) };
	uint64_t	 version;
	uint8_t		 from[9];
	int		 rc;

	if (nset != NULL)
		*nset = 0;
	rc = statuslist_bits(rd, &r.bits, &r.len, &version);
	if (rc != STORE_OK || r.len == 0)
		return rc;
	from[0] = 'r';
	store_u64(record, from + 1);
	rc = store_each(rd, DB_STATUSLIST, from, sizeof(from), sizeof(from),
	    retire_one, &r);
	if (rc == STORE_OK && r.nset > 0)
		rc = bits_put(t, r.bits, r.len);
	free(r.bits);
	if (rc == STORE_OK && nset != NULL)
		*nset = r.nset;
	return rc;
}

int
statuslist_get(struct store_rd *rd, uint64_t index, int *status,
    uint64_t *record)
{
	struct store_val	 v;
	uint8_t			 key[9];
	int			 rc;

	index_key(index, key);
	rc = store_get(rd, DB_STATUSLIST, key, sizeof(key), &v);
	if (rc != STORE_OK)
		return rc;
	if (v.len != 8)
		return store_fail(store_rd_store(rd), STORE_ECORRUPT,
		    "status list entry %llu is malformed",
		    (unsigned long long)index);
	if (record != NULL)
		*record = store_get_u64(v.data);
	rc = store_get(rd, DB_STATUSLIST, KEY_BITS, strlen(KEY_BITS), &v);
	if (rc == STORE_OK && index / 8 >= v.len)
		rc = store_fail(store_rd_store(rd), STORE_ECORRUPT,
		    "status list index beyond its bits");
	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? store_fail(store_rd_store(rd),
		    STORE_ECORRUPT, "the status list has no bits") : rc;
	*status = (((const uint8_t *)v.data)[index / 8] >> (index % 8)) & 1;
	return STORE_OK;
}

/* What the audit's pass carries from entry to entry. */
struct audit_sl {
	struct store_rd	*rd;
	const uint8_t	*bits;
	size_t		 len;
	uint64_t	 next, n;
	void		(*problem)(void *, const char *);
	void		*arg;
};

static void
sl_problem(struct audit_sl *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
sl_problem(struct audit_sl *a, const char *fmt, ...)
{
	char	 msg[256];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	a->problem(a->arg, msg);
}

/* One 'i' entry: its record, its 'r' entry, its bit (store_each()). */
static int
audit_index(const struct store_val *k, const struct store_val *v,
    void *arg)
{
	struct audit_sl	*a = arg;
	struct store	*st = store_rd_store(a->rd);
	struct store_val rv;
	struct event	 ev = { 0 };
	uint64_t	 index, record, evidx;
	uint8_t		 rkey[17];
	int		 rc;

	if (k->len != 9 || v->len != 8) {
		sl_problem(a, "status list: a malformed entry (%zu, %zu "
		    "bytes)", k->len, v->len);
		return STORE_OK;
	}
	a->n++;
	index = store_get_u64((const uint8_t *)k->data + 1);
	record = store_get_u64(v->data);
	if (index >= a->next || index / 8 >= a->len) {
		sl_problem(a, "status list: index %" PRIu64 " is beyond the "
		    "list (next %" PRIu64 ")", index, a->next);
		return STORE_OK;
	}
	record_key(record, index, rkey);
	if (store_get(a->rd, DB_STATUSLIST, rkey, sizeof(rkey), &rv) !=
	    STORE_OK)
		sl_problem(a, "status list: index %" PRIu64 " is not among "
		    "record %" PRIu64 "'s", index, record);
	rc = store_record(st, a->rd, record, &ev, &evidx);
	if (rc == STORE_ENOTFOUND)
		sl_problem(a, "status list: index %" PRIu64 " names record %"
		    PRIu64 ", which does not exist", index, record);
	else if (rc != STORE_OK)
		return rc;
	else if (ev.revoked && (a->bits[index / 8] >> (index % 8) & 1) == 0)
		sl_problem(a, "status list: index %" PRIu64 " is valid, but "
		    "its record %" PRIu64 " is revoked", index, record);
	event_clear(&ev);
	return STORE_OK;
}

/* One 'r' entry: the 'i' entry it mirrors (store_each()). */
static int
audit_record(const struct store_val *k, const struct store_val *v,
    void *arg)
{
	struct audit_sl	*a = arg;
	struct store_val iv;
	uint64_t	 record, index;
	uint8_t		 ikey[9];

	(void)v;
	if (k->len != 17)
		return STORE_OK;	/* audit_index() counts the index */
	record = store_get_u64((const uint8_t *)k->data + 1);
	index = store_get_u64((const uint8_t *)k->data + 9);
	index_key(index, ikey);
	if (store_get(a->rd, DB_STATUSLIST, ikey, sizeof(ikey), &iv) !=
	    STORE_OK || iv.len != 8 || store_get_u64(iv.data) != record)
		sl_problem(a, "status list: record %" PRIu64 " lists index %"
		    PRIu64 ", which is not its", record, index);
	return STORE_OK;
}

int
statuslist_audit(struct store_rd *rd, void (*problem)(void *, const char *),
    void *arg, uint64_t *n)
{
	struct audit_sl	 a = { rd, NULL, 0, 0, 0, problem, arg };
	uint8_t		*bits = NULL;
	uint64_t	 version, i;
	int		 rc;

	*n = 0;
	rc = statuslist_bits(rd, &bits, &a.len, &version);
	if (rc == STORE_OK)
		rc = get_u64(rd, KEY_NEXT, &a.next);
	if (rc != STORE_OK) {
		free(bits);
		return rc;
	}
	a.bits = bits;
	for (i = a.next; i < (uint64_t)a.len * 8; i++)
		if (bits[i / 8] >> (i % 8) & 1) {
			sl_problem(&a, "status list: bit %" PRIu64 " is set past "
			    "the last index %" PRIu64, i, a.next);
			break;
		}
	rc = store_each(rd, DB_STATUSLIST, "i", 1, 1, audit_index, &a);
	if (rc == STORE_OK)
		rc = store_each(rd, DB_STATUSLIST, "r", 1, 1, audit_record,
		    &a);
	if (rc == STORE_OK && a.n != a.next)
		sl_problem(&a, "status list: %" PRIu64 " indexes given, but %"
		    PRIu64 " recorded", a.next, a.n);
	free(bits);
	*n = a.n;
	return rc;
}
