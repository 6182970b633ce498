/* timefmt.c: UTC time stamps as text (timefmt.h). */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "timefmt.h"

int
time_utc(int64_t t, const char *fmt, char *buf, size_t sz)
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	/* fmt is checked at the callers: the header's format attribute. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if ((int64_t)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, sz, fmt, &tm) == 0) {
#pragma GCC diagnostic pop
		if (sz > 0)
			(void)snprintf(buf, sz, "?");
		return -1;
	}
	return 0;
}

int
time_iso(int64_t t, char *buf, size_t sz)
{
	return time_utc(t, "%Y-%m-%dT%H:%M:%SZ", buf, sz);
}
