/* For each path: open it, print what open returned (and the first line read), as the program saw it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			printf("open %s = -1 %s\n", argv[i], strerrorname_np(errno));
			continue;
		}
		char buf[256] = {0};
		ssize_t n = read(fd, buf, sizeof buf - 1);
		char *nl = n > 0 ? strchr(buf, '\n') : NULL;
		if (nl) *nl = 0;
		printf("open %s = fd read \"%s\"\n", argv[i], n > 0 ? buf : "");
		close(fd);
	}
	return 0;
}
