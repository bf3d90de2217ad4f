// Prints a 128-bit session token from getrandom(2). Bug: getrandom's result is not checked, so
// when it fails the token is all zeros: predictable. Fixed (-DFIXED): falls back to /dev/urandom
// and refuses to print a token it could not fill.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

int main(void) {
  unsigned char t[16] = {0};
#ifdef FIXED
  if (getrandom(t, sizeof t, 0) != (ssize_t)sizeof t) {
    fprintf(stderr, "token: getrandom: %s; reading /dev/urandom\n", strerror(errno));
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd < 0 || read(fd, t, sizeof t) != (ssize_t)sizeof t) return perror("token: /dev/urandom"), 1;
    close(fd);
  }
#else
  getrandom(t, sizeof t, 0);
#endif
  printf("token: ");
  for (size_t i = 0; i < sizeof t; i++) printf("%02x", t[i]);
  printf("\n");
  return 0;
}
