// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sct-ctl: a small C client of /dev/sct for people and for the shell parts of the VM suite
 * (vagrant/suites/kernel.sh: the overhead table, the `sct` CLI check): loads hand-assembled rules,
 * lists counters, reads events, resumes threads and measures overhead. The module's own behaviour
 * is tested by the named C tests in kernel/selftests/; the harness's client is native/kmod/ +
 * harness/src/kmod/.
 *
 *   sct-ctl version | list | clear | resume TID | events
 *   sct-ctl load [--comm C] [--pid P] [--uid U] RULE...     (RULE: see sct-client.h)
 *   sct-ctl bench N                 ns per getppid() call (min of 5 runs of N)
 *   sct-ctl check-corpus FILE       LOADs each program of a corpus (test/helpers/prog-corpus/
 *                                   format.ts) as a rule's filter; prints per record "INDEX
 *                                   accepted|rejected FAULT" (FAULT: what sct_prog_check says in
 *                                   user space), then a summary; fails when the module and the
 *                                   checker disagree, or a record's expected fault is not the
 *                                   checker's
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "sct-client.h"
#include "sct/prog_check.h"

static int dev(void)
{
	int fd = sct_open();

	if (fd < 0) {
		fprintf(stderr, "open " SCT_DEVICE ": %s\n", strerror(-fd));
		exit(2);
	}
	return fd;
}

/* prints "WHAT: message" for a negative errno, as perror does */
static int fail(const char *what, int err)
{
	fprintf(stderr, "%s: %s\n", what, strerror(-err));
	return 1;
}

static int cmd_list(int fd)
{
	struct sct_counter c[SCT_MAX_RULES];
	struct sct_list l;
	int err = sct_list(fd, c, SCT_MAX_RULES, &l);

	if (err)
		return fail("LIST", err);
	printf("generation %llu rules %u hooked %u events %llu dropped %llu suspended %u\n", (unsigned long long)l.generation, l.n,
	       l.hooked, (unsigned long long)l.events, (unsigned long long)l.dropped, l.suspended);
	for (uint32_t i = 0; i < l.n && i < l.cap; i++)
		printf("rule %u nr %u phase %u action %s matched %llu acted %llu\n", c[i].id, c[i].nr, c[i].phase,
		       sct_action_names[c[i].action], (unsigned long long)c[i].matched, (unsigned long long)c[i].acted);
	return 0;
}

static int cmd_events(int fd)
{
	static struct sct_event ev[64];
	int n;

	while ((n = sct_read_events(fd, ev, 64)) > 0)
		for (int i = 0; i < n; i++)
			printf("event seq %llu pid %d tid %d comm %s exe %s nr %u rule %u action %s ret %lld str %s\n",
			       (unsigned long long)ev[i].seq, ev[i].pid, ev[i].tid, ev[i].comm, ev[i].exe, ev[i].nr, ev[i].rule_id,
			       sct_action_names[ev[i].action], (long long)ev[i].retval, (ev[i].flags & SCT_EV_F_STR) ? ev[i].str : "-");
	return n < 0 ? fail("read", n) : 0;
}

static int cmd_load(int argc, char **argv)
{
	struct sct_scope sc = { .uid = SCT_ANY_UID };
	struct sct_buf b = { 0 };
	struct sct_load lo;
	uint32_t n = 0;
	int err;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--comm") && i + 1 < argc) {
			strncpy(sc.comm, argv[++i], SCT_COMM_LEN - 1);
		} else if (!strcmp(argv[i], "--pid") && i + 1 < argc) {
			sc.pid = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--uid") && i + 1 < argc) {
			sc.uid = atoi(argv[++i]);
		} else if (sct_rule_append(&b, argv[i], ++n)) {
			fprintf(stderr, "bad rule %s (see sct-client.h)\n", argv[i]);
			return 2;
		}
	}
	err = sct_load(dev(), &b, n, &sc, NULL, 0, &lo);
	sct_buf_free(&b);
	if (err)
		return fail("LOAD", err);
	printf("generation %llu\n", (unsigned long long)lo.generation);
	return 0;
}

static int cmd_bench(long n)
{
	double best = 1e18;

	for (int run = 0; run < 5; run++) {
		struct timespec a, b;

		clock_gettime(CLOCK_MONOTONIC, &a);
		for (long i = 0; i < n; i++)
			syscall(SYS_getppid);
		clock_gettime(CLOCK_MONOTONIC, &b);
		double ns = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n;
		if (ns < best)
			best = ns;
	}
	printf("%.0f\n", best);
	return 0;
}

