/*
 * page.c: the HTML verification page (see page.h).
 *
 * Everything that came from the asker or the registry passes through
 * esc() before it reaches the page; the page has no script, and the
 * server's Content-Security-Policy allows only its own stylesheet.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"

enum msg {
	M_TITLE, M_INTRO, M_SERIAL, M_NAME, M_DOB, M_DOB_HINT, M_SUBMIT,
	M_OTHER_LANG, M_VALID, M_REVOKED, M_CORRECTED, M_NOTFOUND, M_BADINPUT,
	M_DOWNLOAD, M_TYPE, M_YEAR, M_AUTHORITY, M_CLASS, M_REGISTER,
	M_DECISION, M_HISTORY, M_PROOF_NOTE, M_COUNT
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
		"Vui lòng nhập đủ số hiệu, họ tên và ngày sinh hợp lệ.",
		"Tải biên nhận (kiểm tra được ngoại tuyến)",
		"Loại văn bằng", "Năm tốt nghiệp", "Cơ quan cấp", "Xếp loại",
		"Số vào sổ gốc", "Quyết định", "Lịch sử",
		"Biên nhận chứa bằng chứng có chữ ký số; kiểm tra bằng "
		"sogoc check-receipt.",
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
		"Please enter a serial number, a full name and a valid date of "
		"birth.",
		"Download the receipt (checkable offline)",
		"Diploma type", "Graduation year", "Issued by",
		"Classification", "Register entry", "Decision", "History",
		"The receipt carries a signed proof; check it with "
		"sogoc check-receipt.",
	},
};

static const char css[] =
    "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:40rem;"
    "padding:1rem;line-height:1.5;color:#111;background:#fff}"
    "h1{font-size:1.5rem}label{display:block;margin-top:.8rem;"
    "font-weight:600}input{width:100%;box-sizing:border-box;padding:.6rem;"
    "font-size:1rem;border:1px solid #555;border-radius:4px}"
    "input:focus,button:focus,a:focus{outline:3px solid #1a5fb4;"
    "outline-offset:2px}.hint{font-size:.9rem;color:#444}"
    "button{margin-top:1rem;padding:.7rem 1.5rem;font-size:1rem;"
    "background:#1a5fb4;color:#fff;border:0;border-radius:4px}"
    ".result{margin-top:1.5rem;padding:1rem;border-radius:4px;"
    "border:2px solid}.valid{border-color:#26a269;background:#eaf7ef}"
    ".revoked{border-color:#c01c28;background:#fbeaea}"
    ".notfound{border-color:#986a44;background:#f6f0ea}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}"
    "dt{font-weight:600}.lang{float:right}";

const char *
page_css(void)
{
	return css;
}

struct html {
	char	*p;
	size_t	 len, cap;
	int	 err;
};

static void
add(struct html *h, const char *s, size_t n)
{
	char	*np;
	size_t	 ncap;

	if (h->err)
		return;
	if (h->len + n + 1 > h->cap) {
		ncap = h->cap ? h->cap * 2 : 4096;
		while (ncap < h->len + n + 1)
			ncap *= 2;
		np = realloc(h->p, ncap);
		if (np == NULL) {
			h->err = 1;
			return;
		}
		h->p = np;
		h->cap = ncap;
	}
	memcpy(h->p + h->len, s, n);
	h->len += n;
	h->p[h->len] = '\0';
}

static void
raw(struct html *h, const char *s)
{
	add(h, s, strlen(s));
}

/* Text from outside, escaped for HTML text and attribute values. */
static void
esc(struct html *h, const char *s)
{
	const char	*e;

	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '&':
			e = "&amp;";
			break;
		case '<':
			e = "&lt;";
			break;
		case '>':
			e = "&gt;";
			break;
		case '"':
			e = "&quot;";
			break;
		case '\'':
			e = "&#39;";
			break;
		default:
			add(h, s, 1);
			continue;
		}
		raw(h, e);
	}
}

/* A query value, %-escaped for a URL inside an attribute. */
static void
urlesc(struct html *h, const char *s)
{
	char	 b[4];

	for (; s != NULL && *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '.' ||
		    *s == '_')
			add(h, s, 1);
		else {
			snprintf(b, sizeof(b), "%%%02X", (unsigned char)*s);
			raw(h, b);
		}
	}
}

static void
row(struct html *h, const char *label, const char *value)
{
	if (value == NULL)
		return;
	raw(h, "<dt>");
	esc(h, label);
	raw(h, "</dt><dd>");
	esc(h, value);
	raw(h, "</dd>");
}

static const char *
disclosed(json_t *r, const char *key)
{
	return json_string_value(json_object_get(json_object_get(
	    json_object_get(r, "disclosed"), key), "value"));
}

