/*
 * keying.c: the staff console's pages to key by hand (issue 14, "nothing
 * is lost"; see cs.h).  A page OCR could not read is shown beside a form
 * of empty rows, as many as the pipeline estimated, with one labelled
 * input per ledger field; "Thêm một dòng" adds a row.  Saving hands the
 * rows to staging_key_page(), which checks every value with the same
 * normalisers as a reviewer's and stores them all or none: a refused
 * value is named beside its input and every value typed is kept in the
 * form.  The rows are then staged rows set by the person, published from
 * the page's review screen as reviewed ones are.  No script: the form
 * works as plain HTML under the console's CSP.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <jansson.h>
#include <microhttpd.h>

#include "cs.h"
#include "event.h"
#include "log.h"
#include "staging.h"

#define KEY_ROWS_MAX	40	/* rows of one form: FORM_FIELDS and
				   FORM_MAX bound it; a page has 10-30 */

/* Why OCR could not read the page, in words (docs/ocr.md's codes). */
static const char *
key_why_word(const char *why)
{
	static const char *const w[][2] = {
		{ "no-table", "không tìm thấy bảng kẻ ô" },
		{ "no-header", "không đọc được hàng tiêu đề" },
		{ "profile-mismatch", "mẫu cột không khớp với trang" },
		{ "too-few-rows", "đọc được quá ít dòng so với trang" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (why != NULL && strcmp(why, w[i][0]) == 0)
			return w[i][1];
	return why != NULL ? why : "không rõ";
}

/* The input of field f of row i: its id and name. */
static void
input_id(char *buf, size_t sz, size_t i, enum field f)
{
	snprintf(buf, sz, "r%zu-%s", i, field_key(f));
}

/* What was refused of field f of row i ("invalid", "missing"), or NULL. */
static const char *
refusal(json_t *bad, size_t i, enum field f)
{
	json_t	*e;
	size_t	 k;

	json_array_foreach(bad, k, e)
		if ((size_t)json_integer_value(json_array_get(e, 0)) == i &&
		    strcmp(json_string_value(json_array_get(e, 1)),
		    field_key(f)) == 0)
			return json_string_value(json_array_get(e, 2));
	return NULL;
}

static const char *
refusal_words(const char *what)
{
	return strcmp(what, "missing") == 0 ? "bắt buộc: dòng có dữ liệu "
	    "cần họ tên và ngày sinh" : "giá trị không hợp lệ";
}

/* The refused values, each a link to its input, above the form. */
static void
refusal_list(struct buf *h, json_t *rows, json_t *bad)
{
	json_t		*e;
	const char	*v;
	char		 id[64];
	enum field	 f;
	size_t		 k, i;

	buf_fmt(h, "<div role=\"alert\" class=\"error\" id=\"refused\"><p>"
	    "Chưa lưu: %zu giá trị cần sửa; các giá trị khác vẫn giữ "
	    "nguyên.</p><ul>", json_array_size(bad));
	json_array_foreach(bad, k, e) {
		i = (size_t)json_integer_value(json_array_get(e, 0));
		f = field_from_key(json_string_value(json_array_get(e, 1)));
		if (f == FIELD_UNKNOWN)
			continue;
		input_id(id, sizeof(id), i, f);
		v = json_string_value(json_object_get(json_array_get(rows,
		    i - 1), field_key(f)));
		buf_str(h, "<li><a href=\"#");
		html_esc(h, id);
		buf_fmt(h, "\">Dòng %zu · ", i);
		html_esc(h, field_label(f));
		buf_str(h, "</a>: ");
		if (v != NULL && v[0] != '\0') {
			buf_str(h, "«");
			html_esc(h, v);
			buf_str(h, "» ");
		}
		html_esc(h, refusal_words(json_string_value(json_array_get(e,
		    2))));
		buf_str(h, "</li>");
	}
	buf_str(h, "</ul></div>");
}

/* One row of the form: a fieldset of labelled inputs, values kept. */
static void
key_row(struct buf *h, size_t i, json_t *values, json_t *bad, int focus)
{
	const char	*v, *why;
	char		 id[64];
	int		 f, first = 1, refused = 0;

	/* The cursor goes to the row's first refused value, if any. */
	for (f = 0; f < FIELD_COUNT; f++)
		if (refusal(bad, i, (enum field)f) != NULL)
			refused = 1;
	buf_fmt(h, "<fieldset class=\"keyrow\"><legend>Dòng %zu</legend>", i);
	for (f = 0; f < FIELD_COUNT; f++) {
		if (!event_field_allowed((enum field)f))
			continue;
		input_id(id, sizeof(id), i, (enum field)f);
		v = json_string_value(json_object_get(values,
		    field_key((enum field)f)));
		why = refusal(bad, i, (enum field)f);
		buf_str(h, "<div><label for=\"");
		html_esc(h, id);
		buf_str(h, "\">");
		html_esc(h, field_label((enum field)f));
		buf_str(h, "</label><input id=\"");
		html_esc(h, id);
		buf_str(h, "\" name=\"");
		html_esc(h, id);
		buf_str(h, "\" value=\"");
		html_esc(h, v != NULL ? v : "");
		buf_str(h, "\" lang=\"vi\" autocomplete=\"off\" "
		    "spellcheck=\"false\"");
		if (focus && first && (!refused || why != NULL)) {
			buf_str(h, " autofocus");
			first = 0;
		}
		if (why != NULL) {
			buf_str(h, " aria-invalid=\"true\" "
			    "aria-describedby=\"");
			html_esc(h, id);
			buf_str(h, "-err\"><span class=\"msg bad\" id=\"");
			html_esc(h, id);
			buf_str(h, "-err\">");
			html_esc(h, refusal_words(why));
			buf_str(h, "</span>");
		} else
			buf_str(h, ">");
		buf_str(h, "</div>");
	}
	buf_str(h, "</fieldset>");
}

/*
 * The keying page of page id (entry: its staged "to_key" entry): rows
 * (NULL: n empty rows) with the refusals bad (NULL: none); focus_row
 * gets the cursor (0: the first input).
 */
static enum MHD_Result
key_page(struct ctx *x, unsigned int status, const char *id, json_t *entry,
    json_t *rows, size_t n, json_t *bad, size_t focus_row)
{
	struct buf	 h = { 0 };
	json_t		*tk = json_object_get(entry, "to_key");
	const char	*src = json_string_value(json_object_get(entry,
			    "source"));
	json_int_t	 est = json_integer_value(json_object_get(tk, "rows"));
	size_t		 i;

	cs_head(x, &h, "Nhập tay trang");
	buf_str(&h, "<h1>Nhập tay trang ");
	html_esc(&h, strchr(id, ':') + 1);
	buf_str(&h, " · ");
	html_esc(&h, src != NULL ? src : "");
	buf_str(&h, "</h1><p class=\"why\">OCR không đọc được trang này (");
	html_esc(&h, key_why_word(json_string_value(json_object_get(tk,
	    "why"))));
	buf_str(&h, ")");
	if (est > 0)
		buf_fmt(&h, "; ước tính trang có khoảng %lld dòng",
		    (long long)est);
	buf_str(&h, ". Nhập từng dòng theo ảnh trang; dòng để trống được "
	    "bỏ qua. Dòng có dữ liệu cần họ tên và ngày sinh. Trang không "
	    "có dòng nào: để trống cả và lưu.</p>");
	if (json_array_size(bad) > 0)
		refusal_list(&h, rows, bad);
	buf_str(&h, "<div class=\"review keying\"><section class=\"cells\" "
	    "aria-label=\"Các dòng cần nhập\"><form method=\"post\" "
	    "action=\"/key\" class=\"keyform\">");
	cs_csrf_input(x, &h);
	buf_str(&h, "<input type=\"hidden\" name=\"page\" value=\"");
	html_esc(&h, id);
	buf_fmt(&h, "\"><input type=\"hidden\" name=\"n\" value=\"%zu\">", n);
	/* Enter in a field adds a row (the first button): it keeps every
	 * value, and never saves half a page by accident. */
	buf_str(&h, "<p class=\"keyacts\"><button name=\"action\" "
	    "value=\"add\" class=\"minor\">Thêm một dòng (Enter)</button>"
	    "</p>");
	for (i = 1; i <= n; i++)
		key_row(&h, i, rows != NULL ? json_array_get(rows, i - 1) :
		    NULL, bad, focus_row == i || (focus_row == 0 && i == 1));
	buf_str(&h, "<p class=\"keyacts\"><button name=\"action\" "
	    "value=\"add\" class=\"minor\">Thêm một dòng</button><button "
	    "name=\"action\" value=\"save\" id=\"keysave\">Lưu các dòng"
	    "</button></p></form></section><section class=\"sheet\" "
	    "aria-label=\"Ảnh trang\"><div class=\"frame\"><img "
	    "alt=\"Trang sổ gốc cần nhập tay\" src=\"/img/page?id=");
	html_urlesc(&h, id);
	buf_str(&h, "\"></div></section></div>");
	cs_foot(&h);
	return cs_send_html(x, status, &h);
}

/* Whether row is a page to key still waiting. */
int
cs_keypage_waiting(json_t *row)
{
	json_t	*tk = json_object_get(row, "to_key");

	return tk != NULL && json_object_get(tk, "keyed") == NULL;
}

enum MHD_Result
cs_keypage(struct ctx *x, const char *id, json_t *entry)
{
	json_int_t	 est = json_integer_value(json_object_get(
			    json_object_get(entry, "to_key"), "rows"));

	return key_page(x, MHD_HTTP_OK, id, entry, NULL, est < 1 ? 1 :
	    est > KEY_ROWS_MAX ? KEY_ROWS_MAX : (size_t)est, NULL, 0);
}

/* The staged entry of page id, if it is a page to key still waiting. */
static int
find_entry(void *arg, const char *rid, json_t *row)
{
	json_t	**out = arg;

	(void)rid;
	if (cs_keypage_waiting(row))
		*out = json_incref(row);
	return 1;	/* row 0 comes first: nothing more to see */
}

/* The form's rows: n objects of the values typed, blank ones included. */
static json_t *
form_rows(struct ctx *x, size_t n)
{
	json_t		*rows = json_array(), *o;
	const char	*v;
	char		 id[64];
	size_t		 i;
	int		 f;

	for (i = 1; rows != NULL && i <= n; i++) {
		o = json_object();
		for (f = 0; o != NULL && f < FIELD_COUNT; f++) {
			if (!event_field_allowed((enum field)f))
				continue;
			input_id(id, sizeof(id), i, (enum field)f);
			v = cs_arg(x, id);
			if (v != NULL)
				json_object_set_new(o, field_key((enum field)f),
				    json_string(v));
		}
		if (o == NULL || json_array_append_new(rows, o) != 0) {
			json_decref(rows);
			return NULL;
		}
	}
	return rows;
}

enum MHD_Result
cs_route_key(struct ctx *x)
{
	const char	*page = cs_arg(x, "page"), *action = cs_arg(x, "action");
	const char	*ns = cs_arg(x, "n");
	json_t		*entry = NULL, *rows, *bad = NULL;
	char		*end, to[160], msg[512];
	size_t		 count;
	long		 n;
	int		 rc;
	enum MHD_Result	 ret;

	n = ns != NULL ? strtol(ns, &end, 10) : 0;
	if (page == NULL || strlen(page) > 80 || ns == NULL || *end != '\0' ||
	    n < 1 || n > KEY_ROWS_MAX || action == NULL)
		return cs_message(x, MHD_HTTP_BAD_REQUEST, "Sai yêu cầu",
		    "Thiếu mã trang, số dòng hoặc việc cần làm.");
	if (staging_list_page(x->c->st, page, 0, find_entry, &entry) !=
	    STORE_OK || entry == NULL)
		return cs_message(x, MHD_HTTP_NOT_FOUND, "Không có trang này",
		    "Không có trang nào cần nhập tay với mã này (có thể đã có "
		    "người nhập xong).");
	rows = form_rows(x, (size_t)n);
	if (rows == NULL) {
		json_decref(entry);
		return cs_message(x, MHD_HTTP_INTERNAL_SERVER_ERROR, "Lỗi",
		    "Hết bộ nhớ.");
	}
	if (strcmp(action, "add") == 0 && n < KEY_ROWS_MAX) {
		json_array_append_new(rows, json_object());
		ret = key_page(x, MHD_HTTP_OK, page, entry, rows, (size_t)n + 1,
		    NULL, (size_t)n + 1);
		goto out;
	}
	rc = staging_key_page(x->c->st, page, rows, x->s.name, &count, &bad);
	snprintf(msg, sizeof(msg), "%s", store_errmsg(x->c->st));
	if (rc == STORE_EINPUT && json_array_size(bad) > 0) {
		if (x->json)
			ret = cs_send_json(x, MHD_HTTP_BAD_REQUEST, json_pack(
			    "{s:s, s:O}", "error", msg, "refused", bad));
		else
			ret = key_page(x, MHD_HTTP_BAD_REQUEST, page, entry,
			    rows, (size_t)n, bad, (size_t)json_integer_value(
			    json_array_get(json_array_get(bad, 0), 0)));
		goto out;
	}
	if (rc != STORE_OK) {
		ret = cs_message(x, cs_store_status(rc), "Chưa lưu", msg);
		goto out;
	}
	log_msg(LOG_INFO, "staff %s keyed page %s by hand: %zu rows",
	    x->s.name, page, count);
	if (x->json) {
		ret = cs_send_json(x, MHD_HTTP_OK, json_pack("{s:b, s:I}", "ok",
		    1, "rows", (json_int_t)count));
		goto out;
	}
	snprintf(to, sizeof(to), "/page?id=%s&keyed=%zu", page, count);
	ret = cs_redirect(x, to, NULL);
out:
	json_decref(bad);
	json_decref(rows);
	json_decref(entry);
	return ret;
}
