/* Races a path filter. argv: ALLOWED BLOCKED N. A second thread flips a path buffer between
 * ALLOWED and BLOCKED (same length) while the main thread calls openat(AT_FDCWD, buffer) N times
 * (argv[4] == "abs" uses the buffer as is; "rel" chdirs to the files' directory and uses the base
 * names). Prints "opened-blocked K of N" (how many opens returned the blocked file, by inode) and
 * "opened-allowed K" (how many returned the allowed one). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static char buf[4096];
static const char *paths[2];
static volatile int stop;

static void *flip(void *arg) {
	(void)arg;
	size_t len = strlen(paths[0]) + 1;
	for (unsigned i = 0; !stop; i++) memcpy(buf, paths[i & 1], len);
	return NULL;
}

int main(int argc, char **argv) {
	if (argc < 5) return 2;
	struct stat blocked, allowed;
	if (stat(argv[2], &blocked) < 0 || stat(argv[1], &allowed) < 0) return 3;
	if (!strcmp(argv[4], "rel")) {
		char *dir = strdup(argv[1]);
		if (chdir(dirname(dir)) < 0) return 3;
		paths[0] = strdup(basename(argv[1]));
		paths[1] = strdup(basename(argv[2]));
	} else {
		paths[0] = argv[1];
		paths[1] = argv[2];
	}
	if (strlen(paths[0]) != strlen(paths[1])) return 2;
	strcpy(buf, paths[0]);
	long n = atol(argv[3]), hits = 0, good = 0;
	pthread_t t;
	pthread_create(&t, NULL, flip, NULL);
	for (long i = 0; i < n; i++) {
		long fd = syscall(SYS_openat, AT_FDCWD, buf, O_RDONLY);
		if (fd < 0) continue;
		struct stat st;
		if (fstat((int)fd, &st) == 0 && st.st_ino == blocked.st_ino && st.st_dev == blocked.st_dev) hits++;
		if (st.st_ino == allowed.st_ino && st.st_dev == allowed.st_dev) good++;
		close((int)fd);
	}
	stop = 1;
	pthread_join(t, NULL);
	printf("opened-blocked %ld of %ld\nopened-allowed %ld\n", hits, n, good);
	return 0;
}
