/*
 * fuzz_http.c: a libFuzzer harness for the verification service's parsing
 * of requests, queries and forms.  The first input byte picks the mode:
 *   even  "http": the rest is sent as raw bytes over a socketpair to a
 *         server (server_start, no listening socket) started on the first
 *         call, and the answer is read back until the server closes;
 *   odd   "query": the rest, split on NUL bytes into serial, name, dob and
 *         lang (missing parts NULL), goes to receipt_make() (the API's
 *         receipt_text() read back) and pubhtml_render() as route_page in
 *         server.c passes them (its echo() is copied here: keep the two
 *         alike).
 * Any broken invariant (below, at check_http and run_query) is an
 * abort(), which libFuzzer reports as a crash.
 *
 * $SOGOC_FUZZ_DB names a published registry to serve (run.sh makes one);
 * its ethnicity and place of birth values must never be in an answer.
 * $SOGOC_FUZZ_MODE=http or query rejects the inputs of the other mode, so
 * a run spends its time on one.  Two flaws known today are only counted,
 * unless $SOGOC_FUZZ_STRICT has their bit: 1, the answers libmicrohttpd
 * writes itself (400, 413, 431, 505, ...) carry none of the server's
 * security headers; 2, a request the handler drops unanswered (returns
 * MHD_NO): libmicrohttpd refuses our answer to some requests it frames
 * oddly, such as a request line whose version is garbage, after a "100
 * Continue", and the connection is closed.
 * The server's log goes to $SOGOC_FUZZ_LOG, or nowhere: this file
 * replaces common/log.c.
 * $SOGOC_FUZZ_SHOW=1 prints every answer (to replay an input).
 * Build and run with tests/fuzz/run.sh (clang, -fsanitize=fuzzer).
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <linux/sockios.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "b64.h"
#include "copydb.h"
#include "event.h"
#include "note.h"
#include "pubhtml.h"
#include "receipt.h"
#include "server.h"
#include "store.h"
#include "utf8.h"

#define IDLE_MS		3000	/* no byte either way: the server hangs */
#define CLOSE_MS	2000	/* EOF read, the server's close pending */
#define MAX_SECRETS	256

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void	log_msg(int pri, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	log_repeated(void *prefix, const char *fmt, va_list ap);

static struct store	*st;
/* The databases the public service reads besides the registry's. */
static const struct store_db *const fuzz_dbs[] = { copy_dbs, NULL };
static struct server	*sv;
static struct note_verifier *vkey;
static int		 only = -1;	/* 0 http, 1 query, -1 both */
static int		 strict;	/* $SOGOC_FUZZ_STRICT, STRICT_* bits */
#define STRICT_MHD	0x1	/* libmicrohttpd's answers lack our headers */
#define STRICT_DROP	0x2	/* the handler returned MHD_NO */
static volatile unsigned long dropped;	/* requests the handler dropped */
static int		 show;		/* $SOGOC_FUZZ_SHOW: print answers */
/* Values of fields a receipt must never disclose. */
static char		*secret[MAX_SECRETS];
static size_t		 nsecret;
static unsigned long	 mhd_answers;	/* libmicrohttpd's own, counted */

static void
die(const char *what, const char *detail, size_t len)
{
	fprintf(stderr, "fuzz_http: %s\n", what);
	if (detail != NULL) {
		fprintf(stderr, "--- %zu bytes:\n", len);
		fwrite(detail, 1, len > 4096 ? 4096 : len, stderr);
		fprintf(stderr, "\n---\n");
	}
	abort();
}

/*
 * The server's log, in place of common/log.c: libmicrohttpd has a line
 * for every malformed request, which would bury libFuzzer's own.  Each
 * message is still formatted, then dropped or appended to
 * $SOGOC_FUZZ_LOG.
 */
static FILE		*logfp;

void
log_msg(int pri, const char *fmt, ...)
{
	char	 line[1024];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* What libmicrohttpd says when the handler returns MHD_NO: a request
	 * dropped unanswered (only out of memory should do that). */
	if (strncmp(line, "Application reported internal error", 35) == 0)
		__atomic_add_fetch(&dropped, 1, __ATOMIC_SEQ_CST);
	if (logfp != NULL)
		fprintf(logfp, "sogoc: <%d> %s\n", pri, line);
}

/* libmicrohttpd's logger: every line to log_msg, none counted away. */
void
log_repeated(void *prefix, const char *fmt, va_list ap)
{
	char	 line[1024];

	vsnprintf(line, sizeof(line), fmt, ap);
	log_msg(4, "%s%s", prefix != NULL ? (const char *)prefix : "", line);
}

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Whether the n bytes at h hold the string s (case-insensitively, ci).
 * No strncasecmp per offset: libFuzzer hooks every such call. */
static int
has(const char *h, size_t n, const char *s, int ci)
{
	const char	*p, *e = h + n;
	size_t		 sl = strlen(s), i;

	if (sl == 0 || sl > n)
		return 0;
	if (!ci)
		return memmem(h, n, s, sl) != NULL;
	for (p = h; p + sl <= e; p++) {
		for (i = 0; i < sl && tolower((unsigned char)p[i]) ==
		    tolower((unsigned char)s[i]); i++)
			;
		if (i == sl)
			return 1;
	}
	return 0;
}

/* A secret that is also in text the service may rightly show (a name,
 * the signed checkpoint, the page's own words) cannot be told from a
 * leak: it is not checked. */
static void
public_text(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < nsecret; i++)
		if (secret[i] != NULL && has(s, strlen(s), secret[i], 0)) {
			fprintf(stderr, "fuzz_http: not checking \"%s\": it is "
			    "in what the service shows\n", secret[i]);
			free(secret[i]);
			secret[i] = NULL;
		}
}

