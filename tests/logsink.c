/*
 * logsink.c: a stand-in syslog daemon for the tests: it binds a datagram
 * socket at PATH (what /dev/log is) and writes each message it receives
 * as a line on standard output, until it is killed.
 *
 *   logsink PATH
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <err.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct sockaddr_un	 sun;
	char			 msg[2048];
	ssize_t			 n;
	int			 fd;

	if (argc != 2)
		errx(2, "usage: logsink PATH");
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(argv[1]) >= sizeof(sun.sun_path))
		errx(2, "%s: path too long", argv[1]);
	memcpy(sun.sun_path, argv[1], strlen(argv[1]) + 1);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd == -1)
		err(1, "socket");
	unlink(argv[1]);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		err(1, "bind %s", argv[1]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		n = recv(fd, msg, sizeof(msg) - 1, 0);
		if (n < 0)
			err(1, "recv");
		msg[n] = '\0';
		printf("%s\n", msg);
	}
}
