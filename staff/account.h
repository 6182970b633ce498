/*
 * account.h: staff accounts in the registry's users database.
 *
 * Each account has a name, a role and a password kept only as an scrypt
 * hash (OpenSSL's EVP_KDF "SCRYPT", a random 16-byte salt).  A wrong name
 * and a wrong password get the same answer and take the same time.
 * Wrong passwords are not counted here, nor written to the registry: the
 * console holds back the address they come from (guard.h), and an
 * admin's unlock, recorded here, lets it try again.
 */
#ifndef SOGOC_STAFF_ACCOUNT_H
#define SOGOC_STAFF_ACCOUNT_H

#include <stddef.h>
#include <time.h>

#include "store.h"

/*
 * The database staff/ keeps in the registry's store (store.h), declared
 * here and nowhere else:
 *   users  account name -> JSON (role, scrypt parameters, salt and hash,
 *          times, disabled)
 * Added after format 1 (STORE_DB_LATER): a reader of an older registry
 * finds no accounts.  A program that uses accounts gives staff_dbs to
 * store_open().
 */
extern const struct store_db staff_dbs[];	/* ended by a NULL name */
#define DB_USERS	(&staff_dbs[0])

/* Roles, each allowed what the ones before it are. */
enum account_role {
	ROLE_NONE = 0,
	ROLE_REVIEWER,		/* review and publish digitised pages */
	ROLE_REGISTRAR,		/* also correct and revoke records */
	ROLE_ADMIN		/* also manage accounts */
};

#define ACCOUNT_NAME_MAX	32	/* bytes: [a-z0-9._-], first a letter */
#define ACCOUNT_PASSWORD_MIN	10	/* characters */
#define ACCOUNT_PASSWORD_MAX	1024	/* bytes */

#define ACCOUNT_OK		0
#define ACCOUNT_EBAD		1	/* no such account or wrong password */
#define ACCOUNT_EDISABLED	3
#define ACCOUNT_EINPUT		4	/* a bad name, role or password */
#define ACCOUNT_EEXIST		5	/* the name is taken */
#define ACCOUNT_ENOTFOUND	6	/* no such account (admin commands) */
#define ACCOUNT_ESTORE		7	/* the registry failed: see err */

/* "reviewer", "registrar", "admin"; NULL for ROLE_NONE. */
const char	*account_role_name(enum account_role r);
/* ROLE_NONE when s names no role. */
enum account_role account_role_parse(const char *s);

/* Checks a proposed name and password; 0, or -1 with why in err. */
int		 account_check_name(const char *name, char *err, size_t errsz);
int		 account_check_password(const char *pw, char *err,
		    size_t errsz);

/*
 * Adds account name with role and password (a write transaction of its
 * own).  ACCOUNT_EEXIST when the name is taken.
 */
int		 account_add(struct store *st, const char *name,
		    enum account_role role, const char *password, char *err,
		    size_t errsz);

/* Sets a new password; like account_unlock(), it lifts any hold. */
int		 account_passwd(struct store *st, const char *name,
		    const char *password, char *err, size_t errsz);

/*
 * Disables or enables an account, or changes its role (ROLE_NONE: same;
 * disabled -1: same).
 */
int		 account_set(struct store *st, const char *name,
		    enum account_role role, int disabled, char *err,
		    size_t errsz);

/*
 * Records that an admin unlocked the account now: the console's holds
 * after wrong passwords (guard.h) from before this time are lifted.
 */
int		 account_unlock(struct store *st, const char *name, char *err,
		    size_t errsz);

struct account_info {
	char			 name[ACCOUNT_NAME_MAX + 1];
	enum account_role	 role;
	int			 disabled;
	time_t			 unlocked;	/* last unlocked, 0: never */
	time_t			 created;
	time_t			 last_login;	/* 0: never */
	time_t			 changed;	/* password, role or disabled
						   last set */
};

/* Account name into *info: ACCOUNT_OK, ACCOUNT_ENOTFOUND, _ESTORE. */
int		 account_get(struct store *st, const char *name,
		    struct account_info *info, char *err, size_t errsz);

/* Calls fn for every account in name order; fn returns non-zero to stop. */
int		 account_list(struct store *st,
		    int (*fn)(void *, const struct account_info *), void *arg,
		    char *err, size_t errsz);

/*
 * Checks name and password at time now.  ACCOUNT_OK fills *info (may be
 * NULL) and records the sign-in; ACCOUNT_EBAD for no such account or a
 * wrong password, with nothing written; ACCOUNT_EDISABLED (only for the
 * right password); ACCOUNT_ESTORE.  The scrypt work is done whether or
 * not the account exists.
 */
int		 account_login(struct store *st, const char *name,
		    const char *password, time_t now, struct account_info *info,
		    char *err, size_t errsz);

#endif /* SOGOC_STAFF_ACCOUNT_H */
