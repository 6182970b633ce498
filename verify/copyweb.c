/*
 * copyweb.c: copy requests and share codes on the public service (see
 * copyweb.h).
 *
 * What a graduate sends is theirs and goes back only to the holder of
 * the private link; what an employer sees through a share code is the
 * receipt the verify API gives, never ethnicity or place of birth.  A
 * link or code that is not one, malformed or guessed, gets the same
 * answer.  Nothing here logs a parameter.  This file routes a request
 * and acts on it; its pages are copyweb_html.c's, its forms and JSON
 * bodies are read in copyweb_parse.c.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "asklimit.h"
#include "client.h"
#include "copyweb.h"
#include "cw.h"
#include "html.h"
#include "issue.h"
#include "origin.h"
#include "receipt.h"
#include "records.h"
#include "request.h"
#include "sdjwt.h"
#include "share.h"
#include "sv.h"
#include "timefmt.h"

static enum MHD_Result refuse(struct MHD_Connection *, enum route,
		    unsigned int, const char *, enum msg, double);

static enum route
route_of(const char *url, char *arg, size_t argsz)
{
	const char	*p, *slash;
	size_t		 n;

	arg[0] = '\0';
	if (strcmp(url, "/copy") == 0)
		return R_FORM;
	if (strcmp(url, "/api/v1/copy-requests") == 0)
		return R_API;
	if (strncmp(url, "/api/v1/copy-requests/", 22) == 0) {
		p = url + 22;
		if ((n = strlen(p)) == 0 || n >= argsz || strchr(p, '/'))
			return R_NONE;
		memcpy(arg, p, n + 1);
		return R_API_STATUS;
	}
	if (strncmp(url, "/r/", 3) == 0 || strncmp(url, "/c/", 3) == 0) {
		p = url + 3;
		slash = strchr(p, '/');
		n = slash != NULL ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || n >= argsz)
			return R_NONE;
		memcpy(arg, p, n);
		arg[n] = '\0';
		if (url[1] == 'r')
			return slash == NULL ? R_STATUS :
			    strcmp(slash, "/copy.pdf") == 0 ? R_PDF :
			    strcmp(slash, "/credential") == 0 ? R_CRED : R_NONE;
		return slash == NULL ? R_SHARE :
		    strcmp(slash, "/receipt.json") == 0 ? R_RECEIPT : R_NONE;
	}
	return R_NONE;
}

int
copyweb_owns(const char *url)
{
	/* The prefixes are ours: what is under them and not a route is
	 * answered 404 by copyweb_handle(). */
	return strcmp(url, "/copy") == 0 ||
	    strncmp(url, "/api/v1/copy-requests", 21) == 0 ||
	    strncmp(url, "/r/", 3) == 0 || strncmp(url, "/c/", 3) == 0;
}

int
copyweb_asks(const char *url, const char *method)
{
	char	 arg[128];
	enum route r = route_of(url, arg, sizeof(arg));

	return strcmp(method, "POST") == 0 && (r == R_FORM || r == R_API ||
	    r == R_CRED);
}

static const char *
route_name(enum route r)
{
	return r == R_SHARE || r == R_RECEIPT ? "share" : "copy";
}

void
copyweb_done(void *p)
{
	struct cw	*cw = p;
	int		 i;

	if (cw == NULL)
		return;
	free(cw->body);
	for (i = 0; i < X_COUNT; i++)
		free(cw->v[i]);
	free(cw);
}

int
cw_is_en(struct MHD_Connection *conn, const struct cw *cw)
{
	const char	*l;

	l = cw != NULL && cw->v[X_LANG] != NULL ? cw->v[X_LANG] :
	    MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "lang");
	return l != NULL && strcmp(l, "en") == 0;
}

