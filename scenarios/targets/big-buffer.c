// Maps a 64 MiB work buffer. Bug: compares mmap's result with NULL instead of MAP_FAILED, so
// ENOMEM ends in a write to address -1 (SIGSEGV). Fixed (-DFIXED): reports the error.
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define SIZE (64u << 20)

int main(void) {
  char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#ifdef FIXED
  if (p == MAP_FAILED) return perror("big-buffer: mmap"), 3;
#else
  if (p == NULL) return 3;
#endif
  memset(p, 1, SIZE);
  printf("big-buffer: used %u bytes\n", SIZE);
  return 0;
}
