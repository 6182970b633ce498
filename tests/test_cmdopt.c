/*
 * test_cmdopt.c: the option loop every sogoc command reads its command
 * line with (src/cmdopt.c): each row of a table takes its option, numbers
 * are whole and in range, options sharing a value are told apart by
 * their long name, and everything else (unknown, ambiguous, missing or
 * unwanted arguments, --help) goes to the command's own handler.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cmdopt.h"

/* sogoc's exit status of a usage error (src/cmd_int.h, whose fail()
 * cmocka's would hide). */
#define EXIT_USAGE	2

/* What the table below was given. */
struct got {
	const char	*serial;
	int		 all;
	uint64_t	 record;
	uint64_t	 size;
	const char	*fn_name;	/* the long name the handler saw */
	const char	*fn_arg;
	char		 other[8];	/* the options left to other(), in order */
	size_t		 nother;
};

static int
fn_opt(void *arg, int ch, const char *name)
{
	struct got	*g = arg;

	assert_int_equal(ch, 'S');
	g->fn_name = name;
	g->fn_arg = optarg;
	return strcmp(optarg, "bad") == 0 ? EXIT_USAGE : -1;
}

/* --key goes on (a common option); --help is 0; anything else a usage
 * error. */
static int
other(void *arg, int ch, const char *cmdname)
{
	struct got	*g = arg;

	assert_string_equal(cmdname, "cmd");
	if (g->nother < sizeof(g->other) - 1)
		g->other[g->nother++] = (char)ch;
	if (ch == 'k')
		return -1;
	return ch == 'h' ? 0 : EXIT_USAGE;
}

struct case_ {
	const char	*argv[6];
	int		 rc;		/* cmdopt_getopt's */
	int		 optind;	/* when rc is -1 */
	const char	*serial;
	int		 all;
	uint64_t	 record, size;
	const char	*fn_name, *fn_arg;
	const char	*other;
};

static const struct case_ cases[] = {
	{ { "cmd", "--serial", "A", "x" }, -1, 3, "A", 0, 0, 0, NULL, NULL,
	    "" },
	{ { "cmd", "-s", "A", "-a" }, -1, 4, "A", 1, 0, 0, NULL, NULL, "" },
	{ { "cmd", "--ser", "B" }, -1, 3, "B", 0, 0, 0, NULL, NULL, "" },
	{ { "cmd", "--record", "18446744073709551615" }, -1, 3, NULL, 0,
	    UINT64_MAX, 0, NULL, NULL, "" },
	{ { "cmd", "-r", "007" }, -1, 3, NULL, 0, 7, 0, NULL, NULL, "" },
	{ { "cmd", "--record", "18446744073709551616" }, EXIT_USAGE, 0, NULL,
	    0, 0, 0, NULL, NULL, "" },
	{ { "cmd", "--record", "-1" }, EXIT_USAGE, 0, NULL, 0, 0, 0, NULL,
	    NULL, "" },
	{ { "cmd", "--record", "" }, EXIT_USAGE, 0, NULL, 0, 0, 0, NULL, NULL,
	    "" },
	{ { "cmd", "--record", " 5" }, EXIT_USAGE, 0, NULL, 0, 0, 0, NULL,
	    NULL, "" },
	{ { "cmd", "--record", "5x" }, EXIT_USAGE, 0, NULL, 0, 0, 0, NULL,
	    NULL, "" },
	{ { "cmd", "--record", "+5" }, EXIT_USAGE, 0, NULL, 0, 0, 0, NULL,
	    NULL, "" },
	{ { "cmd", "-n", "3" }, -1, 3, NULL, 0, 0, 3, NULL, NULL, "" },
	{ { "cmd", "--size", "0" }, EXIT_USAGE, 0, NULL, 0, 0, 0, NULL, NULL,
	    "" },
	/* Two rows share 'S': the handler is told which was given. */
	{ { "cmd", "--set-too", "v" }, -1, 3, NULL, 0, 0, 0, "set-too", "v",
	    "" },
	{ { "cmd", "--set", "w" }, -1, 3, NULL, 0, 0, 0, "set", "w", "" },
	{ { "cmd", "--set", "bad" }, EXIT_USAGE, 0, NULL, 0, 0, 0, "set",
	    "bad", "" },
	{ { "cmd", "--se", "x" }, EXIT_USAGE, 0, NULL, 0, 0, 0, NULL, NULL,
	    "?" },
	{ { "cmd", "-k", "K", "--key=L", "z" }, -1, 4, NULL, 0, 0, 0, NULL,
	    NULL, "kk" },
	{ { "cmd", "--help", "--serial", "A" }, 0, 0, NULL, 0, 0, 0, NULL,
	    NULL, "h" },
	{ { "cmd", "--bogus" }, EXIT_USAGE, 0, NULL, 0, 0, 0, NULL, NULL,
	    "?" },
	{ { "cmd", "-x" }, EXIT_USAGE, 0, NULL, 0, 0, 0, NULL, NULL, "?" },
	{ { "cmd", "--serial" }, EXIT_USAGE, 0, NULL, 0, 0, 0, NULL, NULL,
	    "?" },
	{ { "cmd", "--all=yes" }, EXIT_USAGE, 0, NULL, 0, 0, 0, NULL, NULL,
	    "?" },
	{ { "cmd", "--", "--serial", "A" }, -1, 2, NULL, 0, 0, 0, NULL, NULL,
	    "" },
	{ { "cmd" }, -1, 1, NULL, 0, 0, 0, NULL, NULL, "" },
};