/* The request's state for the API: no personal data in it. */
static json_t *
status_json(struct store *st, const char *link, json_t *req)
{
	json_t		*o, *codes, *c, *info, *e, *opened;
	const char	*code, *state;
	size_t		 i, j;
	char		 ts[32], url[256], disp[SHARE_DISPLAY_LEN + 1];
	int64_t		 now = (int64_t)time(NULL);

	state = json_string_value(json_object_get(req, "state"));
	o = json_pack("{s:I, s:s}", "request", json_integer_value(
	    json_object_get(req, "id")), "state", state != NULL ? state :
	    "pending");
	if (o == NULL)
		return NULL;
	time_iso(json_integer_value(json_object_get(req, "created")),
	    ts, sizeof(ts));
	json_object_set_new(o, "created", json_string(ts));
	if (json_object_get(req, "decided") != NULL) {
		time_iso(json_integer_value(json_object_get(req,
		    "decided")), ts, sizeof(ts));
		json_object_set_new(o, "decided", json_string(ts));
	}
	if (json_object_get(req, "reason") != NULL)
		json_object_set(o, "reason", json_object_get(req, "reason"));
	if (state == NULL || strcmp(state, "approved") != 0)
		return o;
	json_object_set(o, "copy_no", json_object_get(req, "copy_no"));
	snprintf(url, sizeof(url), "/r/%s/copy.pdf", link);
	json_object_set_new(o, "copy_url", json_string(url));
	code = json_string_value(json_object_get(req, "copy_code"));
	if (code != NULL) {
		share_display(code, disp);
		snprintf(url, sizeof(url), "/c/%s", code);
		json_object_set_new(o, "copy_code", json_pack("{s:s, s:s}",
		    "code", disp, "url", url));
	}
	codes = json_array();
	json_object_set_new(o, "codes", codes);
	json_array_foreach(json_object_get(req, "codes"), i, c) {
		code = json_string_value(c);
		if (code == NULL || share_get(st, code, &info) != STORE_OK)
			continue;
		share_display(code, disp);
		snprintf(url, sizeof(url), "/c/%s", code);
		time_iso(json_integer_value(json_object_get(info,
		    "expires")), ts, sizeof(ts));
		e = json_pack("{s:s, s:s, s:s, s:s, s:I}", "code", disp, "url",
		    url, "expires", ts, "state", share_state(info, now) ==
		    SHARE_OPEN ? "open" : share_state(info, now) ==
		    SHARE_EXPIRED ? "expired" : "withdrawn", "opens",
		    json_integer_value(json_object_get(info, "opens")));
		opened = json_array();
		json_array_foreach(json_object_get(info, "opened"), j, c) {
			time_iso(json_integer_value(c), ts, sizeof(ts));
			json_array_append_new(opened, json_string(ts));
		}
		json_object_set_new(e, "opened", opened);
		json_array_append_new(codes, e);
		json_decref(info);
	}
	return o;
}

/* A token of what the form cw asks, for its client (asklimit_take()). */
static unsigned int
ask(struct MHD_Connection *conn, const struct cw *cw, double t0)
{
	struct client_key	 k;

	/* No peer address: k is empty, every such client's network. */
	(void)client_key_of(cw->proxies, conn, &k);
	return asklimit_take(cw->al, &k, cw->v[CRF_SERIAL_NO],
	    cw->v[CRF_FULL_NAME], cw->v[CRF_DATE_OF_BIRTH], t0 / 1e3);
}