static void
add_secret(const char *v)
{
	size_t	 i;

	if (v == NULL || v[0] == '\0' || nsecret == MAX_SECRETS)
		return;
	for (i = 0; i < nsecret; i++)
		if (secret[i] != NULL && strcmp(secret[i], v) == 0)
			return;
	secret[nsecret] = strdup(v);
	if (secret[nsecret] == NULL)
		abort();
	nsecret++;
}

/* One stored event: pass 0 collects the secrets, pass 1 the text the
 * service may show (store_each's callback). */
static int
load_event(const struct store_val *k, const struct store_val *v, void *arg)
{
	static const enum field	 shown[] = { FIELD_FULL_NAME,
	    FIELD_DATE_OF_BIRTH, FIELD_CLASSIFICATION, FIELD_SERIAL_NO,
	    FIELD_REGISTER_NO };
	struct event	 ev;
	size_t		 i;
	int		 pass = *(int *)arg;

	(void)k;
	if (event_decode(v->data, v->len, &ev) != EVENT_OK)
		die("an event does not decode", NULL, 0);
	if (pass == 0) {
		add_secret(ev.field[FIELD_ETHNICITY].value);
		add_secret(ev.field[FIELD_PLACE_OF_BIRTH].value);
	} else {
		for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++)
			public_text(ev.field[shown[i]].value);
		for (i = 0; i < EVENT_ATTR_COUNT; i++)
			public_text(ev.attr[i]);
	}
	event_clear(&ev);
	return STORE_OK;
}

/*
 * The secrets (every ethnicity and place of birth in the registry), the
 * verifier key, and what the service may show, from the store itself:
 * never from the code under test, or a leak would vouch for itself.
 */
static void
load_store(void)
{
	struct store_rd		*txn;
	struct store_val	 k, v;
	char			*s, key[1024];
	uint64_t		 size;
	int			 pass, l;

	if (store_rd_begin(st, &txn) != STORE_OK)
		die("cannot read the registry", NULL, 0);
	/* Pass 0 collects the secrets, pass 1 drops those that are also in
	 * a value the service shows (a name, a year, a decision). */
	for (pass = 0; pass < 2; pass++)
		if (store_each(txn, DB_EVENTS, NULL, 0, 0, load_event,
		    &pass) != STORE_OK)
			die("cannot read the events", NULL, 0);
	/* The verifier key, to check every receipt made. */
	if (store_first(txn, DB_KEYS, &k, &v) != STORE_OK ||
	    k.len >= sizeof(key))
		die("the registry has no verifier key", NULL, 0);
	memcpy(key, k.data, k.len);
	key[k.len] = '\0';
	if (note_verifier_new(key, &vkey) != NOTE_OK)
		die("the registry's verifier key does not parse", key,
		    strlen(key));
	/* The signed checkpoint, served as text (base64 can spell Kinh). */
	s = NULL;
	if (store_checkpoint(st, txn, 0, &s, &size) != STORE_OK || size == 0)
		die("the registry publishes nothing (run run.sh)", NULL, 0);
	public_text(s);
	free(s);
	store_rd_end(txn);
	/* The page's own words. */
	for (l = 0; l < 2; l++) {
		s = pubhtml_render(l ? "en" : "vi", NULL, NULL, NULL, NULL, l,
		    l ? 0 : PUBHTML_BAD_SERIAL | PUBHTML_BAD_NAME |
		    PUBHTML_BAD_DOB);
		public_text(s);
		free(s);
	}
	public_text(pubhtml_css());
}

