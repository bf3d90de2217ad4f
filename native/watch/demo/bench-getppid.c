// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * getppid ns/call, the minimum of ROUNDS rounds of N calls each (the minimum is the figure least
 * disturbed by other load). Prints the figure; compares nothing (docs/watch-design.md).
 *
 *   bench-getppid [N] [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	int rounds = argc > 2 ? atoi(argv[2]) : 5;
	double best = 1e18;

	for (int r = 0; r < rounds; r++) {
		double t0 = now_ns();

		for (long i = 0; i < n; i++)
			syscall(SYS_getppid); /* not getppid(): no libc caching, one real call each */
		double per = (now_ns() - t0) / n;
		if (per < best)
			best = per;
	}
	printf("%.1f\n", best);
	return 0;
}
