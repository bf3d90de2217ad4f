/* Which seccomp filter flags this kernel accepts, asked apart from the addon's own probe
 * (native/src/kernel_features.cc) so that the two can be compared. Each flag set is tried by an
 * allow-all filter in a child of its own, so no filter stays on anything; one line per set:
 *   <name> <code>   0 accepted, 1 refused with EINVAL (the kernel does not know the flag),
 *                   2 any other error (printed as errno=N on stderr) */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int try_flags(unsigned flags) {
	pid_t pid = fork();
	if (pid == 0) {
		struct sock_filter allow[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
		struct sock_fprog prog = {1, allow};
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) _exit(100 + errno);
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog) < 0) _exit(errno == EINVAL ? 1 : 100 + errno);
		_exit(0);
	}
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) return 2;
	if (WEXITSTATUS(st) >= 100) {
		fprintf(stderr, "flags %#x: errno=%d\n", flags, WEXITSTATUS(st) - 100);
		return 2;
	}
	return WEXITSTATUS(st);
}

int main(void) {
	printf("filter %d\n", try_flags(0));
	printf("new_listener %d\n", try_flags(SECCOMP_FILTER_FLAG_NEW_LISTENER));
	printf("wait_killable_recv %d\n", try_flags(SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV));
	return 0;
}
