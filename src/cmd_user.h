/*
 * cmd_user.h: sogoc user, the staff accounts of the registry, in
 * cmd_user.c.
 */
#ifndef SOGOC_SRC_CMD_USER_H
#define SOGOC_SRC_CMD_USER_H

#include <stdio.h>

/*
 * Runs sogoc user with argc arguments (argv[0] is "user", argv[1] the
 * subcommand) and returns its exit status.
 */
int	cmd_user(int argc, char **argv);

/* Prints the usage of sogoc user; 0 when fp is stdout, else 2 (usage). */
int	cmd_user_usage(FILE *fp);

#endif /* SOGOC_SRC_CMD_USER_H */
