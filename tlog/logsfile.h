/*
 * logsfile.h: the list of logs a witness cosigns (and a monitor follows),
 * one log per line:
 *
 *   <origin> <vkey> [<url>]
 *
 * where vkey is the log's Ed25519 verifier key (signed-note type 0x01)
 * and its name must be the origin (tlog-checkpoint: the key name SHOULD
 * be the origin; sogoc's logs sign as their origin, so a mismatch is a
 * mistake in the file, said as one).  Several lines of one origin give
 * it several keys (a key rotation); their URLs, if any, must agree.
 * Blank lines and lines starting with '#' are ignored; fields are
 * separated by spaces or tabs.  Errors name the line.
 *
 * A parsed file is immutable: any number of threads may read it.
 * logsfile_free() frees it and its keys.
 */
#ifndef SOGOC_TLOG_LOGSFILE_H
#define SOGOC_TLOG_LOGSFILE_H

#include <stddef.h>

#include "note.h"

#define LOGSFILE_OK		0
#define LOGSFILE_ENOMEM		1
#define LOGSFILE_EFORMAT	2	/* a line is wrong: err says which */
#define LOGSFILE_EIO		3	/* the file cannot be read */

#define LOGSFILE_NEED_URL	0x1	/* every log needs its URL (monitor) */
#define LOGSFILE_MAX		(1 << 20)	/* bytes of a logs file */

struct logsfile_log {
	char			 *origin;
	char			 *url;		/* NULL when none */
	struct note_verifier	**keys;
	size_t			  nkeys;
	size_t			  line;		/* its first line */
};

struct logsfile {
	struct logsfile_log	*logs;
	size_t			 nlogs;
};

/*
 * Parses len bytes of text (flags: LOGSFILE_NEED_URL) into a malloc'd
 * *out.  On failure *out is NULL and err (errsz bytes) says what is
 * wrong and on which line ("line 3: ...").
 */
int	 logsfile_parse(const char *text, size_t len, int flags,
	    struct logsfile **out, char *err, size_t errsz);

/* logsfile_parse() of the file at path (at most LOGSFILE_MAX bytes). */
int	 logsfile_read(const char *path, int flags, struct logsfile **out,
	    char *err, size_t errsz);

void	 logsfile_free(struct logsfile *lf);

/* The log of origin (len bytes, not NUL-terminated), or NULL. */
const struct logsfile_log *logsfile_find(const struct logsfile *lf,
	    const char *origin, size_t len);

#endif /* SOGOC_TLOG_LOGSFILE_H */
