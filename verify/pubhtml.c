/*
 * pubhtml.c: the HTML of the public service (see pubhtml.h).
 *
 * Everything that came from the asker or the registry passes through
 * html_esc() before it reaches the page; the page has no script, and the
 * server's Content-Security-Policy allows only its own stylesheet.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "html.h"
#include "names.h"
#include "pubhtml.h"

enum msg {
	M_TITLE, M_INTRO, M_SERIAL, M_NAME, M_DOB, M_DOB_HINT, M_SUBMIT,
	M_OTHER_LANG, M_VALID, M_REVOKED, M_CORRECTED, M_NOTFOUND, M_BADINPUT,
	M_DOWNLOAD, M_TYPE, M_YEAR, M_AUTHORITY, M_CLASS, M_REGISTER,
	M_DECISION, M_HISTORY, M_PROOF_NOTE, M_BAD_SERIAL, M_BAD_NAME,
	M_BAD_DOB, M_DECISION_DATE, M_REASON, M_K_ISSUE, M_K_CORRECT,
	M_K_REVOKE, M_K_REISSUE, M_K_COPY, M_REPLACED, M_NEW_SERIAL, M_COUNT
};

static const char *const msgs[2][M_COUNT] = {
	{
		"Tra cứu văn bằng",
		"Nhập số hiệu, họ tên và ngày sinh đúng như trên văn bằng. "
		"Chỉ khi cả ba khớp, kết quả mới được trả về.",
		"Số hiệu văn bằng", "Họ và tên", "Ngày sinh",
		"ngày/tháng/năm, ví dụ 12/5/1980", "Tra cứu",
		"English",
		"Văn bằng hợp lệ", "Văn bằng đã bị thu hồi",
		"Văn bằng hợp lệ (đã được chỉnh sửa)",
		"Không tìm thấy văn bằng khớp với thông tin đã nhập.",
		"Vui lòng sửa các ô được đánh dấu bên dưới.",
		"Tải biên nhận (kiểm tra được ngoại tuyến)",
		"Loại văn bằng", "Năm tốt nghiệp", "Cơ quan cấp", "Xếp loại",
		"Số vào sổ gốc", "Quyết định", "Lịch sử",
		"Biên nhận chứa bằng chứng có chữ ký số; kiểm tra bằng "
		"sogoc check-receipt.",
		"Nhập số hiệu văn bằng (tối đa 64 ký tự).",
		"Nhập họ và tên (tối đa 256 ký tự).",
		"Ngày sinh không hợp lệ: nhập ngày/tháng/năm, ví dụ 12/5/1980.",
		"Ngày quyết định", "Lý do",
		"Cấp văn bằng", "Chỉnh sửa", "Thu hồi", "Cấp lại",
		"Cấp bản sao",
		"Văn bằng đã được cấp lại: số hiệu này đã được thay bằng "
		"số hiệu mới",
		"Số hiệu văn bằng mới",
	},
	{
		"Verify a diploma",
		"Enter the serial number, full name and date of birth exactly "
		"as on the diploma. An answer is given only when all three "
		"match.",
		"Serial number", "Full name", "Date of birth",
		"day/month/year, e.g. 12/5/1980", "Verify",
		"Tiếng Việt",
		"Valid diploma", "This diploma has been revoked",
		"Valid diploma (corrected)",
		"No diploma matches what you entered.",
		"Please correct the fields marked below.",
		"Download the receipt (checkable offline)",
		"Diploma type", "Graduation year", "Issued by",
		"Classification", "Register entry", "Decision", "History",
		"The receipt carries a signed proof; check it with "
		"sogoc check-receipt.",
		"Enter the serial number (at most 64 characters).",
		"Enter the full name (at most 256 characters).",
		"Not a valid date of birth: enter day/month/year, e.g. "
		"12/5/1980.",
		"Decision date", "Reason",
		"Issued", "Corrected", "Revoked", "Reissued", "Copy issued",
		"Replaced: this diploma was reissued under a new serial "
		"number",
		"New serial number",
	},
};

static const char css[] =
    "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:40rem;"
    "padding:1rem;line-height:1.5;color:#111;background:#fff}"
    "h1{font-size:1.5rem}label{display:block;margin-top:.8rem;"
    "font-weight:600}input,button{font:inherit}"
    "input{width:100%;box-sizing:border-box;padding:.6rem;"
    "border:1px solid #555;border-radius:4px}"
    "input[aria-invalid=true]{border:2px solid #c01c28}"
    ".error{color:#a51d2d;font-weight:600}"
    "input:focus,button:focus,a:focus{outline:3px solid #1a5fb4;"
    "outline-offset:2px}.hint{font-size:.9rem;color:#444}"
    "button{margin-top:1rem;padding:.7rem 1.5rem;"
    "background:#1a5fb4;color:#fff;border:0;border-radius:4px}"
    ".result{margin:1rem 0;padding:1rem;border-radius:4px;"
    "border:2px solid}.valid{border-color:#26a269;background:#eaf7ef}"
    ".revoked{border-color:#c01c28;background:#fbeaea}"
    ".replaced{border-color:#1a5fb4;background:#eaf0fb}"
    ".notfound{border-color:#986a44;background:#f6f0ea}"
    ".result>:first-child{margin-top:0}.result>:last-child{margin-bottom:0}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}"
    "dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}"
    "@media (max-width:30rem){dl{display:block}dd{margin-bottom:.4rem}}"
    ".lang{float:right;padding:.6rem;margin:-.6rem}"
    "label.inline{display:inline;font-weight:400}.req{color:#a51d2d}"
    "input[type=checkbox]{width:auto}"
    ".lab{margin-top:.8rem}.lab label{display:inline}"
    ".done{font-weight:600;color:#26a269}"
    "section.code{border-top:1px solid #999;margin-top:1.5rem}";

const char *
pubhtml_css(void)
{
	return css;
}

void
pubhtml_row(struct buf *h, const char *label, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	buf_str(h, "<dt>");
	html_esc(h, label);
	buf_str(h, "</dt><dd>");
	html_esc(h, value);
	buf_str(h, "</dd>");
}

/* The reader's word for an event kind of the log. */
static const char *
kind_word(const char *const *m, const char *kind)
{
	static const char *const kinds[] = {
		"issue", "correct", "revoke", "reissue", "copy"
	};
	int	 i;

	i = names_find(kinds, NAMES_LEN(kinds), kind);
	return i < 0 ? kind : m[M_K_ISSUE + i];
}

