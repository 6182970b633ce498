/*
 * home.c: the staff console's first page (see cs.h): how far each volume
 * and page has come from OCR to the registry, and how precise OCR was by
 * field, from what reviewers changed.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "cs.h"
#include "field.h"
#include "html.h"
#include "progress.h"
#include "request.h"

void
cs_pct(struct html *h, int part, int whole)
{
	if (whole == 0)
		html_raw(h, "—");
	else
		html_fmt(h, "%.1f %%", 100.0 * part / whole);
}

/* Precision of "accepted", by month of import. */
static void
precision_table(struct html *h, const struct progress *p)
{
	struct progress_count	 m;
	char			 months[64][8];
	size_t			 i, j, n = 0;

	for (i = 0; i < p->nvolumes && n < 64; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(months[j], p->volumes[i].month) == 0)
				break;
		if (j == n)
			memcpy(months[n++], p->volumes[i].month, 8);
	}
	html_raw(h, "<h2>Độ chính xác đo được của OCR</h2><p>Ô OCR chấp nhận "
	    "mà sau đó người duyệt hay cán bộ quản lý đã sửa: tỉ lệ lỗi thật "
	    "của «chấp nhận» trên sổ của Sở.</p><table class=\"precision\">"
	    "<thead><tr><th>Tháng nhập</th><th>Ô OCR chấp nhận</th><th>Bị sửa "
	    "sau đó</th><th>Tỉ lệ</th><th>Ô cần duyệt</th><th>OCR đã đọc đúng"
	    "</th></tr></thead><tbody>");
	for (j = 0; j < n; j++) {
		memset(&m, 0, sizeof(m));
		for (i = 0; i < p->nvolumes; i++)
			if (strcmp(months[j], p->volumes[i].month) == 0) {
				m.accepted += p->volumes[i].c.accepted;
				m.accepted_changed +=
				    p->volumes[i].c.accepted_changed;
				m.flagged += p->volumes[i].c.flagged;
				m.confirmed += p->volumes[i].c.confirmed;
				m.set += p->volumes[i].c.set;
			}
		html_raw(h, "<tr><td>");
		html_esc(h, months[j]);
		html_fmt(h, "</td><td>%d</td><td>%d</td><td>", m.accepted,
		    m.accepted_changed);
		cs_pct(h, m.accepted_changed, m.accepted);
		html_fmt(h, "</td><td>%d</td><td>", m.flagged);
		cs_pct(h, m.confirmed, m.confirmed + m.set);
		html_raw(h, "</td></tr>");
	}
	html_raw(h, "</tbody></table>");
}

enum MHD_Result
cs_route_home(struct ctx *x)
{
	struct progress	 p;
	struct html	 h = { 0 };
	size_t		 i, waiting;

	if (progress_read(x->c->st, NULL, &p) != STORE_OK)
		return cs_message(x, MHD_HTTP_INTERNAL_SERVER_ERROR, "Lỗi",
		    "Không đọc được các trang đang chờ.");
	cs_head(x, &h, "Tiến độ");
	html_raw(&h, "<h1>Tiến độ số hóa</h1>");
	if (x->s.role >= ROLE_REGISTRAR &&
	    copyreq_pending(x->c->st, &waiting) == STORE_OK && waiting > 0)
		html_fmt(&h, "<p class=\"ok\" role=\"status\"><a "
		    "href=\"/copies?state=pending\">%zu yêu cầu cấp bản sao "
		    "đang chờ duyệt</a></p>", waiting);
	if (p.npages == 0)
		html_raw(&h, "<p>Chưa có trang nào. <a href=\"/import\">Nhập "
		    "bản quét</a>.</p>");
	html_raw(&h, "<table class=\"volumes\"><thead><tr><th>Sổ</th>"
	    "<th>Trang đã đọc</th><th>Đã duyệt xong</th><th>Đã công bố</th>"
	    "<th>Ô OCR gắn cờ</th><th>Còn chờ</th><th>Đã sửa</th><th>Trang "
	    "cần nhập tay</th></tr></thead><tbody>");
	for (i = 0; i < p.nvolumes; i++) {
		struct progress_volume	*v = &p.volumes[i];

		html_raw(&h, "<tr><td>");
		html_esc(&h, v->label);
		if (v->double_key)
			html_raw(&h, " · nhập hai lần");
		html_fmt(&h, "</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td>"
		    "<td>%d</td><td>%d</td><td>%d</td></tr>", v->pages,
		    v->pages_settled, v->pages_published, v->c.flagged,
		    v->c.unsettled, v->c.set, v->pages_to_key);
	}
	html_raw(&h, "</tbody></table><h2>Các trang</h2><table "
	    "class=\"pages\"><thead><tr><th>Trang</th><th>Dòng</th><th>Cần "
	    "duyệt</th><th>Đã sửa</th><th>Đã xác nhận</th><th>Đã công bố</th>"
	    "<th></th></tr></thead><tbody>");
	for (i = 0; i < p.npages; i++) {
		struct progress_page	*pg = &p.pages[i];

		html_raw(&h, "<tr><td>");
		html_esc(&h, pg->source);
		html_raw(&h, " · ");
		html_esc(&h, strrchr(pg->id, ':') + 1);
		if (pg->to_key == 2)
			html_raw(&h, " · đã nhập tay");
		/* OCR could not read it: staff key its rows by hand. */
		if (pg->to_key == 1) {
			html_raw(&h, "</td><td>");
			if (pg->key_rows > 0)
				html_fmt(&h, "~%d ", pg->key_rows);
			html_raw(&h, "(cần nhập tay)</td><td>—</td><td>—</td>"
			    "<td>—</td><td>—</td><td><a class=\"tokey\" "
			    "href=\"/page?id=");
			html_urlesc(&h, pg->id);
			html_raw(&h, "\">Nhập tay</a></td></tr>");
			continue;
		}
		html_fmt(&h, "</td><td>%d</td><td>%d</td><td>%d</td>"
		    "<td>%d</td><td>%d/%d</td><td><a href=\"/page?id=",
		    pg->c.rows, pg->c.unsettled, pg->c.set, pg->c.confirmed,
		    pg->c.published, pg->c.rows);
		html_urlesc(&h, pg->id);
		html_raw(&h, "\">");
		html_raw(&h, pg->c.unsettled > 0 ? "Duyệt" : pg->c.published <
		    pg->c.rows ? "Xem và công bố" : "Xem");
		html_raw(&h, "</a></td></tr>");
	}
	html_raw(&h, "</tbody></table>");
	precision_table(&h, &p);
	cs_foot(&h);
	progress_clear(&p);
	return cs_send_html(x, MHD_HTTP_OK, &h);
}
