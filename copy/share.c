/*
 * share.c: share codes (see share.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "copydb.h"
#include "date.h"
#include "sha256.h"
#include "share.h"
#include "sharecount.h"
#include "token.h"

#define VN_OFFSET	(7 * 3600)	/* Viet Nam: UTC+7, no summer time */

int
share_canon(const char *in, char *out)
{
	size_t	 n = 0;
	int	 c;

	for (; in != NULL && *in != '\0'; in++) {
		c = (unsigned char)*in;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (c == 'O')
			c = '0';
		if (c == 'I' || c == 'L')
			c = '1';
		if (n == SHARE_CODE_LEN || strchr(TOKEN_B32, c) == NULL)
			return -1;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n == SHARE_CODE_LEN ? 0 : -1;
}

void
share_display(const char *code, char *out)
{
	snprintf(out, SHARE_DISPLAY_LEN + 1, "%.4s-%.4s-%.4s", code, code + 4,
	    code + 8);
}

void
share_local(int64_t t, struct tm *tm)
{
	time_t	 lt = (time_t)(t + VN_OFFSET);

	gmtime_r(&lt, tm);
}

int
share_end_of_day(const char *date, int64_t now, int64_t *t)
{
	struct tm	 tm;
	char		 iso[16];
	int		 y, m, d;

	if (date == NULL || strlen(date) != 10 || sscanf(date, "%4d-%2d-%2d",
	    &y, &m, &d) != 3 || !norm_date(date, 0, iso, sizeof(iso)) ||
	    strcmp(iso, date) != 0)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 23;
	tm.tm_min = 59;
	tm.tm_sec = 59;
	*t = (int64_t)timegm(&tm) - VN_OFFSET;
	/* From tomorrow: today's end is less than a day away. */
	if (*t < now + 86400 || *t > now + (int64_t)SHARE_DAYS_MAX * 86400 +
	    86400)
		return -1;
	return 0;
}

/* The database key of code: 0, or -1 when hashing failed (no memory). */
static int
code_key(const char *code, uint8_t *key)
{
	return sha256_2(code, SHARE_CODE_LEN, NULL, 0, key);
}

static int
put(struct store *st, struct store_txn *t, const uint8_t *key, json_t *o,
    unsigned int flags)
{
	char	*s;
	int	 rc;

	s = json_dumps(o, JSON_COMPACT);
	if (s == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	rc = store_put(t, DB_SHARES, key, SHA256_LEN, s, strlen(s), flags,
	    NULL);
	free(s);
	return rc == STORE_EEXIST ? STORE_ECONFLICT : rc;
}

static int
get(struct store *st, struct store_rd *txn, const char *code, json_t **info)
{
	struct store_val v;
	uint8_t		 key[SHA256_LEN];
	json_error_t	 jerr;
	int		 rc;

	*info = NULL;
	if (!store_has_db(st, DB_SHARES))
		return store_fail(st, STORE_ENOTFOUND, "no such share code");
	if (code_key(code, key) != 0)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	rc = store_get(txn, DB_SHARES, key, sizeof(key), &v);
	if (rc == STORE_ENOTFOUND)
		return store_fail(st, STORE_ENOTFOUND, "no such share code");
	if (rc != STORE_OK)
		return rc;
	*info = json_loadb(v.data, v.len, 0, &jerr);
	if (!json_is_object(*info)) {
		json_decref(*info);
		*info = NULL;
		return store_fail(st, STORE_ECORRUPT, "a stored share code is "
		    "not JSON: %s", jerr.text);
	}
	return STORE_OK;
}

int
share_add(struct store_txn *t, uint64_t record, uint64_t copy,
    uint64_t request, int64_t expires, char *code)
{
	struct store	*st = store_txn_store(t);
	uint8_t		 key[SHA256_LEN];
	json_t		*o;
	int		 rc, tries;

	o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:i, s:i, s:[]}",
	    "record", (json_int_t)record, "copy", (json_int_t)copy,
	    "request", (json_int_t)request, "created", (json_int_t)time(NULL),
	    "expires", (json_int_t)expires, "withdrawn", 0, "opens", 0,
	    "opened");
	if (o == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	/* 60 bits: a second draw is as likely as a lottery win, but cheap. */
	for (tries = 0, rc = STORE_ECONFLICT; rc == STORE_ECONFLICT &&
	    tries < 4; tries++) {
		if (token_random(code, SHARE_CODE_LEN, TOKEN_B32) != 0) {
			rc = store_fail(st, STORE_EIO, "no random numbers");
			break;
		}
		if (code_key(code, key) != 0) {
			rc = store_fail(st, STORE_ENOMEM, "out of memory");
			break;
		}
		rc = put(st, t, key, o, STORE_NOOVERWRITE);
	}
	json_decref(o);
	if (rc == STORE_ECONFLICT)
		rc = store_fail(st, STORE_EIO, "no free share code");
	return rc;
}

/*
 * code's share as the registry has it, in a read transaction; *snap is
 * that transaction's id (store_txn_id).
 */
static int
read_stored(struct store *st, const char *code, json_t **info,
    uint64_t *snap)
{
	struct store_rd	*txn;
	int	 rc;

	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	*snap = store_txn_id(txn);
	rc = get(st, txn, code, info);
	store_rd_end(txn);
	return rc;
}

int
share_get(struct store *st, const char *code, json_t **info)
{
	/* Openings counted but not yet written show at once. */
	return sharecount_read(sharecount_of(st), st, code, read_stored,
	    info);
}

int
share_open(struct store *st, const char *code, int64_t now, json_t **info)
{
	struct sharecount	*sc;
	int			 rc;

	/* Counting never writes here: the counter's thread does, in
	 * batches, so that views keep off the writer's lock. */
	rc = share_get(st, code, info);
	if (rc != STORE_OK || share_state(*info, now) != SHARE_OPEN)
		return rc;
	sc = sharecount_of(st);
	if (sc != NULL && sharecount_note(sc, code, now) == STORE_OK)
		share_opens_add(*info, 1, &now, 1);
	return STORE_OK;
}

void
share_opens_add(json_t *info, uint64_t n, const int64_t *times,
    size_t ntimes)
{
	json_t	*opened;
	size_t	 i;

	opened = json_object_get(info, "opened");
	if (!json_is_array(opened)) {
		opened = json_array();
		json_object_set_new(info, "opened", opened);
	}
	for (i = 0; i < ntimes; i++)
		json_array_append_new(opened, json_integer(
		    (json_int_t)times[i]));
	while (json_array_size(opened) > SHARE_OPENED_MAX)
		json_array_remove(opened, 0);
	json_object_set_new(info, "opens", json_integer(json_integer_value(
	    json_object_get(info, "opens")) + (json_int_t)n));
}

int
share_add_opens(struct store_txn *t, const char *code, uint64_t n,
    const int64_t *times, size_t ntimes)
{
	uint8_t	 key[SHA256_LEN];
	json_t	*info;
	int	 rc;

	rc = get(store_txn_store(t), store_txn_rd(t), code, &info);
	if (rc != STORE_OK)
		return rc;
	share_opens_add(info, n, times, ntimes);
	rc = code_key(code, key) != 0 ?
	    store_fail(store_txn_store(t), STORE_ENOMEM, "out of memory") :
	    put(store_txn_store(t), t, key, info, 0);
	json_decref(info);
	return rc;
}

int
share_withdrawn_in(struct store_txn *t, const char *code)
{
	json_t	*info;
	int	 w;

	if (get(store_txn_store(t), store_txn_rd(t), code, &info) != STORE_OK)
		return 0;
	w = json_integer_value(json_object_get(info, "withdrawn")) != 0;
	json_decref(info);
	return w;
}

enum share_state
share_state(const json_t *info, int64_t now)
{
	int64_t	 end = json_integer_value(json_object_get(info, "expires"));

	if (json_integer_value(json_object_get(info, "withdrawn")) != 0)
		return SHARE_WITHDRAWN;
	if (end != SHARE_FOREVER && end < now)
		return SHARE_EXPIRED;
	return SHARE_OPEN;
}

int
share_update(struct store *st, const char *code, uint64_t request,
    int64_t expires, int withdraw, int64_t now)
{
	struct store_txn	*t;
	uint8_t			 key[SHA256_LEN];
	json_t			*info = NULL;
	int			 rc;

	rc = store_wr_begin(st, &t);
	if (rc != STORE_OK)
		return rc;
	rc = get(st, store_txn_rd(t), code, &info);
	if (rc != STORE_OK)
		goto out;
	if (request == 0 || (uint64_t)json_integer_value(json_object_get(info,
	    "request")) != request) {
		rc = store_fail(st, STORE_ENOTFOUND, "no such share code");
		goto out;
	}
	if (share_state(info, now) == SHARE_WITHDRAWN) {
		rc = store_fail(st, STORE_ECONFLICT, "the code was withdrawn; "
		    "a withdrawn code stays withdrawn");
		goto out;
	}
	if (json_integer_value(json_object_get(info, "expires")) ==
	    SHARE_FOREVER) {
		rc = store_fail(st, STORE_ECONFLICT, "the code printed on a "
		    "copy checks that copy for good; it cannot be changed");
		goto out;
	}
	if (withdraw)
		json_object_set_new(info, "withdrawn",
		    json_integer((json_int_t)now));
	else
		json_object_set_new(info, "expires",
		    json_integer((json_int_t)expires));
	rc = code_key(code, key) != 0 ?
	    store_fail(st, STORE_ENOMEM, "out of memory") :
	    put(st, t, key, info, 0);
out:
	json_decref(info);
	if (rc == STORE_OK)
		return store_wr_commit(t, NULL);
	store_wr_abort(t);
	return rc;
}
