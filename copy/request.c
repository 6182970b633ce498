/*
 * request.c: requests for certified copies (see request.h).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "copydb.h"
#include "date.h"
#include "fold.h"
#include "hex.h"
#include "records.h"
#include "request.h"
#include "sha256.h"
#include "token.h"
#include "utf8.h"

#define PENDING_KEY	"requests_pending"	/* in meta: how many wait */
#define SEQ_KEY		"request_seq"		/* in meta: the last one */

static const struct {
	const char	*key;
	size_t		 max;		/* bytes */
	int		 required;
} fields[CRF_COUNT] = {
	{ "full_name",		120,	1 },
	{ "date_of_birth",	20,	1 },
	{ "year",		4,	1 },
	{ "school",		200,	0 },
	{ "serial_no",		40,	0 },
	{ "national_id",	20,	1 },
	{ "contact",		120,	1 },
	{ "purpose",		300,	0 },
	{ "copies",		2,	0 },
	{ "share_until",	10,	0 },
};

const char *
copyreq_field_key(enum copyreq_field f)
{
	return (int)f >= 0 && f < CRF_COUNT ? fields[f].key : "?";
}

static void
hex(const uint8_t *b, size_t n, char *out)
{
	out[hex_encode(b, n, out)] = '\0';
}

/* Digits of s, spaces, dots and dashes left out, into out (sz). */
static size_t
digits(const char *s, char *out, size_t sz)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '.' || *s == '-')
			continue;
		if (*s < '0' || *s > '9' || n + 1 >= sz)
			return 0;
		out[n++] = *s;
	}
	out[n] = '\0';
	return n;
}

/* Whether record rec (records_json) is name's, born on dob, of year. */
static int
record_is(json_t *rec, const char *name, const char *dob, const char *year)
{
	json_t		*f = json_object_get(rec, "fields");
	const char	*rn, *rd, *y;
	char		*a, *b;
	int		 same;

	rn = json_string_value(json_object_get(f, "full_name"));
	rd = json_string_value(json_object_get(f, "date_of_birth"));
	y = json_string_value(json_object_get(rec, "year"));
	a = norm_fold(name);
	b = norm_fold(rn != NULL ? rn : "");
	/* Every part compared, whichever differs first. */
	same = a != NULL && b != NULL && a[0] != '\0' && strcmp(a, b) == 0;
	same &= rd != NULL && strcmp(rd, dob) == 0;
	same &= y == NULL || strcmp(y, year) == 0;
	free(a);
	free(b);
	return same;
}

/*
 * Whether the serial number, name and dob (ISO) are one diploma of year.
 * An unknown serial costs what a known one with another name does: a
 * record is read and compared either way, for an unknown serial one the
 * serial picks (the same each time, as likely as any to be out of the
 * cache), so that the time of a refusal does not tell whether the serial
 * exists.
 */
static int
same_diploma(struct store *st, const char *serial, const char *name,
    const char *dob, const char *year)
{
	struct store_rd	*txn;
	json_t		*rec = NULL;
	uint8_t		 h[SHA256_LEN];
	uint64_t	 r, n, pick;
	int		 rc, known, same = 0;

	if (sha256_2(serial, strlen(serial), NULL, 0, h) != 0 ||
	    store_rd_begin(st, &txn) != STORE_OK)
		return 0;
	pick = store_get_u64(h);
	rc = store_by_serial(st, txn, serial, &r);
	known = rc == STORE_OK;
	if (rc == STORE_ENOTFOUND && store_record_count(st, txn, &n) ==
	    STORE_OK && n > 0) {
		r = 1 + pick % n;
		rc = STORE_OK;
	}
	if (rc == STORE_OK && records_json_txn(st, txn, r, &rec) == STORE_OK)
		same = record_is(rec, name, dob, year);
	json_decref(rec);
	store_rd_end(txn);
	return known && same;
}

/*
 * The share code's last day *sp (malloc'd), or when empty the day in
 * Viet Nam 30 days on (*sp replaced; NULL when out of memory): STORE_OK,
 * or STORE_EINPUT with *sp freed and NULL.
 */
