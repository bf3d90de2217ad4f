// Saves a 64 KiB record to out.dat with write(2). Bug: one write, its return value ignored, so a
// short write silently truncates the file. Fixed (-DFIXED): loops until every byte is written.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SIZE 65536

int main(void) {
  static char buf[SIZE];
  memset(buf, 'x', SIZE);
  memcpy(buf + SIZE - 4, "END\n", 4);
  int fd = open("out.dat", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return perror("open out.dat"), 1;
#ifdef FIXED
  for (size_t done = 0; done < SIZE;) {
    ssize_t n = write(fd, buf + done, SIZE - done);
    if (n < 0) return perror("write out.dat"), 1;
    done += (size_t)n;
  }
#else
  write(fd, buf, SIZE);
#endif
  close(fd);
  printf("saved %d bytes\n", SIZE);
  return 0;
}
