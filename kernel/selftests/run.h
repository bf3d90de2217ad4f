/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Real programs (cat, rm, dd) for the module's selftests: each runs with fork/exec, its stdout and
 * stderr in memory files the test reads afterwards, optionally held at a gate until the test has
 * loaded rules scoped to its pid. Functions return 0 or a negative errno.
 */
#ifndef SCT_SELFTEST_RUN_H
#define SCT_SELFTEST_RUN_H

#include <stddef.h>
#include <sys/types.h>

struct proc {
	pid_t pid;
	int reaped;   /* proc_wait has collected its status */
	int out, err; /* memfds: the program's stdout and stderr */
	int gate;     /* write end of the gate pipe, -1 when not gated */
};

/* Starts argv[0] (a path) with stdin from in_path (NULL: /dev/null). gated: the child waits in
 * proc_release before exec. */
int proc_start(struct proc *p, char *const argv[], const char *in_path, int gated);
/* lets a gated child exec */
int proc_release(struct proc *p);
/* waits for the program: its wait status, or -errno */
int proc_wait(struct proc *p);
/* up to cap-1 bytes of what it wrote to stdout (which 1) or stderr (2), NUL-terminated */
const char *proc_output(struct proc *p, int which, char *buf, size_t cap);
void proc_close(struct proc *p);

/* runs to the end: the wait status (or -errno); stdout into out[cap] when out is not NULL */
int run(char *const argv[], const char *in_path, char *out, size_t cap);

/* a file with these contents (replaced), and its contents read back; 0 or -errno */
int write_file(const char *path, const char *text);
const char *read_file(const char *path, char *buf, size_t cap);

long long now_ms(void);

#endif /* SCT_SELFTEST_RUN_H */
