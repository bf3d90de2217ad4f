// SPDX-License-Identifier: GPL-2.0-or-later
/* Real programs for the module's selftests (see run.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "run.h"

/* the child's side: only async-signal-safe calls until exec */
static void child(struct proc *p, char *const argv[], const char *in_path, int gate_rd)
{
	int in = open(in_path ? in_path : "/dev/null", O_RDONLY);
	char c;

	if (in < 0 || dup2(in, 0) < 0 || dup2(p->out, 1) < 0 || dup2(p->err, 2) < 0)
		_exit(126);
	if (gate_rd >= 0 && read(gate_rd, &c, 1) != 1)
		_exit(126);
	execv(argv[0], argv);
	_exit(127);
}

int proc_start(struct proc *p, char *const argv[], const char *in_path, int gated)
{
	int gate[2] = { -1, -1 };

	*p = (struct proc){ .pid = -1, .out = -1, .err = -1, .gate = -1 };
	p->out = memfd_create("stdout", MFD_CLOEXEC);
	p->err = memfd_create("stderr", MFD_CLOEXEC);
	if (p->out < 0 || p->err < 0 || (gated && pipe2(gate, O_CLOEXEC)))
		goto fail;
	p->pid = fork();
	if (p->pid < 0)
		goto fail;
	if (p->pid == 0)
		child(p, argv, in_path, gate[0]);
	if (gated) {
		close(gate[0]);
		p->gate = gate[1];
	}
	return 0;
fail:
	{
		int err = -errno;

		if (gated) {
			close(gate[0]);
			close(gate[1]);
		}
		proc_close(p);
		return err;
	}
}

int proc_release(struct proc *p)
{
	int r = write(p->gate, "g", 1) == 1 ? 0 : -errno;

	close(p->gate);
	p->gate = -1;
	return r;
}

int proc_wait(struct proc *p)
{
	int status;

	if (waitpid(p->pid, &status, 0) < 0)
		return -errno;
	p->reaped = 1;
	return status;
}

const char *proc_output(struct proc *p, int which, char *buf, size_t cap)
{
	ssize_t n = pread(which == 1 ? p->out : p->err, buf, cap - 1, 0);

	buf[n > 0 ? n : 0] = 0;
	return buf;
}

void proc_close(struct proc *p)
{
	if (p->pid > 0 && !p->reaped) {
		kill(p->pid, SIGKILL);
		waitpid(p->pid, NULL, 0);
	}
	if (p->gate >= 0)
		close(p->gate);
	if (p->out >= 0)
		close(p->out);
	if (p->err >= 0)
		close(p->err);
	*p = (struct proc){ .pid = -1, .out = -1, .err = -1, .gate = -1 };
}

int run(char *const argv[], const char *in_path, char *out, size_t cap)
{
	struct proc p;
	int st = proc_start(&p, argv, in_path, 0);

	if (st < 0)
		return st;
	st = proc_wait(&p);
	if (out)
		proc_output(&p, 1, out, cap);
	proc_close(&p);
	return st;
}

int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	size_t n = strlen(text);
	int err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, n) != (ssize_t)n)
		err = -EIO;
	close(fd);
	return err;
}

const char *read_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, cap - 1);

	buf[n > 0 ? n : 0] = 0;
	if (fd >= 0)
		close(fd);
	return buf;
}

long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}