/* A secret in the n bytes at p, or NULL. */
static const char *
leaked(const char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < nsecret; i++)
		if (secret[i] != NULL && has(p, n, secret[i], 0))
			return secret[i];
	return NULL;
}

/*
 * A secret in the JSON value j, or NULL: in every key and string, and
 * in the leaf once decoded, but not in the base64 hashes, salts and
 * signatures (receipt_check vouches for those), which can spell "Kinh".
 */
static const char *
leaked_json(json_t *j)
{
	const char	*k, *found;
	json_t		*x;
	uint8_t		*leaf;
	size_t		 i, n, len;

	if (json_is_string(j))
		return leaked(json_string_value(j), json_string_length(j));
	if (json_is_array(j)) {
		json_array_foreach(j, i, x)
			if ((found = leaked_json(x)) != NULL)
				return found;
		return NULL;
	}
	json_object_foreach(j, k, x) {
		if ((found = leaked(k, strlen(k))) != NULL)
			return found;
		if (strcmp(k, "leaf") == 0 && json_is_string(x)) {
			n = json_string_length(x);
			leaf = malloc(n / 4 * 3 + 3);
			if (leaf == NULL)
				abort();
			found = b64_decode(json_string_value(x), n, leaf,
			    n / 4 * 3 + 3, &len) == 0 ?
			    leaked((char *)leaf, len) : NULL;
			free(leaf);
			if (found != NULL)
				return found;
			continue;
		}
		if (strcmp(k, "proof") == 0 || strcmp(k, "checkpoint") == 0 ||
		    strcmp(k, "tlog_proof") == 0 || strcmp(k, "salt") == 0)
			continue;
		if ((found = leaked_json(x)) != NULL)
			return found;
	}
	return NULL;
}

static void
init(void)
{
	struct server_opts	 o;
	const char		*dir = getenv("SOGOC_FUZZ_DB"), *m;
	char			 err[512];

	if (getenv("SOGOC_FUZZ_LOG") != NULL) {
		logfp = fopen(getenv("SOGOC_FUZZ_LOG"), "a");
		if (logfp != NULL)
			setvbuf(logfp, NULL, _IOLBF, 0);
	}
	if (dir == NULL)
		die("set SOGOC_FUZZ_DB to a published registry (run.sh "
		    "makes one)", NULL, 0);
	if (store_open(dir, STORE_RDONLY, 0, fuzz_dbs, &st, err,
	    sizeof(err)) != STORE_OK)
		die(err, NULL, 0);
	load_store();
	m = getenv("SOGOC_FUZZ_MODE");
	if (m != NULL && strcmp(m, "http") == 0)
		only = 0;
	else if (m != NULL && strcmp(m, "query") == 0)
		only = 1;
	show = getenv("SOGOC_FUZZ_SHOW") != NULL;
	strict = getenv("SOGOC_FUZZ_STRICT") != NULL ?
	    atoi(getenv("SOGOC_FUZZ_STRICT")) : 0;
	memset(&o, 0, sizeof(o));
	o.threads = 2;
	o.timeout = 1;
	o.per_ip = 1000;
	o.rate = 0;
	o.burst = 0;
	o.max_conns = 64;
	o.no_listen = 1;
	sv = server_start(st, &o, err, sizeof(err));
	if (sv == NULL)
		die(err, NULL, 0);
}

/* The n bytes at s %-decoded into a malloc'd copy of *len bytes; plus:
 * '+' is a space first, as libmicrohttpd reads query arguments. */
static char *
pct_decode(const char *s, size_t n, int plus, size_t *len)
{
	char	*o = malloc(n + 1), h[3] = { 0 };
	size_t	 i, j = 0;

	if (o == NULL)
		abort();
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && isxdigit((unsigned char)
		    s[i + 1]) && isxdigit((unsigned char)s[i + 2])) {
			h[0] = s[i + 1];
			h[1] = s[i + 2];
			o[j++] = (char)strtol(h, NULL, 16);
			i += 2;
		} else
			o[j++] = plus && s[i] == '+' ? ' ' : s[i];
	}
	o[j] = '\0';
	*len = j;
	return o;
}