static const char *
disclosed(json_t *r, const char *key)
{
	return json_string_value(json_object_get(json_object_get(
	    json_object_get(r, "disclosed"), key), "value"));
}

static const char *
member(json_t *r, const char *obj, const char *key)
{
	return json_string_value(json_object_get(json_object_get(r, obj),
	    key));
}

/*
 * The kind of the record's latest change, a copy issued not being one:
 * a corrected diploma of which a copy was made is still "corrected".
 */
static const char *
change_kind(json_t *r)
{
	json_t		*hist = json_object_get(r, "history");
	const char	*k;
	size_t		 i;

	for (i = json_array_size(hist); i > 0; i--) {
		k = json_string_value(json_object_get(json_array_get(hist,
		    i - 1), "kind"));
		if (k != NULL && strcmp(k, "copy") != 0)
			return k;
	}
	return member(r, "event", "kind");
}

/* The answer's heading: valid, corrected, revoked, or replaced. */
static enum msg
outcome(json_t *r, const char **cls)
{
	const char	*status, *kind;

	status = json_string_value(json_object_get(r, "status"));
	kind = change_kind(r);
	*cls = "valid";
	if (status != NULL && strcmp(status, "revoked") == 0) {
		*cls = "revoked";
		return M_REVOKED;
	}
	if (status != NULL && strcmp(status, "replaced") == 0) {
		*cls = "replaced";
		return M_REPLACED;
	}
	return kind != NULL && strcmp(kind, "correct") == 0 ? M_CORRECTED :
	    M_VALID;
}

/* "serial=..&name=..&dob=.." of the question, for links. */
static void
query(struct buf *h, const char *serial, const char *name, const char *dob)
{
	buf_str(h, "serial=");
	html_urlesc(h, serial);
	buf_str(h, "&amp;name=");
	html_urlesc(h, name);
	buf_str(h, "&amp;dob=");
	html_urlesc(h, dob);
}

void
pubhtml_form(struct buf *h, const char *method, const char *action, int en)
{
	buf_fmt(h, "<form method=\"%s\" action=\"%s\"><input type=\"hidden\" "
	    "name=\"lang\" value=\"%s\">", method, action, en ? "en" : "vi");
}

/* A note under the field id, when text is not NULL: the element that
 * its aria-describedby names (id-suffix), of class cls. */
static void
field_note(struct buf *h, const char *id, const char *suffix,
    const char *cls, const char *text)
{
	if (text == NULL)
		return;
	buf_fmt(h, "<div id=\"%s-%s\" class=\"%s\">", id, suffix, cls);
	html_esc(h, text);
	buf_str(h, "</div>");
}

