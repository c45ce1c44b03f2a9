// SPDX-License-Identifier: GPL-2.0
/*
 * tcp-send ADDRESS PORT: send standard input over TCP to an IPv4 ADDRESS
 * and PORT in writes of 64 KiB, close the sending half, and copy what the
 * far end answers to standard output.
 *
 * The large writes are the point: they are what makes the kernel hand a
 * NIC TSO packets. busybox's nc writes 1 KiB at a time, which TCP, with
 * the far end acknowledging as fast as it comes, sends a segment at a
 * time: through nc a NIC sees no TSO at all. Built static by
 * scripts/vm/build-guest-tool: the guests have no libc.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHUNK (64 * 1024)

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

/* from one descriptor to the other until end of file; -1 on an error */
static int copy(int from, int to, char *buf)
{
	for (;;) {
		ssize_t n = read(from, buf, CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		if (write_all(to, buf, n))
			return -1;
	}
}

int main(int argc, char **argv)
{
	static char buf[CHUNK];
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int sock;

	if (argc != 3 || inet_pton(AF_INET, argv[1], &sin.sin_addr) != 1 ||
	    atoi(argv[2]) <= 0 || atoi(argv[2]) > 65535) {
		fprintf(stderr, "usage: tcp-send IPV4-ADDRESS PORT\n");
		return 2;
	}
	sin.sin_port = htons(atoi(argv[2]));
	sock = socket(AF_INET, SOCK_STREAM, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&sin, sizeof(sin))) {
		fprintf(stderr, "tcp-send: %s:%s: %s\n", argv[1], argv[2],
			strerror(errno));
		return 1;
	}
	if (copy(STDIN_FILENO, sock, buf) || shutdown(sock, SHUT_WR)) {
		fprintf(stderr, "tcp-send: sending: %s\n", strerror(errno));
		return 1;
	}
	if (copy(sock, STDOUT_FILENO, buf)) {
		fprintf(stderr, "tcp-send: receiving: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
