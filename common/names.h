/*
 * names.h: an enum's names as a table of strings indexed by its values
 * (event kinds, fields, roles), read both ways: the name of a value, and
 * the value of a name.  The tables belong to their callers and must stay
 * valid while these run; a NULL slot is a value with no name.  Every
 * call is thread-safe (nothing is written).
 */
#ifndef SOGOC_COMMON_NAMES_H
#define SOGOC_COMMON_NAMES_H

#include <stddef.h>

/* The number of slots of a name table that is an array in scope. */
#define NAMES_LEN(t)	(sizeof(t) / sizeof((t)[0]))

/*
 * names[i], or NULL when i is outside the n slots (or its slot is NULL).
 * The string is the table's.
 */
const char	*names_get(const char *const *names, size_t n, int i);

/*
 * The first i whose names[i] is s, or -1 when s is NULL or no slot of
 * the n holds it (NULL slots never match).
 */
int		 names_find(const char *const *names, size_t n, const char *s);

#endif /* SOGOC_COMMON_NAMES_H */
