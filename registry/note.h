/*
 * note.h: C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys, and the
 * checkpoints (c2sp.org/tlog-checkpoint) the registry signs with them.
 *
 * Key formats, as in Go's golang.org/x/mod/sumdb/note:
 *   signer key    PRIVATE+KEY+<name>+<hex8 id>+<base64(0x01 || seed32)>
 *   verifier key  <name>+<hex8 id>+<base64(0x01 || pubkey32)>
 * where id is the first 4 bytes, big-endian, of
 * SHA-256(name || "\n" || 0x01 || pubkey32).  A signature line is
 * "\u2014 <name> <base64(id32be || sig64)>\n" after the text and one blank
 * line.  Ed25519 is done by OpenSSL (EVP_DigestSign with a NULL digest).
 */
#ifndef SOGOC_REGISTRY_NOTE_H
#define SOGOC_REGISTRY_NOTE_H

#include <stddef.h>
#include <stdint.h>

#define NOTE_OK		0
#define NOTE_ENOMEM	1
#define NOTE_EKEY	2	/* malformed key text */
#define NOTE_EFORMAT	3	/* malformed note or checkpoint */
#define NOTE_EUNKNOWN	4	/* no signature by any of the given keys */
#define NOTE_EBADSIG	5	/* a signature by a given key does not verify */
#define NOTE_ECRYPTO	6	/* OpenSSL failed (its queue is drained) */

struct note_signer;
struct note_verifier;

/* A message for a NOTE_* code; static. */
const char	*note_strerror(int code);

/*
 * Generates a new Ed25519 key pair named name (no '+', white space or
 * control characters).  On success *skey and *vkey are malloc'd key strings
 * (no trailing newline); the caller frees them, wiping *skey first.
 */
int		 note_keygen(const char *name, char **skey, char **vkey);

/*
 * Parses a signer key; trailing white space (a newline from a file) is
 * ignored.  *out is freed with note_signer_free(), which wipes the key.
 */
int		 note_signer_new(const char *skey, struct note_signer **out);
void		 note_signer_free(struct note_signer *s);
const char	*note_signer_name(const struct note_signer *s);
uint32_t	 note_signer_id(const struct note_signer *s);

/* The verifier key string of s, malloc'd; NULL on allocation failure. */
char		*note_signer_vkey(const struct note_signer *s);

int		 note_verifier_new(const char *vkey,
		    struct note_verifier **out);
void		 note_verifier_free(struct note_verifier *v);
const char	*note_verifier_name(const struct note_verifier *v);
uint32_t	 note_verifier_id(const struct note_verifier *v);

/*
 * Signs text (len bytes of UTF-8 without control characters other than
 * newline, ending in a newline, with no blank line and no line starting
 * with the em dash of a signature) and sets *out to the malloc'd signed
 * note: text, "\n", then the signature line.
 */
int		 note_sign(const struct note_signer *s, const char *text,
		    size_t len, char **out);

/*
 * Opens the signed note msg (len bytes): splits the text from the signature
 * lines and checks them against the nv verifiers in v.  Succeeds when at
 * least one signature is by a known key (same name and id) and every
 * signature by a known key verifies; signatures by unknown keys are
 * ignored.  On success *textlen is the length of the text (a prefix of msg)
 * and, when signer is not NULL, *signer is the index in v of the first key
 * whose signature verified.
 */
int		 note_open(const char *msg, size_t len,
		    struct note_verifier *const *v, size_t nv, size_t *textlen,
		    size_t *signer);

/*
 * Formats the body of a checkpoint: "<origin>\n<size>\n<base64 root>\n",
 * malloc'd into *out.
 */
int		 checkpoint_format(const char *origin, uint64_t size,
		    const uint8_t *root, char **out);

/*
 * Parses a checkpoint body (the text of an opened note): the origin line
 * (non-empty), the decimal size (no sign, no leading zero), the base64 root
 * hash (32 bytes), then optional extension lines.  *origin is malloc'd.
 */
int		 checkpoint_parse(const char *text, size_t len, char **origin,
		    uint64_t *size, uint8_t *root);

/*
 * A record head (docs/registry.md, "Record heads"): a note the log's key
 * signs to say "as of tree size <size>, record <record> has <events>
 * events, the latest at leaf <index>, whose leaf hash is <leaf>":
 *   sogoc/record-head/v1\n<origin>\n<size>\n<record>\n<index>\n
 *   <base64 leaf hash>\n<events>\n
 * and the head of the records one commit issued, one note for them all,
 * saying "as of tree size <size>, records <record> to <last> each have
 * one event, their issue, at leaves <index>, <index> + 1, ...":
 *   sogoc/issue-heads/v1\n<origin>\n<size>\n<record>\n<last>\n<index>\n
 * Each text names its type on its first line, so that it is never taken
 * for a checkpoint (checkpoint_parse() refuses those first lines) nor a
 * checkpoint for it.
 */
#define HEAD_TYPE	"sogoc/record-head/v1"
#define ISSUE_TYPE	"sogoc/issue-heads/v1"

struct note_head {
	int		 range;		/* an issue-heads note */
	uint64_t	 size;		/* the tree size it speaks of */
	uint64_t	 record;	/* the record, or the first issued */
	uint64_t	 last;		/* the last issued (range) */
	uint64_t	 index;		/* the record's latest event, or the
					   first issued record's issue */
	uint8_t		 leaf[32];	/* that event's leaf hash (not range) */
	uint64_t	 events;	/* the record's events up to size
					   (range: 1) */
};

/* Formats the body of head h of the log origin, malloc'd into *out. */
int		 head_format(const char *origin, const struct note_head *h,
		    char **out);

/*
 * Parses a record head's or issue heads' body (the text of an opened
 * note) into *h and *origin (malloc'd): exactly its lines, decimal
 * numbers as in a checkpoint, indexes below the size, a count of events
 * that fits.  NOTE_EFORMAT for anything else, a checkpoint included.
 */
int		 head_parse(const char *text, size_t len, char **origin,
		    struct note_head *h);

/*
 * Whether head h speaks of record, and if so the leaf index of the
 * record's latest event it names into *index: h's own for a record head,
 * the record's issue for issue heads.
 */
int		 head_covers(const struct note_head *h, uint64_t record,
		    uint64_t *index);

#endif /* SOGOC_REGISTRY_NOTE_H */
