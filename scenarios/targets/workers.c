// A parent and three workers (comm worker-1..3). Worker 2 deletes victim.txt; the others only
// look at it. Each worker prints its pid. Who deleted the file is the question a LOG rule answers.
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  for (int i = 1; i <= 3; i++) {
    if (fork() == 0) {
      char name[16];
      snprintf(name, sizeof name, "worker-%d", i);
      prctl(PR_SET_NAME, name);
      printf("%s pid=%d\n", name, getpid());
      fflush(stdout);
      struct stat st;
      usleep(20000 * i);
      if (i == 2) unlink("victim.txt");
      else (void)stat("victim.txt", &st);
      usleep(300000); // stay alive while the log line is written (it reads /proc)
      return 0;
    }
  }
  while (wait(NULL) > 0) {}
  return 0;
}
