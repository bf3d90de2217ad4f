/* Tries to slip out of a tier-3 (ptrace) rule: installs its own seccomp filter that sends every
 * openat to its own user-notification listener, which a thread answers with CONTINUE (a user
 * notification outranks RET_TRACE, so the tracer would never see the call). Then opens argv[1].
 * Prints "listener <ok|ERRNAME>" and "open <path> = <fd|-1 ERRNAME>". */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *answer(void *arg) {
	int fd = *(int *)arg;
	for (;;) {
		struct seccomp_notif n;
		struct seccomp_notif_resp r;
		memset(&n, 0, sizeof n);
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &n) < 0) return NULL;
		memset(&r, 0, sizeof r);
		r.id = n.id;
		r.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &r);
	}
}

int main(int argc, char **argv) {
	if (argc < 2) return 2;
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof f / sizeof f[0], f};
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	static int lfd;
	pthread_t t;
	if (fd < 0) {
		printf("listener %s\n", strerrorname_np(errno));
	} else {
		lfd = (int)fd;
		pthread_create(&t, NULL, answer, &lfd);
		printf("listener ok\n");
	}
	int o = open(argv[1], O_RDONLY);
	if (o < 0)
		printf("open %s = -1 %s\n", argv[1], strerrorname_np(errno));
	else
		printf("open %s = fd\n", argv[1]);
	fflush(stdout);
	_exit(0);
}