static void
test_cases(void **state)
{
	struct got	 g;
	const struct cmd_opt opts[] = {
		OPT_STR("serial", 's', &g.serial),
		OPT_FLAG("all", 'a', &g.all),
		OPT_U64("record", 'r', &g.record),
		OPT_COUNT("size", 'n', &g.size),
		OPT_FN("set", 'S', &g, fn_opt),
		OPT_FN("set-too", 'S', &g, fn_opt),
		OPT_COMMON("key", 'k'),
		OPT_HELP,
		OPT_END
	};
	char		*argv[7];
	size_t		 i, j;
	int		 argc, rc;

	(void)state;
	opterr = 0;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&g, 0, sizeof(g));
		memset(argv, 0, sizeof(argv));
		for (argc = 0; cases[i].argv[argc] != NULL; argc++)
			argv[argc] = (char *)cases[i].argv[argc];
		optind = 0;
		rc = cmdopt_getopt(argc, argv, "s:ar:n:k:h", opts, other, &g);
		print_message("# case %zu: %s %s\n", i, argv[1] ? argv[1] : "",
		    argv[2] ? argv[2] : "");
		assert_int_equal(rc, cases[i].rc);
		if (rc == -1)
			assert_int_equal(optind, cases[i].optind);
		if (cases[i].serial == NULL)
			assert_null(g.serial);
		else
			assert_string_equal(g.serial, cases[i].serial);
		assert_int_equal(g.all, cases[i].all);
		assert_true(g.record == cases[i].record);
		assert_true(g.size == cases[i].size);
		if (cases[i].fn_name == NULL)
			assert_null(g.fn_name);
		else {
			assert_string_equal(g.fn_name, cases[i].fn_name);
			assert_string_equal(g.fn_arg, cases[i].fn_arg);
		}
		g.other[g.nother] = '\0';
		assert_string_equal(g.other, cases[i].other);
		for (j = 0; j < (size_t)argc; j++)	/* argv left as it was */
			assert_ptr_equal(argv[j], cases[i].argv[j]);
	}
}

/* The extra rows follow the table's, but not those whose value it has. */
static void
test_longopts(void **state)
{
	static const struct option extra[] = {
		{ "db",		required_argument,	NULL, 'd' },
		{ "map-size",	required_argument,	NULL, 'M' },
		{ "help",	no_argument,		NULL, 'h' }
	};
	const struct cmd_opt	 opts[] = {
		OPT_FLAG("all", 'a', NULL),
		OPT_STR("database", 'd', NULL),
		OPT_END
	};
	struct option		 lo[LONGOPTS_MAX];

	(void)state;
	cmdopt_longopts(opts, extra, 3, lo);
	assert_string_equal(lo[0].name, "all");
	assert_int_equal(lo[0].has_arg, no_argument);
	assert_int_equal(lo[0].val, 'a');
	assert_null(lo[0].flag);
	assert_string_equal(lo[1].name, "database");
	assert_int_equal(lo[1].has_arg, required_argument);
	assert_string_equal(lo[2].name, "map-size");
	assert_string_equal(lo[3].name, "help");
	assert_null(lo[4].name);
	assert_int_equal(lo[4].val, 0);
	cmdopt_longopts(NULL, NULL, 0, lo);
	assert_null(lo[0].name);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_longopts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
