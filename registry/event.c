/*
 * event.c: the leaf and store encodings of a registry event (see event.h and
 * docs/registry.md, which a stranger can follow to recompute a leaf hash).
 *
 * The store encoding is little more than the event laid out with explicit
 * lengths; what matters is that event_decode trusts none of them, because
 * `sogoc audit` runs it over bytes that may have been tampered with.  Both
 * versions are written and read here: v1 only for events stored as v1,
 * whose leaves must stay what the log committed to.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/rand.h>

#include "b64.h"
#include "buf.h"
#include "event.h"
#include "hex.h"
#include "names.h"
#include "sha256.h"
#include "timefmt.h"
#include "utf8.h"

static const char *const kind_names[EVENT_KIND_COUNT] = {
	"issue", "correct", "revoke", "reissue", "copy",
};

static const char *const attr_names[EVENT_ATTR_COUNT] = {
	"authority", "type", "year", "decision", "decision_date", "reason",
	"by", "copy_no", "signer", "signer_title",
};

int
event_field_allowed(enum field f)
{
	return f > FIELD_SEQ && f < FIELD_SIGNATURE;
}

const char *
event_kind_name(enum event_kind k)
{
	return names_get(kind_names, EVENT_KIND_COUNT, (int)k);
}

const char *
event_kind_words(const char *name)
{
	static const char *const words[EVENT_KIND_COUNT] = {
		"Cấp", "Chỉnh sửa", "Thu hồi", "Cấp lại", "Cấp bản sao",
	};
	int	 i;

	i = names_find(kind_names, EVENT_KIND_COUNT, name);
	return i < 0 ? NULL : words[i];
}

const char *
event_attr_name(enum event_attr a)
{
	return names_get(attr_names, EVENT_ATTR_COUNT, (int)a);
}

const char *
event_strerror(int code)
{
	switch (code) {
	case EVENT_OK:
		return "no error";
	case EVENT_ENOMEM:
		return "out of memory";
	case EVENT_EINVAL:
		return "value cannot be recorded (too long, control character "
		    "or invalid UTF-8)";
	case EVENT_EDECODE:
		return "stored event is malformed";
	}
	return "unknown event error";
}

/* SHA-256(salt || key || 0x00 || value), as event_digest() says. */
static int
digest_of(const char *key, const uint8_t *salt, const char *value,
    uint8_t *out)
{
	uint8_t		 buf[EVENT_SALT_LEN + 32 + 1 + EVENT_VALUE_MAX];
	size_t		 kl = strlen(key), vl = strlen(value);

	/* One contiguous preimage: salt || key || 0x00 || value. */
	if (kl > 32 || vl > EVENT_VALUE_MAX) {
		memset(out, 0, EVENT_DIGEST_LEN);
		return EVENT_EINVAL;
	}
	memcpy(buf, salt, EVENT_SALT_LEN);
	memcpy(buf + EVENT_SALT_LEN, key, kl);
	buf[EVENT_SALT_LEN + kl] = 0x00;
	memcpy(buf + EVENT_SALT_LEN + kl + 1, value, vl);
	if (sha256_2(buf, EVENT_SALT_LEN + kl + 1 + vl, NULL, 0, out) != 0)
		return EVENT_ENOMEM;
	return EVENT_OK;
}

int
event_digest(enum field f, const uint8_t *salt, const char *value,
    uint8_t *out)
{
	return digest_of(field_key(f), salt, value, out);
}

int
event_by_digest(const uint8_t *salt, const char *account, uint8_t *out)
{
	/* attr_names' "by", the leaf line's own name, is the key. */
	return digest_of(attr_names[EVENT_BY], salt, account, out);
}

/* ev's version; 0 is a new event, written as the current version. */
static int
version_of(const struct event *ev)
{
	return ev->version == 0 ? EVENT_VERSION : ev->version;
}

/* Replaces *slot with a copy of s, when s is UTF-8 (utf8_valid's flags)
 * of min to max bytes; *slot is left as it was otherwise. */
static int
set_text(char **slot, const char *s, size_t min, size_t max, int flags)
{
	size_t	 len;
	char	*v;

	len = strlen(s);
	if (len < min || len > max || !utf8_valid(s, len, flags))
		return EVENT_EINVAL;
	v = strdup(s);
	if (v == NULL)
		return EVENT_ENOMEM;
	free(*slot);
	*slot = v;
	return EVENT_OK;
}

int
event_set_value(struct event *ev, enum field f, const char *value)
{
	if (!event_field_allowed(f) || value == NULL)
		return EVENT_EINVAL;
	return set_text(&ev->field[f].value, value, 0, EVENT_VALUE_MAX, 0);
}