static int
share_until(struct store *st, char **sp, int64_t now)
{
	struct tm	 tm;
	int64_t		 end;

	if ((*sp)[0] == '\0') {
		share_local(now + COPYREQ_SHARE_DAYS * 86400, &tm);
		free(*sp);
		*sp = malloc(16);
		if (*sp != NULL)
			strftime(*sp, 16, "%Y-%m-%d", &tm);
	} else if (share_end_of_day(*sp, now, &end) != 0) {
		free(*sp);
		*sp = NULL;
		return store_fail(st, STORE_EINPUT, "the share code's last "
		    "day is a date (YYYY-MM-DD) from tomorrow to %d days on",
		    SHARE_DAYS_MAX);
	}
	return STORE_OK;
}

/* Checks and normalises v into the new request o; STORE_EINPUT + *bad.
 * The serial number is checked against the register apart (check()). */
static int
check_fields(struct store *st, const char *const *v, int64_t now, json_t *o,
    enum copyreq_field *bad)
{
	struct tm	 tm;
	char		 iso[16], num[24], *s;
	const char	*x;
	long		 n;
	int		 f, year;

	share_local(now, &tm);
	for (f = 0; f < CRF_COUNT; f++) {
		*bad = (enum copyreq_field)f;
		x = v[f] != NULL ? v[f] : "";
		if (!utf8_valid(x, strlen(x), UTF8_NO_CONTROLS))
			return store_fail(st, STORE_EINPUT, "%s is not text "
			    "(invalid UTF-8 or control characters)",
			    fields[f].key);
		if (strlen(x) > fields[f].max)
			return store_fail(st, STORE_EINPUT, "%s is longer than "
			    "%zu bytes", fields[f].key, fields[f].max);
		s = norm_text(x);
		if (s == NULL)
			return store_fail(st, STORE_ENOMEM, "out of memory");
		if (s[0] == '\0' && fields[f].required) {
			free(s);
			return store_fail(st, STORE_EINPUT, "%s is required",
			    fields[f].key);
		}
		switch (f) {
		case CRF_DATE_OF_BIRTH:
			if (!norm_date(s, 0, iso, sizeof(iso))) {
				free(s);
				return store_fail(st, STORE_EINPUT, "the date "
				    "of birth is not a date (d/m/yyyy)");
			}
			free(s);
			s = strdup(iso);
			break;
		case CRF_YEAR:
			year = atoi(s);
			if (strlen(s) != 4 || strspn(s, "0123456789") != 4 ||
			    year < 1975 || year > tm.tm_year + 1900) {
				free(s);
				return store_fail(st, STORE_EINPUT, "the year "
				    "of graduation is a year from 1975 to %d",
				    tm.tm_year + 1900);
			}
			break;
		case CRF_NATIONAL_ID:
			n = (long)digits(s, num, sizeof(num));
			if (n != 9 && n != 12) {
				free(s);
				return store_fail(st, STORE_EINPUT, "the "
				    "national ID number has 12 digits (or 9 on "
				    "an old identity card)");
			}
			free(s);
			s = strdup(num);
			break;
		case CRF_CONTACT:
			if (strchr(s, '@') == NULL && digits(s[0] == '+' ?
			    s + 1 : s, num, sizeof(num)) < 8) {
				free(s);
				return store_fail(st, STORE_EINPUT, "give a "
				    "telephone number or an e-mail address to "
				    "be reached at");
			}
			break;
		case CRF_COPIES:
			n = s[0] == '\0' ? 1 : strtol(s, NULL, 10);
			if ((s[0] != '\0' && strspn(s, "0123456789") !=
			    strlen(s)) || n < 1 || n > COPYREQ_COPIES_MAX) {
				free(s);
				return store_fail(st, STORE_EINPUT, "copies is "
				    "a number from 1 to %d",
				    COPYREQ_COPIES_MAX);
			}
			free(s);
			json_object_set_new(o, fields[f].key, json_integer(n));
			continue;
		case CRF_SHARE_UNTIL:
			if (share_until(st, &s, now) != STORE_OK)
				return STORE_EINPUT;
			break;
		}
		if (s == NULL)
			return store_fail(st, STORE_ENOMEM, "out of memory");
		if (s[0] != '\0')
			json_object_set_new(o, fields[f].key, json_string(s));
		free(s);
	}
	*bad = CRF_COUNT;
	return STORE_OK;
}

