// Opens one file through each member of the open family, by raw syscall so that the C library
// cannot pick another: open(2), openat(2), creat(2). Prints what each returned.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *how, long r) {
  if (r < 0) printf("%s: %s\n", how, strerrorname_np(errno));
  else {
    printf("%s: ok\n", how);
    close((int)r);
  }
}

int main(void) {
  report("open", syscall(SYS_open, "blocked-open.txt", O_RDONLY));
  report("openat", syscall(SYS_openat, AT_FDCWD, "blocked-openat.txt", O_RDONLY));
  report("creat", syscall(SYS_creat, "blocked-creat.txt", 0644));
  report("openat-free", syscall(SYS_openat, AT_FDCWD, "free.txt", O_RDONLY));
  return 0;
}
