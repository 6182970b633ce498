/*
 * timefmt.h: moments written for people and documents, always in UTC.
 */
#ifndef SOGOC_COMMON_TIMEFMT_H
#define SOGOC_COMMON_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

/* Bytes "YYYY-MM-DDThh:mm:ssZ" takes with its NUL (years 0 to 9999). */
#define TIME_ISO_LEN	21

/*
 * t (seconds since the epoch, UTC) by strftime's fmt into buf (sz bytes):
 * 0, or -1 when t has no calendar date or the text does not fit, with buf
 * "?" (when sz allows).  Thread-safe.
 */
int	time_utc(int64_t t, const char *fmt, char *buf, size_t sz)
	    __attribute__((format(strftime, 2, 0)));

/* t as ISO 8601 "2026-12-07T01:02:03Z": time_utc()'s returns. */
int	time_iso(int64_t t, char *buf, size_t sz);

#endif /* SOGOC_COMMON_TIMEFMT_H */
