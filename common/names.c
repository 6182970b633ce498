/*
 * names.c: enum values to their names and back through a caller's table
 * (names.h), so that each enum with names checks its bounds in one place.
 */
#include "config.h"

#include <string.h>

#include "names.h"

const char *
names_get(const char *const *names, size_t n, int i)
{
	if (i < 0 || (size_t)i >= n)
		return NULL;
	return names[i];
}

int
names_find(const char *const *names, size_t n, const char *s)
{
	size_t	 i;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}