int
copyreq_check(struct store *st, const char *const *v, int64_t now,
    enum copyreq_field *bad)
{
	json_t	*o = json_object();
	int	 rc;

	if (o == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	rc = check_fields(st, v, now, o, bad);
	json_decref(o);
	return rc;
}

/* check_fields(), then a serial number given against the register. */
static int
check(struct store *st, const char *const *v, int64_t now, json_t *o,
    enum copyreq_field *bad)
{
	const char	*x;
	int		 rc;

	rc = check_fields(st, v, now, o, bad);
	if (rc != STORE_OK)
		return rc;
	/* A serial number given is checked as the verify API checks it. */
	x = json_string_value(json_object_get(o, "serial_no"));
	if (x != NULL && !same_diploma(st, x, json_string_value(
	    json_object_get(o, "full_name")), json_string_value(
	    json_object_get(o, "date_of_birth")), json_string_value(
	    json_object_get(o, "year")))) {
		*bad = CRF_SERIAL_NO;
		return store_fail(st, STORE_ENOTFOUND, "no diploma in the "
		    "register has this serial number with this name, date of "
		    "birth and year");
	}
	return STORE_OK;
}

/*
 * Adds delta (1 or -1) to the count of requests waiting, kept in the meta
 * database; a new one beyond COPYREQ_PENDING_MAX is STORE_EFULL.
 */
static int
pending_add(struct store_txn *t, int delta)
{
	struct store		*st = store_txn_store(t);
	struct store_val	 v;
	uint8_t			 buf[8];
	uint64_t		 n = 0;
	int			 rc;

	rc = store_get(store_txn_rd(t), DB_META, PENDING_KEY,
	    sizeof(PENDING_KEY) - 1, &v);
	if (rc == STORE_OK && v.len == 8)
		n = store_get_u64(v.data);
	else if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return rc;
	if (delta > 0 && n >= COPYREQ_PENDING_MAX)
		return store_fail(st, STORE_EFULL, "%" PRIu64 " requests wait "
		    "for the staff already; no more are taken until they are "
		    "decided", n);
	n = delta > 0 ? n + 1 : n > 0 ? n - 1 : 0;
	store_u64(n, buf);
	return store_put(t, DB_META, PENDING_KEY, sizeof(PENDING_KEY) - 1, buf,
	    sizeof(buf), 0, NULL);
}

static int
put(struct store_txn *t, uint64_t id, json_t *o, unsigned int flags)
{
	uint8_t	 key[8];
	char	*s;
	int	 rc;

	s = json_dumps(o, JSON_COMPACT);
	if (s == NULL)
		return store_fail(store_txn_store(t), STORE_ENOMEM,
		    "out of memory");
	store_u64(id, key);
	rc = store_put(t, DB_REQUESTS, key, sizeof(key), s, strlen(s), flags,
	    NULL);
	free(s);
	return rc;
}

static int
get(struct store *st, struct store_rd *txn, uint64_t id, json_t **req)
{
	struct store_val v;
	uint8_t		 key[8];
	json_error_t	 jerr;
	int		 rc;

	*req = NULL;
	if (!store_has_db(st, DB_REQUESTS))
		return store_fail(st, STORE_ENOTFOUND, "no such request");
	store_u64(id, key);
	rc = store_get(txn, DB_REQUESTS, key, sizeof(key), &v);
	if (rc == STORE_ENOTFOUND)
		return store_fail(st, STORE_ENOTFOUND, "no such request");
	if (rc != STORE_OK)
		return rc;
	*req = json_loadb(v.data, v.len, 0, &jerr);
	if (!json_is_object(*req)) {
		json_decref(*req);
		*req = NULL;
		return store_fail(st, STORE_ECORRUPT, "request %" PRIu64 " is "
		    "not JSON: %s", id, jerr.text);
	}
	return STORE_OK;
}

int
copyreq_submit(struct store *st, const char *const *v, int64_t now,
    uint64_t *id, char *link, enum copyreq_field *bad)
{
	struct store_txn	*t;
	struct store_val	 val;
	uint8_t			 buf[8], h[SHA256_LEN];
	char			 secret[COPYREQ_SECRET_LEN + 1], hx[65];
	json_t			*o;
	int			 rc;

	*bad = CRF_COUNT;
	link[0] = '\0';
	if ((store_flags(st) & STORE_RDONLY) || !store_has_db(st, DB_REQUESTS))
		return store_fail(st, STORE_EIO, "this server does not take "
		    "requests (its registry is open for reading only)");
	o = json_pack("{s:s, s:I}", "state", "pending", "created",
	    (json_int_t)now);
	if (o == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	rc = check(st, v, now, o, bad);
	if (rc != STORE_OK)
		goto done;
	if (token_random(secret, COPYREQ_SECRET_LEN, TOKEN_B64URL) != 0) {
		rc = store_fail(st, STORE_EIO, "no random numbers");
		goto done;
	}
	if (sha256_2(secret, COPYREQ_SECRET_LEN, NULL, 0, h) != 0) {
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto done;
	}
	hex(h, sizeof(h), hx);
	json_object_set_new(o, "secret", json_string(hx));
	rc = store_wr_begin(st, &t);
	if (rc != STORE_OK)
		goto done;
	rc = store_get(store_txn_rd(t), DB_META, SEQ_KEY, sizeof(SEQ_KEY) - 1,
	    &val);
	*id = rc == STORE_OK && val.len == 8 ? store_get_u64(val.data) + 1 :
	    1;
	store_u64(*id, buf);
	rc = store_put(t, DB_META, SEQ_KEY, sizeof(SEQ_KEY) - 1, buf,
	    sizeof(buf), 0, NULL);
	if (rc != STORE_OK) {
		store_wr_abort(t);
		goto done;
	}
	json_object_set_new(o, "id", json_integer((json_int_t)*id));
	rc = pending_add(t, 1);
	if (rc == STORE_OK)
		rc = put(t, *id, o, STORE_NOOVERWRITE);
	if (rc != STORE_OK) {
		store_wr_abort(t);
		goto done;
	}
	rc = store_wr_commit(t, NULL);
	if (rc == STORE_OK)
		snprintf(link, COPYREQ_LINK_MAX, "%" PRIu64 "-%s", *id, secret);
done:
	OPENSSL_cleanse(secret, sizeof(secret));
	json_decref(o);
	return rc;
}

int
copyreq_by_link(struct store *st, const char *link, json_t **req,
    uint64_t *id)
{
	struct store_rd	*txn;
	const char	*dash, *stored;
	uint8_t		 h[SHA256_LEN];
	char		 hx[65];
	int		 rc;

	*req = NULL;
	dash = link != NULL ? strchr(link, '-') : NULL;
	if (dash == NULL || dash == link || dash - link > 19 ||
	    strspn(link, "0123456789") != (size_t)(dash - link) ||
	    link[0] == '0' ||
	    !token_valid(dash + 1, COPYREQ_SECRET_LEN, TOKEN_B64URL))
		return store_fail(st, STORE_ENOTFOUND, "no such request");
	*id = strtoull(link, NULL, 10);
	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	rc = get(st, txn, *id, req);
	store_rd_end(txn);
	if (rc != STORE_OK)
		return rc;
	if (sha256_2(dash + 1, COPYREQ_SECRET_LEN, NULL, 0, h) != 0) {
		json_decref(*req);
		*req = NULL;
		return store_fail(st, STORE_ENOMEM, "out of memory");
	}
	hex(h, sizeof(h), hx);
	stored = json_string_value(json_object_get(*req, "secret"));
	if (stored == NULL || strlen(stored) != 64 ||
	    CRYPTO_memcmp(stored, hx, 64) != 0) {
		json_decref(*req);
		*req = NULL;
		return store_fail(st, STORE_ENOTFOUND, "no such request");
	}
	return STORE_OK;
}

int
copyreq_get(struct store *st, uint64_t id, json_t **req)
{
	struct store_rd	*txn;
	int	 rc;

	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	rc = get(st, txn, id, req);
	store_rd_end(txn);
	return rc;
}

/* Appends a request, without its secret, to the list arg. */
static int
list_one(const struct store_val *k, const struct store_val *v, void *arg)
{
	json_t	*o;

	(void)k;
	o = json_loadb(v->data, v->len, 0, NULL);
	if (o == NULL)
		return STORE_OK;
	json_object_del(o, "secret");
	json_array_append_new(arg, o);
	return STORE_OK;
}

int
copyreq_list(struct store *st, json_t **list)
{
	struct store_rd	*txn;
	int		 rc;

	*list = json_array();
	if (*list == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	if (!store_has_db(st, DB_REQUESTS))
		return STORE_OK;
	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	/* The newest first. */
	rc = store_each_rev(txn, DB_REQUESTS, list_one, *list);
	store_rd_end(txn);
	return rc;
}

/* What purge_one() erases, and how many it did. */
struct purge_ctx {
	struct store_txn	*t;
	int64_t			 before;
	size_t			*n;
};

/* Erases what a person told of one decided request (store_each()). */
static int
purge_one(const struct store_val *k, const struct store_val *v, void *arg)
{
	static const char *const personal[] = {
		"full_name", "date_of_birth", "school", "national_id",
		"contact", "purpose",
	};
	struct purge_ctx	*x = arg;
	json_t			*o;
	const char		*s;
	char			*text;
	uint8_t			 key[8];
	size_t			 i, klen;
	int			 rc, changed = 0;

	o = json_loadb(v->data, v->len, 0, NULL);
	s = json_string_value(json_object_get(o, "state"));
	if (s != NULL && strcmp(s, "pending") != 0 &&
	    json_integer_value(json_object_get(o, "decided")) <= x->before)
		for (i = 0; i < sizeof(personal) / sizeof(personal[0]); i++)
			changed |= json_object_del(o, personal[i]) == 0;
	if (!changed) {
		json_decref(o);
		return STORE_OK;
	}
	json_object_set_new(o, "purged", json_integer((json_int_t)time(NULL)));
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (text == NULL)
		return store_fail(store_txn_store(x->t), STORE_ENOMEM, "out of "
		    "memory");
	/* The key points into the map: copied before the write. */
	klen = k->len < sizeof(key) ? k->len : sizeof(key);
	memcpy(key, k->data, klen);
	rc = store_put(x->t, DB_REQUESTS, key, klen, text, strlen(text), 0,
	    NULL);
	free(text);
	if (rc == STORE_OK)
		(*x->n)++;
	return rc;
}

int
copyreq_purge(struct store *st, int64_t before, size_t *n)
{
	struct purge_ctx	 x = { NULL, before, n };
	int			 rc;

	*n = 0;
	if (!store_has_db(st, DB_REQUESTS))
		return STORE_OK;
	rc = store_wr_begin(st, &x.t);
	if (rc != STORE_OK)
		return rc;
	rc = store_each(store_txn_rd(x.t), DB_REQUESTS, NULL, 0, 0, purge_one,
	    &x);
	if (rc != STORE_OK) {
		store_wr_abort(x.t);
		*n = 0;
		return rc;
	}
	return store_wr_commit(x.t, NULL);
}

int
copyreq_pending(struct store *st, size_t *n)
{
	struct store_rd		*txn;
	struct store_val	 v;
	int			 rc;

	/* The count kept beside them (pending_add), not a scan of all. */
	*n = 0;
	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	rc = store_get(txn, DB_META, PENDING_KEY, sizeof(PENDING_KEY) - 1, &v);
	if (rc == STORE_OK && v.len == 8)
		*n = (size_t)store_get_u64(v.data);
	store_rd_end(txn);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

/* Begins a write and reads pending request id into *req. */
static int
begin_pending(struct store *st, struct store_txn **tp, uint64_t id,
    json_t **req)
{
	struct store_txn	*t;
	const char		*state;
	int			 rc;

	rc = store_wr_begin(st, tp);
	if (rc != STORE_OK)
		return rc;
	t = *tp;
	rc = get(st, store_txn_rd(t), id, req);
	if (rc == STORE_OK && ((state = json_string_value(json_object_get(*req,
	    "state"))) == NULL || strcmp(state, "pending") != 0))
		rc = store_fail(st, STORE_ECONFLICT, "request %" PRIu64 " is "
		    "already %s", id, state != NULL ? state : "decided");
	if (rc != STORE_OK) {
		json_decref(*req);
		*req = NULL;
		store_wr_abort(t);
	}
	return rc;
}

int
copyreq_refuse(struct store *st, uint64_t id, const char *reason,
    const char *by)
{
	struct store_txn	*t;
	json_t			*req;
	int			 rc;

	if (reason == NULL || reason[0] == '\0' || strlen(reason) > 500 ||
	    !utf8_valid(reason, strlen(reason), UTF8_NO_CONTROLS))
		return store_fail(st, STORE_EINPUT, "say why the request is "
		    "refused, in at most 500 bytes of text: the graduate reads "
		    "it");
	rc = begin_pending(st, &t, id, &req);
	if (rc != STORE_OK)
		return rc;
	rc = pending_add(t, -1);
	if (rc != STORE_OK) {
		json_decref(req);
		store_wr_abort(t);
		return rc;
	}
	json_object_set_new(req, "state", json_string("refused"));
	json_object_set_new(req, "reason", json_string(reason));
	json_object_set_new(req, "decided", json_integer((json_int_t)time(
	    NULL)));
	if (by != NULL)
		json_object_set_new(req, "by", json_string(by));
	rc = put(t, id, req, 0);
	json_decref(req);
	if (rc != STORE_OK) {
		store_wr_abort(t);
		return rc;
	}
	return store_wr_commit(t, NULL);
}

struct approval {
	uint64_t	 id;
	const char	*by;
	int64_t		 end;		/* the first share code's */
};

/* In the copy's transaction: the request becomes approved. */
static int
approved(struct store_txn *t, void *arg, const struct copy_result *res)
{
	struct approval	*ap = arg;
	const char	*state;
	json_t		*req;
	char		 code[SHARE_CODE_LEN + 1];
	int		 rc;

	rc = get(store_txn_store(t), store_txn_rd(t), ap->id, &req);
	if (rc != STORE_OK)
		return rc;
	state = json_string_value(json_object_get(req, "state"));
	if (state == NULL || strcmp(state, "pending") != 0) {
		json_decref(req);
		return store_fail(store_txn_store(t), STORE_ECONFLICT,
		    "request %" PRIu64 " is already %s", ap->id,
		    state != NULL ? state : "decided");
	}
	rc = pending_add(t, -1);
	if (rc != STORE_OK) {
		json_decref(req);
		return rc;
	}
	json_object_set_new(req, "state", json_string("approved"));
	json_object_set_new(req, "decided", json_integer(res->time));
	if (ap->by != NULL)
		json_object_set_new(req, "by", json_string(ap->by));
	json_object_set_new(req, "record", json_integer((json_int_t)
	    res->record));
	json_object_set_new(req, "copy", json_integer((json_int_t)
	    res->index));
	json_object_set_new(req, "copy_no", json_string(res->copy_no));
	/* The copy's own code, printed on it, and the graduate's first
	 * share code, which they may extend or withdraw. */
	json_object_set_new(req, "copy_code", json_string(res->code));
	rc = share_add(t, res->record, res->index, ap->id, ap->end, code);
	if (rc != STORE_OK) {
		json_decref(req);
		return rc;
	}
	json_object_set_new(req, "codes", json_pack("[s]", code));
	rc = put(t, ap->id, req, 0);
	json_decref(req);
	return rc;
}

int
copyreq_candidates(struct store *st, json_t *req, uint64_t **recs,
    size_t *n)
{
	const char	*serial, *name, *dob;
	uint64_t	*a = NULL, *b = NULL;
	size_t		 na = 0, nb = 0, i, j;

	*recs = NULL;
	*n = 0;
	serial = json_string_value(json_object_get(req, "serial_no"));
	name = json_string_value(json_object_get(req, "full_name"));
	dob = json_string_value(json_object_get(req, "date_of_birth"));
	/* None found is no error here: there are no candidates. */
	if (serial != NULL)
		(void)records_find(st, serial, NULL, NULL, &a, &na);
	if (name != NULL && dob != NULL)
		(void)records_find(st, NULL, name, dob, &b, &nb);
	*recs = calloc(na + nb + 1, sizeof(**recs));
	if (*recs == NULL) {
		free(a);
		free(b);
		return store_fail(st, STORE_ENOMEM, "out of memory");
	}
	for (i = 0; i < na; i++)
		(*recs)[(*n)++] = a[i];
	for (i = 0; i < nb; i++) {
		for (j = 0; j < na && a[j] != b[i]; j++)
			continue;
		if (j == na)
			(*recs)[(*n)++] = b[i];
	}
	free(a);
	free(b);
	return STORE_OK;
}

/* Whether record is one of req's candidates: a copy goes to no other. */
static int
candidate(struct store *st, json_t *req, uint64_t record)
{
	uint64_t	*recs;
	size_t		 n, i;
	int		 found = 0;

	if (copyreq_candidates(st, req, &recs, &n) != STORE_OK)
		return 0;
	for (i = 0; i < n; i++)
		found |= recs[i] == record;
	free(recs);
	return found;
}

int
copyreq_approve(struct store *st, const struct note_signer *signer,
    const struct copy_signing *cs, uint64_t id, uint64_t record,
    const char *by, struct copy_result *res)
{
	struct approval	 ap = { id, by, 0 };
	json_t		*req;
	int64_t		 now = (int64_t)time(NULL), end;
	int		 rc;

	rc = copyreq_get(st, id, &req);
	if (rc != STORE_OK)
		return rc;
	if (!candidate(st, req, record)) {
		json_decref(req);
		return store_fail(st, STORE_EINPUT, "record %" PRIu64 " is not "
		    "this request's: neither its serial number nor its name "
		    "and date of birth are the request's", record);
	}
	/* The end the graduate chose, or a new one if it passed meanwhile. */
	if (share_end_of_day(json_string_value(json_object_get(req,
	    "share_until")), now, &end) != 0)
		end = now + COPYREQ_SHARE_DAYS * 86400;
	json_decref(req);
	ap.end = end;
	return copy_issue(st, signer, cs, record, by, id, approved, &ap, res);
}

int
copyreq_add_code(struct store *st, uint64_t id, int64_t expires, char *code)
{
	struct store_txn	*t;
	json_t			*req = NULL, *codes, *c;
	const char		*state;
	size_t			 i, active = 0;
	int			 rc;

	rc = store_wr_begin(st, &t);
	if (rc != STORE_OK)
		return rc;
	rc = get(st, store_txn_rd(t), id, &req);
	if (rc != STORE_OK)
		goto out;
	state = json_string_value(json_object_get(req, "state"));
	codes = json_object_get(req, "codes");
	if (state == NULL || strcmp(state, "approved") != 0 ||
	    !json_is_array(codes)) {
		rc = store_fail(st, STORE_ECONFLICT, "share codes come with an "
		    "approved copy");
		goto out;
	}
	/* Withdrawn codes do not count, but a few hundred in all is the
	 * end: a request's record must stay small. */
	json_array_foreach(codes, i, c)
		if (json_string_value(c) != NULL &&
		    !share_withdrawn_in(t, json_string_value(c)))
			active++;
	if (active >= COPYREQ_CODES_MAX ||
	    json_array_size(codes) >= 10 * COPYREQ_CODES_MAX) {
		rc = store_fail(st, STORE_ECONFLICT, "a copy has at most %d "
		    "share codes in use; withdraw one, or extend one you have",
		    COPYREQ_CODES_MAX);
		goto out;
	}
	rc = share_add(t, (uint64_t)json_integer_value(json_object_get(req,
	    "record")), (uint64_t)json_integer_value(json_object_get(req,
	    "copy")), id, expires, code);
	if (rc != STORE_OK)
		goto out;
	json_array_append_new(codes, json_string(code));
	rc = put(t, id, req, 0);
out:
	json_decref(req);
	if (rc == STORE_OK)
		return store_wr_commit(t, NULL);
	store_wr_abort(t);
	return rc;
}
