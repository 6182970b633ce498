/*
 * rmtree.h: removes a test's temporary directory and all in it (files
 * of mode 0444 too: removal needs only the directory's write bit).
 * Test code only; include it once per test program.
 */
#ifndef SOGOC_TESTS_RMTREE_H
#define SOGOC_TESTS_RMTREE_H

#include <ftw.h>
#include <stdio.h>

static int
rmtree_one(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes dir and everything under it, not following links: 0 or -1. */
static int
rmtree(const char *dir)
{
	return nftw(dir, rmtree_one, 8, FTW_DEPTH | FTW_PHYS);
}

#endif /* SOGOC_TESTS_RMTREE_H */
