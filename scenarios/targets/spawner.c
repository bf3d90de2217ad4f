// Runs a child process and waits for it. Bug: fork's -1 is taken for a child pid, so when the
// system is out of processes (EAGAIN) the work is silently not done. Fixed (-DFIXED): retries
// EAGAIN a few times with a pause, then reports the failure.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  pid_t pid = fork();
#ifdef FIXED
  for (int tries = 1; pid < 0 && errno == EAGAIN && tries < 5; tries++) {
    fprintf(stderr, "spawner: fork: %s, retrying\n", strerror(errno));
    usleep(10000 * tries);
    pid = fork();
  }
  if (pid < 0) return perror("spawner: fork"), 1;
#endif
  if (pid == 0) {
    printf("child ran\n");
    return 0;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  printf("spawner: done\n");
  return 0;
}
