/*
 * console.h: the staff console, a second listener of `sogoc serve`.
 *
 * Staff sign in (account.h, session.h) and, by role: review what OCR
 * flagged, field by field beside the cell image, and publish a page once
 * nothing on it is flagged (reviewer); import a folder of scans through
 * the OCR pipeline (reviewer); find a record, correct or revoke it
 * (registrar).  Every change is recorded with the account's name.
 *
 * It is never served on the public port.  HTML, CSS and a little plain
 * JavaScript come from the binary; every form and every changing request
 * carries the session's CSRF token and must come from the console's own
 * origin.
 */
#ifndef SOGOC_STAFF_CONSOLE_H
#define SOGOC_STAFF_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "note.h"
#include "store.h"

struct console_opts {
	const char		*addr;		/* IPv4 address, NULL: any */
	uint16_t		 port;
	unsigned int		 timeout;	/* seconds a connection idles */
	const struct note_signer *signer;	/* NULL: nothing is published */
	const char		*scans;		/* folder imports come from,
						   NULL: no import */
	unsigned int		 ocr_jobs;	/* OCR workers of an import,
						   0: one a core */
	const char		*public_url;	/* the public side, for links;
						   may be NULL */
	int			 secure_cookie;	/* served behind TLS */
	const struct copy_signing *copy;	/* signs certified copies;
						   NULL: none can be issued */
	struct cred_issuer	*cred;		/* issues SD-JWT VCs;
						   NULL: none */
	const struct client_proxies *proxies;	/* trusted reverse proxies
						   (client.h), NULL: none;
						   outlives the console */
};

/*
 * Connections the console holds at once, and from one client address.  A
 * browser opens six or so; a slow client that trickles a request holds
 * its connection past the idle timeout, so one address may hold only a
 * few, and 64 addresses would be needed to fill the console.  Behind a
 * trusted proxy every connection comes from it: the proxy bounds them.
 */
#define CONSOLE_CONNS_MAX	1024
#define CONSOLE_PER_IP		16

struct console;
struct copy_signing;
struct cred_issuer;
struct client_proxies;

/*
 * The console's routes, for tests and documentation: the path of route i
 * (NULL past the last), the methods it takes (CONSOLE_GET, CONSOLE_POST)
 * and the least role that may use it (enum account_role; ROLE_NONE: no
 * sign-in).  The strings are static.
 */
#define CONSOLE_GET	0x1
#define CONSOLE_POST	0x2
const char	*console_route(size_t i, unsigned int *methods, int *role);

/*
 * Starts the console on st (opened STORE_SHARED, so the command line can
 * write between its transactions) and returns at once; NULL with why in
 * err when it cannot.  console_stop() ends it and frees it (NULL is fine).
 */
struct console	*console_start(struct store *st, const struct console_opts *o,
		    char *err, size_t errsz);
void		 console_stop(struct console *c);

#endif /* SOGOC_STAFF_CONSOLE_H */
