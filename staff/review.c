/*
 * review.c: the staff console's review screen: a page's flagged fields
 * beside their cells, saving a person's decision on one, publishing the
 * page (see console.h, cs.h).
 */

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <jansson.h>
#include <microhttpd.h>

#include "cs.h"
#include "date.h"
#include "log.h"
#include "media.h"
#include "progress.h"
#include "staging.h"

#define PAGE_WIDTH	1600		/* pixels of the page image */

struct pagerows {
	json_t	*rows;		/* [ [id, row], ... ] */
};

static int
collect_row(void *arg, const char *id, json_t *row)
{
	struct pagerows	*pr = arg;

	json_array_append_new(pr->rows, json_pack("[s, O]", id, row));
	return 0;
}

/* A page's source: its SHA-256, and whether its volume is keyed blind. */
struct pagesrc {
	uint8_t		 sha[32];
	int		 double_key;
};

/* The rows of page id and what media needs to show it. */
static int
page_rows(struct ctx *x, const char *id, json_t **rows,
    struct media_page *mp, struct pagesrc *ps)
{
	struct pagerows	 pr;
	json_t		*first, *src;
	int		 i;

	*rows = NULL;
	if (id == NULL || staging_source(x->c->st, id, ps->sha, &src) !=
	    STORE_OK)
		return -1;
	ps->double_key = json_is_true(json_object_get(json_object_get(src,
	    "volume"), "double_key"));
	json_decref(src);
	pr.rows = json_array();
	if (staging_list_page(x->c->st, id, 1, collect_row, &pr) !=
	    STORE_OK || json_array_size(pr.rows) == 0) {
		json_decref(pr.rows);
		return -1;
	}
	first = json_array_get(json_array_get(pr.rows, 0), 1);
	mp->path = json_string_value(json_object_get(first, "source"));
	mp->sha = ps->sha;
	mp->page = (int)json_integer_value(json_object_get(first, "page"));
	mp->rotation = (int)json_integer_value(json_object_get(first,
	    "rotation"));
	mp->skew = json_number_value(json_object_get(first, "skew"));
	/* Half a spread: the file's page and the half's box (staging.c). */
	mp->image_page = (int)json_integer_value(json_object_get(first,
	    "image_page"));
	if (mp->image_page > 0)
		for (i = 0; i < 4; i++)
			mp->region[i] = (int)json_integer_value(
			    json_array_get(json_object_get(first, "region"),
			    i));
	*rows = pr.rows;
	return 0;
}

static void
box_pct(struct buf *h, const int *b, int w, int hh)
{
	if (w <= 0 || hh <= 0)
		return;
	buf_fmt(h, "%.2f,%.2f,%.2f,%.2f", 100.0 * b[0] / w,
	    100.0 * b[1] / hh, 100.0 * b[2] / w, 100.0 * b[3] / hh);
}

static int
json_box(json_t *fo, int *b)
{
	json_t	*a = json_object_get(fo, "box");
	int	 i;

	if (json_array_size(a) != 4)
		return -1;
	for (i = 0; i < 4; i++)
		b[i] = (int)json_integer_value(json_array_get(a, i));
	return 0;
}

/* The words of key in a table of (key, words) pairs; key when not in it. */
static const char *
word_of(const char *const (*w)[2], size_t n, const char *key)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(key, w[i][0]) == 0)
			return w[i][1];
	return key;
}

/* A field's status in words. */
static const char *
status_word(const char *st)
{
	static const char *const w[][2] = {
		{ "review", "cần duyệt" }, { "confirmed", "đã xác nhận" },
		{ "set", "đã sửa" }, { "illegible", "không đọc được" },
		{ "keyed", "đã nhập một lần, chờ lần thứ hai" },
		{ "disputed", "hai lần nhập khác nhau, chờ người thứ ba" },
		{ "accepted", "OCR chấp nhận" },
	};

	return word_of(w, sizeof(w) / sizeof(w[0]), st);
}

/*
 * Why OCR flagged a field, in words (the codes of docs/ocr.md).  A code
 * this version does not know is shown as it is: the importer lets only
 * short codes of a-z and '-' through (staging.c).
 */
