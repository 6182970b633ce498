/*
 * log.h: where a long-running sogoc program writes what it has to say:
 * standard error (the journal, under systemd) or syslog.  Messages never
 * carry personal data; that is the caller's promise, not checked here.
 */
#ifndef SOGOC_COMMON_LOG_H
#define SOGOC_COMMON_LOG_H

#include <stdarg.h>
#include <syslog.h>

/*
 * Sends later messages to syslog as ident (facility daemon) when
 * to_syslog, else to standard error prefixed "ident: ".  ident must stay
 * valid until log_close().  Without log_open, messages go to stderr.
 */
void	log_open(const char *ident, int to_syslog);
void	log_close(void);

/*
 * A message at priority pri (LOG_ERR, LOG_WARNING, LOG_INFO, ...), on one
 * line: control characters, backslashes and invalid UTF-8 in it are
 * written as \xNN (utf8_printable), so text from outside cannot forge a
 * line of the log.  At most 1023 bytes of it.
 */
void	log_msg(int pri, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * A library's complaint (libmicrohttpd's logger: prefix is its closure,
 * a string or NULL) at LOG_WARNING.  Under attack a library says the same
 * thing for every connection it refuses: a message repeated within a
 * second is counted, not written, and the count is logged with the next
 * one that is.
 */
void	log_repeated(void *prefix, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));

#endif /* SOGOC_COMMON_LOG_H */
