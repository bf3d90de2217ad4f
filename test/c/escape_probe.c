// Loops on openat(argv[1]) forever. If a call ever returns ENOSYS (the supervisor is gone and
// nobody answers the notification), it creates the marker file argv[2] and prints ESCAPED: the
// supervisor-death test asserts that this never happens.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
	if (argc < 3) return 2;
	printf("ready %d\n", getpid());
	fflush(stdout);
	for (;;) {
		long fd = syscall(SYS_openat, AT_FDCWD, argv[1], O_RDONLY);
		if (fd < 0 && errno == ENOSYS) {
			int m = open(argv[2], O_WRONLY | O_CREAT, 0644);
			if (m >= 0) close(m);
			printf("ESCAPED\n");
			fflush(stdout);
			return 3;
		}
		if (fd >= 0) close((int)fd);
	}
}
