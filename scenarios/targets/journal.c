// Replaces state.txt safely: write state.tmp, fsync, close, rename over state.txt. Bug: the
// results of write, fsync and close are ignored, so when the disk is full (ENOSPC) or the
// device fails (EIO) the half-written state.tmp still replaces the good state.txt: a lost update.
// Fixed (-DFIXED): any failure removes state.tmp and leaves state.txt as it was.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

__attribute__((unused)) static int fail(const char *what) {
  fprintf(stderr, "journal: %s state.tmp: %s; state.txt kept\n", what, strerror(errno));
  unlink("state.tmp");
  return 1;
}

int main(int argc, char **argv) {
  const char *state = argc > 1 ? argv[1] : "counter=2\n";
  size_t len = strlen(state);
  int fd = open("state.tmp", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return perror("open state.tmp"), 1;
#ifdef FIXED
  if (write(fd, state, len) != (ssize_t)len) return close(fd), fail("write");
  if (fsync(fd) != 0) return close(fd), fail("fsync");
  if (close(fd) != 0) return fail("close");
#else
  write(fd, state, len);
  fsync(fd);
  close(fd);
#endif
  if (rename("state.tmp", "state.txt") != 0) return perror("rename"), 1;
  printf("journal: saved %s", state);
  return 0;
}
