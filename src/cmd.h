/*
 * cmd.h: the registry subcommands of sogoc, in cmd_registry.c.
 */
#ifndef SOGOC_SRC_CMD_H
#define SOGOC_SRC_CMD_H

#include <stdio.h>

/*
 * Runs the registry command argv[0] (argc arguments) and returns its exit
 * status, or -1 when argv[0] is not a registry command.
 */
int	cmd_registry(int argc, char **argv);

/* Prints the usage of registry command name; 0 when it is one, else -1. */
int	cmd_registry_usage(const char *name, FILE *fp);

/* Prints one line per registry command for the main usage. */
void	cmd_registry_list(FILE *fp);

#endif /* SOGOC_SRC_CMD_H */