/* The value of header name in the n bytes of headers at h, or NULL. */
static const char *
header(const char *h, size_t n, const char *name, size_t *vlen)
{
	const char	*p = h, *e = h + n, *eol;
	size_t		 nl = strlen(name);

	while (p < e) {
		eol = memmem(p, (size_t)(e - p), "\r\n", 2);
		if (eol == NULL)
			eol = e;
		if ((size_t)(eol - p) > nl && p[nl] == ':' &&
		    strncasecmp(p, name, nl) == 0) {
			p += nl + 1;
			while (p < eol && (*p == ' ' || *p == '\t'))
				p++;
			*vlen = (size_t)(eol - p);
			return p;
		}
		p = eol + 2;
	}
	return NULL;
}

/* libmicrohttpd's own answers: fixed HTML, none of our headers. */
static int
mhd_own(const char *body, size_t n)
{
	static const char	 pre[] = "<html><head><title>";

	return n >= sizeof(pre) - 1 && memcmp(body, pre, sizeof(pre) - 1) ==
	    0 && n >= 14 && memcmp(body + n - 14, "</body></html>", 14) == 0;
}

/*
 * Whether the n bytes at p are in word list ws ("a|b|c").
 */
static int
in_list(const char *ws, const char *p, size_t n)
{
	const char	*e;

	for (;;) {
		e = strchr(ws, '|');
		if (e == NULL)
			e = ws + strlen(ws);
		if ((size_t)(e - ws) == n && memcmp(ws, p, n) == 0)
			return 1;
		if (*e == '\0')
			return 0;
		ws = e + 1;
	}
}

/*
 * Why the page (n bytes at p) is not markup pubhtml.c (or copyweb.c) writes,
 * or NULL: the tags and attributes they use (a new one must be added
 * here), every attribute value quoted, no '<', '>' or '\'' but in markup.  So text
 * typed in that is not escaped cannot go unnoticed, a tag or a quote.
 */