char *
page_render(const char *lang, const char *serial, const char *name,
    const char *dob, json_t *r, int notfound, int badinput)
{
	struct html	 h = { NULL, 0, 0, 0 };
	const char	*const *m;
	const char	*status, *kind, *k;
	json_t		*ev, *e;
	size_t		 i;
	int		 en = lang != NULL && strcmp(lang, "en") == 0;

	m = msgs[en];
	raw(&h, "<!DOCTYPE html>\n<html lang=\"");
	raw(&h, en ? "en" : "vi");
	raw(&h, "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width,initial-scale=1\"><title>");
	esc(&h, m[M_TITLE]);
	raw(&h, "</title><link rel=\"stylesheet\" href=\"/style.css\">"
	    "</head><body><main><a class=\"lang\" href=\"/?lang=");
	raw(&h, en ? "vi" : "en");
	raw(&h, "\">");
	esc(&h, m[M_OTHER_LANG]);
	raw(&h, "</a><h1>");
	esc(&h, m[M_TITLE]);
	raw(&h, "</h1><p>");
	esc(&h, m[M_INTRO]);
	raw(&h, "</p><form method=\"get\" action=\"/\"><input type=\"hidden\" "
	    "name=\"lang\" value=\"");
	raw(&h, en ? "en" : "vi");
	raw(&h, "\"><label for=\"serial\">");
	esc(&h, m[M_SERIAL]);
	raw(&h, "</label><input id=\"serial\" name=\"serial\" required "
	    "autocomplete=\"off\" maxlength=\"64\" value=\"");
	esc(&h, serial);
	raw(&h, "\"><label for=\"name\">");
	esc(&h, m[M_NAME]);
	raw(&h, "</label><input id=\"name\" name=\"name\" required "
	    "autocomplete=\"off\" maxlength=\"256\" value=\"");
	esc(&h, name);
	raw(&h, "\"><label for=\"dob\">");
	esc(&h, m[M_DOB]);
	raw(&h, "</label><input id=\"dob\" name=\"dob\" required "
	    "autocomplete=\"off\" maxlength=\"32\" aria-describedby=\"dobhint\" "
	    "value=\"");
	esc(&h, dob);
	raw(&h, "\"><div id=\"dobhint\" class=\"hint\">");
	esc(&h, m[M_DOB_HINT]);
	raw(&h, "</div><button type=\"submit\">");
	esc(&h, m[M_SUBMIT]);
	raw(&h, "</button></form>");
	if (badinput || notfound) {
		raw(&h, "<section class=\"result notfound\" role=\"status\" "
		    "id=\"result\"><p>");
		esc(&h, m[badinput ? M_BADINPUT : M_NOTFOUND]);
		raw(&h, "</p></section>");
	} else if (r != NULL) {
		status = json_string_value(json_object_get(r, "status"));
		ev = json_object_get(r, "event");
		kind = json_string_value(json_object_get(ev, "kind"));
		raw(&h, "<section class=\"result ");
		raw(&h, status != NULL && strcmp(status, "revoked") == 0 ?
		    "revoked" : "valid");
		raw(&h, "\" role=\"status\" id=\"result\"><h2>");
		esc(&h, m[status != NULL && strcmp(status, "revoked") == 0 ?
		    M_REVOKED : kind != NULL && strcmp(kind, "correct") == 0 ?
		    M_CORRECTED : M_VALID]);
		raw(&h, "</h2><dl>");
		row(&h, m[M_NAME], disclosed(r, "full_name"));
		row(&h, m[M_DOB], disclosed(r, "date_of_birth"));
		row(&h, m[M_SERIAL], disclosed(r, "serial_no"));
		row(&h, m[M_CLASS], disclosed(r, "classification"));
		row(&h, m[M_REGISTER], disclosed(r, "register_no"));
		row(&h, m[M_TYPE], json_string_value(json_object_get(
		    json_object_get(r, "diploma"), "type")));
		row(&h, m[M_YEAR], json_string_value(json_object_get(
		    json_object_get(r, "diploma"), "year")));
		row(&h, m[M_AUTHORITY], json_string_value(json_object_get(
		    json_object_get(r, "diploma"), "authority")));
		if (kind != NULL && strcmp(kind, "issue") != 0)
			row(&h, m[M_DECISION], json_string_value(
			    json_object_get(ev, "decision")));
		raw(&h, "</dl>");
		if (json_array_size(json_object_get(r, "history")) > 1) {
			raw(&h, "<h3>");
			esc(&h, m[M_HISTORY]);
			raw(&h, "</h3><ol>");
			json_array_foreach(json_object_get(r, "history"), i,
			    e) {
				raw(&h, "<li>");
				esc(&h, json_string_value(json_object_get(e,
				    "kind")));
				raw(&h, " ");
				esc(&h, json_string_value(json_object_get(e,
				    "time")));
				k = json_string_value(json_object_get(e,
				    "decision"));
				if (k != NULL) {
					raw(&h, " — ");
					esc(&h, k);
				}
				raw(&h, "</li>");
			}
			raw(&h, "</ol>");
		}
		raw(&h, "<p><a href=\"/api/v1/verify?serial=");
		urlesc(&h, serial);
		raw(&h, "&amp;name=");
		urlesc(&h, name);
		raw(&h, "&amp;dob=");
		urlesc(&h, dob);
		raw(&h, "\" download=\"receipt.json\">");
		esc(&h, m[M_DOWNLOAD]);
		raw(&h, "</a></p><p class=\"hint\">");
		esc(&h, m[M_PROOF_NOTE]);
		raw(&h, "</p></section>");
	}
	raw(&h, "</main></body></html>\n");
	if (h.err) {
		free(h.p);
		return NULL;
	}
	return h.p;
}
