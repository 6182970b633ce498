/*
 * form.c: a POST form's values under limits (see form.h).  Values are
 * kept in the order sent, in arrays the size of the limit on their
 * number, since a form is small and short-lived.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "form.h"
#include "utf8.h"

struct http_form {
	struct http_form_limits	 lim;
	struct MHD_PostProcessor *pp;
	http_form_file_fn	 file;
	void			*cls;
	uint64_t		 body;		/* bytes fed */
	enum http_form_state	 state;
	int			 n;
	char			**key;
	char			**val;
	size_t			*len;
};

struct http_form *
http_form_new(const struct http_form_limits *lim)
{
	struct http_form	*f;

	f = calloc(1, sizeof(*f));
	if (f == NULL)
		return NULL;
	f->lim = *lim;
	f->key = calloc(lim->fields > 0 ? lim->fields : 1, sizeof(*f->key));
	f->val = calloc(lim->fields > 0 ? lim->fields : 1, sizeof(*f->val));
	f->len = calloc(lim->fields > 0 ? lim->fields : 1, sizeof(*f->len));
	if (f->key == NULL || f->val == NULL || f->len == NULL) {
		http_form_free(f);
		return NULL;
	}
	return f;
}

void
http_form_free(struct http_form *f)
{
	int	 i;

	if (f == NULL)
		return;
	if (f->pp != NULL)
		MHD_destroy_post_processor(f->pp);
	for (i = 0; i < f->n; i++) {
		free(f->key[i]);
		free(f->val[i]);
	}
	free(f->key);
	free(f->val);
	free(f->len);
	free(f);
}

/* A new value of key, empty: 0, or -1 over the limit or out of memory. */
static int
value_new(struct http_form *f, const char *key)
{
	if (f->n == f->lim.fields)
		return -1;
	f->key[f->n] = strdup(key);
	f->val[f->n] = strdup("");
	f->len[f->n] = 0;
	if (f->key[f->n] == NULL || f->val[f->n] == NULL) {
		free(f->key[f->n]);
		free(f->val[f->n]);
		return -1;
	}
	f->n++;
	return 0;
}

void
http_form_add(struct http_form *f, const char *key, const char *data,
    uint64_t off, size_t size)
{
	char	*nv;
	size_t	 have, i;

	if (f->state != HTTP_FORM_OK)
		return;
	if ((off == 0 || f->n == 0 || strcmp(f->key[f->n - 1], key) != 0) &&
	    value_new(f, key) != 0) {
		f->state = HTTP_FORM_TOO_BIG;
		return;
	}
	have = f->len[f->n - 1];
	if (size > f->lim.value || have + size > f->lim.value) {
		f->state = HTTP_FORM_TOO_BIG;
		return;
	}
	nv = realloc(f->val[f->n - 1], have + size + 1);
	if (nv == NULL) {
		f->state = HTTP_FORM_TOO_BIG;
		return;
	}
	memcpy(nv + have, data, size);
	/* A NUL inside would cut the value short unseen. */
	for (i = have; i < have + size; i++)
		if (nv[i] == '\0')
			nv[i] = '\x01';
	nv[have + size] = '\0';
	f->val[f->n - 1] = nv;
	f->len[f->n - 1] = have + size;
}

static enum MHD_Result
iter(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *type, const char *enc,
    const char *data, uint64_t off, size_t size)
{
	struct http_form	*f = cls;

	(void)kind;
	(void)type;
	(void)enc;
	if (f->state != HTTP_FORM_OK)
		return MHD_YES;
	if (filename != NULL) {
		if (f->file != NULL)
			f->file(f->cls, f, filename, data, off, size);
		return MHD_YES;
	}
	http_form_add(f, key, data, off, size);
	return MHD_YES;
}

int
http_form_attach(struct http_form *f, struct MHD_Connection *conn,
    http_form_file_fn file, void *cls)
{
	f->file = file;
	f->cls = cls;
	/* Without a Content-Type libmicrohttpd would guess none. */
	if (MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE) != NULL)
		f->pp = MHD_create_post_processor(conn, 4096, iter, f);
	if (f->pp == NULL) {
		f->state = HTTP_FORM_BAD_TYPE;
		return -1;
	}
	return 0;
}

int
http_form_feed(struct http_form *f, const char *data, size_t size)
{
	f->body += size;
	if (f->body > f->lim.body)
		f->state = HTTP_FORM_TOO_BIG;
	if (f->state != HTTP_FORM_OK || f->pp == NULL)
		return 0;
	return MHD_post_process(f->pp, data, size) == MHD_YES ? 0 : -1;
}

enum http_form_state
http_form_state(const struct http_form *f)
{
	return f->state;
}

const char *
http_form_get(const struct http_form *f, const char *key)
{
	int	 i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->key[i], key) == 0)
			return f->val[i];
	return NULL;
}

const char *
http_form_last(const struct http_form *f, const char *key)
{
	int	 i;

	for (i = f->n - 1; i >= 0; i--)
		if (strcmp(f->key[i], key) == 0)
			return f->val[i];
	return NULL;
}

int
http_form_text(const struct http_form *f)
{
	int	 i;

	for (i = 0; i < f->n; i++)
		if (!utf8_valid(f->val[i], f->len[i], UTF8_NO_CONTROLS))
			return 0;
	return 1;
}
