/* Bench loop: `loop KIND N [PATH]` runs one call N times and prints the mean ns per call, timed
 * inside the program (startup, loader and tracer attach are not counted).
 *   getppid: syscall(SYS_getppid)      openat: syscall(SYS_openat, AT_FDCWD, PATH, O_RDONLY)
 *   open:    open(PATH, O_RDONLY) via libc (what fiu-run can wrap)   write: write(devnull, "x", 1) */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long long now(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
	if (argc < 3) return 2;
	const char *kind = argv[1];
	long n = atol(argv[2]);
	const char *path = argc > 3 ? argv[3] : "/nonexistent/sct-bench";
	int devnull = open("/dev/null", O_WRONLY);
	long failures = 0;
	long long t0 = now();
	for (long i = 0; i < n; i++) {
		long r;
		if (!strcmp(kind, "getppid")) r = syscall(SYS_getppid);
		else if (!strcmp(kind, "openat")) r = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
		else if (!strcmp(kind, "open")) r = open(path, O_RDONLY);
		else if (!strcmp(kind, "write")) r = write(devnull, "x", 1);
		else return 2;
		if (r < 0) failures++;
		else if (strcmp(kind, "getppid") && strcmp(kind, "write")) close((int)r);
	}
	long long t1 = now();
	printf("%.1f %ld\n", (double)(t1 - t0) / n, failures);
	return 0;
}
