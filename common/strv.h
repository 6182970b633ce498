/*
 * strv.h: an array of malloc'd strings with its count, as the lists of
 * input files (the command line's, an import job's) are kept.  The
 * array and its strings belong to whoever holds them; strv_free() lets
 * them all go.  Thread-safe on arrays no other thread uses.
 */
#ifndef SOGOC_COMMON_STRV_H
#define SOGOC_COMMON_STRV_H

#include <stddef.h>

/* Frees the n strings of v (NULL ones are skipped), then v; NULL v
 * does nothing. */
void	strv_free(char **v, size_t n);

#endif /* SOGOC_COMMON_STRV_H */
