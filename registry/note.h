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
 *
 * Keys of signature type 0x04 (c2sp.org/tlog-cosignature, a witness's
 * Ed25519 key) share these formats with 0x04 in place of 0x01, also in the
 * id; cosig.h signs and checks their signatures, built on the primitives
 * at the end of this header.  note_sign() and note_open() speak type 0x01
 * only.
 *
 * Errors come back as NOTE_* codes (note_strerror); OpenSSL's error queue
 * is emptied on every crypto failure.  Keys are immutable once made: any
 * number of threads may sign and verify with one key at once.
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

/* The signature types (the key's first byte, and a byte of its id). */
#define NOTE_TYPE_ED25519	0x01	/* a signed note's own signature */
#define NOTE_TYPE_COSIG		0x04	/* cosignature/v1 (cosig.h) */

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

/* note_keygen() for a key of the given NOTE_TYPE_*. */
int		 note_keygen_type(const char *name, int type, char **skey,
		    char **vkey);

/*
 * Parses a signer key; trailing white space (a newline from a file) is
 * ignored.  *out is freed with note_signer_free(), which wipes the key.
 */
int		 note_signer_new(const char *skey, struct note_signer **out);
/* The same for a key of exactly the given NOTE_TYPE_* (else NOTE_EKEY). */
int		 note_signer_new_type(const char *skey, int type,
		    struct note_signer **out);
void		 note_signer_free(struct note_signer *s);
const char	*note_signer_name(const struct note_signer *s);
uint32_t	 note_signer_id(const struct note_signer *s);
int		 note_signer_type(const struct note_signer *s);

/* The verifier key string of s, malloc'd; NULL on allocation failure. */
char		*note_signer_vkey(const struct note_signer *s);

int		 note_verifier_new(const char *vkey,
		    struct note_verifier **out);
/*
 * A verifier key of the given NOTE_TYPE_*, or of either type when type is
 * 0 (a list mixing a log's keys and witnesses' keys, cosig_open()).
 */
int		 note_verifier_new_type(const char *vkey, int type,
		    struct note_verifier **out);
void		 note_verifier_free(struct note_verifier *v);
const char	*note_verifier_name(const struct note_verifier *v);
uint32_t	 note_verifier_id(const struct note_verifier *v);
int		 note_verifier_type(const struct note_verifier *v);

/*
 * Signs text (len bytes of UTF-8 without control characters other than
 * newline, ending in a newline, with no blank line and no line starting
 * with the em dash of a signature) and sets *out to the malloc'd signed
 * note: text, "\n", then the signature line.  The spec would allow a blank
 * line in the text (the last one splits off the signatures); checkpoints
 * and heads have none, so one is refused as a likely mistake.  A signer
 * of another type than 0x01 is NOTE_EKEY.
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
 * whose signature verified.  Give it type 0x01 keys: a signature by a key
 * of another type is NOTE_EBADSIG here (cosig_open() checks both).
 */
int		 note_open(const char *msg, size_t len,
		    struct note_verifier *const *v, size_t nv, size_t *textlen,
		    size_t *signer);

/*
 * Appends the n bytes of signature lines at lines (each "\u2014 name
 * base64\n", as cosig_sign() or a witness makes them) to the signed note
 * msg (len bytes), into a malloc'd, NUL-terminated *out.  Both the note
 * and each line are checked for form (not their signatures: the caller
 * opens the result with its keys); NOTE_EFORMAT when one is malformed or
 * there would be more than 100 signatures.
 */
int		 note_add_sigs(const char *msg, size_t len, const char *lines,
		    size_t n, char **out);

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

/*
 * Signed-note primitives, for cosig.c and other signature types.
 */

/* Whether note_sign() would sign text (see there). */
int		 note_text_signable(const char *text, size_t len);

/* The Ed25519 signature (64 bytes into sig) of len bytes at msg. */
int		 note_sign_raw(const struct note_signer *s, const void *msg,
		    size_t len, uint8_t *sig);

/* NOTE_OK when sig (64 bytes) is v's Ed25519 signature of msg, else
 * NOTE_EBADSIG (or NOTE_ECRYPTO). */
int		 note_verify_raw(const struct note_verifier *v,
		    const void *msg, size_t len, const uint8_t *sig);

/*
 * The signature line "\u2014 name base64(id32be || sig)\n" into a malloc'd
 * *out (NUL-terminated).
 */
int		 note_sig_line(const char *name, uint32_t id,
		    const uint8_t *sig, size_t siglen, char **out);

/*
 * Checks the form of the signed note msg (len bytes) and sets *textlen
 * to the length of its text, which ends at the last blank line.
 */
int		 note_split(const char *msg, size_t len, size_t *textlen);

/*
 * Parses one signature line (len bytes, without its newline): *name
 * points into line (*namelen bytes, a valid key name), *id is the key id
 * and *sig a malloc'd copy of the signature bytes after the id (at least
 * one), which the caller frees.  NOTE_EFORMAT when malformed.
 */
int		 note_sig_parse(const char *line, size_t len,
		    const char **name, size_t *namelen, uint32_t *id,
		    uint8_t **sig, size_t *siglen);

/*
 * Called by note_open_check() once for the first signature line of each
 * known key v (v's index i in the list): returns NOTE_OK when sig (siglen
 * bytes after the id) is v's valid signature of the note's text (textlen
 * bytes at text), else a code that fails the whole note.
 */
typedef int	 note_check_fn(const struct note_verifier *v, size_t i,
		    const char *text, size_t textlen, const uint8_t *sig,
		    size_t siglen, void *arg);

/*
 * note_open() with the check of each known key's signature left to
 * check: unknown keys ignored, a key's repeated signature skipped, at
 * least one known key needed (else NOTE_EUNKNOWN), at most 100 lines.
 */
int		 note_open_check(const char *msg, size_t len,
		    struct note_verifier *const *v, size_t nv, size_t *textlen,
		    note_check_fn *check, void *arg);

#endif /* SOGOC_REGISTRY_NOTE_H */
