/*
 * receiptpage.c: the /receipt page and the keys text (see
 * receiptpage.h).
 *
 * The page is plain HTML around two inline parts of our own, the
 * stylesheet and the checker script, each allowed by its hash: the
 * public site's CSP stays default-src 'none', with no 'unsafe-inline'
 * and no script from anywhere.  The same policy, less frame-ancestors
 * (which a <meta> cannot carry), is in the page itself, so that a copy
 * opened from disk keeps it.  The keys go in as escaped text of a <pre>;
 * the script reads its textContent.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "html.h"
#include "policy.h"
#include "pubhtml.h"
#include "receiptpage.h"
#include "sha256.h"
#include "store.h"

/* Beside the site's stylesheet: the paste box, the keys, the list. */
static const char extra_css[] =
    "textarea{width:100%;box-sizing:border-box;font:inherit;padding:.6rem;"
    "border:1px solid #555;border-radius:4px}"
    "pre{white-space:pre-wrap;word-break:break-all;font-size:.8rem}"
    "#checker{border:2px dashed #777;border-radius:4px;padding:1rem}";

/* The policy without frame-ancestors: %s the script's hash, %s the
 * style's. */
#define CSP_FMT	"default-src 'none'; script-src 'sha256-%s'; " \
		"style-src 'sha256-%s'; form-action 'none'; base-uri 'none'"

static pthread_once_t	 once = PTHREAD_ONCE_INIT;
static char		*style;		/* the site's css and extra_css */
static char		 meta_csp[256], header_csp[300];

/* The base64 SHA-256 of s into out (B64_ENCLEN(32) + 1 bytes): 0 or -1. */
static int
hash_of(const char *s, char *out, size_t outsz)
{
	uint8_t	 h[SHA256_LEN];

	if (sha256_2(s, strlen(s), NULL, 0, h) != 0 ||
	    b64_encode(h, sizeof(h), out, outsz) < 0)
		return -1;
	return 0;
}

static void
make_hashes(void)
{
	char	 js[B64_ENCLEN(SHA256_LEN) + 1], css[sizeof(js)];
	size_t	 a = strlen(pubhtml_css()), b = sizeof(extra_css);
	int	 w;

	style = malloc(a + b);
	if (style == NULL)
		return;
	memcpy(style, pubhtml_css(), a);
	memcpy(style + a, extra_css, b);
	if (hash_of(receiptpage_js, js, sizeof(js)) != 0 ||
	    hash_of(style, css, sizeof(css)) != 0)
		goto fail;
	w = snprintf(meta_csp, sizeof(meta_csp), CSP_FMT, js, css);
	if (w < 0 || (size_t)w >= sizeof(meta_csp))
		goto fail;
	w = snprintf(header_csp, sizeof(header_csp), "%s; "
	    "frame-ancestors 'none'", meta_csp);
	if (w < 0 || (size_t)w >= sizeof(header_csp))
		goto fail;
	return;
fail:
	header_csp[0] = '\0';
}

const char *
receiptpage_csp(void)
{
	pthread_once(&once, make_hashes);
	return header_csp[0] != '\0' ? header_csp : NULL;
}

/* A verifier key of the log: its line. */
static int
key_line(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct buf	*b = arg;

	(void)v;
	/* Key text is the registry's own, one line; a key with a line
	 * break or a space would not parse as a vkey anyway. */
	if (memchr(k->data, '\n', k->len) != NULL)
		return STORE_OK;
	buf_str(b, "log ");
	buf_add(b, k->data, k->len);
	buf_str(b, "\n");
	return STORE_OK;
}

