/*
 * cs.h: what the files of the staff console share (console.c: the server,
 * the route table and its checks; answers.c: answers and the pages'
 * frame; signin.c: signing in and out, sessions; home.c: the progress
 * page; review.c: the review screen and publishing; importer.c: imports
 * and uploads; registrar.c: records; admin.c: accounts; copies.c:
 * requests for certified copies; keying.c: pages to key by hand).  Not
 * for use outside staff/.
 */
#ifndef SOGOC_STAFF_CS_H
#define SOGOC_STAFF_CS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <microhttpd.h>

#include "account.h"
#include "field.h"
#include "html.h"
#include "note.h"
#include "session.h"
#include "store.h"

#define COOKIE		"sogoc_staff"	/* the session's cookie */
#define FORM_FIELDS	440	/* values in a form: a page to key by
				   hand has up to 40 rows of 10 fields */

struct http_form;
struct upload;
struct copy_signing;
struct cred_issuer;
struct guard;

struct console {
	struct MHD_Daemon	*d;
	struct store		*st;
	const struct note_signer *signer;
	struct session_table	*sessions;
	struct ratelimit	*logins;	/* sign-ins per address */
	struct guard		*guard;		/* wrong passwords' holds */
	const struct client_proxies *proxies;	/* NULL: none trusted */
	struct media		*media;
	struct jobs		*jobs;
	char			*scans;		/* where uploads go */
	char			*public_url;
	int			 secure;
	const struct copy_signing *copy;	/* NULL: no copy issued */
	struct cred_issuer	*cred;		/* NULL: no credential */
};

/* A request's form, gathered from the body (http/form.h). */
struct req {
	struct console		*c;
	struct http_form	*form;		/* a POST's values; of other
					   methods, the body's bytes */
	/* An upload (POST /upload): its files go to disk as they come,
	 * once the session and its CSRF token, sent first, check out. */
	int			 upload;
	int			 have_s;
	struct session_info	 s;
	struct upload		*up;
	char			 up_err[512];
};

/* What the handler knows of a request. */
struct ctx {
	struct console		*c;
	struct MHD_Connection	*conn;
	struct req		*r;
	const char		*url;
	int			 post;
	int			 json;		/* the client wants JSON */
	int			 signed_in;
	struct session_info	 s;
	char			 token[SESSION_TOKEN_LEN + 1];
};

/* Labels of the roles, in Vietnamese (fields: field_label()). */
extern const char *const cs_role_label[ROLE_ADMIN + 1];

/* An answer of body (malloc'd, freed here), with one more header. */
enum MHD_Result	 cs_answer(struct ctx *x, unsigned int status,
		    const char *type, void *body, size_t len, int cache,
		    const char *hname, const char *hvalue);
enum MHD_Result	 cs_send_html(struct ctx *x, unsigned int status,
		    struct buf *h);
enum MHD_Result	 cs_send_json(struct ctx *x, unsigned int status, json_t *o);
/* 303 to a local path, setting cookie unless it is NULL. */
enum MHD_Result	 cs_redirect(struct ctx *x, const char *to,
		    const char *cookie);
/* A page with a message only (JSON when asked for): errors, refusals. */
enum MHD_Result	 cs_message(struct ctx *x, unsigned int status,
		    const char *title, const char *text);

/* The top of every page, with the navigation when signed in; the end. */
void		 cs_head(struct ctx *x, struct buf *h, const char *title);
void		 cs_foot(struct buf *h);
/* A refusal (error), else what was done (done), as a page says it. */
void		 cs_notice(struct buf *h, const char *error,
		    const char *done);
/* The session's CSRF token as a form's hidden input. */
void		 cs_csrf_input(struct ctx *x, struct buf *h);
/* part / whole as a percentage, or a dash. */
void		 cs_pct(struct buf *h, int part, int whole);

/* A form value (POST) or query argument (GET); NULL when absent. */
const char	*cs_arg(struct ctx *x, const char *key);
/* Whether every form value is UTF-8 text without controls. */
int		 cs_args_valid(struct ctx *x);
/* The HTTP status of a STORE_* code. */
unsigned int	 cs_store_status(int rc);

/* Sign-in (signin.c): the routes; the session of conn's cookie
 * (SESSION_OK with its token, room for SESSION_TOKEN_LEN + 1, and what
 * it is in *s; SESSION_ENOTFOUND; SESSION_EEXPIRED, also for an account
 * disabled or changed since); and the answer to a request signed out. */
enum MHD_Result	 cs_route_login(struct ctx *x);
enum MHD_Result	 cs_route_logout(struct ctx *x);
int		 cs_session_of(struct console *c, struct MHD_Connection *conn,
		    char *token, struct session_info *s);
enum MHD_Result	 cs_to_login(struct ctx *x, int expired);

/* The progress page (home.c). */
enum MHD_Result	 cs_route_home(struct ctx *x);

/* The routes (review.c, importer.c, registrar.c, admin.c, copies.c). */
enum MHD_Result	 cs_route_page(struct ctx *x);
enum MHD_Result	 cs_route_img(struct ctx *x, int cell);
enum MHD_Result	 cs_route_review(struct ctx *x);
enum MHD_Result	 cs_route_publish(struct ctx *x);
enum MHD_Result	 cs_route_import(struct ctx *x);
enum MHD_Result	 cs_route_upload(struct ctx *x);
enum MHD_Result	 cs_route_import_status(struct ctx *x);
enum MHD_Result	 cs_route_records(struct ctx *x);
enum MHD_Result	 cs_route_record(struct ctx *x);
enum MHD_Result	 cs_route_credential(struct ctx *x);
enum MHD_Result	 cs_route_users(struct ctx *x);
enum MHD_Result	 cs_route_copies(struct ctx *x);
enum MHD_Result	 cs_route_copy_request(struct ctx *x);
enum MHD_Result	 cs_route_copy_pdf(struct ctx *x);

/* Pages to key by hand (keying.c): whether a staged entry is one still
 * waiting, its keying form (entry: that entry), and saving the form. */
int		 cs_keypage_waiting(json_t *row);
enum MHD_Result	 cs_keypage(struct ctx *x, const char *id, json_t *entry);
enum MHD_Result	 cs_route_key(struct ctx *x);

#endif /* SOGOC_STAFF_CS_H */