static const char *
page_markup(const char *p, size_t n)
{
	static const char	 doctype[] = "<!DOCTYPE html>";
	static const char	 tags[] = "html|head|meta|title|link|body|main|"
	    "a|h1|h2|h3|p|section|form|input|label|div|button|dl|dt|dd|ol|ul|"
	    "li|span";
	static const char	 attrs[] = "action|aria-describedby|"
	    "aria-hidden|aria-labelledby|"
	    "aria-invalid|autocomplete|charset|class|content|download|for|"
	    "href|hreflang|id|inputmode|lang|max|maxlength|method|min|name|"
	    "rel|required|role|type|value";
	const char		*e = p + n, *w;

	if (n < sizeof(doctype) - 1 || memcmp(p, doctype,
	    sizeof(doctype) - 1) != 0)
		return "no <!DOCTYPE html> first";
	for (p += sizeof(doctype) - 1; p < e; p++) {
		if (*p == '>' || *p == '\'')
			return "a '>' or '\'' in text";
		if (*p != '<')
			continue;
		if (++p < e && *p == '/')
			p++;
		for (w = p; p < e && ((*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9')); p++)
			;
		if (!in_list(tags, w, (size_t)(p - w)))
			return "a tag pubhtml.c does not write";
		for (;;) {
			if (p < e && *p == '>')
				break;
			if (p >= e || *p != ' ')
				return "a tag that does not end";
			for (w = ++p; p < e && ((*p >= 'a' && *p <= 'z') ||
			    *p == '-'); p++)
				;
			if (!in_list(attrs, w, (size_t)(p - w)))
				return "an attribute pubhtml.c does not write";
			if (p < e && *p == '=') {
				if (++p >= e || *p != '"')
					return "an attribute value not quoted";
				for (p++; p < e && *p != '"'; p++)
					if (*p == '<' || *p == '>' ||
					    *p == '\'')
						return "a '<', '>' or '\'' in "
						    "an attribute value";
				if (p++ >= e)
					return "an attribute value that does "
					    "not end";
			}
		}
	}
	return NULL;
}

static int
starts_status(const char *p, size_t n)
{
	return n >= 7 && memcmp(p, "HTTP/1.", 7) == 0;
}

/*
 * The length of the body at body of the answer whose header is p (hl
 * bytes), with end the end of all answers; dies on a length that does
 * not fit.
 */
static size_t
body_length(const char *p, size_t hl, const char *body, const char *end,
    const char *out, size_t n)
{
	const char	*v;
	size_t		 vl, bl;

	v = header(p, hl, "Transfer-Encoding", &vl);
	if (v != NULL)		/* not ours: to the end */
		bl = (size_t)(end - body);
	else {
		v = header(p, hl, "Content-Length", &vl);
		if (v == NULL)
			die("an answer without Content-Length", out, n);
		bl = strtoul(v, NULL, 10);
	}
	/* HEAD: the length is told, no body follows.  No body of ours
	 * begins with a status line: when the next bytes are one,
	 * this was a HEAD, however the lengths of what follows add
	 * up (they can land on a status line by chance). */
	if (starts_status(body, (size_t)(end - body)))
		bl = 0;
	if (bl > (size_t)(end - body) || (bl < (size_t)(end - body) &&
	    !starts_status(body + bl, (size_t)(end - body) - bl))) {
		if (body == end || starts_status(body,
		    (size_t)(end - body)))
			bl = 0;
		else if (bl > (size_t)(end - body))
			die("an answer shorter than its "
			    "Content-Length", out, n);
		else
			die("bytes after an answer", out, n);
	}
	return bl;
}

/*
 * The security headers of one answer (header p of hl bytes, body of bl):
 * libmicrohttpd's own answers have none, ours have both.  Returns whether
 * the body is to be read as HTML.
 */
static int
check_headers(const char *p, size_t hl, int status, const char *body,
    size_t bl, int html, const char *out, size_t n)
{
	const char	*v, *why;
	size_t		 vl;

	if (header(p, hl, "X-Content-Type-Options", &vl) == NULL &&
	    header(p, hl, "Content-Security-Policy", &vl) == NULL &&
	    header(p, hl, "Content-Type", &vl) == NULL &&
	    (bl == 0 || mhd_own(body, bl))) {
		/* libmicrohttpd's answer to a malformed request */
		if (status >= 500 && status != 505)
			die("libmicrohttpd answered 5xx (the handler "
			    "queued no answer?)", out, n);
		mhd_answers++;
		if (mhd_answers == 1)
			fprintf(stderr, "fuzz_http: note: "
			    "libmicrohttpd's own answers (this one %d) "
			    "have no security headers\n", status);
		if (strict & STRICT_MHD)
			die("an answer without security headers", out,
			    n);
		return 1;
	}
	v = header(p, hl, "X-Content-Type-Options", &vl);
	if (v == NULL || vl != 7 || strncmp(v, "nosniff", 7))
		die("an answer without X-Content-Type-Options:"
		    " nosniff", out, n);
	if (header(p, hl, "Content-Security-Policy", &vl) ==
	    NULL)
		die("an answer without Content-Security-Policy",
		    out, n);
	if (status >= 500 && status != 503)
		die("a 5xx answer other than 503", out, n);
	if (html && bl > 0) {
		why = page_markup(body, bl);
		if (why != NULL) {
			fprintf(stderr, "fuzz_http: %s\n", why);
			die("an HTML answer that is not the page's "
			    "markup", out, n);
		}
	}
	return html;
}

/* Dies when the body (bl bytes) discloses a secret that the request req
 * (rn bytes) did not carry itself. */
static void
check_secrets(const char *body, size_t bl, int json, const char *req,
    size_t rn, const char *out, size_t n)
{
	const char	*secret_found;
	char		*dec[2];
	size_t		 dl[2];
	json_t		*j;

	secret_found = NULL;
	if (json) {
		j = json_loadb(body, bl, JSON_DECODE_ANY, NULL);
		secret_found = j != NULL ? leaked_json(j) :
		    leaked(body, bl);
		json_decref(j);
	} else
		secret_found = leaked(body, bl);
	if (secret_found == NULL)
		return;
	/* The page echoes the question: a secret typed in
	 * comes back. */
	dec[0] = pct_decode(req, rn, 0, &dl[0]);
	dec[1] = pct_decode(req, rn, 1, &dl[1]);
	if (!has(req, rn, secret_found, 0) &&
	    !has(dec[0], dl[0], secret_found, 0) &&
	    !has(dec[1], dl[1], secret_found, 0)) {
		fprintf(stderr, "fuzz_http: \"%s\" leaked\n",
		    secret_found);
		die("an answer discloses an ethnicity or place "
		    "of birth", out, n);
	}
	free(dec[0]);
	free(dec[1]);
}

/*
 * The answers in out (n bytes) to the request req (rn bytes):
 *   each starts "HTTP/1.x DDD ", no 5xx but 503 (and 505, the answer of
 *   libmicrohttpd to a version it does not speak);
 *   each of ours has X-Content-Type-Options: nosniff and a
 *   Content-Security-Policy;
 *   no body has an ethnicity or place of birth of the registry unless
 *   the request itself has it (the page echoes the question);
 *   no HTML body has "<script" or "<img", and ours are markup as pubhtml.c
 *   writes it (page_markup).
 * An empty answer is allowed: a request cut short is closed unanswered.
 */
static void
check_http(const char *out, size_t n, const char *req, size_t rn)
{
	const char	*p = out, *end = out + n, *hend, *v, *body;
	size_t		 hl, vl, bl;
	int		 status, html, json;

	while (p < end) {
		if (end - p < 12 || memcmp(p, "HTTP/1.", 7) != 0 ||
		    p[7] < '0' || p[7] > '9' || p[8] != ' ' ||
		    p[9] < '1' || p[9] > '5' || p[10] < '0' || p[10] > '9' ||
		    p[11] < '0' || p[11] > '9' ||
		    (end - p > 12 && p[12] != ' ' && p[12] != '\r'))
			die("an answer without an HTTP/1.x status line", out,
			    n);
		status = (p[9] - '0') * 100 + (p[10] - '0') * 10 +
		    (p[11] - '0');
		hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (hend == NULL)
			die("an answer's header does not end", out, n);
		hl = (size_t)(hend - p) + 4;
		if (status < 200) {	/* 100 Continue: no headers */
			p += hl;
			continue;
		}
		body = p + hl;
		bl = body_length(p, hl, body, end, out, n);
		v = header(p, hl, "Content-Type", &vl);
		html = v != NULL && vl >= 9 && strncasecmp(v, "text/html", 9)
		    == 0;
		json = v != NULL && vl >= 16 && strncasecmp(v,
		    "application/json", 16) == 0;
		html = check_headers(p, hl, status, body, bl, html, out, n);
		if (html && (has(body, bl, "<script", 1) ||
		    has(body, bl, "<img", 1)))
			die("an HTML answer with <script or <img", out, n);
		check_secrets(body, bl, json, req, rn, out, n);
		p = body + bl;
	}
}

/* Whether fd is still the socket of inode ino (the server's end, until
 * the server closes it). */
static int
still_open(int fd, ino_t ino)
{
	struct stat	 sb;

	return fcntl(fd, F_GETFD) != -1 && fstat(fd, &sb) == 0 &&
	    sb.st_ino == ino;
}

/* Waits until the server has closed its end fd too, so the next input
 * starts on a quiet server (and libFuzzer counts this input's mallocs
 * against its frees). */
static void
wait_closed(int fd, ino_t ino)
{
	double	 start = now_ms();

	while (still_open(fd, ino)) {
		if (now_ms() - start > CLOSE_MS)
			die("the server never closed its end", NULL, 0);
		usleep(100);
	}
}

/*
 * A socket pair whose fds[1] the server serves as a connection from
 * 127.0.0.1, and the stat of that end into sb (for still_open).
 */
static void
connect_server(int fds[2], struct stat *sb)
{
	struct sockaddr_in	 peer;
	int			 tries;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0, fds) != 0)
		die("socketpair failed", NULL, 0);
	memset(&peer, 0, sizeof(peer));
	peer.sin_family = AF_INET;
	peer.sin_port = htons(40000);
	peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* A connection limit freed late: wait a little, then it is a leak. */
	for (tries = 0; ; tries++) {
		if (fstat(fds[1], sb) != 0)
			die("fstat failed", NULL, 0);
		if (server_add_connection(sv, fds[1], (struct sockaddr *)&peer,
		    sizeof(peer)) == 0)
			break;
		/* fds[1] is closed now */
		close(fds[0]);
		if (tries == 100)
			die("the server refuses connections (connections "
			    "leaked?)", NULL, 0);
		usleep(10000);
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, 0, fds) != 0)
			die("socketpair failed", NULL, 0);
	}
}