/* POST /copy and POST /api/v1/copy-requests. */
static enum MHD_Result
submit(struct store *st, struct MHD_Connection *conn, struct cw *cw,
    double t0)
{
	enum copyreq_field	 bad;
	uint64_t		 id;
	char			 link[COPYREQ_LINK_MAX], why[200], loc[128];
	char			 retry[16];
	const char		*err;
	unsigned int		 wait;
	int			 rc, en, api = cw->route == R_API;

	if (api && (err = cw_parse_json(cw, why, sizeof(why))) != NULL)
		return sv_reply_error(conn, MHD_HTTP_BAD_REQUEST, err, "copy",
		    t0);
	if (!api && cw_parse_form(conn, cw) != 0)
		return sv_reply_error(conn, MHD_HTTP_BAD_REQUEST, "the form "
		    "cannot be read", "copy", t0);
	if (cw->toolarge)
		return refuse(conn, cw->route, MHD_HTTP_CONTENT_TOO_LARGE, "a "
		    "value is too long", M_TOO_LARGE, t0);
	en = cw_is_en(conn, cw);
	/* A serial number given is looked up with the name and date of
	 * birth: a question like the verify API's, limited as it is, once
	 * the form is good (a form refused for a typo asks nothing). */
	if (cw->v[CRF_SERIAL_NO] != NULL && cw->v[CRF_SERIAL_NO][0] != '\0' &&
	    copyreq_check(st, (const char *const *)cw->v, (int64_t)time(NULL),
	    &bad) == STORE_OK && (wait = ask(conn, cw, t0)) > 0) {
		snprintf(retry, sizeof(retry), "%u", wait);
		return copyweb_busy(conn, api ? "/api/" : "/copy", retry,
		    "copy", t0);
	}
	rc = copyreq_submit(st, (const char *const *)cw->v, (int64_t)time(NULL),
	    &id, link, &bad);
	if (rc == STORE_OK && api) {
		snprintf(loc, sizeof(loc), "/r/%s", link);
		snprintf(why, sizeof(why), "/api/v1/copy-requests/%s", link);
		return sv_reply_json(conn, MHD_HTTP_CREATED, json_pack(
		    "{s:I, s:s, s:s, s:s}", "request", (json_int_t)id,
		    "state", "pending", "status_url", loc, "status_api", why),
		    "copy", t0);
	}
	if (rc == STORE_OK) {
		snprintf(loc, sizeof(loc), "/r/%s%s", link, en ? "?lang=en" :
		    "");
		return sv_reply_headers(conn, MHD_HTTP_SEE_OTHER,
		    "text/plain; charset=utf-8", strdup(loc), "copy", t0,
		    "Location", loc);
	}
	if (rc == STORE_EINPUT || rc == STORE_ENOTFOUND) {
		if (!api)
			return cw_form_page(conn, rc == STORE_EINPUT ?
			    MHD_HTTP_BAD_REQUEST :
			    MHD_HTTP_UNPROCESSABLE_CONTENT, en, cw, (int)bad,
			    t0);
		return sv_reply_json(conn, rc == STORE_EINPUT ?
		    MHD_HTTP_BAD_REQUEST : MHD_HTTP_UNPROCESSABLE_CONTENT,
		    json_pack("{s:s, s:s}", "error", store_errmsg(st),
		    "field", copyreq_field_key(bad)), "copy", t0);
	}
	if (rc == STORE_EFULL)
		return refuse(conn, cw->route, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "too many requests wait for the staff; try again in a few "
		    "days", M_FULL, t0);
	if (api)
		return sv_reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "requests cannot be taken just now", "copy", t0);
	return cw_message_page(conn, MHD_HTTP_SERVICE_UNAVAILABLE, en,
	    cw_msgs[en][M_TITLE], "notfound", cw_msgs[en][M_CANNOT], NULL,
	    "copy", t0);
}

/* POST /r/LINK: extend, withdraw or add a share code. */
static enum MHD_Result
act(struct store *st, struct MHD_Connection *conn, struct cw *cw,
    json_t *req, uint64_t id, double t0)
{
	const char	*a, *err = NULL;
	char		 code[SHARE_CODE_LEN + 1], loc[160];
	int64_t		 now = (int64_t)time(NULL), end = 0;
	json_t		*codes, *again;
	size_t		 i;
	int		 en, rc, mine = 0;

	if (cw_parse_form(conn, cw) != 0 || cw->toolarge)
		return sv_reply_error(conn, MHD_HTTP_BAD_REQUEST, "the form "
		    "cannot be read", "copy", t0);
	en = cw_is_en(conn, cw);
	a = cw->v[X_ACTION] != NULL ? cw->v[X_ACTION] : "";
	if (strcmp(a, "new") != 0 && strcmp(a, "extend") != 0 &&
	    strcmp(a, "withdraw") != 0)
		err = en ? "there is no such action" : "không có thao tác này";
	else if (strcmp(a, "withdraw") != 0 && share_end_of_day(
	    cw->v[X_UNTIL], now, &end) != 0)
		err = cw_form[CRF_SHARE_UNTIL].err[en];
	else if (strcmp(a, "withdraw") == 0 && cw->v[X_SURE] == NULL)
		err = cw_msgs[en][M_SURE];
	else if (strcmp(a, "new") != 0) {
		/* Only a code of this request. */
		codes = json_object_get(req, "codes");
		if (share_canon(cw->v[X_CODE], code) == 0)
			json_array_foreach(codes, i, again)
				if (json_string_value(again) != NULL &&
				    strcmp(json_string_value(again), code) == 0)
					mine = 1;
		if (!mine)
			err = cw_msgs[en][M_NO_CODE];
	}
	if (err == NULL) {
		rc = strcmp(a, "new") == 0 ? copyreq_add_code(st, id, end,
		    code) : share_update(st, code, id, end,
		    strcmp(a, "withdraw") == 0, now);
		if (rc == STORE_ECONFLICT || rc == STORE_EINPUT)
			err = store_errmsg(st);
		else if (rc != STORE_OK)
			err = cw_msgs[en][M_CANNOT];
	}
	if (err == NULL) {
		snprintf(loc, sizeof(loc), "/r/%s?done=%s%s", cw->arg, a,
		    en ? "&lang=en" : "");
		return sv_reply_headers(conn, MHD_HTTP_SEE_OTHER,
		    "text/plain; charset=utf-8", strdup(loc), "copy", t0,
		    "Location", loc);
	}
	return cw_status_page(st, conn, cw, MHD_HTTP_BAD_REQUEST, en, req, err,
	    t0);
}

