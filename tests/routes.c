/*
 * routes.c: prints the staff console's route table (console.h), a line a
 * route: "PATH METHODS ROLE", METHODS being GET, POST or GET,POST and
 * ROLE the least role that may use it (none, reviewer, registrar,
 * admin).  The role tests walk every route from it, so a route added
 * later is tested without anyone remembering to.
 */
#include "config.h"

#include <stdio.h>

#include "account.h"
#include "console.h"

int
main(void)
{
	const char	*path;
	unsigned int	 m;
	size_t		 i;
	int		 role;

	for (i = 0; (path = console_route(i, &m, &role)) != NULL; i++)
		printf("%s %s%s%s %s\n", path, m & CONSOLE_GET ? "GET" : "",
		    m == (CONSOLE_GET | CONSOLE_POST) ? "," : "",
		    m & CONSOLE_POST ? "POST" : "", role == ROLE_NONE ? "none" :
		    account_role_name((enum account_role)role));
	return fflush(stdout) == 0 ? 0 : 1;
}
