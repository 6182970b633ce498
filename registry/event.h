/*
 * event.h: one event of the registry's log and its two encodings.
 *
 * Every change to the registry is an event: a diploma issued from the ledger,
 * corrected (chỉnh sửa), revoked (thu hồi / hủy bỏ), reissued, or a certified
 * copy issued.  An event carries the whole state of its record after the
 * change, so the latest event of a record is enough to prove what the record
 * says now.
 *
 * The leaf encoding is what the Merkle tree hashes (docs/registry.md says
 * how to recompute it): UTF-8 text lines, where every ledger field appears
 * only as a salted digest SHA-256(salt16 || key || 0x00 || value), so a
 * proof can disclose some fields and withhold the rest.  The store encoding
 * is the compact binary form kept in LMDB, with the salts and values; the
 * leaf is always recomputed from it, never stored, so the two cannot drift.
 *
 * Two leaf versions exist.  sogoc/event/v1 shows `by`, the staff account
 * that recorded the event, in clear; sogoc/event/v2 shows only its salted
 * digest, so that leaves published on public mirrors name no member of
 * staff.  Events are written as v2; an event stored as v1 keeps its v1
 * leaf byte for byte, so that old proofs and receipts still verify.
 */
#ifndef SOGOC_REGISTRY_EVENT_H
#define SOGOC_REGISTRY_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "field.h"

#define EVENT_SALT_LEN		16
#define EVENT_DIGEST_LEN	32
#define EVENT_TEXT_MAX		512	/* bytes in a cleartext attribute */
#define EVENT_VALUE_MAX		1024	/* bytes in a field value */

#define EVENT_V1		1	/* leaf sogoc/event/v1: `by` in clear */
#define EVENT_V2		2	/* leaf sogoc/event/v2: `by` digested */
#define EVENT_VERSION		EVENT_V2	/* what new events are */

#define EVENT_OK		0
#define EVENT_ENOMEM		1
#define EVENT_EINVAL		2	/* an attribute cannot be encoded */
#define EVENT_EDECODE		3	/* stored bytes are not an event */

enum event_kind {
	EVENT_ISSUE = 0,
	EVENT_CORRECT,
	EVENT_REVOKE,
	EVENT_REISSUE,
	EVENT_COPY,
	EVENT_KIND_COUNT
};

/* Cleartext attributes of an event, in leaf order. */
enum event_attr {
	EVENT_AUTHORITY = 0,	/* issuing authority of the ledger */
	EVENT_TYPE,		/* diploma type: THPT, THCS, ... */
	EVENT_YEAR,		/* graduation year */
	EVENT_DECISION,		/* decision number */
	EVENT_DECISION_DATE,	/* its date, YYYY-MM-DD */
	EVENT_REASON,		/* why (revoke) */
	EVENT_BY,		/* the staff account that recorded it */
	EVENT_COPY_NO,		/* a certified copy's number (copy) */
	EVENT_SIGNER,		/* who signed the copy */
	EVENT_SIGNER_TITLE,	/* and in what office */
	EVENT_ATTR_COUNT
};

struct event_field {
	char		*value;	/* NULL when the field is absent */
	uint8_t		 salt[EVENT_SALT_LEN];
};

struct event {
	int		 version;	/* EVENT_V1, EVENT_V2; 0: new (v2) */
	enum event_kind	 kind;
	uint64_t	 record;	/* record number, from 1 */
	int64_t		 time;		/* seconds since the epoch, UTC */
	int		 revoked;	/* status after the event */
	char		*attr[EVENT_ATTR_COUNT];	/* NULL when absent */
	int		 has_source;
	uint8_t		 source[32];	/* SHA-256 of the scan or CSV */
	uint32_t	 page, row;
	uint32_t	 changed;	/* bit per enum field (correct) */
	uint8_t		 by_salt[EVENT_SALT_LEN];	/* v2: of attr by */
	struct event_field field[FIELD_COUNT];
};

/* Fields that may enter an event (not seq, not the signature column). */
int		 event_field_allowed(enum field f);

const char	*event_kind_name(enum event_kind k);
/* A kind, by its name ("revoke"), in Vietnamese ("Thu hồi"); NULL when
 * there is no such kind. */
const char	*event_kind_words(const char *name);
const char	*event_attr_name(enum event_attr a);
const char	*event_strerror(int code);

/*
 * SHA-256(salt || key || 0x00 || value) into out (EVENT_DIGEST_LEN):
 * EVENT_OK, or EVENT_EINVAL (a value longer than EVENT_VALUE_MAX) or
 * EVENT_ENOMEM (hashing failed), with out zeroed.  Thread-safe.
 */
int		 event_digest(enum field f, const uint8_t *salt,
		    const char *value, uint8_t *out)
		    __attribute__((warn_unused_result));

/*
 * The digest a v2 leaf's `by` line carries: SHA-256(salt || "by" || 0x00
 * || account) into out (EVENT_DIGEST_LEN), as event_digest() returns.
 * Whoever holds the salt (the store) can show who recorded an event; the
 * leaf alone does not say.  Thread-safe.
 */
int		 event_by_digest(const uint8_t *salt, const char *account,
		    uint8_t *out)
		    __attribute__((warn_unused_result));

/*
 * Sets field f of ev to a copy of value with a fresh random salt.  Returns
 * EVENT_OK, EVENT_ENOMEM, or EVENT_EINVAL when value is too long or not
 * UTF-8.
 */
int		 event_set_field(struct event *ev, enum field f,
		    const char *value);

/*
 * As event_set_field, but leaves the salt alone: a caller setting many
 * fields draws their salts at once with event_new_salts().
 */
int		 event_set_value(struct event *ev, enum field f,
		    const char *value);

/* Draws fresh random salts for every field present (EVENT_ENOMEM). */
int		 event_new_salts(struct event *ev);

/*
 * Sets attribute a to a copy of s (EVENT_EINVAL on a control character).
 * Setting EVENT_BY also draws a fresh by_salt (EVENT_ENOMEM when the
 * random generator fails), so no two events share one.
 */
int		 event_set_attr(struct event *ev, enum event_attr a,
		    const char *s);

/*
 * Writes the leaf bytes of ev into a malloc'd buffer *out of *len bytes,
 * in ev's version (v2 for a new event).  The caller frees *out.
 */
int		 event_leaf(const struct event *ev, char **out, size_t *len);

/* The store encoding, in ev's version (v2 for a new event), malloc'd into
 * *out of *len bytes. */
int		 event_encode(const struct event *ev, uint8_t **out,
		    size_t *len);

/*
 * Decodes a store encoding of either version into *ev (ev->version says
 * which), which the caller releases with event_clear().  Every length and
 * value is checked: flipped bytes give EVENT_EDECODE, never a crash.
 */
int		 event_decode(const void *buf, size_t len, struct event *ev);

/* Deep copy of src into *dst (EVENT_ENOMEM). */
int		 event_copy(struct event *dst, const struct event *src);

/*
 * The event after cur, of kind at time, into *dst: the record's state
 * (its fields, salts, diploma and status) copied, and nothing of cur's
 * own (decision, reason, who, source, changed fields, copy).  dst is a
 * new event (of EVENT_VERSION) whatever cur's version.
 */
int		 event_next(struct event *dst, const struct event *cur,
		    enum event_kind kind, int64_t time);

/* Frees what ev holds and zeroes it; accepts a zeroed event. */
void		 event_clear(struct event *ev);

#endif /* SOGOC_REGISTRY_EVENT_H */