void
pubhtml_field(struct buf *h, const char *id, const char *label, int mark,
    const char *attrs, const char *value, const char *err, const char *hint)
{
	char	 b[160];

	/* The asterisk is seen, not heard (the input says it is required),
	 * and outside the label, whose text stays the field's name. */
	if (mark)
		buf_str(h, "<div class=\"lab\">");
	snprintf(b, sizeof(b), "<label for=\"%s\">", id);
	buf_str(h, b);
	html_esc(h, label);
	buf_str(h, "</label>");
	if (mark)
		buf_str(h, "<span class=\"req\" aria-hidden=\"true\"> *</span>"
		    "</div>");
	snprintf(b, sizeof(b), "<input id=\"%s\" name=\"%s\" ", id, id);
	buf_str(h, b);
	buf_str(h, attrs);
	/* What is wrong first, then how to write it. */
	if (err != NULL && hint != NULL)
		snprintf(b, sizeof(b), " aria-invalid=\"true\" "
		    "aria-describedby=\"%s-err %s-hint\"", id, id);
	else if (err != NULL)
		snprintf(b, sizeof(b), " aria-invalid=\"true\" "
		    "aria-describedby=\"%s-err\"", id);
	else if (hint != NULL)
		snprintf(b, sizeof(b), " aria-describedby=\"%s-hint\"", id);
	else
		b[0] = '\0';
	buf_str(h, b);
	buf_str(h, " value=\"");
	html_esc(h, value);
	buf_str(h, "\">");
	field_note(h, id, "err", "error", err);
	field_note(h, id, "hint", "hint", hint);
}

/* One input of the verify form. */
static void
field(struct buf *h, const char *const *m, const char *id, enum msg label,
    int max, const char *value, int bad, enum msg why, const char *hint)
{
	char	 attrs[64];

	snprintf(attrs, sizeof(attrs), "required autocomplete=\"off\" "
	    "maxlength=\"%d\"", max);
	pubhtml_field(h, id, m[label], 0, attrs, value, bad ? m[why] : NULL,
	    hint);
}

void
pubhtml_result(struct buf *h, const char *lang, json_t *r, const char *href)
{
	const char	*const *m = msgs[lang != NULL && strcmp(lang, "en") ==
			    0];
	const char	*kind, *k, *cls, *old;
	json_t		*ev, *e;
	char		 d1[32], d2[32];
	size_t		 i;
	enum msg	 o;

	ev = json_object_get(r, "event");
	kind = json_string_value(json_object_get(ev, "kind"));
	o = outcome(r, &cls);
	buf_str(h, "<section class=\"result ");
	buf_str(h, cls);
	buf_str(h, "\" role=\"status\" id=\"result\"><h2>");
	html_esc(h, m[o]);
	buf_str(h, "</h2><dl>");
	pubhtml_row(h, m[M_NAME], disclosed(r, "full_name"));
	pubhtml_row(h, m[M_DOB], norm_date_dmy(disclosed(r, "date_of_birth"),
	    d1, sizeof(d1)));
	/* The old paper's serial, and the reissue's. */
	old = member(json_object_get(r, "replaced"), "serial_no", "value");
	if (o == M_REPLACED && old != NULL) {
		pubhtml_row(h, m[M_SERIAL], old);
		pubhtml_row(h, m[M_NEW_SERIAL], disclosed(r, "serial_no"));
	} else
		pubhtml_row(h, m[M_SERIAL], disclosed(r, "serial_no"));
	pubhtml_row(h, m[M_CLASS], disclosed(r, "classification"));
	pubhtml_row(h, m[M_REGISTER], disclosed(r, "register_no"));
	pubhtml_row(h, m[M_TYPE], member(r, "diploma", "type"));
	pubhtml_row(h, m[M_YEAR], member(r, "diploma", "year"));
	pubhtml_row(h, m[M_AUTHORITY], member(r, "diploma", "authority"));
	if (kind != NULL && strcmp(kind, "issue") != 0) {
		pubhtml_row(h, m[M_DECISION], member(r, "event", "decision"));
		pubhtml_row(h, m[M_DECISION_DATE], norm_date_dmy(member(r,
		    "event", "decision_date"), d1, sizeof(d1)));
		pubhtml_row(h, m[M_REASON], member(r, "event", "reason"));
	}
	buf_str(h, "</dl>");
	if (json_array_size(json_object_get(r, "history")) > 1) {
		buf_str(h, "<h3>");
		html_esc(h, m[M_HISTORY]);
		buf_str(h, "</h3><ol>");
		json_array_foreach(json_object_get(r, "history"), i, e) {
			buf_str(h, "<li>");
			html_esc(h, kind_word(m, json_string_value(
			    json_object_get(e, "kind"))));
			buf_str(h, " ");
			/* The date of the event, not its second. */
			k = json_string_value(json_object_get(e, "time"));
			if (k != NULL && strlen(k) >= 10) {
				snprintf(d2, sizeof(d2), "%.10s", k);
				html_esc(h, norm_date_dmy(d2, d1, sizeof(d1)));
			}
			k = json_string_value(json_object_get(e, "decision"));
			if (k == NULL)
				k = json_string_value(json_object_get(e,
				    "copy_no"));
			if (k != NULL) {
				buf_str(h, " — ");
				html_esc(h, k);
			}
			buf_str(h, "</li>");
		}
		buf_str(h, "</ol>");
	}
	buf_str(h, "<p><a href=\"");
	buf_str(h, href);
	buf_str(h, "\" download=\"receipt.json\">");
	html_esc(h, m[M_DOWNLOAD]);
	buf_str(h, "</a></p><p class=\"hint\">");
	html_esc(h, m[M_PROOF_NOTE]);
	buf_str(h, "</p></section>");
}