int
event_new_salts(struct event *ev)
{
	uint8_t	 salts[FIELD_COUNT * EVENT_SALT_LEN];
	int	 i;

	/* One call to the random generator for the whole event. */
	if (RAND_bytes(salts, sizeof(salts)) != 1)
		return EVENT_ENOMEM;
	for (i = 0; i < FIELD_COUNT; i++)
		if (ev->field[i].value != NULL)
			memcpy(ev->field[i].salt, salts + i * EVENT_SALT_LEN,
			    EVENT_SALT_LEN);
	OPENSSL_cleanse(salts, sizeof(salts));
	return EVENT_OK;
}

int
event_set_field(struct event *ev, enum field f, const char *value)
{
	int	 rc;

	rc = event_set_value(ev, f, value);
	if (rc != EVENT_OK)
		return rc;
	if (RAND_bytes(ev->field[f].salt, EVENT_SALT_LEN) != 1)
		return EVENT_ENOMEM;
	return EVENT_OK;
}

int
event_set_attr(struct event *ev, enum event_attr a, const char *s)
{
	int	 rc;

	if ((int)a < 0 || a >= EVENT_ATTR_COUNT || s == NULL)
		return EVENT_EINVAL;
	rc = set_text(&ev->attr[a], s, 1, EVENT_TEXT_MAX, UTF8_NO_CONTROLS);
	/* A salt per event: one per account would link its events. */
	if (rc == EVENT_OK && a == EVENT_BY &&
	    RAND_bytes(ev->by_salt, EVENT_SALT_LEN) != 1)
		return EVENT_ENOMEM;
	return rc;
}

/* The cleartext attribute lines of ev, `by` as a v2 leaf has it. */
static void
leaf_attrs(struct buf *b, const struct event *ev, int version)
{
	char	 d64[B64_ENCLEN(EVENT_DIGEST_LEN) + 1] = "";
	uint8_t	 d[EVENT_DIGEST_LEN];
	int	 i;

	/* On a failure b->err is set and d64 stays a string to append. */
	for (i = 0; i < EVENT_ATTR_COUNT; i++) {
		if (ev->attr[i] == NULL)
			continue;
		buf_str(b, attr_names[i]);
		buf_str(b, " ");
		if (i == EVENT_BY && version >= EVENT_V2) {
			if (event_by_digest(ev->by_salt, ev->attr[i], d) !=
			    EVENT_OK || b64_encode(d, sizeof(d), d64,
			    sizeof(d64)) < 0)
				b->err = 1;
			buf_str(b, d64);
		} else
			buf_str(b, ev->attr[i]);
		buf_str(b, "\n");
	}
}

int
event_leaf(const struct event *ev, char **out, size_t *len)
{
	struct buf	 b = { 0 };
	char		 ts[32], hex[65], d64[B64_ENCLEN(EVENT_DIGEST_LEN) + 1] =
			    "";
	uint8_t		 d[EVENT_DIGEST_LEN];
	int		 i, v;

	*out = NULL;
	*len = 0;
	v = version_of(ev);
	if (event_kind_name(ev->kind) == NULL || v > EVENT_V2 || v < EVENT_V1)
		return EVENT_EINVAL;
	if (time_iso(ev->time, ts, sizeof(ts)) != 0)
		return EVENT_EINVAL;
	buf_fmt(&b, "sogoc/event/v%d\n", v);
	buf_str(&b, "kind ");
	buf_str(&b, event_kind_name(ev->kind));
	buf_str(&b, "\nrecord ");
	buf_u64(&b, ev->record);
	buf_str(&b, "\ntime ");
	buf_str(&b, ts);
	buf_str(&b, "\n");
	leaf_attrs(&b, ev, v);
	if (ev->has_source) {
		hex[hex_encode(ev->source, 32, hex)] = '\0';
		buf_fmt(&b, "source %s %" PRIu32 " %" PRIu32 "\n", hex,
		    ev->page, ev->row);
	}
	if (ev->changed != 0) {
		buf_str(&b, "changed");
		for (i = 0; i < FIELD_COUNT; i++)
			if (ev->changed & (1u << i)) {
				buf_str(&b, " ");
				buf_str(&b, field_key((enum field)i));
			}
		buf_str(&b, "\n");
	}
	buf_str(&b, ev->revoked ? "status revoked\n" : "status valid\n");
	for (i = 0; i < FIELD_COUNT; i++) {
		if (ev->field[i].value == NULL)
			continue;
		if (event_digest((enum field)i, ev->field[i].salt,
		    ev->field[i].value, d) != EVENT_OK ||
		    b64_encode(d, sizeof(d), d64, sizeof(d64)) < 0)
			b.err = 1;
		buf_str(&b, "field ");
		buf_str(&b, field_key((enum field)i));
		buf_str(&b, " ");
		buf_str(&b, d64);
		buf_str(&b, "\n");
	}
	*out = buf_finish(&b, len);
	return *out != NULL ? EVENT_OK : EVENT_ENOMEM;
}

