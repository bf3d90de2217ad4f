// Counts the bytes on stdin. Bug: any read error ends the loop as if it were end of file, so a
// read interrupted by a signal (EINTR) loses the rest of the input. Fixed (-DFIXED): retries EINTR.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  char buf[4096];
  long total = 0;
  for (;;) {
    ssize_t n = read(0, buf, sizeof buf);
#ifdef FIXED
    if (n < 0 && errno == EINTR) continue;
#endif
    if (n < 0) {
      fprintf(stderr, "read-all: read: %s\n", strerror(errno));
      break;
    }
    if (n == 0) break;
    total += n;
  }
  printf("read %ld bytes\n", total);
  return 0;
}