static void
run_http(const uint8_t *data, size_t size)
{
	struct pollfd		 pfd;
	struct stat		 sb;
	char			*out = NULL, *np;
	size_t			 off = 0, n = 0, cap = 0;
	ssize_t			 w, r;
	double			 last, t;
	unsigned long		 drops = dropped;
	int			 fds[2], state = 0, unread = 0;
	int			 last_unread = -1;

	connect_server(fds, &sb);
	/*
	 * Write all, wait until the server has read it all, and only then
	 * shut our side: libmicrohttpd polls edge-triggered, and an EOF that
	 * comes with the last bytes of a request cut short goes unseen
	 * until the connection times out.
	 */
	last = now_ms();
	for (;;) {
		if (state == 0 && off == size)
			state = 1;
		if (state == 1 && (ioctl(fds[0], SIOCOUTQ, &unread) != 0 ||
		    unread == 0)) {
			shutdown(fds[0], SHUT_WR);
			state = 2;
		}
		pfd.fd = fds[0];
		pfd.events = POLLIN | (state == 0 ? POLLOUT : 0);
		pfd.revents = 0;
		if (poll(&pfd, 1, state == 1 ? 1 : 100) < 0 && errno != EINTR)
			die("poll failed", NULL, 0);
		t = now_ms();
		if (state == 1 && unread != last_unread) {
			last_unread = unread;
			last = t;
		}
		if (state == 0 && (pfd.revents & (POLLOUT | POLLERR |
		    POLLHUP))) {
			w = send(fds[0], data + off, size - off, MSG_NOSIGNAL);
			if (w > 0) {
				off += (size_t)w;
				last = t;
			} else if (w < 0 && errno != EAGAIN && errno != EINTR) {
				/* The server closed: it read enough. */
				shutdown(fds[0], SHUT_WR);
				state = 2;
			}
		}
		if (pfd.revents & (POLLIN | POLLERR | POLLHUP)) {
			if (cap - n < 65536) {
				cap = cap ? cap * 2 : 65536;
				np = realloc(out, cap);
				if (np == NULL)
					abort();
				out = np;
			}
			r = recv(fds[0], out + n, cap - n, 0);
			if (r > 0) {
				n += (size_t)r;
				last = t;
			} else if (r == 0 || (errno != EAGAIN &&
			    errno != EINTR))
				break;	/* EOF, or ECONNRESET after it */
		}
		if (t - last > IDLE_MS)
			die(state == 2 ? "the server never closed the "
			    "connection" : "the server stopped reading the "
			    "request", out, n);
	}
	close(fds[0]);
	wait_closed(fds[1], sb.st_ino);
	if (show) {
		fprintf(stderr, "fuzz_http: %zu bytes of answer:\n", n);
		fwrite(out, 1, n, stderr);
		fprintf(stderr, "\n");
	}
	check_http(out, n, (const char *)data, size);
	free(out);
	if (dropped != drops) {
		if (drops == 0)
			fprintf(stderr, "fuzz_http: note: the handler "
			    "dropped a request unanswered (MHD_NO)\n");
		if (strict & STRICT_DROP)
			die("the handler dropped a request unanswered", NULL,
			    0);
	}
}

