/* Calls getppid N times and prints each result (or the errno), one per line. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
	int n = argc > 1 ? atoi(argv[1]) : 1;
	for (int i = 1; i <= n; i++) {
		long r = syscall(SYS_getppid);
		if (r < 0) printf("%d -1 %s\n", i, strerrorname_np(errno));
		else printf("%d %ld\n", i, r);
	}
	return 0;
}