/* GET and POST of /r/LINK, /r/LINK/copy.pdf, /api/v1/copy-requests/LINK */
static enum MHD_Result
by_link(struct store *st, struct MHD_Connection *conn, struct cw *cw,
    double t0)
{
	json_t		*req;
	uint64_t	 id;
	uint8_t		*pdf;
	size_t		 len;
	const char	*state, *no;
	char		 disp[160];
	int		 en = cw_is_en(conn, NULL), rc;
	enum MHD_Result	 ret;

	rc = copyreq_by_link(st, cw->arg, &req, &id);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return sv_reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "the registry cannot be read just now", "copy", t0);
	if (rc == STORE_ENOTFOUND && cw->route == R_STATUS)
		return cw_message_page(conn, MHD_HTTP_NOT_FOUND, en,
		    cw_msgs[en][M_STATUS_TITLE], "notfound",
		    cw_msgs[en][M_NO_REQUEST], NULL, "copy", t0);
	if (rc == STORE_ENOTFOUND)
		return sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "no such "
		    "request", "copy", t0);
	if (cw->route == R_API_STATUS)
		ret = sv_reply_json(conn, MHD_HTTP_OK, status_json(st, cw->arg,
		    req), "copy", t0);
	else if (cw->route == R_STATUS && cw->body != NULL)
		ret = act(st, conn, cw, req, id, t0);
	else if (cw->route == R_STATUS)
		ret = cw_status_page(st, conn, cw, MHD_HTTP_OK, en, req, NULL,
		    t0);
	else {
		state = json_string_value(json_object_get(req, "state"));
		if (state == NULL || strcmp(state, "approved") != 0 ||
		    copy_fetch(st, (uint64_t)json_integer_value(
		    json_object_get(req, "copy")), &pdf, &len) != STORE_OK)
			ret = sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "no "
			    "copy was issued for this request", "copy", t0);
		else {
			no = json_string_value(json_object_get(req,
			    "copy_no"));
			snprintf(disp, sizeof(disp), "attachment; filename=\""
			    "ban-sao-%s.pdf\"", no != NULL ? no : "");
			for (char *p = disp + 30; *p != '\0'; p++)
				if (*p == '/')
					*p = '-';
			ret = sv_reply_bytes(conn, MHD_HTTP_OK,
			    "application/pdf", pdf, len, "copy", t0,
			    "Content-Disposition", disp);
		}
	}
	json_decref(req);
	return ret;
}

/* GET /c/CODE and /c/CODE/receipt.json. */
static enum MHD_Result
share(struct store *st, struct MHD_Connection *conn, struct cw *cw,
    const char *method, double t0)
{
	const char	*const *m;
	json_t		*info = NULL;
	char		 code[SHARE_CODE_LEN + 1], when[32];
	char		*text = NULL;
	int64_t		 now = (int64_t)time(NULL);
	enum share_state s;
	size_t		 len;
	enum MHD_Result	 ret;
	int		 en = cw_is_en(conn, NULL), rc;
	int		 json = cw->route == R_RECEIPT;

	m = cw_msgs[en];
	rc = share_canon(cw->arg, code) != 0 ? STORE_ENOTFOUND :
	    json || strcmp(method, "GET") != 0 ? share_get(st, code, &info) :
	    share_open(st, code, now, &info);
	if (rc == STORE_ENOTFOUND)
		return json ? sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "no "
		    "such share code", "share", t0) : cw_message_page(conn,
		    MHD_HTTP_NOT_FOUND, en, m[M_SHARE_TITLE], "notfound",
		    m[M_NO_CODE], NULL, "share", t0);
	if (rc != STORE_OK)
		return sv_reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "the registry cannot be read just now", "share", t0);
	s = share_state(info, now);
	if (s != SHARE_OPEN) {
		cw_vn_time(json_integer_value(json_object_get(info, s ==
		    SHARE_EXPIRED ? "expires" : "withdrawn")), when,
		    sizeof(when));
		json_decref(info);
		if (json)
			return sv_reply_error(conn, MHD_HTTP_GONE, s ==
			    SHARE_EXPIRED ? "the share code has expired" :
			    "the share code was withdrawn", "share", t0);
		return cw_message_page(conn, MHD_HTTP_GONE, en,
		    m[M_SHARE_TITLE], "revoked", m[s == SHARE_EXPIRED ?
		    M_EXPIRED : M_WITHDRAWN], when, "share", t0);
	}
	rc = receipt_of_record(st, (uint64_t)json_integer_value(
	    json_object_get(info, "record")), &text, &len);
	if (rc != RECEIPT_OK) {
		json_decref(info);
		return sv_reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "the registry cannot be read just now", "share", t0);
	}
	if (json) {
		json_decref(info);
		return sv_reply(conn, MHD_HTTP_OK, "application/json", text,
		    "share", t0);
	}
	ret = cw_share_page(conn, en, code, info, text, len, t0);
	json_decref(info);
	return ret;
}

