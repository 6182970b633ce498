/*
 * log.c: standard error or syslog (see log.h).  Each message is written
 * with one call, so lines from the server's threads do not interleave,
 * and as printable text, so no message can forge another line.
 */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "utf8.h"

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
	char	 raw[1024], line[1024];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* Whatever a caller passes on (a file name from a browser, a
	 * library's complaint), no line break or terminal control gets
	 * through: one message is one line, and reads as what it is. */
	utf8_printable(raw, line, sizeof(line));
	if (log_syslog)
		syslog(pri, "%s", line);
	else
		/* One write per line; a longer message is cut, not split. */
		fprintf(stderr, "%s: %s\n", log_ident, line);
}

void
log_repeated(void *prefix, const char *fmt, va_list ap)
{
	static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
	static char		 last[512];
	static double		 last_t;
	static unsigned long	 quiet;
	struct timespec		 ts;
	const char		*pre = prefix != NULL ? prefix : "";
	char			 line[512];
	double			 t;
	size_t			 n;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	t = ts.tv_sec + ts.tv_nsec / 1e9;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	pthread_mutex_lock(&mu);
	if (strcmp(line, last) == 0 && t - last_t < 1) {
		quiet++;
		pthread_mutex_unlock(&mu);
		return;
	}
	if (quiet > 0)
		log_msg(LOG_WARNING, "%s(%lu more of: %s)", pre, quiet, last);
	quiet = 0;
	memcpy(last, line, n + 1);
	last_t = t;
	pthread_mutex_unlock(&mu);
	log_msg(LOG_WARNING, "%s%s", pre, line);
}