static unsigned int rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (unsigned int)p[3] << 24;
}

/* check-corpus FILE: the module's verdict (LOAD of a one-rule set) against sct_prog_check's. */
static int cmd_check_corpus(const char *file)
{
	static struct sct_prog_check_ws ws;
	struct sct_buf in = { 0 }, rs = { 0 };
	unsigned int count, i, off = 16, acc = 0, rej = 0, skipped = 0, disagree = 0, unexpected = 0, other = 0;
	uint8_t chunk[65536];
	size_t got;
	FILE *f = fopen(file, "rb");
	int fd = dev();

	if (!f)
		return perror(file), 2;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sct_buf_put(&in, chunk, got);
	fclose(f);
	if (in.n < 16 || memcmp(in.p, "SCTPCORP", 8) || rd32(in.p + 8) != 1) {
		fprintf(stderr, "%s: not a version-1 program corpus\n", file);
		return 2;
	}
	count = rd32(in.p + 12);
	for (i = 0; i < count; i++) {
		struct sct_rule r = { .id = 1, .nr = 81 /* fchdir */, .action = SCT_ACT_LOG };
		struct sct_prog_verdict v;
		unsigned int len = rd32(in.p + off), expected = in.p[off + 4] | in.p[off + 5] << 8;
		const uint8_t *blob = in.p + off + 8;
		int ret, e;

		if (off + 8 + (size_t)len > in.n) {
			fprintf(stderr, "%s: truncated at record %u\n", file, i);
			return 2;
		}
		off += 8 + len;
		sct_prog_check(blob, len, &ws, &v);
		if (expected != 0xffff && expected != (unsigned int)v.fault)
			unexpected++;
		if (len == 0) { /* prog_len 0 is a rule without a filter, not an empty program */
			skipped++;
			continue;
		}
		r.prog_len = len;
		r.size = (sizeof(r) + len + 7) & ~7u;
		rs.n = 0;
		sct_buf_put(&rs, &r, sizeof(r));
		sct_buf_put(&rs, blob, len);
		sct_buf_put(&rs, (const uint8_t[8]){ 0 }, r.size - sizeof(r) - len); /* to 8 bytes */
		ret = sct_load(fd, &rs, 1, NULL, NULL, 0, NULL);
		e = -ret;
		printf("%u %s %s\n", i, ret ? "rejected" : "accepted", sct_prog_fault_name(v.fault));
		if (ret && e != EINVAL) {
			other++;
			printf("%u: LOAD failed with %s, not EINVAL\n", i, strerror(e));
		}
		ret ? rej++ : acc++;
		if (!ret != (v.fault == SCT_PF_OK)) {
			disagree++;
			printf("%u: the module %s it, sct_prog_check says %s at instruction %d\n", i,
			       ret ? "rejected" : "accepted", sct_prog_fault_name(v.fault), v.insn);
		}
	}
	sct_clear(fd);
	printf("corpus: records=%u accepted=%u rejected=%u skipped=%u disagree=%u unexpected=%u other_errno=%u\n",
	       count, acc, rej, skipped, disagree, unexpected, other);
	sct_buf_free(&in);
	sct_buf_free(&rs);
	return disagree || unexpected || other ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: see the comment at the top of sct-ctl.c\n");
		return 2;
	}
	const char *c = argv[1];
	if (!strcmp(c, "version")) {
		struct sct_version v;
		if (ioctl(dev(), SCT_IOC_VERSION, &v))
			return perror("VERSION"), 1;
		printf("version %u prog %u event_size %u abis %#x\n", v.version, v.prog_version, v.event_size, v.abis);
		return 0;
	}
	if (!strcmp(c, "list"))
		return cmd_list(dev());
	if (!strcmp(c, "events"))
		return cmd_events(dev());
	if (!strcmp(c, "clear")) {
		int err = sct_clear(dev());
		return err ? fail("CLEAR", err) : 0;
	}
	if (!strcmp(c, "resume") && argc == 3) {
		int n = sct_resume(dev(), atoi(argv[2]));
		if (n < 0)
			return fail("RESUME", n);
		printf("resumed %d\n", n);
		return 0;
	}
	if (!strcmp(c, "load"))
		return cmd_load(argc - 2, argv + 2);
	if (!strcmp(c, "check-corpus") && argc == 3)
		return cmd_check_corpus(argv[2]);
	if (!strcmp(c, "bench") && argc == 3)
		return cmd_bench(atol(argv[2]));
	fprintf(stderr, "unknown command %s\n", c);
	return 2;
}