static const char *
why_word(const char *why)
{
	static const char *const w[][2] = {
		{ "empty", "ô trống" },
		{ "unreadable", "có mực nhưng không đọc ra chữ" },
		{ "fails-validator", "giá trị không hợp lệ" },
		{ "models-disagree", "các lần đọc không khớp nhau" },
		{ "sequence-broken", "số đếm bị đứt hoặc lệch dòng" },
		{ "column-only", "chỉ khớp với cột, không chắc ở ô" },
		{ "not-in-sequence", "không liền số với dòng trên, dưới" },
		{ "spelling-varies", "trang có cách viết khác (dấu)" },
		{ "year-outlier", "năm sinh lệch so với cả trang" },
		{ "not-listed", "không có trong danh mục" },
		{ "unknown-name", "họ hoặc tỉnh không quen" },
		{ "low-confidence", "độ tin cậy thấp" },
		{ "row-misaligned", "các ô của dòng không thẳng hàng" },
		{ "handwriting", "chữ viết tay: gõ lại theo ảnh ô" },
		{ "column-inferred", "cột đoán theo nội dung, không theo "
		    "tiêu đề" },
		{ "letter-or-digit", "chữ cuối của số hiệu có thể là "
		    "chữ số (G/6, B/8)" },
	};

	return word_of(w, sizeof(w) / sizeof(w[0]), why);
}

/*
 * A value as the reviewer reads it on the ledger: an ISO date of birth
 * as d/m/yyyy (m/yyyy, yyyy), anything else as it is.
 */
static void
shown(enum field f, const char *v, char *out, size_t outsz)
{
	if (f == FIELD_DATE_OF_BIRTH && norm_date_dmy(v, out, outsz) == out)
		return;
	snprintf(out, outsz, "%s", v != NULL ? v : "");
}

/* The two values a disputed cell was keyed as, and by whom. */
static void
keyed_values(struct buf *h, json_t *fo)
{
	json_t	*e;
	size_t	 i;

	buf_str(h, "<span class=\"ocr\">Hai lần nhập:");
	json_array_foreach(json_object_get(fo, "keyed"), i, e) {
		buf_str(h, i > 0 ? " · " : " ");
		html_esc(h, json_string_value(json_object_get(e, "by")));
		buf_str(h, " «");
		html_esc(h, json_string_value(json_object_get(e, "value")));
		buf_str(h, "»");
	}
	buf_str(h, "</span>");
}

/* The image of field f's cell in row rid. */
static void
cell_image(struct buf *h, const char *rid, enum field f)
{
	buf_str(h, "<img alt=\"Ảnh ô ");
	html_esc(h, field_label(f));
	buf_str(h, "\" src=\"/img/cell?id=");
	html_urlesc(h, rid);
	buf_str(h, "&amp;f=");
	buf_str(h, field_key(f));
	buf_str(h, "\">");
}

/*
 * One field's form: the cell, what OCR read, the value to keep.  In a
 * double-keyed volume (dk) a flagged field is keyed blind: no OCR value,
 * an empty input; a reviewer who keyed it waits for the others.  A cell
 * OCR found handwritten starts empty too, OCR's reading not shown: read
 * off a hand it is mostly wrong, and a wrong value in the input is
 * easier to let through than to type the right one (issue 14).
 */
static void
cell_form(struct ctx *x, struct buf *h, const char *rid, json_t *row,
    enum field f, json_t *fo, const int *rowbox, int w, int hh, int dk)
{
	const char	*v = json_string_value(json_object_get(fo, "value"));
	const char	*text = json_string_value(json_object_get(fo, "text"));
	const char	*st = json_string_value(json_object_get(fo, "status"));
	const char	*why = json_string_value(json_object_get(fo, "why"));
	char		 fid[96], vis[1100];
	int		 b[4], blind, wait, done, hand;

