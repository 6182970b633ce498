/*
 * cosig.h: cosignatures (c2sp.org/tlog-cosignature v1.0.1, cosignature/v1):
 * a witness's timestamped Ed25519 signature on a log's checkpoint, and the
 * opening of a checkpoint against a mixed list of log keys (type 0x01) and
 * witness keys (type 0x04) that says which of them signed and when.
 *
 * A witness key is a note key (note.h) of type NOTE_TYPE_COSIG:
 *   signer key    PRIVATE+KEY+<name>+<hex8 id>+<base64(0x04 || seed32)>
 *   verifier key  <name>+<hex8 id>+<base64(0x04 || pubkey32)>
 *   id            SHA-256(name || "\n" || 0x04 || pubkey32)[:4]
 * made with note_keygen_type(), read with note_signer_new_type() and
 * note_verifier_new_type() (type 0 there for a mixed list).  A
 * cosignature line is "\u2014 <name> base64(id32be || ts64be || sig64)\n",
 * the signature over "cosignature/v1\ntime <ts>\n" || the checkpoint text.
 *
 * Errors are NOTE_* codes (note_strerror).  Nothing here keeps state:
 * every call is thread-safe given keys nobody frees meanwhile.
 */
#ifndef SOGOC_REGISTRY_COSIG_H
#define SOGOC_REGISTRY_COSIG_H

#include <stddef.h>
#include <stdint.h>

#include "note.h"

/* The largest timestamp a cosignature may carry (2^63 - 1). */
#define COSIG_MAX_TIME	INT64_MAX

/*
 * Cosigns text (a checkpoint body: note text with no blank line, as
 * note_sign() takes) with the type 0x04 signer s at POSIX time ts (1 to
 * COSIG_MAX_TIME), and sets *line to the malloc'd signature line, newline
 * included.  NOTE_EKEY for a signer of another type, NOTE_EFORMAT for
 * such a text or time.
 */
int	 cosig_sign(const struct note_signer *s, const char *text,
	    size_t len, uint64_t ts, char **line);

/* What cosig_open() found of one key of the list. */
struct cosig_seen {
	int		 verified;	/* its signature is there and valid */
	uint64_t	 ts;		/* a cosignature's time (0 for 0x01) */
};

/*
 * Opens the signed note msg (len bytes) against the nv keys in v, of
 * either type, as note_open() does: unknown signature lines are ignored,
 * every line by a known key must verify (else NOTE_EBADSIG: a witness
 * line with a timestamp of 0 or above COSIG_MAX_TIME, or of the wrong
 * length, is one), at least one must (else NOTE_EUNKNOWN).  seen (nv
 * entries) says which keys verified and, for witnesses, at what time;
 * *textlen is the length of the text.  A quorum is a count of seen[i].
 */
int	 cosig_open(const char *msg, size_t len,
	    struct note_verifier *const *v, size_t nv, size_t *textlen,
	    struct cosig_seen *seen);

/*
 * Parses one cosignature line (len bytes, with or without its newline)
 * without checking the signature: *name is malloc'd, *id the key id,
 * *ts the time.  NOTE_EFORMAT unless it is a signature line of 76 bytes
 * (id, time, Ed25519 signature) with a time from 1 to COSIG_MAX_TIME.
 */
int	 cosig_line_parse(const char *line, size_t len, char **name,
	    uint32_t *id, uint64_t *ts);

#endif /* SOGOC_REGISTRY_COSIG_H */
