// A client and its server in one tree: the parent listens on 127.0.0.1 (a free port), a child
// serves one connection with "pong", the parent connects and sends "ping". Bug: connect's result
// is not checked, so a refused connection (ECONNREFUSED) goes on to write on an unconnected
// socket and dies of SIGPIPE. Fixed (-DFIXED): retries the connect a few times, then gives up.
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int main(void) {
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  socklen_t alen = sizeof a;
  int ls = socket(AF_INET, SOCK_STREAM, 0);
  if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 4) || getsockname(ls, (struct sockaddr *)&a, &alen))
    return perror("fetch: listen"), 1;
  pid_t server = fork();
  if (server == 0) {
    int c = accept(ls, NULL, NULL);
    char buf[16] = {0};
    if (c >= 0 && read(c, buf, sizeof buf - 1) > 0) (void)!write(c, "pong", 4);
    return 0;
  }
  close(ls);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  long t0 = now_ms();
#ifdef FIXED
  int r = -1;
  for (int tries = 0; tries < 3 && r != 0; tries++) {
    r = connect(s, (struct sockaddr *)&a, sizeof a);
    if (r != 0) {
      fprintf(stderr, "fetch: connect: %s, retrying\n", strerror(errno));
      close(s);
      s = socket(AF_INET, SOCK_STREAM, 0);
      usleep(20000);
    }
  }
  if (r != 0) return kill(server, 9), 2;
#else
  connect(s, (struct sockaddr *)&a, sizeof a);
#endif
  printf("fetch: connect took %ld ms\n", now_ms() - t0);
  fflush(stdout);
  char buf[16] = {0};
  if (write(s, "ping", 4) != 4 || read(s, buf, sizeof buf - 1) <= 0) return perror("fetch: exchange"), 1;
  printf("fetch: got %s\n", buf);
  waitpid(server, NULL, 0);
  return 0;
}
