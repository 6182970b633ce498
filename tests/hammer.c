/*
 * hammer.c: requests sent in pairs at the same moment, for the race
 * tests: two threads, each with a request of its own, meet at a barrier
 * before every send, so that the server sees the two together.
 *
 *   hammer PORT PAIRS REQUEST_A REQUEST_B [GAP_MS]
 *
 * REQUEST_A and REQUEST_B are files holding a whole HTTP/1.1 request,
 * sent as they are to 127.0.0.1:PORT on a new connection each time (they
 * should say "Connection: close"), GAP_MS milliseconds (default 0) after
 * each pair's answers, so that what one pair started can end before the
 * next.  Prints, for each side, a line
 * "A STATUS COUNT" per status seen ("A 000 N" for no answer), and exits
 * 0 once every pair was sent.
 */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <err.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct side {
	const char		*name;
	char			*req;
	size_t			 len;
	long			 status[600];	/* 0: no answer */
};

static pthread_barrier_t	 go;
static long			 pairs;
static uint16_t			 port;
static long			 gap_ms;

static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp = fopen(path, "rb");
	char	*buf;
	long	 n;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0)
		err(2, "%s", path);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, fp) != (size_t)n)
		err(2, "%s", path);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* One request on a new connection: its status, 0 when none came. */
static int
once(const struct side *s)
{
	struct sockaddr_in	 to;
	char			 buf[4096], scratch[4096];
	size_t			 got = 0, off = 0;
	ssize_t			 n;
	int			 fd, status = 0;

	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons(port);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd == -1 || connect(fd, (struct sockaddr *)&to, sizeof(to)) != 0)
		goto out;
	while (off < s->len) {
		n = write(fd, s->req + off, s->len - off);
		if (n <= 0)
			goto out;
		off += (size_t)n;
	}
	/* The status line, then the rest read and dropped until close. */
	for (;;) {
		if (got < 12)
			n = read(fd, buf + got, sizeof(buf) - 1 - got);
		else
			n = read(fd, scratch, sizeof(scratch));
		if (n <= 0)
			break;
		if (got < 12)
			got += (size_t)n;
	}
	buf[got] = '\0';
	if (got >= 12 && strncmp(buf, "HTTP/1.", 7) == 0)
		status = atoi(buf + 9);
out:
	if (fd != -1)
		close(fd);
	return status > 0 && status < 600 ? status : 0;
}

static void *
run(void *arg)
{
	struct side	*s = arg;
	long		 i;

	for (i = 0; i < pairs; i++) {
		pthread_barrier_wait(&go);
		s->status[once(s)]++;
		if (gap_ms > 0)
			usleep((useconds_t)gap_ms * 1000);
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	struct side	 side[2];
	pthread_t	 t[2];
	long		 v;
	int		 i, k;
	char		*end;

	if (argc != 5 && argc != 6)
		errx(2, "usage: hammer PORT PAIRS REQUEST_A REQUEST_B "
		    "[GAP_MS]");
	v = strtol(argv[1], &end, 10);
	if (*end != '\0' || v < 1 || v > 65535)
		errx(2, "%s: not a port", argv[1]);
	port = (uint16_t)v;
	pairs = strtol(argv[2], &end, 10);
	if (*end != '\0' || pairs < 1 || pairs > 1000000)
		errx(2, "%s: not a number of pairs", argv[2]);
	gap_ms = argc == 6 ? strtol(argv[5], &end, 10) : 0;
	if (argc == 6 && (*end != '\0' || gap_ms < 0 || gap_ms > 10000))
		errx(2, "%s: not a number of milliseconds", argv[5]);
	memset(side, 0, sizeof(side));
	side[0].name = "A";
	side[1].name = "B";
	side[0].req = slurp(argv[3], &side[0].len);
	side[1].req = slurp(argv[4], &side[1].len);
	if (pthread_barrier_init(&go, NULL, 2) != 0)
		errx(2, "no barrier");
	for (i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, run, &side[i]) != 0)
			errx(2, "no thread");
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < 2; i++) {
		for (k = 0; k < 600; k++)
			if (side[i].status[k] > 0)
				printf("%s %03d %ld\n", side[i].name, k,
				    side[i].status[k]);
		free(side[i].req);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
