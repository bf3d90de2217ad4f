/* The anchor of bench/explore-limit.ts: run a program N times with no sct, each run as explore
 * gives it: a fresh work directory holding the scenario's files (copied from a flat template
 * directory), stdin from a file, stdout and stderr to /dev/null; the directory removed after.
 * Nothing else is spawned (no mkdir/cp/rm processes), so that this is the floor a harness pays.
 *   bare-runs N TEMPLATE_DIR STDIN_FILE WORK_BASE PROGRAM [ARGS...]
 * Prints the wall time in seconds. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void copy(int from_dir, int to_dir, const char *name) {
	int in = openat(from_dir, name, O_RDONLY | O_CLOEXEC);
	int out = openat(to_dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	struct stat st;
	if (in < 0 || out < 0 || fstat(in, &st) < 0) exit(2);
	if (st.st_size > 0 && sendfile(out, in, NULL, st.st_size) != st.st_size) exit(2);
	close(in);
	close(out);
}

/* Removes what the run left in its directory (files, and directories one level deep). */
static void clear(const char *path) {
	DIR *d = opendir(path);
	if (!d) return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
		if (unlinkat(dirfd(d), e->d_name, 0) < 0) {
			char sub[4096];
			snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
			clear(sub);
			unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
		}
	}
	closedir(d);
}

int main(int argc, char **argv) {
	if (argc < 6) return fprintf(stderr, "usage: bare-runs N TEMPLATE_DIR STDIN_FILE WORK_BASE PROGRAM [ARGS...]\n"), 2;
	long n = atol(argv[1]);
	const char *template = argv[2], *stdin_file = argv[3], *base = argv[4];
	DIR *t = opendir(template);
	if (!t) return perror(template), 2;
	double t0 = now();
	for (long i = 0; i < n; i++) {
		char work[4096];
		snprintf(work, sizeof work, "%s/run.%ld", base, i);
		if (mkdir(work, 0700) < 0) return perror(work), 2;
		int wd = open(work, O_PATH | O_DIRECTORY | O_CLOEXEC);
		rewinddir(t);
		struct dirent *e;
		while ((e = readdir(t)))
			if (e->d_type == DT_REG) copy(dirfd(t), wd, e->d_name);
		close(wd);
		pid_t pid = fork();
		if (pid == 0) {
			int in = open(stdin_file, O_RDONLY), null = open("/dev/null", O_WRONLY);
			if (in < 0 || null < 0 || chdir(work) < 0) _exit(127);
			dup2(in, 0);
			dup2(null, 1);
			dup2(null, 2);
			execv(argv[5], argv + 5);
			_exit(127);
		}
		int st;
		if (pid < 0 || waitpid(pid, &st, 0) < 0) return perror("fork"), 2;
		clear(work);
		rmdir(work);
	}
	printf("%.6f\n", now() - t0);
	return 0;
}
