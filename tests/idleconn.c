/*
 * idleconn.c: a slow client for the abuse tests.  It opens connections to
 * a server and leaves each with a request that never ends, the way a
 * Slowloris attack holds a server's connections.
 *
 *   idleconn PORT COUNT ADDRS SECONDS
 *
 * Opens COUNT connections to 127.0.0.1:PORT, from ADDRS different source
 * addresses (127.1.x.y, taken in turn), writes half a request on each and
 * holds them for SECONDS.  Prints "connected N" once all are tried, then
 * at the end "closed M": how many the server had closed by then.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <err.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long
num(const char *s, long lo, long hi)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		errx(2, "%s: not a number from %ld to %ld", s, lo, hi);
	return v;
}

int
main(int argc, char **argv)
{
	static const char	 half[] = "GET /api/v1/verify?serial=";
	struct sockaddr_in	 to, from;
	struct pollfd		*pf;
	struct rlimit		 rl;
	struct timespec		 t0, t;
	long			 port, count, addrs, secs, i, nconn = 0, closed;
	char			 c;

	if (argc != 5)
		errx(2, "usage: idleconn PORT COUNT ADDRS SECONDS");
	port = num(argv[1], 1, 65535);
	count = num(argv[2], 1, 60000);
	addrs = num(argv[3], 1, 65000);
	secs = num(argv[4], 0, 3600);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur < (rlim_t)count + 16) {
		rl.rlim_cur = rl.rlim_max < (rlim_t)count + 16 ? rl.rlim_max :
		    (rlim_t)count + 16;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	pf = calloc((size_t)count, sizeof(*pf));
	if (pf == NULL)
		err(1, "calloc");
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons((uint16_t)port);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (i = 0; i < count; i++) {
		pf[i].fd = socket(AF_INET, SOCK_STREAM, 0);
		pf[i].events = POLLIN;
		if (pf[i].fd == -1)
			err(1, "socket %ld", i);
		memset(&from, 0, sizeof(from));
		from.sin_family = AF_INET;
		/* 127.1.0.1 onwards: any of 127/8 is this host. */
		from.sin_addr.s_addr = htonl(0x7f010001u +
		    (uint32_t)(i % addrs));
		if (bind(pf[i].fd, (struct sockaddr *)&from, sizeof(from)) ==
		    -1)
			err(1, "bind");
		if (connect(pf[i].fd, (struct sockaddr *)&to, sizeof(to)) ==
		    -1 || write(pf[i].fd, half, sizeof(half) - 1) !=
		    (ssize_t)sizeof(half) - 1) {
			close(pf[i].fd);
			pf[i].fd = -1;
			continue;
		}
		nconn++;
	}
	printf("connected %ld\n", nconn);
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	closed = 0;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec >= secs)
			break;
		if (poll(pf, (nfds_t)count, 200) == -1 && errno != EINTR)
			err(1, "poll");
		for (i = 0; i < count; i++) {
			if (pf[i].fd == -1 || pf[i].revents == 0)
				continue;
			/* An answer (a 408, say) is read and dropped; the
			 * end of the stream is the server letting go. */
			if (read(pf[i].fd, &c, 1) <= 0) {
				close(pf[i].fd);
				pf[i].fd = -1;
				closed++;
			}
		}
	}
	printf("closed %ld\n", closed);
	for (i = 0; i < count; i++)
		if (pf[i].fd != -1)
			close(pf[i].fd);
	free(pf);
	return fflush(stdout) == 0 ? 0 : 1;
}
