// SPDX-License-Identifier: GPL-2.0-or-later
/* Loading the module and reading the kernel log for the module's selftests (see kmod.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "kmod.h"

/* what the kernel prints when something went wrong (the shell suite's dmesg_bad grep) */
static const char *const problems[] = {
	"WARNING", "BUG", "Oops", "Call Trace", "general protection", "UBSAN", "KASAN", "soft lockup",
	"hung_task", "blocked for more than", "RCU stall", "rcu_sched detected",
};

const char *kmod_path(void)
{
	const char *ko = getenv("SCT_KO");

	return ko && *ko ? ko : NULL;
}

int kmod_load(const char *ko)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (syscall(SYS_finit_module, fd, "", 0))
		err = -errno;
	close(fd);
	return err;
}

int kmod_unload(void)
{
	return syscall(SYS_delete_module, "sct", O_NONBLOCK) ? -errno : 0;
}

int kmod_loaded(void)
{
	return access("/sys/module/sct", F_OK) == 0;
}

/* the whole log, NUL-terminated (free it), or NULL with errno set */
static char *klog_read(void)
{
	/* 10: SYSLOG_ACTION_SIZE_BUFFER, 3: SYSLOG_ACTION_READ_ALL */
	int size = klogctl(10, NULL, 0), n;
	char *buf;

	if (size < 0)
		return NULL;
	buf = malloc(size + 1);
	if (!buf)
		return NULL;
	n = klogctl(3, buf, size);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	return buf;
}

/* calls fn(line, ctx) for every line from number `since` on; returns how many lines there are */
static int each_line(const char *log, int since, void (*fn)(const char *line, size_t len, void *ctx), void *ctx)
{
	int n = 0;

	for (const char *l = log; *l; n++) {
		const char *e = strchrnul(l, '\n');

		if (n >= since && fn)
			fn(l, e - l, ctx);
		l = *e ? e + 1 : e;
	}
	return n;
}

int klog_lines(void)
{
	char *log = klog_read();
	int n;

	if (!log)
		return -errno;
	n = each_line(log, 0, NULL, NULL);
	free(log);
	return n;
}

struct problem_ctx {
	int found;
	char *report;
	size_t cap, used;
};

static int line_has(const char *line, size_t len, const char *needle)
{
	return memmem(line, len, needle, strlen(needle)) != NULL;
}

static void problem_line(const char *line, size_t len, void *ctx)
{
	struct problem_ctx *c = ctx;

	for (size_t i = 0; i < sizeof(problems) / sizeof(*problems); i++) {
		if (!line_has(line, len, problems[i]))
			continue;
		c->found++;
		if (c->cap && c->used + len + 2 < c->cap) {
			memcpy(c->report + c->used, line, len);
			c->used += len;
			c->report[c->used++] = '\n';
			c->report[c->used] = 0;
		}
		return;
	}
}

int klog_problems(int since, char *report, size_t cap)
{
	struct problem_ctx c = { .report = report, .cap = cap };
	char *log = klog_read();

	if (!log)
		return -errno;
	if (cap)
		report[0] = 0;
	each_line(log, since, problem_line, &c);
	free(log);
	return c.found;
}

struct count_ctx {
	const char *needle;
	int n;
};

static void count_line(const char *line, size_t len, void *ctx)
{
	struct count_ctx *c = ctx;

	c->n += line_has(line, len, c->needle);
}

int klog_count(const char *needle)
{
	struct count_ctx c = { .needle = needle };
	char *log = klog_read();

	if (!log)
		return -errno;
	each_line(log, 0, count_line, &c);
	free(log);
	return c.n;
}