int
receiptpage_keys(struct store *st, const char *witnesses, char **out,
    char *err, size_t errsz)
{
	struct buf	 b = { NULL, 0, 0, 0 };
	struct policy	 p;
	struct store_rd	*txn;
	size_t		 i;
	int		 rc;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	if (witnesses != NULL && policy_load(witnesses, &p, err, errsz) != 0)
		return -1;
	buf_str(&b, "# sogoc keys: the log's verifier keys (C2SP signed-note "
	    "vkeys), then the witnesses it asks to cosign\n");
	rc = store_rd_begin(st, &txn);
	if (rc == STORE_OK) {
		rc = store_each(txn, DB_KEYS, NULL, 0, 0, key_line, &b);
		store_rd_end(txn);
	}
	for (i = 0; i < p.n; i++)
		buf_fmt(&b, "witness %s %s\n", p.w[i].name, p.w[i].vkey);
	policy_clear(&p);
	if (rc != STORE_OK) {
		free(buf_finish(&b, NULL));
		snprintf(err, errsz, "the registry cannot be read just now");
		return -1;
	}
	*out = buf_finish(&b, NULL);
	if (*out == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	return 0;
}

enum msg {
	M_TITLE, M_INTRO, M_OTHER, M_NOSCRIPT, M_FILE, M_DROP, M_PASTE,
	M_CHECK, M_KEYS, M_KEYFILE, M_PRIVATE, M_COUNT
};

static const char *const msgs[2][M_COUNT] = {
	{
		"Kiểm tra biên nhận",
		"Mở, kéo thả hoặc dán tệp biên nhận (receipt.json) mà trang "
		"tra cứu đã cho. Trang này kiểm tra chữ ký của Sở, bằng chứng "
		"trong sổ và từng trường ngay trên máy của bạn.",
		"English",
		"Trang này cần JavaScript để kiểm tra biên nhận.",
		"Tệp biên nhận", "Hoặc kéo thả tệp vào khung này.",
		"Hoặc dán nội dung biên nhận", "Kiểm tra",
		"Khóa công khai của Sở", "Dùng tệp khóa khác",
		"Không có dữ liệu nào rời khỏi trình duyệt: trang không gửi "
		"yêu cầu nào, và vẫn dùng được khi lưu về máy, không cần mạng.",
	},
	{
		"Check a receipt",
		"Open, drop or paste the receipt file (receipt.json) that the "
		"verification page gave. This page checks the department's "
		"signature, the proof in the log and each field on your own "
		"machine.",
		"Tiếng Việt",
		"This page needs JavaScript to check a receipt.",
		"Receipt file", "Or drop the file on this box.",
		"Or paste the receipt", "Check",
		"The department's public keys", "Use another keys file",
		"No data leaves the browser: the page sends no request, and "
		"still works saved to disk with no network.",
	},
};

/* The head, to the opening of <main>. */
static void
page_head(struct buf *h, int en)
{
	buf_fmt(h, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset="
	    "\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,"
	    "initial-scale=1\"><meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"", en ? "en" : "vi");
	buf_str(h, meta_csp);
	buf_str(h, "\"><title>");
	html_esc(h, msgs[en][M_TITLE]);
	buf_str(h, "</title><style>");
	buf_str(h, style);
	buf_fmt(h, "</style></head><body><main><a class=\"lang\" lang=\"%s\" "
	    "hreflang=\"%s\" href=\"/receipt%s\">", en ? "vi" : "en",
	    en ? "vi" : "en", en ? "" : "?lang=en");
	html_esc(h, msgs[en][M_OTHER]);
	buf_str(h, "</a>");
}

char *
receiptpage_render(const char *lang, const char *keys)
{
	struct buf		 h = { NULL, 0, 0, 0 };
	int			 en = lang != NULL && strcmp(lang, "en") == 0;
	const char *const	*m = msgs[en];

	if (receiptpage_csp() == NULL)
		return NULL;
	page_head(&h, en);
	buf_str(&h, "<h1>");
	html_esc(&h, m[M_TITLE]);
	buf_str(&h, "</h1><p>");
	html_esc(&h, m[M_INTRO]);
	buf_str(&h, "</p><noscript><p class=\"error\">");
	html_esc(&h, m[M_NOSCRIPT]);
	buf_str(&h, "</p></noscript><section id=\"checker\"><label "
	    "for=\"file\">");
	html_esc(&h, m[M_FILE]);
	buf_str(&h, "</label><input type=\"file\" id=\"file\" accept=\".json,"
	    "application/json\"><p class=\"hint\">");
	html_esc(&h, m[M_DROP]);
	buf_str(&h, "</p><label for=\"paste\">");
	html_esc(&h, m[M_PASTE]);
	buf_str(&h, "</label><textarea id=\"paste\" rows=\"5\" "
	    "spellcheck=\"false\"></textarea><button type=\"button\" "
	    "id=\"check\">");
	html_esc(&h, m[M_CHECK]);
	buf_str(&h, "</button></section><section id=\"result\" "
	    "class=\"result\" role=\"status\" aria-live=\"polite\" hidden>"
	    "</section><details><summary>");
	html_esc(&h, m[M_KEYS]);
	buf_str(&h, "</summary><p id=\"keyinfo\"></p><pre id=\"keys\">");
	html_esc(&h, keys);
	buf_str(&h, "</pre><label for=\"keyfile\">");
	html_esc(&h, m[M_KEYFILE]);
	buf_str(&h, "</label><input type=\"file\" id=\"keyfile\"></details>"
	    "<p class=\"hint\">");
	html_esc(&h, m[M_PRIVATE]);
	buf_str(&h, "</p><script>");
	buf_str(&h, receiptpage_js);
	buf_str(&h, "</script></main></body></html>\n");
	return buf_finish(&h, NULL);
}
