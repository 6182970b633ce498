/*
 * test_durable.c: common/durable.c in a temporary directory: a batch puts
 * every file in place whole with its mode, makes the directories it
 * needs, leaves nothing in .tmp; an immutable file is compared, skipped
 * when equal and refused, naming it, when rewritten; paths that would
 * leave ROOT or touch its dot files are refused; an uncommitted batch
 * leaves nothing behind; DURABLE_CLEAN removes a crashed writer's files.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cm.h"

#include "durable.h"
#include "rmtree.h"

struct tdir {
	char		 root[64];
	char		 err[512];
};

static int
setup(void **state)
{
	struct tdir	*t = calloc(1, sizeof(*t));
	const char	*base = getenv("TMPDIR");

	if (t == NULL)
		return -1;
	snprintf(t->root, sizeof(t->root), "%s/durable.XXXXXX",
	    base != NULL && strlen(base) < 40 ? base : "/tmp");
	if (mkdtemp(t->root) == NULL)
		return -1;
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct tdir	*t = *state;

	rmtree(t->root);
	free(t);
	return 0;
}

/* The bytes of root/rel ("" and -1 when it cannot be read). */
static long
slurp(const struct tdir *t, const char *rel, char *buf, size_t bufsz)
{
	char		 path[PATH_MAX];
	ssize_t		 n;
	int		 fd;

	snprintf(path, sizeof(path), "%s/%s", t->root, rel);
	buf[0] = '\0';
	fd = open(path, O_RDONLY);
	if (fd == -1)
		return -1;
	n = read(fd, buf, bufsz - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (long)n;
}

static int
mode_of(const struct tdir *t, const char *rel)
{
	char		 path[PATH_MAX];
	struct stat	 sb;

	snprintf(path, sizeof(path), "%s/%s", t->root, rel);
	if (lstat(path, &sb) == -1)
		return -1;
	return (int)(sb.st_mode & 07777);
}

/* Entries in root/.tmp. */
static int
tmp_count(const struct tdir *t)
{
	char		 path[PATH_MAX];
	struct dirent	*de;
	DIR		*d;
	int		 n = 0;

	snprintf(path, sizeof(path), "%s/.tmp", t->root);
	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void
add_ok(struct durable *d, struct tdir *t, const char *rel, const char *s,
    int flags, int want_skipped)
{
	int		 skipped = -1;

	assert_int_equal(durable_add(d, rel, s, strlen(s), flags, &skipped,
	    t->err, sizeof(t->err)), DURABLE_OK);
	assert_int_equal(skipped, want_skipped);
}

static void
test_batch(void **state)
{
	struct tdir	*t = *state;
	struct durable	*d;
	char		 b[64];

	umask(022);
	assert_int_equal(durable_begin(t->root, 0, &d, t->err,
	    sizeof(t->err)), DURABLE_OK);
	add_ok(d, t, "tile/0/x001/000", "full", DURABLE_IMMUTABLE, 0);
	add_ok(d, t, "tile/0/x001/001.p/7", "partial", DURABLE_IMMUTABLE, 0);
	add_ok(d, t, "checkpoint", "one", 0, 0);
	assert_int_equal(durable_pending(d), 3);
	assert_int_equal(slurp(t, "checkpoint", b, sizeof(b)), -1);
	assert_int_equal(tmp_count(t), 3);
	assert_int_equal(durable_commit(d, t->err, sizeof(t->err)),
	    DURABLE_OK);
	assert_int_equal(durable_pending(d), 0);
	assert_int_equal(tmp_count(t), 0);
	assert_int_equal(slurp(t, "tile/0/x001/000", b, sizeof(b)), 4);
	assert_string_equal(b, "full");
	assert_int_equal(slurp(t, "tile/0/x001/001.p/7", b, sizeof(b)), 7);
	assert_int_equal(mode_of(t, "tile/0/x001/000"), 0444);
	assert_int_equal(mode_of(t, "checkpoint"), 0644);
	assert_int_equal(mode_of(t, "tile/0/x001"), 0755);

	/* Again: the same immutable bytes are skipped; a mutable replaced. */
	add_ok(d, t, "tile/0/x001/000", "full", DURABLE_IMMUTABLE, 1);
	add_ok(d, t, "checkpoint", "two", 0, 0);
	assert_int_equal(durable_pending(d), 1);
	assert_int_equal(durable_commit(d, t->err, sizeof(t->err)),
	    DURABLE_OK);
	assert_int_equal(slurp(t, "checkpoint", b, sizeof(b)), 3);
	assert_string_equal(b, "two");
	durable_free(d);

	/* A batch of nothing but skipped files commits as nothing. */
	assert_int_equal(durable_begin(t->root, 0, &d, t->err,
	    sizeof(t->err)), DURABLE_OK);
	add_ok(d, t, "tile/0/x001/000", "full", DURABLE_IMMUTABLE, 1);
	assert_int_equal(durable_commit(d, t->err, sizeof(t->err)),
	    DURABLE_OK);
	durable_free(d);
}

static void
test_differ(void **state)
{
	struct tdir	*t = *state;
	struct durable	*d;
	char		 b[64];

	assert_int_equal(durable_begin(t->root, 0, &d, t->err,
	    sizeof(t->err)), DURABLE_OK);
	add_ok(d, t, "tile/0/000", "abcd", DURABLE_IMMUTABLE, 0);
	add_ok(d, t, "tile/0/001", "wxyz", DURABLE_IMMUTABLE, 0);
	assert_int_equal(durable_commit(d, t->err, sizeof(t->err)),
	    DURABLE_OK);

	/* A later batch that meets a rewritten file puts nothing in place. */
	add_ok(d, t, "tile/0/002", "new!", DURABLE_IMMUTABLE, 0);
	assert_int_equal(durable_add(d, "tile/0/000", "abcX", 4,
	    DURABLE_IMMUTABLE, NULL, t->err, sizeof(t->err)),
	    DURABLE_EDIFFER);
	assert_non_null(strstr(t->err, "/tile/0/000"));
	assert_int_equal(durable_add(d, "tile/0/001", "wxy", 3,
	    DURABLE_IMMUTABLE, NULL, t->err, sizeof(t->err)),
	    DURABLE_EDIFFER);
	assert_non_null(strstr(t->err, "/tile/0/001: 4 bytes"));
	durable_free(d);
	assert_int_equal(slurp(t, "tile/0/002", b, sizeof(b)), -1);
	assert_int_equal(tmp_count(t), 0);
	assert_int_equal(slurp(t, "tile/0/000", b, sizeof(b)), 4);
	assert_string_equal(b, "abcd");

	assert_int_equal(durable_compare(t->root, "tile/0/000", "abcd", 4,
	    t->err, sizeof(t->err)), DURABLE_OK);
	assert_int_equal(durable_compare(t->root, "tile/0/000", "abcx", 4,
	    t->err, sizeof(t->err)), DURABLE_EDIFFER);
	assert_non_null(strstr(t->err, "tile/0/000"));
	assert_int_equal(durable_compare(t->root, "tile/0/009", "abcd", 4,
	    t->err, sizeof(t->err)), DURABLE_ENOENT);
}

static void
test_paths(void **state)
{
	static const char *const bad[] = {
		"", "/etc/passwd", "../x", "a/../b", "a//b", "a/./b", "a/",
		".lock", ".tmp/x", "./a", "a/..",
	};
	struct tdir	*t = *state;
	struct durable	*d;
	size_t		 i;

	assert_int_equal(durable_begin(t->root, 0, &d, t->err,
	    sizeof(t->err)), DURABLE_OK);
	cm_failures = 0;
	for (i = 0; i < NELEM(bad); i++)
		CHECK(durable_add(d, bad[i], "x", 1, 0, NULL, t->err,
		    sizeof(t->err)) == DURABLE_EINVAL, "'%s' allowed\n",
		    bad[i]);
	assert_int_equal(cm_failures, 0);
	assert_int_equal(durable_pending(d), 0);
	add_ok(d, t, "a/.hidden", "x", 0, 0);	/* only ROOT's are kept */
	durable_free(d);
	assert_int_equal(tmp_count(t), 0);
	assert_int_equal(durable_begin("/nonexistent/dir", 0, &d, t->err,
	    sizeof(t->err)), DURABLE_EIO);
	assert_null(d);
}

static void
test_clean(void **state)
{
	struct tdir	*t = *state;
	struct durable	*d;
	char		 path[PATH_MAX];
	FILE		*f;

	assert_int_equal(durable_begin(t->root, 0, &d, t->err,
	    sizeof(t->err)), DURABLE_OK);
	durable_free(d);
	snprintf(path, sizeof(path), "%s/.tmp/999.1", t->root);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(tmp_count(t), 1);
	assert_int_equal(durable_begin(t->root, 0, &d, t->err,
	    sizeof(t->err)), DURABLE_OK);
	durable_free(d);
	assert_int_equal(tmp_count(t), 1);	/* kept without the flag */
	assert_int_equal(durable_begin(t->root, DURABLE_CLEAN, &d, t->err,
	    sizeof(t->err)), DURABLE_OK);
	assert_int_equal(tmp_count(t), 0);
	durable_free(d);
}

CM_MAIN(
	cmocka_unit_test_setup_teardown(test_batch, setup, teardown),
	cmocka_unit_test_setup_teardown(test_differ, setup, teardown),
	cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
	cmocka_unit_test_setup_teardown(test_clean, setup, teardown),
)
