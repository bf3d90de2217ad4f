// A server and a client in one tree, on 127.0.0.1. The client (comm "client") connects and says
// so; the server accepts, then looks at the client's state in /proc while the connection is up
// and prints it (T: stopped), then waits for the client's greeting.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static char state_of(pid_t pid) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  FILE *f = fopen(path, "r");
  if (!f) return '?';
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  char *p = strrchr(buf, ')');
  return p && p[1] && p[2] ? p[2] : '?';
}

int main(void) {
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  socklen_t alen = sizeof a;
  int ls = socket(AF_INET, SOCK_STREAM, 0);
  if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 4) || getsockname(ls, (struct sockaddr *)&a, &alen))
    return perror("connect-stop: listen"), 1;
  pid_t client = fork();
  if (client == 0) {
    prctl(PR_SET_NAME, "client");
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) return perror("client: connect"), 1;
    printf("client: connected\n");
    fflush(stdout);
    (void)!write(s, "hello", 5);
    return 0;
  }
  int c = accept(ls, NULL, NULL);
  if (c < 0) return perror("server: accept"), 1;
  // The client's connect may return just after accept does: look for up to a second.
  char st = '?';
  for (int i = 0; i < 100 && (st = state_of(client)) != 'T' && st != 't'; i++) usleep(10000);
  printf("server: accepted; client %d is in state %c\n", client, st);
  fflush(stdout);
  char buf[16] = {0};
  ssize_t n = read(c, buf, sizeof buf - 1);
  printf("server: client said %s\n", n > 0 ? buf : "nothing");
  int status = 0;
  waitpid(client, &status, 0);
  return 0;
}