	wait = dk && staging_unsettled(st) &&
	    staging_keyed_by(fo, x->s.name);
	blind = dk && !wait && strcmp(st, "disputed") != 0 &&
	    staging_unsettled(st);
	done = !staging_unsettled(st) || wait;
	hand = !done && why != NULL && strcmp(why, "handwriting") == 0;
	snprintf(fid, sizeof(fid), "v-%s-%s", rid, field_key(f));
	for (char *p = fid; *p != '\0'; p++)
		if (*p == ':')
			*p = '-';
	buf_str(h, "<form method=\"post\" action=\"/review\" class=\"cell");
	buf_str(h, done ? " done\"" : "\"");
	buf_str(h, " data-row=\"");
	box_pct(h, rowbox, w, hh);
	buf_str(h, "\" data-box=\"");
	if (json_box(fo, b) == 0)
		box_pct(h, b, w, hh);
	buf_str(h, "\">");
	cs_csrf_input(x, h);
	buf_str(h, "<input type=\"hidden\" name=\"id\" value=\"");
	html_esc(h, rid);
	buf_str(h, "\"><input type=\"hidden\" name=\"field\" value=\"");
	buf_str(h, field_key(f));
	buf_str(h, "\"><input type=\"hidden\" name=\"seen\" value=\"");
	html_esc(h, blind ? "" : v);
	buf_str(h, "\"><input type=\"hidden\" name=\"seen_status\" "
	    "value=\"");
	html_esc(h, st);
	buf_str(h, "\">");
	/* A value keyed by hand has no cell of its own: the page shows. */
	if (json_box(fo, b) == 0)
		cell_image(h, rid, f);
	buf_str(h, "<label for=\"");
	html_esc(h, fid);
	buf_str(h, "\">");
	html_esc(h, field_label(f));
	buf_fmt(h, " · dòng %d", (int)json_integer_value(json_object_get(row,
	    "row")));
	buf_str(h, blind ? " · nhập mù (không xem OCR)</label>" : "</label>");
	if (!blind && !wait && !hand) {
		buf_str(h, "<span class=\"ocr\">OCR: «");
		html_esc(h, text != NULL ? text : v);
		buf_fmt(h, "» · độ tin cậy %.2f",
		    json_number_value(json_object_get(fo, "conf")));
		buf_str(h, "</span>");
	}
	/* Why OCR flagged it: shown to blind keyers too, it holds no value. */
	if (why != NULL && !done) {
		buf_str(h, "<span class=\"why\">Lý do: ");
		html_esc(h, why_word(why));
		buf_str(h, "</span>");
	}
	if (strcmp(st, "disputed") == 0 && !wait)
		keyed_values(h, fo);
	buf_str(h, "<input name=\"value\" id=\"");
	html_esc(h, fid);
	buf_str(h, "\" value=\"");
	shown(f, v, vis, sizeof(vis));
	html_esc(h, blind || wait || hand ? "" : vis);
	buf_str(h, wait ? "\" readonly" : "\"");
	buf_str(h, " lang=\"vi\" autocomplete=\"off\" spellcheck=\"false\" "
	    "aria-describedby=\"");
	html_esc(h, fid);
	buf_str(h, "-msg\"><span class=\"msg\" id=\"");
	html_esc(h, fid);
	buf_str(h, "-msg\" role=\"status\">");
	if (wait)
		buf_str(h, "Bạn đã nhập ô này; chờ người khác.");
	else if (done) {
		buf_str(h, "Đã lưu: ");
		html_esc(h, status_word(st));
	}
	buf_str(h, "</span>");
	if (!wait)
		buf_str(h, "<button name=\"action\" value=\"save\">Lưu "
		    "(Enter)</button><button name=\"action\" "
		    "value=\"illegible\" class=\"minor\">Không đọc được (F2)"
		    "</button>");
	buf_str(h, "</form>");
}

/* The box of row (x, y, w, h into rb): the union of its cells'. */
static void
row_box(json_t *row, int *rb)
{
	json_t		*fo;
	const char	*k;
	int		 b[4];

	memset(rb, 0, 4 * sizeof(*rb));
	json_object_foreach(json_object_get(row, "fields"), k, fo) {
		if (json_box(fo, b) != 0)
			continue;
		if (rb[2] == 0)
			memcpy(rb, b, sizeof(b));
		else {
			int x1 = rb[0] + rb[2], y1 = rb[1] + rb[3];

			if (b[0] < rb[0])
				rb[0] = b[0];
			if (b[1] < rb[1])
				rb[1] = b[1];
			if (b[0] + b[2] > x1)
				x1 = b[0] + b[2];
			if (b[1] + b[3] > y1)
				y1 = b[1] + b[3];
			rb[2] = x1 - rb[0];
			rb[3] = y1 - rb[1];
		}
	}
}

