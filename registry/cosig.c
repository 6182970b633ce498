/*
 * cosig.c: cosignature/v1 (see cosig.h): the signed message, signing a
 * checkpoint as a witness, and opening a note signed by logs and
 * witnesses.  The signed-note machinery (keys, lines, the split of text
 * and signatures) is note.c's; this file adds only what type 0x04 means.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cosig.h"
#include "store.h"	/* big-endian u64 */

#define ED_SIGLEN	64
#define TS_LEN		8
#define HEADER		"cosignature/v1\ntime "

/*
 * The message a cosignature signs: "cosignature/v1\ntime <ts>\n" then the
 * text, malloc'd into *msg (*msglen bytes).
 */
static int
cosig_message(uint64_t ts, const char *text, size_t len, char **msg,
    size_t *msglen)
{
	char	 head[sizeof(HEADER) + 22];
	int	 w;

	*msg = NULL;
	w = snprintf(head, sizeof(head), HEADER "%" PRIu64 "\n", ts);
	if (w < 0 || (size_t)w >= sizeof(head))
		return NOTE_EFORMAT;
	*msg = malloc((size_t)w + len);
	if (*msg == NULL)
		return NOTE_ENOMEM;
	memcpy(*msg, head, (size_t)w);
	memcpy(*msg + w, text, len);
	*msglen = (size_t)w + len;
	return NOTE_OK;
}

int
cosig_sign(const struct note_signer *s, const char *text, size_t len,
    uint64_t ts, char **line)
{
	uint8_t	 sig[TS_LEN + ED_SIGLEN];
	char	*msg;
	size_t	 msglen;
	int	 rc;

	*line = NULL;
	if (note_signer_type(s) != NOTE_TYPE_COSIG)
		return NOTE_EKEY;
	if (ts == 0 || ts > COSIG_MAX_TIME || !note_text_signable(text, len))
		return NOTE_EFORMAT;
	rc = cosig_message(ts, text, len, &msg, &msglen);
	if (rc != NOTE_OK)
		return rc;
	store_u64(ts, sig);
	rc = note_sign_raw(s, msg, msglen, sig + TS_LEN);
	free(msg);
	if (rc != NOTE_OK)
		return rc;
	return note_sig_line(note_signer_name(s), note_signer_id(s), sig,
	    sizeof(sig), line);
}

/* cosig_open()'s check of one known key's signature, by its type. */
static int
check_any(const struct note_verifier *v, size_t i, const char *text,
    size_t textlen, const uint8_t *sig, size_t siglen, void *arg)
{
	struct cosig_seen	*seen = arg;
	char			*msg;
	size_t			 msglen;
	uint64_t		 ts;
	int			 rc;

	if (note_verifier_type(v) == NOTE_TYPE_ED25519) {
		if (siglen != ED_SIGLEN)
			return NOTE_EBADSIG;
		rc = note_verify_raw(v, text, textlen, sig);
		ts = 0;
	} else {
		if (siglen != TS_LEN + ED_SIGLEN)
			return NOTE_EBADSIG;
		ts = store_get_u64(sig);
		/* Time 0 is what a witness must never sign: refuse it
		 * (tlog-witness), like a time past 2^63 - 1. */
		if (ts == 0 || ts > COSIG_MAX_TIME)
			return NOTE_EBADSIG;
		rc = cosig_message(ts, text, textlen, &msg, &msglen);
		if (rc != NOTE_OK)
			return rc;
		rc = note_verify_raw(v, msg, msglen, sig + TS_LEN);
		free(msg);
	}
	if (rc == NOTE_OK) {
		seen[i].verified = 1;
		seen[i].ts = ts;
	}
	return rc;
}

int
cosig_open(const char *msg, size_t len, struct note_verifier *const *v,
    size_t nv, size_t *textlen, struct cosig_seen *seen)
{
	size_t	 i;

	for (i = 0; i < nv; i++) {
		seen[i].verified = 0;
		seen[i].ts = 0;
	}
	return note_open_check(msg, len, v, nv, textlen, check_any, seen);
}

int
cosig_line_parse(const char *line, size_t len, char **name, uint32_t *id,
    uint64_t *ts)
{
	const char	*n;
	uint8_t		*sig;
	size_t		 namelen, siglen;
	int		 rc;

	*name = NULL;
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (memchr(line, '\n', len) != NULL)
		return NOTE_EFORMAT;
	rc = note_sig_parse(line, len, &n, &namelen, id, &sig, &siglen);
	if (rc != NOTE_OK)
		return rc;
	if (siglen != TS_LEN + ED_SIGLEN || store_get_u64(sig) == 0 ||
	    store_get_u64(sig) > COSIG_MAX_TIME) {
		free(sig);
		return NOTE_EFORMAT;
	}
	*ts = store_get_u64(sig);
	free(sig);
	*name = strndup(n, namelen);
	return *name == NULL ? NOTE_ENOMEM : NOTE_OK;
}
