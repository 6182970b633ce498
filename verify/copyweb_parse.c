/*
 * copyweb_parse.c: reading a copy request's body (see cw.h): a form
 * (application/x-www-form-urlencoded) or, for the API, a JSON object,
 * into the values a request has.  A value that is not text is kept as it
 * came (a NUL as \x01), so that the checks refuse it by name.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <microhttpd.h>

#include "copyweb.h"
#include "cw.h"
#include "form.h"
#include "request.h"

/* Values a form may have in all: ours, and a few that are not. */
#define FORM_VALUES	64

static const char *const xkeys[X_COUNT - CRF_COUNT] = {
	"action", "code", "until", "lang", "sure", "jwk"
};

/* The name of value i of cw->v in a form. */
static const char *
key_of(int i)
{
	return i < CRF_COUNT ? copyreq_field_key((enum copyreq_field)i) :
	    xkeys[i - CRF_COUNT];
}

/*
 * The form in cw's body, collected by http/form.h (a value over
 * VALUE_MAX, or more values than FORM_VALUES, marks cw too large), into
 * cw->v: of a key sent twice, the last.  Keys not ours are left alone.
 * 0, or -1 when the body is not a form that can be read.
 */
int
cw_parse_form(struct MHD_Connection *conn, struct cw *cw)
{
	struct http_form_limits	 lim = { COPYWEB_BODY_MAX, FORM_VALUES,
				    VALUE_MAX };
	struct http_form	*f;
	const char		*v;
	int			 i, rc = 0;

	f = http_form_new(&lim);
	if (f == NULL)
		return -1;
	if (http_form_attach(f, conn, NULL, NULL) != 0 ||
	    http_form_feed(f, cw->body != NULL ? cw->body : "", cw->len) != 0)
		rc = -1;
	if (http_form_state(f) == HTTP_FORM_TOO_BIG)
		cw->toolarge = 1;
	for (i = 0; rc == 0 && i < X_COUNT; i++) {
		v = http_form_last(f, key_of(i));
		if (v == NULL)
			continue;
		free(cw->v[i]);
		cw->v[i] = strdup(v);
		if (cw->v[i] == NULL)
			rc = -1;
	}
	http_form_free(f);
	return rc;
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
