/*
 * logsfile.c: the logs file of a witness or a monitor (see logsfile.h):
 * a line parser and the list of logs it builds.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logsfile.h"
#include "utf8.h"

#define MAX_FIELDS	3
#define MAX_LINE	4096

/* One line's fields: pointers into the text and their lengths. */
struct fields {
	const char	*f[MAX_FIELDS + 1];
	size_t		 len[MAX_FIELDS + 1];
	size_t		 n;
};

static int
fail(char *err, size_t errsz, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
fail(char *err, size_t errsz, size_t line, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	n = snprintf(err, errsz, "line %zu: ", line);
	if (n >= 0 && (size_t)n < errsz) {
		va_start(ap, fmt);
		vsnprintf(err + n, errsz - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return LOGSFILE_EFORMAT;
}

/* A field separator; '\r' too, for a file written on Windows. */
static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Splits [p, e) at spaces and tabs, at most MAX_FIELDS + 1 fields. */
static void
split(const char *p, const char *e, struct fields *fl)
{
	const char	*s;

	fl->n = 0;
	while (p < e && fl->n <= MAX_FIELDS) {
		while (p < e && is_space(*p))
			p++;
		if (p == e)
			break;
		for (s = p; p < e && !is_space(*p); p++)
			;
		fl->f[fl->n] = s;
		fl->len[fl->n++] = (size_t)(p - s);
	}
}

/* Whether [u, +n) is an http or https URL without controls or spaces. */
static int
url_ok(const char *u, size_t n)
{
	if (!utf8_valid(u, n, UTF8_NO_CONTROLS))
		return 0;
	return (n > 7 && strncmp(u, "http://", 7) == 0) ||
	    (n > 8 && strncmp(u, "https://", 8) == 0);
}

/* The log of origin in lf, added when missing (line its first line). */
static struct logsfile_log *
log_of(struct logsfile *lf, const char *origin, size_t len, size_t line)
{
	struct logsfile_log	*l, *nl;

	l = (struct logsfile_log *)logsfile_find(lf, origin, len);
	if (l != NULL)
		return l;
	nl = realloc(lf->logs, (lf->nlogs + 1) * sizeof(*nl));
	if (nl == NULL)
		return NULL;
	lf->logs = nl;
	l = &lf->logs[lf->nlogs];
	memset(l, 0, sizeof(*l));
	l->origin = strndup(origin, len);
	if (l->origin == NULL)
		return NULL;
	l->line = line;
	lf->nlogs++;
	return l;
}

/* Adds the log line fl (line number n) to lf. */
static int
add_line(struct logsfile *lf, const struct fields *fl, size_t n, int flags,
    char *err, size_t errsz)
{
	struct logsfile_log	 *l;
	struct note_verifier	 *v, **nk;
	char			  vkey[MAX_LINE + 1];
	int			  rc;

	if (fl->n < 2 || fl->n > MAX_FIELDS)
		return fail(err, errsz, n, "want <origin> <vkey> [<url>], "
		    "found %zu fields", fl->n);
	if (fl->n == 2 && (flags & LOGSFILE_NEED_URL))
		return fail(err, errsz, n, "no URL");
	if (fl->n == 3 && !url_ok(fl->f[2], fl->len[2]))
		return fail(err, errsz, n, "the URL is not http:// or "
		    "https://");
	memcpy(vkey, fl->f[1], fl->len[1]);
	vkey[fl->len[1]] = '\0';
	rc = note_verifier_new(vkey, &v);
	if (rc != NOTE_OK)
		return fail(err, errsz, n, "not a log's verifier key (type "
		    "0x01): %s", note_strerror(rc));
	if (strlen(note_verifier_name(v)) != fl->len[0] ||
	    memcmp(note_verifier_name(v), fl->f[0], fl->len[0]) != 0) {
		rc = fail(err, errsz, n, "the key is named \"%s\", not the "
		    "origin \"%.*s\"", note_verifier_name(v),
		    (int)fl->len[0], fl->f[0]);
		note_verifier_free(v);
		return rc;
	}
	l = log_of(lf, fl->f[0], fl->len[0], n);
	nk = l == NULL ? NULL :
	    realloc(l->keys, (l->nkeys + 1) * sizeof(*nk));
	if (nk == NULL) {
		note_verifier_free(v);
		snprintf(err, errsz, "out of memory");
		return LOGSFILE_ENOMEM;
	}
	l->keys = nk;
	l->keys[l->nkeys++] = v;
	if (fl->n == 3 && l->url != NULL &&
	    (strlen(l->url) != fl->len[2] ||
	    memcmp(l->url, fl->f[2], fl->len[2]) != 0))
		return fail(err, errsz, n, "another URL than line %zu's for "
		    "%s", l->line, l->origin);
	if (fl->n == 3 && l->url == NULL) {
		l->url = strndup(fl->f[2], fl->len[2]);
		if (l->url == NULL) {
			snprintf(err, errsz, "out of memory");
			return LOGSFILE_ENOMEM;
		}
	}
	return LOGSFILE_OK;
}

int
logsfile_parse(const char *text, size_t len, int flags,
    struct logsfile **out, char *err, size_t errsz)
{
	struct logsfile	*lf;
	struct fields	 fl;
	const char	*p = text, *e = text + len, *nl;
	size_t		 n = 0;
	int		 rc = LOGSFILE_OK;

	*out = NULL;
	lf = calloc(1, sizeof(*lf));
	if (lf == NULL) {
		snprintf(err, errsz, "out of memory");
		return LOGSFILE_ENOMEM;
	}
	for (; p < e && rc == LOGSFILE_OK; p = nl + 1) {
		n++;
		nl = memchr(p, '\n', (size_t)(e - p));
		if (nl == NULL)
			nl = e;
		if (nl - p > MAX_LINE)
			rc = fail(err, errsz, n, "longer than %d bytes",
			    MAX_LINE);
		else if (memchr(p, '\0', (size_t)(nl - p)) != NULL ||
		    !utf8_valid(p, (size_t)(nl - p), 0))
			rc = fail(err, errsz, n, "not UTF-8 text");
		else {
			split(p, nl, &fl);
			if (fl.n > 0 && fl.f[0][0] != '#')
				rc = add_line(lf, &fl, n, flags, err, errsz);
		}
	}
	if (rc == LOGSFILE_OK && lf->nlogs == 0) {
		snprintf(err, errsz, "no logs listed");
		rc = LOGSFILE_EFORMAT;
	}
	if (rc != LOGSFILE_OK) {
		logsfile_free(lf);
		return rc;
	}
	*out = lf;
	return LOGSFILE_OK;
}

int
logsfile_read(const char *path, int flags, struct logsfile **out,
    char *err, size_t errsz)
{
	FILE	*fp;
	char	*text, why[512];
	size_t	 n;
	int	 rc;

	*out = NULL;
	fp = fopen(path, "r");
	if (fp == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return LOGSFILE_EIO;
	}
	text = malloc(LOGSFILE_MAX + 1);
	if (text == NULL) {
		fclose(fp);
		snprintf(err, errsz, "out of memory");
		return LOGSFILE_ENOMEM;
	}
	n = fread(text, 1, LOGSFILE_MAX + 1, fp);
	if (ferror(fp)) {
		rc = LOGSFILE_EIO;
		snprintf(why, sizeof(why), "cannot read it");
	} else if (n > LOGSFILE_MAX) {
		rc = LOGSFILE_EFORMAT;
		snprintf(why, sizeof(why), "larger than %d bytes",
		    LOGSFILE_MAX);
	} else
		rc = logsfile_parse(text, n, flags, out, why, sizeof(why));
	fclose(fp);
	free(text);
	if (rc != LOGSFILE_OK)
		snprintf(err, errsz, "%s: %s", path, why);
	return rc;
}

void
logsfile_free(struct logsfile *lf)
{
	size_t	 i, k;

	if (lf == NULL)
		return;
	for (i = 0; i < lf->nlogs; i++) {
		for (k = 0; k < lf->logs[i].nkeys; k++)
			note_verifier_free(lf->logs[i].keys[k]);
		free(lf->logs[i].keys);
		free(lf->logs[i].origin);
		free(lf->logs[i].url);
	}
	free(lf->logs);
	free(lf);
}

const struct logsfile_log *
logsfile_find(const struct logsfile *lf, const char *origin, size_t len)
{
	size_t	 i;

	for (i = 0; i < lf->nlogs; i++)
		if (strlen(lf->logs[i].origin) == len &&
		    memcmp(lf->logs[i].origin, origin, len) == 0)
			return &lf->logs[i];
	return NULL;
}
