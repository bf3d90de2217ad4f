/* The SMP stress of sct watch (test/watch/stress.test.ts): THREADS threads, for SECONDS, each
 * making these calls in turn and counting every one it made:
 *   close(BASE + i)      hooked, matched by the rules (fd >= BASE): EBADF; every EVERY-th turn
 *   close(BASE - 1 - i)  hooked, turned away by the filters: EBADF
 *   getppid()            named by no rule
 * (EVERY keeps the events to what one reader can print, so that it also has time for reloads.)
 * The threads take the comm NAME first (prctl), so that `sct watch --comm NAME` sees these calls
 * and no one else's. Prints `matched=M filtered=F unhooked=U threads=T` once all have joined.
 *
 *   watch_stress THREADS SECONDS BASE NAME EVERY
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 256

struct worker {
	pthread_t t;
	long index;
	unsigned long long matched, filtered, unhooked;
	int bad; /* a call returned what it should not have */
};

static atomic_int stop;
static long base, every;

static void *run(void *arg)
{
	struct worker *w = arg;

	for (long turn = 0; !atomic_load_explicit(&stop, memory_order_relaxed); turn++) {
		if (turn % every == 0) {
			if (syscall(SYS_close, base + w->index) != -1 || errno != EBADF)
				w->bad = 1;
			w->matched++;
		}
		if (syscall(SYS_close, base - 1 - w->index) != -1 || errno != EBADF)
			w->bad = 1;
		w->filtered++;
		syscall(SYS_getppid);
		w->unhooked++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static struct worker ws[MAX_THREADS];
	unsigned long long m = 0, f = 0, u = 0;
	struct timespec ts = { 0 };
	long n;
	int bad = 0;

	if (argc != 6 || (n = atol(argv[1])) < 1 || n > MAX_THREADS || atol(argv[2]) < 1 || (base = atol(argv[3])) <= MAX_THREADS ||
	    (every = atol(argv[5])) < 1) {
		fprintf(stderr, "usage: watch_stress THREADS(1-%d) SECONDS BASE(>%d) NAME EVERY(>=1)\n", MAX_THREADS, MAX_THREADS);
		return 2;
	}
	if (prctl(PR_SET_NAME, argv[4]) != 0) {
		perror("watch_stress: prctl(PR_SET_NAME)");
		return 1;
	}
	for (long i = 0; i < n; i++) {
		ws[i].index = i;
		if (pthread_create(&ws[i].t, NULL, run, &ws[i]) != 0) {
			fprintf(stderr, "watch_stress: pthread_create failed\n");
			return 1;
		}
	}
	ts.tv_sec = atol(argv[2]);
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
	atomic_store(&stop, 1);
	for (long i = 0; i < n; i++) {
		pthread_join(ws[i].t, NULL);
		m += ws[i].matched;
		f += ws[i].filtered;
		u += ws[i].unhooked;
		bad |= ws[i].bad;
	}
	printf("matched=%llu filtered=%llu unhooked=%llu threads=%ld\n", m, f, u, n);
	if (bad)
		fprintf(stderr, "watch_stress: a close did not fail with EBADF\n");
	return bad;
}
