/* `stress_open PROCS THREADS CALLS PATH`: PROCS processes (this one and PROCS-1 forks) of THREADS
 * threads each; every thread calls openat(PATH) CALLS times and counts the EACCES results. Each
 * process prints "proc calls=N eacces=E thread_eacces=a,b,c,d"; exit 0. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long calls;
static const char *path;

static void *worker(void *arg) {
	long *eacces = arg;
	for (long i = 0; i < calls; i++) {
		long r = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
		if (r < 0 && errno == EACCES) (*eacces)++;
		else if (r >= 0) close((int)r);
	}
	return NULL;
}

int main(int argc, char **argv) {
	if (argc < 5) return 2;
	int procs = atoi(argv[1]), threads = atoi(argv[2]);
	calls = atol(argv[3]);
	path = argv[4];
	int me = 0;
	for (int i = 1; i < procs; i++) {
		pid_t p = fork();
		if (p == 0) { me = i; break; }
	}
	pthread_t t[64];
	long e[64] = {0};
	for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, worker, &e[i]);
	long total = 0;
	char buf[512];
	int off = 0;
	for (int i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		total += e[i];
		off += snprintf(buf + off, sizeof buf - off, "%s%ld", i ? "," : "", e[i]);
	}
	printf("proc calls=%ld eacces=%ld thread_eacces=%s\n", calls * threads, total, buf);
	fflush(stdout);
	if (me == 0) while (wait(NULL) > 0) {}
	return 0;
}
