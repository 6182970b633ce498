/*
 * cw.h: what the files of the public service's copy requests share
 * (copyweb.c routes and acts, copyweb_html.c writes the pages,
 * copyweb_parse.c reads the forms and the JSON); not for other modules.
 *
 * A request's state (struct cw) is copyweb.c's from its first call to
 * copyweb_done().  Pages are answered through sv.h: a body handed over
 * is freed once answered.  Nothing here is shared between requests but
 * the constant tables.
 */
#ifndef SOGOC_VERIFY_CW_H
#define SOGOC_VERIFY_CW_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <microhttpd.h>

#include "html.h"
#include "request.h"
#include "store.h"

#define VALUE_MAX	4096		/* bytes of one form value */

enum route {
	R_FORM = 0,	/* /copy */
	R_API,		/* /api/v1/copy-requests */
	R_API_STATUS,	/* /api/v1/copy-requests/LINK */
	R_STATUS,	/* /r/LINK */
	R_PDF,		/* /r/LINK/copy.pdf */
	R_SHARE,	/* /c/CODE */
	R_RECEIPT,	/* /c/CODE/receipt.json */
	R_CRED,		/* /r/LINK/credential (POST) */
	R_NONE
};

/* Form values beyond the request's: what a status page's forms send. */
enum {
	X_ACTION = CRF_COUNT, X_CODE, X_UNTIL, X_LANG, X_SURE, X_JWK,
	X_COUNT
};

struct cw {
	enum route	 route;
	const char	*public_url;	/* "" when not set */
	struct asklimit	*al;		/* what is asked, or NULL */
	const struct client_proxies *proxies; /* who asks it */
	struct cred_issuer *cred;	/* SD-JWT VCs, or NULL */
	char		 arg[128];	/* LINK or CODE */
	char		*body;
	size_t		 len;
	int		 toolarge;
	char		*v[X_COUNT];	/* a form's values */
};

enum msg {
	M_TITLE, M_INTRO, M_PRIVACY, M_SUBMIT, M_OTHER, M_FIX,
	M_STATUS_TITLE, M_SENT, M_KEEP_LINK, M_NUMBER, M_STATE,
	M_PENDING, M_APPROVED, M_REFUSED, M_REASON, M_ASKED, M_COPY_NO,
	M_DOWNLOAD, M_CODES, M_CODE, M_CODE_URL, M_UNTIL, M_OPENS,
	M_NEVER, M_EXTEND, M_WITHDRAW, M_NEW_CODE, M_CREATE, M_ST_OPEN,
	M_ST_EXPIRED, M_ST_WITHDRAWN, M_NO_REQUEST, M_SHARE_TITLE,
	M_NO_CODE, M_EXPIRED, M_WITHDRAWN, M_SHARE_NOTE, M_ISSUED,
	M_CANNOT, M_BAD_ACTION, M_ISSUED_ON, M_NEW_END, M_SURE,
	M_DONE_EXTEND, M_DONE_WITHDRAW, M_DONE_NEW, M_REQUIRED, M_FOREIGN,
	M_TOO_LARGE, M_COPY_CODE, M_FOREVER, M_BUSY, M_BUSY_MORE, M_FULL,
	M_CRED, M_CRED_HINT, M_CRED_JWK, M_COUNT
};

/* The request form's fields: label, input attributes, hint, error. */
struct cw_field {
	const char	*label[2];
	const char	*attrs;
	const char	*hint[2];
	const char	*err[2];
};

/* In Vietnamese [0] and English [1]. */
extern const char *const cw_msgs[2][M_COUNT];
extern const struct cw_field cw_form[CRF_COUNT];

/* copyweb.c */
int		 cw_is_en(struct MHD_Connection *conn, const struct cw *cw);

/* copyweb_html.c: the pages, each answered (h, or the page it makes,
 * is freed) and counted under route. */
void		 cw_vn_time(int64_t t, char *buf, size_t sz);
void		 cw_vn_iso_date(int64_t t, char *buf, size_t sz);
const char	*cw_state_word(const char *const *m, const char *state);
enum MHD_Result	 cw_send_page(struct MHD_Connection *conn,
		    unsigned int status, struct buf *h, const char *route,
		    double t0);
enum MHD_Result	 cw_message_page(struct MHD_Connection *conn,
		    unsigned int status, int en, const char *title,
		    const char *cls, const char *text, const char *more,
		    const char *route, double t0);
enum MHD_Result	 cw_form_page(struct MHD_Connection *conn,
		    unsigned int status, int en, const struct cw *cw, int bad,
		    double t0);
enum MHD_Result	 cw_status_page(struct store *st,
		    struct MHD_Connection *conn, const struct cw *cw,
		    unsigned int status, int en, json_t *req,
		    const char *err, double t0);
enum MHD_Result	 cw_share_page(struct MHD_Connection *conn, int en,
		    const char *code, json_t *info, char *text, size_t len,
		    double t0);

/* copyweb_parse.c: a body into cw->v. */
int		 cw_parse_form(struct MHD_Connection *conn, struct cw *cw);
const char	*cw_parse_json(struct cw *cw, char *why, size_t whysz);
int		 cw_content_is(struct MHD_Connection *conn, const char *type);

#endif /* SOGOC_VERIFY_CW_H */