/* A refusal: JSON for the API, a page for a person (message m). */
static enum MHD_Result
refuse(struct MHD_Connection *conn, enum route r, unsigned int status,
    const char *json, enum msg m, double t0)
{
	int	 en = cw_is_en(conn, NULL);

	if (r == R_API || r == R_API_STATUS)
		return sv_reply_error(conn, status, json, "copy", t0);
	return cw_message_page(conn, status, en, cw_msgs[en][M_TITLE],
	    "notfound", cw_msgs[en][m], NULL, "copy", t0);
}

/* The first call: what is refused is refused before any body is read. */
static enum MHD_Result
first(struct store *st, struct MHD_Connection *conn, const char *url,
    const char *method, void **con_cls, double t0)
{
	struct cw	*cw;
	const char	*cl, *allow;
	enum route	 r;
	char		 arg[128];
	int		 post, may_post;

	r = route_of(url, arg, sizeof(arg));
	if (r == R_NONE)
		return sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "no such page",
		    "other", t0);
	post = strcmp(method, "POST") == 0;
	may_post = r == R_FORM || r == R_API || r == R_STATUS || r == R_CRED;
	allow = r == R_API || r == R_CRED ? "POST" : may_post ?
	    "GET, HEAD, POST" : "GET, HEAD";
	if ((!post || !may_post) && (r == R_API || r == R_CRED ||
	    (strcmp(method, "GET") !=
	    0 && strcmp(method, "HEAD") != 0)))
		return sv_reply_headers(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "application/json", strdup("{\"error\":\"method not "
		    "allowed\"}"), route_name(r), t0, "Allow", allow);
	cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!post && ((cl != NULL && strspn(cl, "0") != strlen(cl)) ||
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL))
		return sv_reply_error(conn, MHD_HTTP_CONTENT_TOO_LARGE, "no "
		    "request body is accepted", route_name(r), t0);
	if (post && cl != NULL && (strlen(cl) > 9 ||
	    strtoul(cl, NULL, 10) > COPYWEB_BODY_MAX))
		return refuse(conn, r, MHD_HTTP_CONTENT_TOO_LARGE, "a request "
		    "is at most 16 KiB", M_TOO_LARGE, t0);
	/* A body comes with its length.  libmicrohttpd 0.9.75 cannot read
	 * a chunk line longer than its buffer (a 20 KB chunk extension)
	 * and answers that with a 500 of its own; no browser sends a form
	 * chunked. */
	if (post && MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL)
		return sv_reply_error(conn, MHD_HTTP_LENGTH_REQUIRED, "send "
		    "the body with a Content-Length, not chunked",
		    route_name(r), t0);
	if (post && !cw_content_is(conn, r == R_API ? "application/json" :
	    "application/x-www-form-urlencoded"))
		return sv_reply_error(conn, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
		    r == R_API ? "send application/json" : "send the form as "
		    "application/x-www-form-urlencoded", "copy", t0);
	/* Refused, as a form of another site: "null" too, which our
	 * pages' Referrer-Policy makes of a form of ours in a browser
	 * that does not send Sec-Fetch-Site (origin.h). */
	if (post && !http_same_origin(conn))
		return refuse(conn, r, MHD_HTTP_FORBIDDEN, "a form of another "
		    "site", M_FOREIGN, t0);
	if (post && (store_flags(st) & STORE_RDONLY))
		return refuse(conn, r, MHD_HTTP_SERVICE_UNAVAILABLE, "this "
		    "server does not take requests", M_CANNOT, t0);
	cw = calloc(1, sizeof(*cw));
	if (cw == NULL)
		return MHD_NO;
	cw->route = r;
	memcpy(cw->arg, arg, sizeof(arg));
	if (post && (cw->body = malloc(1)) == NULL) {
		free(cw);
		return MHD_NO;
	}
	*con_cls = cw;
	return MHD_YES;
}

