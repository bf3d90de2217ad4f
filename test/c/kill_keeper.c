/* Tries to end its own supervision. argv: MODE PROBE COUNTFILE
 *   parent  - kill(getppid(), SIGKILL): the keeper
 *   group   - kill(0, SIGKILL): its whole process group (sct's)
 *   outside - nothing; the test kills the keeper itself (after "ready")
 * First it forks a child (setsid() in every mode, so that it outlives a group kill) that calls
 * openat(PROBE) forever; a rule fails those calls with EACCES. Each call that returns anything
 * else (ENOSYS once nobody answers, ENOENT when not faulted) is un-faulted: the child writes their
 * running count to COUNTFILE (opened before, so the write needs no open). Prints "child PID",
 * "kill = 0|ERRNAME", "ready"; then the parent exits 0 after 300 ms (modes parent, group) or
 * waits to be killed (outside). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
	if (argc < 4) return 2;
	const char *mode = argv[1];
	int cfd = open(argv[3], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (cfd < 0) return 3;
	int ready[2];
	if (pipe(ready) < 0) return 3;
	pid_t child = fork();
	if (child == 0) {
		setsid();
		close(ready[0]);
		close(ready[1]); /* the parent goes on once the child runs */
		long unfaulted = 0;
		for (;;) {
			long fd = syscall(SYS_openat, AT_FDCWD, argv[2], O_RDONLY);
			if (fd >= 0) close((int)fd);
			if (fd >= 0 || errno != EACCES) {
				char buf[32];
				int n = snprintf(buf, sizeof buf, "%ld\n", ++unfaulted);
				pwrite(cfd, buf, n, 0);
			}
		}
	}
	close(ready[1]);
	char c;
	read(ready[0], &c, 1);
	printf("child %d\n", child);
	int r = 0;
	if (!strcmp(mode, "parent")) r = kill(getppid(), SIGKILL);
	if (!strcmp(mode, "group")) r = kill(0, SIGKILL);
	printf("kill = %s\n", r ? strerrorname_np(errno) : "0");
	printf("ready\n");
	fflush(stdout);
	if (!strcmp(mode, "outside")) for (;;) pause();
	usleep(300000);
	return 0;
}
