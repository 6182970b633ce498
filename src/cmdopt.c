/*
 * cmdopt.c: the option loop of sogoc's commands: getopt_long's table
 * built from a command's table of options (struct cmd_opt), each option
 * taken as its row says, and numbers on the command line.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_int.h"


int
parse_u64(const char *s, uint64_t *v, const char *what)
{
	char			*end;
	unsigned long long	 x;

	errno = 0;
	if (s[0] < '0' || s[0] > '9') {
		warnx("%s: \"%s\" is not a number", what, s);
		return -1;
	}
	x = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0') {
		warnx("%s: \"%s\" is not a number", what, s);
		return -1;
	}
	*v = x;
	return 0;
}

/*
 * getopt_long's table of opts into lo (LONGOPTS_MAX rows): the command's
 * options in their order, then the nextra rows of extra whose value none
 * of them has.
 */
void
cmdopt_longopts(const struct cmd_opt *opts, const struct option *extra,
    size_t nextra, struct option *lo)
{
	const struct cmd_opt	*o;
	size_t			 n = 0, i;

	for (o = opts; o != NULL && o->name != NULL; o++) {
		if (n + 1 >= LONGOPTS_MAX)
			errx(EXIT_FATAL, "too many options");
		lo[n].name = o->name;
		lo[n].has_arg = o->has_arg;
		lo[n].flag = NULL;
		lo[n++].val = o->ch;
	}
	for (i = 0; i < nextra; i++) {
		for (o = opts; o != NULL && o->name != NULL; o++)
			if (o->ch == extra[i].val)
				break;
		if (o != NULL && o->name != NULL)
			continue;
		if (n + 1 >= LONGOPTS_MAX)
			errx(EXIT_FATAL, "too many options");
		lo[n++] = extra[i];
	}
	memset(&lo[n], 0, sizeof(lo[n]));
}

/* Takes option ch as o says; -1 to go on, else the exit status. */
static int
take_opt(const struct cmd_opt *o, int ch)
{
	char	 what[64];

	switch (o->type) {
	case ARG_STR:
		*(const char **)o->dst = optarg;
		return -1;
	case ARG_FLAG:
		*(int *)o->dst = 1;
		return -1;
	case ARG_U64:
	case ARG_COUNT:
		if (snprintf(what, sizeof(what), "--%s", o->name) >=
		    (int)sizeof(what))
			errx(EXIT_FATAL, "option name too long");
		if (parse_u64(optarg, o->dst, what) != 0)
			return EXIT_USAGE;
		if (o->type == ARG_COUNT && *(uint64_t *)o->dst == 0)
			return EXIT_USAGE;
		return -1;
	case ARG_FN:
		return o->fn(o->dst, ch, o->name);
	default:
		return -1;
	}
}

/*
 * The row of opts for option ch that getopt_long found at idx of their
 * long options (-1 when given by its letter), or NULL for a common one.
 */
static const struct cmd_opt *
find_opt(const struct cmd_opt *opts, int ch, int idx)
{
	const struct cmd_opt	*o;
	int			 n;

	for (o = opts, n = 0; o != NULL && o->name != NULL; o++, n++)
		continue;
	if (idx >= 0 && idx < n)
		return &opts[idx];
	for (o = opts; o != NULL && o->name != NULL; o++)
		if (o->ch == ch)
			return o;
	return NULL;
}

/*
 * getopt_long over argv with the long options lo (cmdopt_longopts of
 * opts): each option of opts is taken as its row says, any other (and
 * ARG_COMMON rows, '?' and ':') goes to other(arg, ch, argv[0]).  Returns
 * -1 to go on (optind at the first operand), else the exit status.
 */
int
cmdopt_loop(int argc, char **argv, const char *shortopts,
    const struct option *lo, const struct cmd_opt *opts,
    int (*other)(void *arg, int ch, const char *cmdname), void *arg)
{
	const struct cmd_opt	*o;
	int			 ch, idx, x;

	for (;;) {
		idx = -1;
		ch = getopt_long(argc, argv, shortopts, lo, &idx);
		if (ch == -1)
			return -1;
		o = find_opt(opts, ch, idx);
		if (o != NULL && o->type != ARG_COMMON)
			x = take_opt(o, ch);
		else
			x = other(arg, ch, argv[0]);
		if (x != -1)
			return x;
	}
}

/* cmdopt_loop over the options of opts alone. */
int
cmdopt_getopt(int argc, char **argv, const char *shortopts,
    const struct cmd_opt *opts,
    int (*other)(void *arg, int ch, const char *cmdname), void *arg)
{
	struct option	 lo[LONGOPTS_MAX];

	cmdopt_longopts(opts, NULL, 0, lo);
	return cmdopt_loop(argc, argv, shortopts, lo, opts, other, arg);
}