/*
 * POST /r/LINK/credential: the approved request's diploma as an SD-JWT
 * VC, bound to the wallet's key when the form gives one.  The registrar's
 * approval is the identity check, as for the copy.
 */
static enum MHD_Result
credential(struct store *st, struct MHD_Connection *conn, struct cw *cw,
    double t0)
{
	json_t		*req;
	uint64_t	 id;
	const char	*state, *jwk;
	char		*text = NULL, err[256];
	int		 rc;
	enum MHD_Result	 ret;

	if (cw->cred == NULL)
		return sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "this service "
		    "issues no credentials", "copy", t0);
	if (cw_parse_form(conn, cw) != 0 || cw->toolarge)
		return sv_reply_error(conn, MHD_HTTP_BAD_REQUEST, "the form "
		    "cannot be read", "copy", t0);
	rc = copyreq_by_link(st, cw->arg, &req, &id);
	if (rc != STORE_OK)
		return sv_reply_error(conn, rc == STORE_ENOTFOUND ?
		    MHD_HTTP_NOT_FOUND : MHD_HTTP_SERVICE_UNAVAILABLE,
		    rc == STORE_ENOTFOUND ? "no such request" : "the "
		    "registry cannot be read just now", "copy", t0);
	state = json_string_value(json_object_get(req, "state"));
	jwk = cw->v[X_JWK] != NULL && cw->v[X_JWK][0] != '\0' ?
	    cw->v[X_JWK] : NULL;
	if (state == NULL || strcmp(state, "approved") != 0)
		rc = -2;
	else
		rc = cred_issue(cw->cred, st, (uint64_t)json_integer_value(
		    json_object_get(req, "record")), jwk, (int64_t)time(NULL),
		    &text, NULL, err, sizeof(err));
	json_decref(req);
	if (rc == -2)
		return sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "the request "
		    "is not approved", "copy", t0);
	if (rc != 0)
		/* A revoked diploma, a key that is not a JWK: no names. */
		return sv_reply_error(conn, MHD_HTTP_CONFLICT, err, "copy",
		    t0);
	ret = sv_reply_bytes(conn, MHD_HTTP_OK, CRED_MEDIA_TYPE, text,
	    strlen(text), "copy", t0, "Content-Disposition",
	    "attachment; filename=\"van-bang.dc-sd-jwt\"");
	return ret;
}

enum MHD_Result
copyweb_handle(struct store *st, const char *public_url, struct asklimit *al,
    const struct client_proxies *proxies, struct cred_issuer *cred,
    struct MHD_Connection *conn,
    const char *url, const char *method, const char *upload,
    size_t *upload_size, void **con_cls, double t0)
{
	struct cw	*cw = *con_cls;
	enum MHD_Result	 ret;
	char		*p;

	if (cw == NULL) {
		ret = first(st, conn, url, method, con_cls, t0);
		if ((cw = *con_cls) != NULL) {
			cw->public_url = public_url != NULL ? public_url : "";
			cw->al = al;
			cw->proxies = proxies;
			cw->cred = cred;
		}
		return ret;
	}
	if (*upload_size != 0) {
		/* A body past the limit is read and dropped. */
		if (cw->body == NULL || cw->len + *upload_size >
		    COPYWEB_BODY_MAX)
			cw->toolarge = 1;
		else {
			p = realloc(cw->body, cw->len + *upload_size + 1);
			if (p == NULL)
				return MHD_NO;
			memcpy(p + cw->len, upload, *upload_size);
			cw->len += *upload_size;
			p[cw->len] = '\0';
			cw->body = p;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (cw->toolarge)
		return refuse(conn, cw->route, MHD_HTTP_CONTENT_TOO_LARGE, "a "
		    "request is at most 16 KiB", M_TOO_LARGE, t0);
	switch (cw->route) {
	case R_FORM:
		if (cw->body != NULL)
			return submit(st, conn, cw, t0);
		return cw_form_page(conn, MHD_HTTP_OK, cw_is_en(conn, NULL),
		    NULL, -1, t0);
	case R_API:
		return submit(st, conn, cw, t0);
	case R_API_STATUS:
	case R_STATUS:
	case R_PDF:
		return by_link(st, conn, cw, t0);
	case R_SHARE:
	case R_RECEIPT:
		return share(st, conn, cw, method, t0);
	case R_CRED:
		return credential(st, conn, cw, t0);
	default:
		return sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "no such page",
		    "other", t0);
	}
}
