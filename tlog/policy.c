/*
 * policy.c: the witnesses file of a department's log (policy.h), read
 * strictly: every line a witness, a comment or blank.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cosig.h"
#include "note.h"
#include "policy.h"

#define MAX_FIELD	1024	/* bytes of one field */

static const char *const seps = " \t";

/* The next field of *p (advanced past it) into buf; 0, or -1 when none. */
static int
field(const char **p, const char *end, char *buf, size_t bufsz)
{
	const char	*s = *p, *e;

	while (s < end && strchr(seps, *s) != NULL && *s != '\0')
		s++;
	for (e = s; e < end && strchr(seps, *e) == NULL; e++)
		;
	if (e == s || (size_t)(e - s) >= bufsz)
		return -1;
	memcpy(buf, s, (size_t)(e - s));
	buf[e - s] = '\0';
	*p = e;
	return 0;
}

/* Whether url is an http(s) URL with a host and no white space. */
static int
url_ok(const char *url)
{
	const char	*h;

	if (strncmp(url, "https://", 8) == 0)
		h = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		h = url + 7;
	else
		return 0;
	return h[0] != '\0' && h[0] != '/';
}

/* One witness line (the text after "witness") into p; 0 or -1 in err. */
static int
witness_line(const char *s, const char *end, struct policy *p, size_t lineno,
    char *err, size_t errsz)
{
	struct note_verifier	*v;
	char			 name[MAX_FIELD], vkey[MAX_FIELD], url[MAX_FIELD];
	size_t			 i;

	if (field(&s, end, name, sizeof(name)) != 0 ||
	    field(&s, end, vkey, sizeof(vkey)) != 0 ||
	    field(&s, end, url, sizeof(url)) != 0) {
		snprintf(err, errsz, "line %zu: witness takes a name, a "
		    "verifier key and a URL", lineno);
		return -1;
	}
	while (s < end && strchr(seps, *s) != NULL)
		s++;
	if (s < end) {
		snprintf(err, errsz, "line %zu: more than a name, a key and a "
		    "URL", lineno);
		return -1;
	}
	if (note_verifier_new_type(vkey, NOTE_TYPE_COSIG, &v) != NOTE_OK) {
		snprintf(err, errsz, "line %zu: %s: not a witness's "
		    "cosignature key (name+id+base64 of type 0x04)", lineno,
		    name);
		return -1;
	}
	note_verifier_free(v);
	if (!url_ok(url)) {
		snprintf(err, errsz, "line %zu: %s: the URL must be http:// "
		    "or https:// and a host", lineno, name);
		return -1;
	}
	for (i = 0; i < p->n; i++)
		if (strcmp(p->w[i].name, name) == 0 ||
		    strcmp(p->w[i].vkey, vkey) == 0) {
			snprintf(err, errsz, "line %zu: witness %s is named "
			    "twice", lineno, name);
			return -1;
		}
	if (p->n == POLICY_MAX) {
		snprintf(err, errsz, "line %zu: more than %d witnesses",
		    lineno, POLICY_MAX);
		return -1;
	}
	p->w[p->n].name = strdup(name);
	p->w[p->n].vkey = strdup(vkey);
	p->w[p->n].url = strdup(url);
	p->n++;
	if (p->w[p->n - 1].name == NULL || p->w[p->n - 1].vkey == NULL ||
	    p->w[p->n - 1].url == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	return 0;
}

int
policy_parse(const char *text, size_t len, struct policy *p, char *err,
    size_t errsz)
{
	const char	*s = text, *end = text + len, *e, *q;
	char		 word[16];
	size_t		 lineno = 0;

	memset(p, 0, sizeof(*p));
	if (memchr(text, '\0', len) != NULL) {
		snprintf(err, errsz, "a NUL byte: not a text file");
		return -1;
	}
	for (; s < end; s = e + 1) {
		lineno++;
		e = memchr(s, '\n', (size_t)(end - s));
		if (e == NULL)
			e = end;
		q = e;
		if (q > s && q[-1] == '\r')
			q--;
		while (s < q && strchr(seps, *s) != NULL)
			s++;
		if (s == q || *s == '#')
			continue;
		if (field(&s, q, word, sizeof(word)) != 0 ||
		    strcmp(word, "witness") != 0) {
			snprintf(err, errsz, "line %zu: not a witness line "
			    "(witness NAME VKEY URL)", lineno);
			goto fail;
		}
		if (witness_line(s, q, p, lineno, err, errsz) != 0)
			goto fail;
	}
	return 0;
fail:
	policy_clear(p);
	return -1;
}

int
policy_load(const char *path, struct policy *p, char *err, size_t errsz)
{
	FILE	*fp;
	char	*buf, msg[512];
	size_t	 n;
	int	 rc;

	memset(p, 0, sizeof(*p));
	fp = fopen(path, "r");
	if (fp == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	buf = malloc(POLICY_MAX_FILE + 1);
	if (buf == NULL) {
		fclose(fp);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	n = fread(buf, 1, POLICY_MAX_FILE + 1, fp);
	rc = ferror(fp) ? -1 : 0;
	fclose(fp);
	if (rc != 0 || n > POLICY_MAX_FILE) {
		snprintf(err, errsz, "%s: %s", path, rc != 0 ?
		    "cannot be read" : "longer than 64 KiB");
		free(buf);
		return -1;
	}
	rc = policy_parse(buf, n, p, msg, sizeof(msg));
	free(buf);
	if (rc != 0)
		snprintf(err, errsz, "%s: %s", path, msg);
	return rc;
}

void
policy_clear(struct policy *p)
{
	size_t	 i;

	for (i = 0; i < p->n; i++) {
		free((char *)p->w[i].name);
		free((char *)p->w[i].vkey);
		free((char *)p->w[i].url);
	}
	memset(p, 0, sizeof(*p));
}
