/* `held_signal MODE`: installs a SIGUSR1 handler (MODE restart: SA_RESTART, else none), prints
 * "ready PID", then calls getppid and prints "getppid = R errno=E handler_ms=H total_ms=T", where
 * H is when (ms after the call started) the handler ran, -1 if it did not run. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile long long handled_at = -1;
static long long t0;
static long long now_ms(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}
static void on_usr1(int s) { (void)s; handled_at = now_ms() - t0; }

int main(int argc, char **argv) {
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sa.sa_flags = argc > 1 && !strcmp(argv[1], "restart") ? SA_RESTART : 0;
	sigaction(SIGUSR1, &sa, NULL);
	printf("ready %d\n", getpid());
	fflush(stdout);
	t0 = now_ms();
	errno = 0;
	long r = syscall(SYS_getppid);
	int e = errno;
	long long total = now_ms() - t0;
	printf("getppid = %ld errno=%s handler_ms=%lld total_ms=%lld\n", r, e ? strerrorname_np(e) : "0", handled_at, total);
	return 0;
}
