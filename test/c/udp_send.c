// One UDP datagram to 127.0.0.1:PORT, by sendto or by sendmsg with the address in the msghdr (the
// cgroup sendmsg hooks run for both). Prints "sent", or the errno's name.
//   udp_send sendto|sendmsg PORT
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
  if (argc != 3 || (strcmp(argv[1], "sendto") && strcmp(argv[1], "sendmsg"))) {
    fprintf(stderr, "usage: udp_send sendto|sendmsg PORT\n");
    return 2;
  }
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2]))};
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s < 0) return perror("socket"), 1;
  char byte = 'x';
  ssize_t n;
  if (!strcmp(argv[1], "sendto")) {
    n = sendto(s, &byte, 1, 0, (struct sockaddr *)&to, sizeof to);
  } else {
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    struct msghdr msg = {.msg_name = &to, .msg_namelen = sizeof to, .msg_iov = &iov, .msg_iovlen = 1};
    n = sendmsg(s, &msg, 0);
  }
  puts(n == 1 ? "sent" : strerrorname_np(errno));
  return 0;
}
