/*
 * session.h: signed-in staff, in the memory of the serving process.
 *
 * A session is named by a random token (the cookie) and carries its own
 * CSRF token, which every form and every changing request must return.
 * Sessions end when signed out, after SESSION_IDLE seconds unused, after
 * SESSION_MAX_AGE seconds in all, or when their account changes; a
 * restart of the server signs everyone out.  Tokens are kept only as
 * their SHA-256 and compared in constant time.
 */
#ifndef SOGOC_STAFF_SESSION_H
#define SOGOC_STAFF_SESSION_H

#include <stddef.h>
#include <time.h>

#include "account.h"

#define SESSION_TOKEN_LEN	43	/* random base64url symbols: 258 bits */
#define SESSION_IDLE		(30 * 60)
#define SESSION_MAX_AGE		(12 * 60 * 60)
#define SESSION_MAX		4096	/* sessions at once */

#define SESSION_OK		0
#define SESSION_ENOTFOUND	1	/* no such session (or signed out) */
#define SESSION_EEXPIRED	2	/* it was, but it timed out */
#define SESSION_EFULL		3	/* SESSION_MAX sessions at once */
#define SESSION_ENOMEM		4

struct session_info {
	char			 name[ACCOUNT_NAME_MAX + 1];
	enum account_role	 role;
	char			 csrf[SESSION_TOKEN_LEN + 1];
	time_t			 created;
};

struct session_table;

/* A new, empty table (NULL when out of memory); thread-safe. */
struct session_table *session_table_new(void);
void		 session_table_free(struct session_table *t);

/*
 * A new session for an account at time now: its token (the cookie value)
 * into token, its CSRF token into info->csrf.  When the table is full the
 * oldest expired session goes first; SESSION_EFULL if none has.  A name
 * that no account can have (NULL, empty, too long) is SESSION_ENOTFOUND.
 */
int		 session_create(struct session_table *t, const char *name,
		    enum account_role role, time_t now,
		    char token[SESSION_TOKEN_LEN + 1],
		    struct session_info *info);

/*
 * Looks up the session of token at time now and, when it is live, copies
 * it into *info and counts now as its last use.  A token of the wrong
 * length or alphabet is SESSION_ENOTFOUND.
 */
int		 session_get(struct session_table *t, const char *token,
		    time_t now, struct session_info *info);

/* Whether csrf is info's CSRF token (constant time); NULL is not. */
int		 session_csrf_ok(const struct session_info *info,
		    const char *csrf);

/* Ends the session of token (signing out); unknown tokens are ignored. */
void		 session_end(struct session_table *t, const char *token);

/* Ends every session of account name (its password or role changed). */
void		 session_end_account(struct session_table *t,
		    const char *name);

/* Live sessions (for /metrics and tests). */
size_t		 session_count(struct session_table *t, time_t now);

#endif /* SOGOC_STAFF_SESSION_H */
