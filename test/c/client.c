/* Connects to 127.0.0.1:argv[1], prints the result of connect, sends "hi", exits. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	int r = connect(s, (struct sockaddr *)&a, sizeof a);
	if (r < 0) printf("connect -1 %s\n", strerrorname_np(errno));
	else printf("connect 0\n");
	fflush(stdout);
	if (r == 0) write(s, "hi", 2);
	close(s);
	return 0;
}