enum MHD_Result
cs_route_page(struct ctx *x)
{
	struct media_page mp;
	struct pagesrc	 ps;
	struct buf	 h = { 0 };
	json_t		*rows, *e, *row, *fo;
	const char	*id = cs_arg(x, "id"), *rid;
	char		 err[256];
	size_t		 i, left = 0, shown = 0, unpublished = 0;
	int		 w = 0, hh = 0, rb[4], f;

	if (page_rows(x, id, &rows, &mp, &ps) != 0) {
		json_decref(rows);
		return cs_message(x, MHD_HTTP_NOT_FOUND, "Không có trang này",
		    "Không có trang nào đang chờ với mã này.");
	}
	/* A page OCR could not read, not keyed yet: the keying form. */
	row = json_array_get(json_array_get(rows, 0), 1);
	if (cs_keypage_waiting(row)) {
		enum MHD_Result	 ret = cs_keypage(x, id, row);

		json_decref(rows);
		return ret;
	}
	/* The page's size, for the boxes; it also warms the cache. */
	if (media_page_size(x->c->media, &mp, &w, &hh, err, sizeof(err)) != 0)
		w = hh = 0;
	cs_head(x, &h, "Duyệt trang");
	buf_str(&h, "<h1>Duyệt trang ");
	html_esc(&h, strchr(id, ':') + 1);
	buf_str(&h, " · ");
	html_esc(&h, mp.path);
	buf_str(&h, "</h1>");
	if (cs_arg(x, "published") != NULL) {
		buf_str(&h, "<p role=\"status\" class=\"ok\">Đã công bố ");
		html_esc(&h, cs_arg(x, "published"));
		buf_str(&h, " hồ sơ vào sổ đăng ký.</p>");
	}
	if (cs_arg(x, "keyed") != NULL) {
		buf_str(&h, "<p role=\"status\" class=\"ok\">Đã lưu ");
		html_esc(&h, cs_arg(x, "keyed"));
		buf_str(&h, " dòng nhập tay; xem lại rồi công bố trang.</p>");
	}
	if (w == 0) {
		buf_str(&h, "<p role=\"alert\" class=\"error\">Không hiện "
		    "được ảnh trang: ");
		html_esc(&h, err);
		buf_str(&h, "</p>");
	}
	buf_str(&h, "<div class=\"review\"><section class=\"cells\" "
	    "aria-label=\"Các ô cần duyệt\">");
	json_array_foreach(rows, i, e) {
		rid = json_string_value(json_array_get(e, 0));
		row = json_array_get(e, 1);
		if (json_object_get(row, "record") != NULL ||
		    json_object_get(row, "duplicate_of") != NULL ||
		    json_object_get(row, "to_key") != NULL)
			continue;
		unpublished++;
		row_box(row, rb);
		for (f = 0; f < FIELD_COUNT; f++) {
			const char	*s;

			fo = json_object_get(json_object_get(row, "fields"),
			    field_key((enum field)f));
			s = json_string_value(json_object_get(fo, "status"));
			if (s == NULL || (!staging_unsettled(s) &&
			    json_object_get(fo, "by") == NULL))
				continue;
			if (staging_unsettled(s))
				left++;
			shown++;
			cell_form(x, &h, rid, row, (enum field)f, fo, rb, w,
			    hh, ps.double_key);
		}
	}
	if (shown == 0)
		buf_str(&h, "<p>Trên trang này không có ô nào cần duyệt.</p>");
	buf_str(&h, "</section><section class=\"sheet\" aria-label=\"Ảnh "
	    "trang\"><div class=\"frame\"><img alt=\"Trang sổ gốc\" "
	    "src=\"/img/page?id=");
	html_urlesc(&h, id);
	buf_str(&h, "\"><div id=\"hlrow\" hidden></div><div id=\"hlcell\" "
	    "hidden></div></div></section></div>");
	buf_str(&h, "<form method=\"post\" action=\"/publish\" "
	    "class=\"publish\">");
	cs_csrf_input(x, &h);
	buf_str(&h, "<input type=\"hidden\" name=\"page\" value=\"");
	html_esc(&h, id);
	buf_fmt(&h, "\"><p>Còn <strong id=\"remaining\">%zu</strong> ô cần "
	    "duyệt trên trang này; %zu dòng chưa công bố.</p><button "
	    "id=\"publish\"%s>Công bố trang</button></form>", left,
	    unpublished, left > 0 || unpublished == 0 ? " disabled" : "");
	cs_foot(&h);
	json_decref(rows);
	return cs_send_html(x, MHD_HTTP_OK, &h);
}

