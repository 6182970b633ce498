/*
 * fetchbench.c: how fast http/fetch.h's fetch_many() reads many small
 * files from a web server (the monitor's tiles), beside wget or curl of
 * the same files (bench/fetch_bench.sh, docs/bench.md).
 *
 *	fetchbench BASE_URL PATHS_FILE PARALLEL [BATCH]
 *
 * PATHS_FILE has one path a line, appended to BASE_URL; they are fetched
 * BATCH at a time (default 1000), PARALLEL at once.  It prints the files,
 * seconds, files a second, and the bytes moved (fetch_stats), and exits 1
 * if any file was not answered 200.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "timing.h"

/* The URLs of PATHS_FILE under base, malloc'd, their number in *n. */
static char **
read_urls(const char *base, const char *path, size_t *n)
{
	FILE	*fp = fopen(path, "r");
	char	 line[1024], **v = NULL, **nv;
	size_t	 cap = 0, bl = strlen(base), ll;

	*n = 0;
	if (fp == NULL)
		return NULL;
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0')
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			nv = realloc(v, cap * sizeof(*v));
			if (nv == NULL)
				break;
			v = nv;
		}
		ll = strlen(line);
		v[*n] = malloc(bl + ll + 1);
		if (v[*n] == NULL)
			break;
		memcpy(v[*n], base, bl);
		memcpy(v[*n] + bl, line, ll + 1);
		(*n)++;
	}
	fclose(fp);
	return v;
}

int
main(int argc, char **argv)
{
	struct fetch_limits	 lim = { 1u << 20, 0, 0 };
	struct fetch_stats	 st = { 0 };
	struct fetch_item	*it;
	char			**urls, err[256];
	size_t			 n, i, j, par, batch = 1000, bad = 0;
	double			 t0, s;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: fetchbench BASE_URL PATHS_FILE "
		    "PARALLEL [BATCH]\n");
		return 2;
	}
	par = strtoul(argv[3], NULL, 10);
	if (argc == 5)
		batch = strtoul(argv[4], NULL, 10);
	urls = read_urls(argv[1], argv[2], &n);
	it = calloc(batch ? batch : 1, sizeof(*it));
	if (urls == NULL || n == 0 || it == NULL || par == 0 || batch == 0) {
		fprintf(stderr, "fetchbench: no paths, or bad numbers\n");
		return 2;
	}
	t0 = now_us();
	for (i = 0; i < n; i += batch) {
		for (j = 0; j < batch && i + j < n; j++)
			it[j].url = urls[i + j];
		if (fetch_many(it, j, par, &lim, &st, err, sizeof(err)) != 0) {
			fprintf(stderr, "fetchbench: %s\n", err);
			return 1;
		}
		for (j = 0; j < batch && i + j < n; j++)
			if (it[j].result != FETCH_OK || it[j].status != 200) {
				if (bad++ == 0)
					fprintf(stderr, "fetchbench: %s: %s "
					    "(%ld)\n", it[j].url, it[j].err,
					    it[j].status);
			}
		fetch_items_clear(it, j);
	}
	s = (now_us() - t0) / 1e6;
	printf("%zu files in %.2f s: %.0f files/s, %zu at once; "
	    "%" PRIu64 " body bytes on the wire, %" PRIu64 " delivered, "
	    "%" PRIu64 " header bytes, %" PRIu64 " connections\n", n, s,
	    (double)n / s, par, st.wire, st.bodies, st.headers, st.connects);
	for (i = 0; i < n; i++)
		free(urls[i]);
	free(urls);
	free(it);
	return bad == 0 ? 0 : 1;
}