void
pubhtml_open(struct buf *h, const char *lang, const char *title,
    const char *other)
{
	int	 en = lang != NULL && strcmp(lang, "en") == 0;

	buf_str(h, "<!DOCTYPE html>\n<html lang=\"");
	buf_str(h, en ? "en" : "vi");
	buf_str(h, "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width,initial-scale=1\"><title>");
	buf_str(h, title);
	buf_str(h, "</title><link rel=\"stylesheet\" href=\"/style.css\">"
	    "</head><body><main>");
	if (other == NULL)
		return;
	buf_str(h, "<a class=\"lang\" lang=\"");
	buf_str(h, en ? "vi" : "en");
	buf_str(h, "\" hreflang=\"");
	buf_str(h, en ? "vi" : "en");
	buf_str(h, "\" href=\"");
	buf_str(h, other);
	buf_str(h, "\">");
	html_esc(h, msgs[en][M_OTHER_LANG]);
	buf_str(h, "</a>");
}

char *
pubhtml_render(const char *lang, const char *serial, const char *name,
    const char *dob, json_t *r, int notfound, unsigned int bad)
{
	struct buf	 h = { NULL, 0, 0, 0 }, q = { NULL, 0, 0, 0 };
	struct buf	 t = { NULL, 0, 0, 0 };
	const char	*const *m;
	const char	*cls, *said = NULL;
	int		 en = lang != NULL && strcmp(lang, "en") == 0;

	m = msgs[en];
	if (bad != 0)
		said = m[M_BADINPUT];
	else if (notfound)
		said = m[M_NOTFOUND];
	else if (r != NULL)
		said = m[outcome(r, &cls)];
	/* The same question in the other language. */
	buf_str(&q, "/?lang=");
	buf_str(&q, en ? "vi" : "en");
	if (serial != NULL || name != NULL || dob != NULL) {
		buf_str(&q, "&amp;");
		query(&q, serial, name, dob);
	}
	/* The outcome first: it is what a screen reader says on arrival. */
	if (said != NULL) {
		html_esc(&t, said);
		buf_str(&t, " — ");
	}
	html_esc(&t, m[M_TITLE]);
	if (q.err || t.err)
		h.err = 1;
	else
		pubhtml_open(&h, en ? "en" : "vi", t.p, q.p);
	free(t.p);
	free(q.p);
	q.p = NULL;
	q.len = q.cap = 0;
	buf_str(&h, "<h1>");
	html_esc(&h, m[M_TITLE]);
	buf_str(&h, "</h1>");
	/* The answer above the form, where it is seen without scrolling. */
	if (bad != 0 || notfound) {
		buf_str(&h, "<section class=\"result notfound\" role=\"status\" "
		    "id=\"result\"><p>");
		html_esc(&h, said);
		buf_str(&h, "</p></section>");
	} else if (r != NULL) {
		q.err = 0;
		buf_str(&q, "/api/v1/verify?");
		query(&q, serial, name, dob);
		if (q.err)
			h.err = 1;
		else
			pubhtml_result(&h, en ? "en" : "vi", r, q.p);
		free(q.p);
	}
	buf_str(&h, "<p>");
	html_esc(&h, m[M_INTRO]);
	buf_str(&h, "</p>");
	pubhtml_form(&h, "get", "/", en);
	field(&h, m, "serial", M_SERIAL, 64, serial, bad & PUBHTML_BAD_SERIAL,
	    M_BAD_SERIAL, NULL);
	field(&h, m, "name", M_NAME, 256, name, bad & PUBHTML_BAD_NAME,
	    M_BAD_NAME, NULL);
	field(&h, m, "dob", M_DOB, 32, dob, bad & PUBHTML_BAD_DOB, M_BAD_DOB,
	    m[M_DOB_HINT]);
	buf_str(&h, "<button type=\"submit\">");
	html_esc(&h, m[M_SUBMIT]);
	buf_str(&h, "</button></form></main></body></html>\n");
	if (h.err) {
		free(h.p);
		return NULL;
	}
	return h.p;
}