/* s when route_page puts it back into the form (its echo()). */
static const char *
echo(const char *s)
{
	return s != NULL && strlen(s) <= 1024 &&
	    utf8_valid(s, strlen(s), UTF8_NO_CONTROLS) ? s : NULL;
}

/* How many of the characters that open markup or end an attribute. */
static void
count_markup(const char *s, size_t c[4])
{
	memset(c, 0, 4 * sizeof(c[0]));
	for (; *s != '\0'; s++) {
		c[0] += *s == '<';
		c[1] += *s == '>';
		c[2] += *s == '"';
		c[3] += *s == '\'';
	}
}

/*
 * receipt_make() and pubhtml_render() as route_page calls them:
 *   the page is UTF-8, markup as pubhtml.c writes it (page_markup), and has
 *   exactly the markup of the page for the same answer asked with plain
 *   "x" values (so nothing typed opened a tag or left an attribute);
 *   no input with a '<' is in it
 *   verbatim; a receipt passes receipt_check with the registry's key.
 */
/* Occurrences of needle in hay. */
static size_t
occurrences(const char *hay, const char *needle)
{
	size_t	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return n;
}

/*
 * Dies when value v (the i-th: serial, name, dob), holding a '<', is on
 * the page html more often than on the same page with v's '<' turned
 * into '>': '>' escapes to an entity of the same length and ending, so
 * what the other page shows of v is made of v's escaped text and the
 * page's own markup ("yb" typed as the date of birth, then '"><'; or
 * "&lt;" ending in ';', then '"><'), and only a '<' of v on the page
 * as typed counts.
 */
