/*
 * log.h: where a long-running sogoc program writes what it has to say:
 * standard error (the journal, under systemd) or syslog.  Messages never
 * carry personal data; that is the caller's promise, not checked here.
 */
#ifndef SOGOC_COMMON_LOG_H
#define SOGOC_COMMON_LOG_H

#include <syslog.h>

/*
 * Sends later messages to syslog as ident (facility daemon) when
 * to_syslog, else to standard error prefixed "ident: ".  ident must stay
 * valid until log_close().  Without log_open, messages go to stderr.
 */
void	log_open(const char *ident, int to_syslog);
void	log_close(void);

/* A message at priority pri (LOG_ERR, LOG_WARNING, LOG_INFO, ...). */
void	log_msg(int pri, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif /* SOGOC_COMMON_LOG_H */
