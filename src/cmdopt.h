/*
 * cmdopt.h: a sogoc command's options as one table (struct cmd_opt) and
 * the loop that reads them (cmdopt.c), private to src/.  Errors come back
 * as exit statuses after a message on stderr; like the commands, none of
 * it is thread-safe (getopt_long's state is global).
 */
#ifndef SOGOC_SRC_CMDOPT_H
#define SOGOC_SRC_CMDOPT_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

/*
 * One option of a command, a row of its table for cmd_getopt: its long
 * name, getopt_long's value (its letter, when the command's short options
 * have it) and what it does with its value: ARG_STR stores optarg in a
 * const char *, ARG_FLAG sets an int to 1, ARG_U64 parses a uint64_t,
 * ARG_COUNT one of at least 1 (0 is a usage error), ARG_FN calls fn,
 * which returns -1 to go on or the exit status after its message,
 * ARG_NONE does nothing (--config, read before), and ARG_COMMON leaves it
 * to the command's other handler (common_opt for the registry commands,
 * whose tables --db, --map-size and --help follow).
 */
enum cmd_argtype {
	ARG_STR, ARG_FLAG, ARG_U64, ARG_COUNT, ARG_FN, ARG_NONE, ARG_COMMON
};

struct cmd_opt {
	const char	*name;		/* NULL ends the table */
	int		 has_arg;	/* no_argument, required_argument */
	int		 ch;
	enum cmd_argtype type;
	void		*dst;
	/* ARG_FN: option ch, its long name, with optarg. */
	int		(*fn)(void *dst, int ch, const char *name);
};

#define OPT_STR(n, c, d)	{ n, required_argument, c, ARG_STR, d, NULL }
#define OPT_FLAG(n, c, d)	{ n, no_argument, c, ARG_FLAG, d, NULL }
#define OPT_U64(n, c, d)	{ n, required_argument, c, ARG_U64, d, NULL }
#define OPT_COUNT(n, c, d)	{ n, required_argument, c, ARG_COUNT, d, NULL }
#define OPT_FN(n, c, d, f)	{ n, required_argument, c, ARG_FN, d, f }
#define OPT_SWITCH(n, c, d, f)	{ n, no_argument, c, ARG_FN, d, f }
#define OPT_NONE(n, c)		{ n, required_argument, c, ARG_NONE, NULL, NULL }
#define OPT_COMMON(n, c) \
	{ n, required_argument, c, ARG_COMMON, NULL, NULL }
#define OPT_HELP \
	{ "help", no_argument, 'h', ARG_COMMON, NULL, NULL }
#define OPT_END			{ NULL, 0, 0, ARG_NONE, NULL, NULL }

/* The rows of getopt_long's table longopts_of writes, at most. */
#define LONGOPTS_MAX	48

/* cmdopt.c */
void		 cmdopt_longopts(const struct cmd_opt *opts,
		    const struct option *extra, size_t nextra,
		    struct option *lo);
int		 cmdopt_loop(int argc, char **argv, const char *shortopts,
		    const struct option *lo, const struct cmd_opt *opts,
		    int (*other)(void *arg, int ch, const char *cmdname),
		    void *arg);
int		 cmdopt_getopt(int argc, char **argv, const char *shortopts,
		    const struct cmd_opt *opts,
		    int (*other)(void *arg, int ch, const char *cmdname),
		    void *arg);
int		 parse_u64(const char *s, uint64_t *v, const char *what);

#endif /* SOGOC_SRC_CMDOPT_H */
