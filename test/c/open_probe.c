// Opens each path argument (openat, read-only) and prints what it saw: "open PATH = ok" or
// "open PATH = -ENAME". With -s N: sleeps N ms before each open.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
	int sleep_ms = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-s") && i + 1 < argc) {
			sleep_ms = atoi(argv[++i]);
			continue;
		}
		if (sleep_ms) {
			struct timespec ts = {sleep_ms / 1000, (sleep_ms % 1000) * 1000000L};
			nanosleep(&ts, NULL);
		}
		long fd = syscall(SYS_openat, AT_FDCWD, argv[i], O_RDONLY);
		if (fd < 0)
			printf("open %s = -%s\n", argv[i], strerrorname_np(errno));
		else {
			printf("open %s = ok\n", argv[i]);
			close((int)fd);
		}
		fflush(stdout);
	}
	return 0;
}
