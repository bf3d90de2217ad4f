// Reads settings from app.conf. Bug: fopen's result is not checked, so a config file that
// cannot be opened (EACCES, ENOENT) crashes the program in fgets. Fixed (-DFIXED): it says why
// and goes on with the defaults.
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "app.conf";
  char line[256] = "color=blue\n";
  FILE *f = fopen(path, "r");
#ifdef FIXED
  if (!f) {
    fprintf(stderr, "config-reader: cannot open %s: %s; using defaults\n", path, strerror(errno));
    printf("setting %s", line);
    return 0;
  }
#endif
  while (fgets(line, sizeof line, f)) printf("setting %s", line);
  fclose(f);
  return 0;
}
