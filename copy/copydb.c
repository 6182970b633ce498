/*
 * copydb.c: the names on disk of copy/'s databases (copydb.h); never
 * change one, or older registries lose what they hold.
 */
#include "config.h"

#include <stddef.h>

#include "copydb.h"

const struct store_db copy_dbs[] = {
	{ "requests", STORE_DB_LATER },
	{ "shares", STORE_DB_LATER },
	{ "copies", STORE_DB_LATER },
	{ NULL, 0 },
};