static void
put_u16(struct buf *b, uint16_t v)
{
	uint8_t	 x[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	buf_add(b, x, 2);
}

static void
put_u32(struct buf *b, uint32_t v)
{
	put_u16(b, (uint16_t)(v >> 16));
	put_u16(b, (uint16_t)v);
}

static void
put_u64(struct buf *b, uint64_t v)
{
	put_u32(b, (uint32_t)(v >> 32));
	put_u32(b, (uint32_t)v);
}

/*
 * Store encoding, all integers big-endian:
 *   u8 version (1 or 2), u8 kind, u8 revoked, u8 has_source
 *   u64 record, u64 time (two's complement), u32 changed
 *   u16 attribute mask, then per present attribute: u16 len, bytes
 *     (version 2: `by`'s bytes are followed by its 16-byte salt)
 *   [has_source: 32 bytes SHA-256, u32 page, u32 row]
 *   u16 field mask, then per present field: 16 salt, u16 len, bytes
 */
int
event_encode(const struct event *ev, uint8_t **out, size_t *len)
{
	struct buf	 b = { 0 };
	uint16_t	 mask = 0;
	uint8_t		 hdr[4];
	size_t		 n;
	int		 i, v;

	*out = NULL;
	*len = 0;
	v = version_of(ev);
	if (v > EVENT_V2 || v < EVENT_V1)
		return EVENT_EINVAL;
	hdr[0] = (uint8_t)v;
	hdr[1] = (uint8_t)ev->kind;
	hdr[2] = ev->revoked ? 1 : 0;
	hdr[3] = ev->has_source ? 1 : 0;
	buf_add(&b, hdr, 4);
	put_u64(&b, ev->record);
	put_u64(&b, (uint64_t)ev->time);
	put_u32(&b, ev->changed);
	for (i = 0; i < EVENT_ATTR_COUNT; i++)
		if (ev->attr[i] != NULL)
			mask |= (uint16_t)(1u << i);
	put_u16(&b, mask);
	for (i = 0; i < EVENT_ATTR_COUNT; i++) {
		if (ev->attr[i] == NULL)
			continue;
		n = strlen(ev->attr[i]);
		if (n > EVENT_TEXT_MAX)
			b.err = 1;
		put_u16(&b, (uint16_t)n);
		buf_add(&b, ev->attr[i], n);
		if (i == EVENT_BY && v >= EVENT_V2)
			buf_add(&b, ev->by_salt, EVENT_SALT_LEN);
	}
	if (ev->has_source) {
		buf_add(&b, ev->source, 32);
		put_u32(&b, ev->page);
		put_u32(&b, ev->row);
	}
	mask = 0;
	for (i = 0; i < FIELD_COUNT; i++)
		if (ev->field[i].value != NULL)
			mask |= (uint16_t)(1u << i);
	put_u16(&b, mask);
	for (i = 0; i < FIELD_COUNT; i++) {
		if (ev->field[i].value == NULL)
			continue;
		n = strlen(ev->field[i].value);
		if (n > EVENT_VALUE_MAX)
			b.err = 1;
		buf_add(&b, ev->field[i].salt, EVENT_SALT_LEN);
		put_u16(&b, (uint16_t)n);
		buf_add(&b, ev->field[i].value, n);
	}
	*out = (uint8_t *)buf_finish(&b, len);
	return *out != NULL ? EVENT_OK : EVENT_ENOMEM;
}

/* A bounds-checked reader over stored bytes. */
struct rd {
	const uint8_t	*p;
	size_t		 left;
	int		 err;
};

static const uint8_t *
rd_take(struct rd *r, size_t n)
{
	const uint8_t	*p;

	if (r->err || n > r->left) {
		r->err = 1;
		return NULL;
	}
	p = r->p;
	r->p += n;
	r->left -= n;
	return p;
}

static uint64_t
rd_uint(struct rd *r, size_t n)
{
	const uint8_t	*p = rd_take(r, n);
	uint64_t	 v = 0;
	size_t		 i;

	if (p == NULL)
		return 0;
	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* Reads a u16-length string; ctrl as in text_ok; max bytes at most. */
static char *
rd_str(struct rd *r, size_t max, int ctrl, int allow_empty)
{
	size_t		 n = (size_t)rd_uint(r, 2);
	const uint8_t	*p;
	char		*s;

	if (r->err)
		return NULL;
	if (n > max || (n == 0 && !allow_empty)) {
		r->err = 1;
		return NULL;
	}
	p = rd_take(r, n);
	if (p == NULL || !utf8_valid((const char *)p, n, ctrl ? UTF8_NO_CONTROLS : 0)) {
		r->err = 1;
		return NULL;
	}
	s = malloc(n + 1);
	if (s == NULL) {
		r->err = 2;
		return NULL;
	}
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

int
event_decode(const void *buf, size_t len, struct event *ev)
{
	struct rd	 r = { buf, len, 0 };
	const uint8_t	*p;
	uint16_t	 mask;
	int		 i;

	memset(ev, 0, sizeof(*ev));
	p = rd_take(&r, 4);
	if (p == NULL || p[0] < EVENT_V1 || p[0] > EVENT_V2 ||
	    p[1] >= EVENT_KIND_COUNT || p[2] > 1 || p[3] > 1)
		return EVENT_EDECODE;
	ev->version = p[0];
	ev->kind = (enum event_kind)p[1];
	ev->revoked = p[2];
	ev->has_source = p[3];
	ev->record = rd_uint(&r, 8);
	ev->time = (int64_t)rd_uint(&r, 8);
	ev->changed = (uint32_t)rd_uint(&r, 4);
	mask = (uint16_t)rd_uint(&r, 2);
	/* A time the leaf cannot spell (before 1970, after 9999) is bad. */
	if (r.err || ev->record == 0 || ev->time < 0 ||
	    ev->time > INT64_C(253402300799) ||
	    (ev->changed & ~(uint32_t)((1u << FIELD_COUNT) - 1)) != 0 ||
	    (mask >> EVENT_ATTR_COUNT) != 0)
		goto bad;
	for (i = 0; i < EVENT_ATTR_COUNT && !r.err; i++) {
		if (!(mask & (1u << i)))
			continue;
		ev->attr[i] = rd_str(&r, EVENT_TEXT_MAX, 1, 0);
		if (i == EVENT_BY && ev->version >= EVENT_V2) {
			p = rd_take(&r, EVENT_SALT_LEN);
			if (p != NULL)
				memcpy(ev->by_salt, p, EVENT_SALT_LEN);
		}
	}
	if (ev->has_source) {
		p = rd_take(&r, 32);
		if (p != NULL)
			memcpy(ev->source, p, 32);
		ev->page = (uint32_t)rd_uint(&r, 4);
		ev->row = (uint32_t)rd_uint(&r, 4);
	}
	mask = (uint16_t)rd_uint(&r, 2);
	if (r.err || (mask >> FIELD_COUNT) != 0)
		goto bad;
	for (i = 0; i < FIELD_COUNT && !r.err; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (!event_field_allowed((enum field)i))
			goto bad;
		p = rd_take(&r, EVENT_SALT_LEN);
		if (p != NULL)
			memcpy(ev->field[i].salt, p, EVENT_SALT_LEN);
		ev->field[i].value = rd_str(&r, EVENT_VALUE_MAX, 0, 1);
	}
	if (r.err == 2) {
		event_clear(ev);
		return EVENT_ENOMEM;
	}
	if (r.err || r.left != 0)
		goto bad;
	return EVENT_OK;
bad:
	event_clear(ev);
	return EVENT_EDECODE;
}

int
event_copy(struct event *dst, const struct event *src)
{
	int	 i;

	*dst = *src;
	for (i = 0; i < EVENT_ATTR_COUNT; i++)
		dst->attr[i] = NULL;
	for (i = 0; i < FIELD_COUNT; i++)
		dst->field[i].value = NULL;
	for (i = 0; i < EVENT_ATTR_COUNT; i++) {
		if (src->attr[i] == NULL)
			continue;
		dst->attr[i] = strdup(src->attr[i]);
		if (dst->attr[i] == NULL)
			goto nomem;
	}
	for (i = 0; i < FIELD_COUNT; i++) {
		if (src->field[i].value == NULL)
			continue;
		dst->field[i].value = strdup(src->field[i].value);
		if (dst->field[i].value == NULL)
			goto nomem;
	}
	return EVENT_OK;
nomem:
	event_clear(dst);
	return EVENT_ENOMEM;
}

int
event_next(struct event *dst, const struct event *cur, enum event_kind kind,
    int64_t time)
{
	int	 a, rc;

	rc = event_copy(dst, cur);
	if (rc != EVENT_OK)
		return rc;
	dst->version = EVENT_VERSION;
	memset(dst->by_salt, 0, EVENT_SALT_LEN);
	dst->kind = kind;
	dst->time = time;
	dst->has_source = 0;
	dst->page = dst->row = 0;
	dst->changed = 0;
	for (a = EVENT_DECISION; a < EVENT_ATTR_COUNT; a++) {
		free(dst->attr[a]);
		dst->attr[a] = NULL;
	}
	return EVENT_OK;
}

void
event_clear(struct event *ev)
{
	int	 i;

	if (ev == NULL)
		return;
	for (i = 0; i < EVENT_ATTR_COUNT; i++)
		free(ev->attr[i]);
	for (i = 0; i < FIELD_COUNT; i++)
		free(ev->field[i].value);
	memset(ev, 0, sizeof(*ev));
}
