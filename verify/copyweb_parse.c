/*
 * copyweb_parse.c: reading a copy request's body (see cw.h): a form
 * (application/x-www-form-urlencoded) or, for the API, a JSON object,
 * into the values a request has.  A value that is not text is kept as it
 * came, so that the checks refuse it by name.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <microhttpd.h>

#include "cw.h"
#include "request.h"

static const char *const xkeys[X_COUNT - CRF_COUNT] = {
	"action", "code", "until", "lang", "sure"
};

/* What the post processor hands over, kept in cw->v. */
static enum MHD_Result
form_value(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *type, const char *enc,
    const char *data, uint64_t off, size_t size)
{
	struct cw	*cw = cls;
	char		*p;
	size_t		 have;
	int		 i;

	(void)kind;
	(void)filename;
	(void)type;
	(void)enc;
	for (i = 0; i < X_COUNT; i++)
		if (strcmp(key, i < CRF_COUNT ? copyreq_field_key(i) :
		    xkeys[i - CRF_COUNT]) == 0)
			break;
	if (i == X_COUNT)
		return MHD_YES;		/* not ours: left alone */
	have = cw->v[i] != NULL && off > 0 ? strlen(cw->v[i]) : 0;
	if (have + size > VALUE_MAX) {
		cw->toolarge = 1;
		return MHD_YES;
	}
	p = realloc(have > 0 ? cw->v[i] : NULL, have + size + 1);
	if (p == NULL)
		return MHD_NO;
	if (have == 0 && cw->v[i] != NULL)
		free(cw->v[i]);		/* the same key again: the last */
	memcpy(p + have, data, size);
	p[have + size] = '\0';
	/* A NUL inside would cut the value short unseen: make it a control
	 * character, which the checks refuse by name. */
	while (strlen(p) < have + size)
		p[strlen(p)] = '\x01';
	cw->v[i] = p;
	return MHD_YES;
}

int
cw_parse_form(struct MHD_Connection *conn, struct cw *cw)
{
	struct MHD_PostProcessor	*pp;
	int				 ok;

	pp = MHD_create_post_processor(conn, 1024, form_value, cw);
	if (pp == NULL)
		return -1;
	ok = MHD_post_process(pp, cw->body != NULL ? cw->body : "",
	    cw->len) == MHD_YES;
	MHD_destroy_post_processor(pp);
	return ok ? 0 : -1;
}

/* A JSON request into cw->v; NULL, or what is wrong. */
const char *
cw_parse_json(struct cw *cw, char *why, size_t whysz)
{
	json_error_t	 jerr;
	json_t		*o, *x;
	const char	*k;
	int		 i;

	o = json_loadb(cw->body != NULL ? cw->body : "", cw->len,
	    JSON_REJECT_DUPLICATES, &jerr);
	if (o == NULL) {
		snprintf(why, whysz, "the body is not JSON: %s", jerr.text);
		return why;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		return "the body must be a JSON object";
	}
	json_object_foreach(o, k, x) {
		for (i = 0; i < CRF_COUNT; i++)
			if (strcmp(k, copyreq_field_key(i)) == 0)
				break;
		if (i == CRF_COUNT) {
			snprintf(why, whysz, "unknown member \"%.64s\"", k);
			json_decref(o);
			return why;
		}
		if (json_is_integer(x) && (i == CRF_YEAR || i == CRF_COPIES)) {
			char	 n[32];

			snprintf(n, sizeof(n), "%" JSON_INTEGER_FORMAT,
			    json_integer_value(x));
			cw->v[i] = strdup(n);
		} else if (json_is_string(x))
			cw->v[i] = strndup(json_string_value(x),
			    json_string_length(x));
		else {
			snprintf(why, whysz, "%s must be a string", k);
			json_decref(o);
			return why;
		}
		/* A string with a NUL in it is refused by name later. */
		if (cw->v[i] != NULL && json_is_string(x) &&
		    strlen(cw->v[i]) != json_string_length(x))
			cw->v[i][0] = '\x01';
	}
	json_decref(o);
	return NULL;
}

int
cw_content_is(struct MHD_Connection *conn, const char *type)
{
	const char	*ct;
	size_t		 n = strlen(type);

	ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	return ct != NULL && strncasecmp(ct, type, n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}
