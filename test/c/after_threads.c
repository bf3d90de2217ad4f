/* 300 threads, one after another, each writes one byte to the file argv[1] (fd 3) and records
 * what write returned: the supervisor's pidfd cache (native/src/notif_exec.cc) sees 300 callers,
 * more than it keeps, and tids of exited threads. Prints how many writes returned each value and
 * the file's size. Used by after-exec.test.ts. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define N 300

static long results[N];

static void *one(void *arg) {
	long i = (long)arg;
	results[i] = write(3, "x", 1);
	return 0;
}

int main(int argc, char **argv) {
	struct stat st;
	long ones = 0, sevens = 0, other = 0;

	if (argc < 2 || open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644) != 3) return 2;
	for (long i = 0; i < N; i++) {
		pthread_t t;
		if (pthread_create(&t, 0, one, (void *)i) || pthread_join(t, 0)) return 2;
	}
	for (long i = 0; i < N; i++) {
		if (results[i] == 1) ones++;
		else if (results[i] == 7) sevens++;
		else other++;
	}
	if (fstat(3, &st) < 0) return 2;
	printf("returned-1 %ld returned-7 %ld other %ld size %lld\n", ones, sevens, other, (long long)st.st_size);
	return 0;
}