static void
verbatim(size_t i, const char *v, const char *html, const char *lang,
    const char *serial, const char *name, const char *dob, json_t *r,
    int notfound, unsigned int bad)
{
	char	*alt, *w, *p;
	size_t	 n;

	w = strdup(v);
	if (w == NULL)
		abort();
	for (p = w; (p = strchr(p, '<')) != NULL; p++)
		*p = '>';
	alt = pubhtml_render(lang, i == 0 ? w : serial, i == 1 ? w : name,
	    i == 2 ? w : dob, r, notfound, bad);
	free(w);
	if (alt == NULL)
		abort();
	n = occurrences(alt, v);
	free(alt);
	if (occurrences(html, v) > n)
		die("pubhtml_render: a value with '<' is on the page verbatim",
		    html, strlen(html));
}

static void
run_query(const uint8_t *data, size_t size)
{
	char		*buf, *part[4] = { NULL, NULL, NULL, NULL }, *p, *html;
	char		*ref, err[256];
	const char	*serial, *name, *dob, *lang, *why;
	json_t		*r = NULL;
	size_t		 i, np = 0, c1[4], c2[4];
	unsigned int	 bad;
	int		 rc = RECEIPT_NOTFOUND, asked;

	buf = malloc(size + 1);
	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	part[np++] = buf;
	for (p = buf; p < buf + size && np < 4; p++)
		if (*p == '\0')
			part[np++] = p + 1;
	serial = part[0];
	name = part[1];
	dob = part[2];
	lang = part[3];
	asked = serial != NULL || name != NULL || dob != NULL;
	if (asked)
		rc = receipt_make(st, serial, name, dob, &r);
	if (rc == RECEIPT_ESTORE)
		die("receipt_make: the registry failed", store_errmsg(st),
		    strlen(store_errmsg(st)));
	if ((rc == RECEIPT_OK) != (r != NULL))
		die("receipt_make: a receipt without RECEIPT_OK or the "
		    "reverse", NULL, 0);
	bad = rc == RECEIPT_EINPUT ? receipt_bad_input(serial, name, dob) :
	    0;
	if ((rc == RECEIPT_EINPUT) != (bad != 0))
		die("receipt_make and receipt_bad_input disagree", NULL, 0);
	serial = echo(serial);
	name = echo(name);
	dob = echo(dob);
	html = pubhtml_render(lang, serial, name, dob, r,
	    asked && rc == RECEIPT_NOTFOUND, bad);
	ref = pubhtml_render(lang, serial ? "x" : NULL, name ? "x" : NULL,
	    dob ? "x" : NULL, r, asked && rc == RECEIPT_NOTFOUND, bad);
	if (html == NULL || ref == NULL)
		abort();
	if (show)
		fprintf(stderr, "fuzz_http: receipt_make %d, page:\n%s\n", rc,
		    html);
	if (!utf8_valid(html, strlen(html), 0))
		die("pubhtml_render: the page is not UTF-8", html,
		    strlen(html));
	why = page_markup(html, strlen(html));
	if (why != NULL) {
		fprintf(stderr, "fuzz_http: %s\n", why);
		die("pubhtml_render: not the page's markup", html,
		    strlen(html));
	}
	count_markup(html, c1);
	count_markup(ref, c2);
	if (memcmp(c1, c2, sizeof(c1)) != 0)
		die("pubhtml_render: a value typed in changed the page's "
		    "markup (unescaped < > \" or ')", html, strlen(html));
	for (i = 0; i < 3; i++)
		if (part[i] != NULL && strchr(part[i], '<') != NULL &&
		    strstr(html, part[i]) != NULL)
			verbatim(i, part[i], html, lang, serial, name, dob, r,
			    asked && rc == RECEIPT_NOTFOUND, bad);
	if (r != NULL && receipt_check(r, &vkey, 1, err, sizeof(err)) != 0)
		die("a receipt made fails receipt_check", err, strlen(err));
	free(ref);
	free(html);
	json_decref(r);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int	 mode;

	if (st == NULL)
		init();
	if (size < 1)
		return 0;
	mode = data[0] & 1;
	if (only != -1 && mode != only)
		return -1;	/* not kept in the corpus */
	if (mode == 0)
		run_http(data + 1, size - 1);
	else
		run_query(data + 1, size - 1);
	return 0;
}