enum MHD_Result
cs_route_img(struct ctx *x, int cell)
{
	struct media_page mp;
	struct pagesrc	 ps;
	json_t		*rows, *e, *fo = NULL;
	const char	*id = cs_arg(x, "id"), *f = cs_arg(x, "f");
	char		 pid[96], err[256];
	const char	*colon;
	uint8_t		*out = NULL;
	size_t		 len, i;
	int		 b[4], rc;

	if (id == NULL || (colon = strrchr(id, ':')) == NULL ||
	    strlen(id) > 90)
		return cs_message(x, MHD_HTTP_BAD_REQUEST, "Sai yêu cầu",
		    "Thiếu mã trang.");
	snprintf(pid, sizeof(pid), "%.*s", cell ? (int)(colon - id) :
	    (int)strlen(id), id);
	if (page_rows(x, pid, &rows, &mp, &ps) != 0) {
		json_decref(rows);
		return cs_message(x, MHD_HTTP_NOT_FOUND, "Không có ảnh",
		    "Không có trang nào đang chờ với mã này.");
	}
	if (cell) {
		json_array_foreach(rows, i, e)
			if (strcmp(json_string_value(json_array_get(e, 0)),
			    id) == 0)
				fo = json_object_get(json_object_get(
				    json_array_get(e, 1), "fields"),
				    f ? f : "");
		if (fo == NULL || json_box(fo, b) != 0) {
			json_decref(rows);
			return cs_message(x, MHD_HTTP_NOT_FOUND, "Không có ảnh",
			    "Dòng này không có ô đó.");
		}
		rc = media_cell_png(x->c->media, &mp, b, &out, &len, err,
		    sizeof(err));
	} else
		rc = media_page_jpeg(x->c->media, &mp, PAGE_WIDTH, &out, &len,
		    NULL, NULL, err, sizeof(err));
	json_decref(rows);
	if (rc != 0)
		return cs_message(x, MHD_HTTP_NOT_FOUND, "Không có ảnh", err);
	return cs_answer(x, MHD_HTTP_OK, cell ? "image/png" : "image/jpeg", out,
	    len, 1, NULL, NULL);
}

/* The staged page's fields left to settle, -1 when it cannot be read. */
static int
review_left(struct ctx *x, const char *page)
{
	struct progress	 p;
	int		 n;

	if (progress_read(x->c->st, page, &p) != STORE_OK)
		return -1;
	n = p.npages > 0 ? p.pages[0].c.unsettled : 0;
	progress_clear(&p);
	return n;
}

/* The stored value of field key of row id, after a save. */
struct fieldnow {
	const char	*id, *key;
	char		 value[1100];
};

static int
field_now(void *arg, const char *id, json_t *row)
{
	struct fieldnow	*fn = arg;
	const char	*v;

	if (strcmp(id, fn->id) != 0)
		return 0;
	v = json_string_value(json_object_get(json_object_get(
	    json_object_get(row, "fields"), fn->key), "value"));
	snprintf(fn->value, sizeof(fn->value), "%s", v != NULL ? v : "");
	return 1;
}

