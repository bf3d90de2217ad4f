/* The anchor of `npm run bench` row (c): the least a user-notification supervisor can do for a
 * path rule. The child installs a filter sending openat to user space and execs the program; the
 * parent receives each call, reads its path (process_vm_readv, PATH_MAX at most, as sct reads a
 * string), compares it with one path and answers EACCES or CONTINUE. Nothing else: no rules, no
 * events, no second thread. Like sct's supervisor it asks for synchronous wakeups
 * (SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, Linux 6.6: the woken side runs on the waker's CPU) where the
 * kernel has them, so that the two differ only in what each does per call; without the flag the
 * round trip crosses CPUs and costs more on an idle machine.
 *   min-supervisor PATH PROGRAM [ARGS...]
 * The program's stdout passes through (the bench's loop prints its own ns per call). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

static int send_fd(int sock, int fd) {
	char byte = 0;
	struct iovec io = {&byte, 1};
	char buf[CMSG_SPACE(sizeof(int))] = {0};
	struct msghdr m = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof buf};
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock) {
	char byte;
	struct iovec io = {&byte, 1};
	char buf[CMSG_SPACE(sizeof(int))];
	struct msghdr m = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof buf};
	if (recvmsg(sock, &m, 0) != 1) return -1;
	int fd;
	memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof fd);
	return fd;
}

int main(int argc, char **argv) {
	if (argc < 3) return fprintf(stderr, "usage: min-supervisor PATH PROGRAM [ARGS...]\n"), 2;
	const char *blocked = argv[1];
	size_t blocked_len = strlen(blocked) + 1;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) return perror("socketpair"), 2;
	pid_t pid = fork();
	if (pid == 0) {
		struct sock_filter f[] = {
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 0, 1),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		};
		struct sock_fprog prog = {sizeof f / sizeof f[0], f};
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		int listener = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
		if (listener < 0 || send_fd(sv[1], listener) < 0) _exit(126);
		close(listener);
		execv(argv[2], argv + 2);
		_exit(127);
	}
	int listener = recv_fd(sv[0]);
	if (listener < 0) return fprintf(stderr, "min-supervisor: no listener\n"), 2;
	ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP); /* EINVAL before 6.6 */
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	char path[4096];
	for (;;) {
		memset(&req, 0, sizeof req);
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
			if (errno == EINTR) continue;
			break; /* ENOENT or the filter is gone: the child exited */
		}
		struct iovec local = {path, sizeof path}, remote = {(void *)req.data.args[1], sizeof path};
		ssize_t n = process_vm_readv(req.pid, &local, 1, &remote, 1, 0);
		if (n <= 0) { /* the string may end before a page the read cannot cross: one byte at a time is not worth it here */
			remote.iov_len = local.iov_len = 256;
			n = process_vm_readv(req.pid, &local, 1, &remote, 1, 0);
		}
		memset(&resp, 0, sizeof resp);
		resp.id = req.id;
		if (n >= (ssize_t)blocked_len && !memcmp(path, blocked, blocked_len)) resp.error = -EACCES;
		else resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
