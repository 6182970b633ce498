/*
 * sv.h: what the public service's handlers share (server.c answers,
 * copyweb.c the copy requests and share codes); not for other modules.
 *
 * Every answer carries the security headers and is counted under its
 * route and logged, never with its parameters.  A body passed in is
 * malloc'd and freed once answered (or on failure).
 */
#ifndef SOGOC_VERIFY_SV_H
#define SOGOC_VERIFY_SV_H

#include <stddef.h>

#include <jansson.h>
#include <microhttpd.h>

struct MHD_Response *sv_response(const char *type, char *body, size_t len,
		    enum MHD_ResponseMemoryMode mode);
/* Queues resp (the caller still destroys it), counts and logs it. */
enum MHD_Result	 sv_queue(struct MHD_Connection *conn, unsigned int status,
		    struct MHD_Response *resp, const char *route, double t0);
enum MHD_Result	 sv_reply(struct MHD_Connection *conn, unsigned int status,
		    const char *type, char *body, const char *route,
		    double t0);
/* With one more header hname: hvalue (hname NULL: none). */
enum MHD_Result	 sv_reply_headers(struct MHD_Connection *conn,
		    unsigned int status, const char *type, char *body,
		    const char *route, double t0, const char *hname,
		    const char *hvalue);
/* len bytes of body, which may be binary. */
enum MHD_Result	 sv_reply_bytes(struct MHD_Connection *conn,
		    unsigned int status, const char *type, void *body,
		    size_t len, const char *route, double t0,
		    const char *hname, const char *hvalue);
/* o as JSON (its reference is taken). */
enum MHD_Result	 sv_reply_json(struct MHD_Connection *conn,
		    unsigned int status, json_t *o, const char *route,
		    double t0);
/* {"error": msg} */
enum MHD_Result	 sv_reply_error(struct MHD_Connection *conn,
		    unsigned int status, const char *msg, const char *route,
		    double t0);

#endif /* SOGOC_VERIFY_SV_H */
