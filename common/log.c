/*
 * log.c: standard error or syslog (see log.h).  Each message is written
 * with one call, so lines from the server's threads do not interleave.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "log.h"

static const char	*log_ident = "sogoc";
static int		 log_syslog;

void
log_open(const char *ident, int to_syslog)
{
	log_ident = ident;
	log_syslog = to_syslog;
	if (to_syslog)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
log_close(void)
{
	if (log_syslog)
		closelog();
	log_syslog = 0;
}

void
log_msg(int pri, const char *fmt, ...)
{
	char	 line[1024];
	va_list	 ap;

	va_start(ap, fmt);
	if (log_syslog)
		vsyslog(pri, fmt, ap);
	else {
		/* One write per line; a longer message is cut, not split. */
		vsnprintf(line, sizeof(line), fmt, ap);
		fprintf(stderr, "%s: %s\n", log_ident, line);
	}
	va_end(ap);
}