enum MHD_Result
cs_route_review(struct ctx *x)
{
	const char	*id = cs_arg(x, "id"), *fk = cs_arg(x, "field");
	const char	*value = cs_arg(x, "value");
	const char	*action = cs_arg(x, "action");
	const char	*seen = cs_arg(x, "seen");
	const char	*seen_st = cs_arg(x, "seen_status");
	struct fieldnow	 fn;
	char		 msg[512], page[96], to[160], vis[1100];
	const char	*colon, *result = "";
	enum field	 f;
	int		 rc, ill, left;

	f = fk != NULL ? field_from_key(fk) : FIELD_UNKNOWN;
	ill = action != NULL && strcmp(action, "illegible") == 0;
	if (id == NULL || f == FIELD_UNKNOWN || seen == NULL ||
	    seen_st == NULL || (!ill && value == NULL) ||
	    (colon = strrchr(id, ':')) == NULL || colon - id > 80)
		return cs_message(x, MHD_HTTP_BAD_REQUEST, "Sai yêu cầu",
		    "Thiếu mã dòng, tên ô hoặc giá trị.");
	/* Unchanged is a confirmation of what was shown (a blind keying,
	 * shown nothing, keys an empty cell so). */
	if (!ill && strcmp(value, seen) == 0)
		value = NULL;
	rc = staging_review(x->c->st, id, f, value, ill, seen, seen_st,
	    x->s.name, &result);
	snprintf(msg, sizeof(msg), "%s", store_errmsg(x->c->st));
	snprintf(page, sizeof(page), "%.*s", (int)(colon - id), id);
	if (rc == STORE_ECONFLICT)
		snprintf(msg, sizeof(msg), "Ô này vừa được người khác lưu "
		    "hoặc nhập; tải lại trang để xem giá trị mới.");
	else if (rc == STORE_EINPUT) {
		char	 why[400];

		snprintf(why, sizeof(why), "%.399s", msg);
		snprintf(msg, sizeof(msg), "Chưa lưu được ô %s (%s)",
		    field_label(f), why);
	}
	if (rc != STORE_OK)
		return cs_message(x, cs_store_status(rc), "Chưa lưu", msg);
	log_msg(LOG_INFO, "staff %s reviewed %s %s: %s", x->s.name, id, fk,
	    result);
	left = review_left(x, page);
	/* What is stored now, as the form should hold it, unless the field
	 * is keyed blind (its value is OCR's, not for the keyer's eyes). */
	fn.id = id;
	fn.key = fk;
	fn.value[0] = '\0';
	if (strcmp(result, "keyed") != 0 && strcmp(result, "disputed") != 0)
		staging_list_page(x->c->st, page, 1, field_now, &fn);
	shown(f, fn.value, vis, sizeof(vis));
	if (x->json)
		return cs_send_json(x, MHD_HTTP_OK, json_pack("{s:b, s:s, s:s, "
		    "s:s, s:s, s:i}", "ok", 1, "status", result, "seen",
		    fn.value, "value", vis, "message",
		    strcmp(result, "keyed") == 0 ? "Đã nhập; chờ người thứ "
		    "hai nhập mù" : strcmp(result, "disputed") == 0 ? "Hai lần "
		    "nhập khác nhau; chờ người thứ ba quyết định" :
		    strcmp(result, "illegible") == 0 ?
		    "Đã ghi: không đọc được" :
		    strcmp(result, "confirmed") == 0 ? "Đã xác nhận" : "Đã sửa",
		    "remaining", left));
	snprintf(to, sizeof(to), "/page?id=%s", page);
	return cs_redirect(x, to, NULL);
}

enum MHD_Result
cs_route_publish(struct ctx *x)
{
	struct staging_publish_stats ps;
	const char	*page = cs_arg(x, "page");
	char		 msg[512], to[160];
	int		 rc, left;

	if (page == NULL || strlen(page) > 80)
		return cs_message(x, MHD_HTTP_BAD_REQUEST, "Sai yêu cầu",
		    "Thiếu mã trang.");
	if (x->c->signer == NULL)
		return cs_message(x, MHD_HTTP_CONFLICT, "Chưa công bố được",
		    "Máy chủ này không có khóa ký (--key), nên không công bố "
		    "được; nhờ quản trị cấu hình.");
	left = review_left(x, page);
	if (left != 0)
		return cs_message(x, left < 0 ? MHD_HTTP_NOT_FOUND :
		    MHD_HTTP_CONFLICT, "Chưa công bố được", left < 0 ?
		    "Không có trang nào đang chờ với mã này." : "Trang còn ô "
		    "cần duyệt; duyệt hết rồi mới công bố được.");
	rc = staging_publish(x->c->st, x->c->signer, 0, page, x->s.name, &ps,
	    NULL, NULL);
	snprintf(msg, sizeof(msg), "%s", store_errmsg(x->c->st));
	if (rc != STORE_OK)
		return cs_message(x, cs_store_status(rc), "Chưa công bố được",
		    msg);
	log_msg(LOG_INFO, "staff %s published page %s: %zu records",
	    x->s.name, page, ps.published);
	snprintf(to, sizeof(to), "/page?id=%s&published=%zu", page,
	    ps.published);
	return cs_redirect(x, to, NULL);
}

