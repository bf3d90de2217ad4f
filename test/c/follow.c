/* `follow PATH SELF`: every process/thread it makes opens PATH and prints "<who> <result>":
 * main, fork child, vfork child (via exec of SELF), thread (clone CLONE_THREAD via pthread),
 * exec'd self, double-fork grandchild (orphaned), clone(CLONE_UNTRACED) child. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *path;

static void probe(const char *who) {
	long r = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
	char line[128];
	int n = snprintf(line, sizeof line, "%s %s\n", who, r < 0 ? strerrorname_np(errno) : "ok");
	write(1, line, n);
	if (r >= 0) close((int)r);
}

static void *thread_main(void *a) { (void)a; probe("thread"); return NULL; }
static int untraced_main(void *a) { (void)a; probe("untraced"); return 0; }

int main(int argc, char **argv) {
	if (argc < 3) return 2;
	path = argv[1];
	if (argc > 3) { probe(argv[3]); return 0; }  /* re-exec'd: `follow PATH SELF WHO` */
	probe("main");
	pid_t p = fork();
	if (p == 0) { probe("fork"); _exit(0); }
	waitpid(p, NULL, 0);
	p = vfork();
	if (p == 0) { execl(argv[2], argv[2], path, argv[2], "vfork-exec", (char *)NULL); _exit(127); }
	waitpid(p, NULL, 0);
	pthread_t t;
	pthread_create(&t, NULL, thread_main, NULL);
	pthread_join(t, NULL);
	p = fork();
	if (p == 0) {
		if (fork() == 0) { usleep(100000); probe("grandchild"); _exit(0); }
		_exit(0);  /* the grandchild is orphaned and reparented to the keeper (a subreaper) */
	}
	waitpid(p, NULL, 0);
	usleep(300000);
	static char stack[65536];
	p = clone(untraced_main, stack + sizeof stack, CLONE_UNTRACED | SIGCHLD, NULL);
	if (p > 0) waitpid(p, NULL, 0);
	fflush(stdout);
	execl(argv[2], argv[2], path, argv[2], "reexec", (char *)NULL);
	return 127;
}
