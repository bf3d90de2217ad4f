// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The /dev/sct protocol's defences: who may do what (non-root gets EPERM for LOAD, CLEAR, RESUME
 * and read, and may ask VERSION and LIST), and a fuzz test whose every message carries a flaw the
 * module must find. Needs root and sct.ko loaded; run by vagrant/suites/kernel.sh.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "fixture.h"
#include "kmod.h"

#define NOBODY 65534

/* what a non-root process got from each request (0 or -errno) */
struct as_nobody {
	int open, version, list, load, clear, resume, read;
};

static void probe_as_nobody(struct as_nobody *r)
{
	struct sct_buf b = { 0 };
	struct sct_version v;
	struct sct_list l;
	struct sct_event ev;
	int fd;

	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) || setresuid(NOBODY, NOBODY, NOBODY))
		_exit(3);
	fd = sct_open();
	r->open = fd < 0 ? fd : 0;
	if (fd < 0)
		_exit(0);
	r->version = ioctl(fd, SCT_IOC_VERSION, &v) ? -errno : 0;
	r->list = sct_list(fd, NULL, 0, &l);
	if (sct_rule_append(&b, RULE("%d:fail:1", SYS_fchdir), 1))
		_exit(4);
	r->load = sct_load(fd, &b, 1, NULL, NULL, 0, NULL);
	r->clear = sct_clear(fd);
	r->resume = sct_resume(fd, 0);
	r->read = read(fd, &ev, sizeof(ev)) < 0 ? -errno : 0;
	_exit(0);
}

TEST_F(sct, non_root_gets_eperm_for_load_clear_resume_and_read)
{
	struct as_nobody *r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int st;
	pid_t pid;

	ASSERT_NE(MAP_FAILED, r);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0)
		probe_as_nobody(r);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_EQ(0, st) TH_LOG("the child could not become uid %d (exit %d)", NOBODY, WEXITSTATUS(st));
	/* anyone may open it and ask VERSION/LIST (sct_main.c) */
	ASSERT_EQ(0, r->open);
	EXPECT_EQ(0, r->version);
	EXPECT_EQ(0, r->list);
	EXPECT_EQ(-EPERM, r->load);
	EXPECT_EQ(-EPERM, r->clear);
	EXPECT_EQ(-EPERM, r->resume);
	EXPECT_EQ(-EPERM, r->read);
	munmap(r, sizeof(*r));
}

/* ---- fuzz ---- */
struct fuzz_counts {
	long sent, accepted, rejected, kinds[4];
};

static uint64_t rng;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* a LOAD whose header breaks a rule (reserved/output fields set, wrong size, counts, lengths,
 * scope), its records also scrambled */
static void break_header(struct sct_load *l, struct sct_buf *b)
{
	for (int j = rnd() % 4; j > 0; j--)
		b->p[rnd() % b->n] = rnd();
	switch (rnd() % 11) {
	case 0: l->reserved = 1 + rnd() % 0xffffffffu; break;
	case 1: l->size = sizeof(*l) + 8 * (1 + rnd() % 8); break;
	case 2: l->size = rnd() % sizeof(*l); break;
	case 3: l->n_rules = rnd() % 2 ? 0 : SCT_MAX_RULES + 1 + rnd() % 1000; break;
	case 4: l->rules_len = SCT_MAX_RULESET_BYTES + 1 + rnd() % 1000; break;
	case 5: l->n_rules = 3; l->rules_len = rnd() % (3 * sizeof(struct sct_rule)); break;
	case 6: l->scope.flags = 1 + rnd() % 0xffffffffu; break;
	case 7: l->scope.pid = -1 - (int32_t)(rnd() % 1000); break;
	case 8: l->generation = 1 + rnd(); break;
	case 9: l->retired_cap = 1 + rnd() % 100; l->retired_ptr = 0; break;
	case 10: memset(l->scope.comm, 'a' + rnd() % 26, SCT_COMM_LEN); break;
	}
}

/* noise in the first two records (bit flips, a random byte, a moved range) before off3, and a
 * reserved field set in the third, so that the parser walks mutated records before a sure flaw */
static void break_records(struct sct_buf *b, size_t off3)
{
	switch (rnd() % 3) {
	case 0:
		for (int j = 1 + rnd() % 4; j > 0; j--)
			b->p[rnd() % off3] ^= 1u << (rnd() % 8);
		break;
	case 1:
		b->p[rnd() % off3] = rnd();
		break;
	case 2:
		for (size_t a = rnd() % off3, k = rnd() % 16; k > 0 && a < off3; k--, a++)
			b->p[a] = b->p[(a + 1) % off3];
		break;
	}
	((struct sct_rule *)(b->p + off3))->reserved2 = 1 + rnd() % 0xffffffffu;
}

/* unknown command numbers, or the known ones with unmapped or kernel pointers */
static int bad_ioctl(int fd)
{
	static uint8_t junk[4096];
	const unsigned long known[] = { SCT_IOC_VERSION, SCT_IOC_LOAD, SCT_IOC_CLEAR, SCT_IOC_LIST, SCT_IOC_RESUME };
	const unsigned long bad_ptrs[] = { 0, 8, 0xffff800000000000ul, 0xffffffffff600000ul, (unsigned long)-4096 };
	unsigned long cmd;

	if (rnd() % 2) {
		do
			cmd = rnd() % 2 ? _IOWR(SCT_IOC_MAGIC, rnd() % 256, struct sct_load) : (unsigned long)(uint32_t)rnd();
		while (cmd == SCT_IOC_VERSION || cmd == SCT_IOC_LOAD || cmd == SCT_IOC_CLEAR || cmd == SCT_IOC_LIST ||
		       cmd == SCT_IOC_RESUME);
		return ioctl(fd, cmd, junk);
	}
	return ioctl(fd, known[rnd() % 5], bad_ptrs[rnd() % 5]);
}

/* read() with a buffer shorter than one event */
static int short_read(int fd)
{
	static uint8_t junk[sizeof(struct sct_event)];
	int fl = fcntl(fd, F_GETFL), r;

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	r = read(fd, junk, rnd() % sizeof(struct sct_event));
	fcntl(fd, F_SETFL, fl);
	return r;
}

/*
 * n messages from seed, every one with at least one flaw whatever noise surrounds it (header 40%,
 * records 40%, ioctl numbers and pointers 10%, short reads 10%); counts what the module accepted.
 */
static void fuzz(int fd, const struct sct_buf *good, size_t off3, const struct sct_scope *scope, long n, uint64_t seed,
		 struct fuzz_counts *c)
{
	rng = seed | 1;
	for (long i = 0; i < n; i++) {
		struct sct_buf b = { 0 };
		struct sct_load l = { .size = sizeof(l), .n_rules = 3, .scope = *scope };
		uint64_t kind = rnd() % 10;
		int r;

		sct_buf_put(&b, good->p, good->n);
		l.rules_ptr = (uintptr_t)b.p;
		l.rules_len = b.n;
		if (kind < 4) {
			c->kinds[0]++;
			break_header(&l, &b);
			r = ioctl(fd, SCT_IOC_LOAD, &l);
		} else if (kind < 8) {
			c->kinds[1]++;
			break_records(&b, off3);
			r = ioctl(fd, SCT_IOC_LOAD, &l);
		} else if (kind == 8) {
			c->kinds[2]++;
			r = bad_ioctl(fd);
		} else {
			c->kinds[3]++;
			r = short_read(fd);
		}
		c->sent++;
		if (r >= 0) {
			fprintf(stderr, "# fuzz: seed %llu message %ld (kind %llu) accepted\n", (unsigned long long)seed, i,
				(unsigned long long)kind);
			c->accepted++;
		} else {
			c->rejected++;
		}
		sct_buf_free(&b);
	}
}

TEST_F_TIMEOUT(sct, fuzz_20000_malformed_messages_are_all_rejected, 600)
{
	struct sct_scope nobody = { .uid = 4000000000u, .comm = "sct-fuzz-none" };
	struct fuzz_counts c = { 0 };
	struct sct_buf good = { 0 };
	char report[2048];
	size_t off3;
	int mark = klog_lines(), problems;

	ASSERT_GE(mark, 0);
	/* a valid 3-rule set for nobody, which every message spoils */
	ASSERT_EQ(0, sct_rule_append(&good, RULE("%d:fail:%d,argeq=0=-42,streq=0=/x", SYS_fchdir, EDOM), 1));
	ASSERT_EQ(0, sct_rule_append(&good, RULE("%d:alter_mem:0,arg=0,str=/tmp/zz", SYS_openat), 2));
	off3 = good.n;
	ASSERT_EQ(0, sct_rule_append(&good, RULE("%d:alter_ret:5,after", SYS_getppid), 3));
	fuzz(self->fd, &good, off3, &nobody, 10000, 12345, &c);
	fuzz(self->fd, &good, off3, &nobody, 10000, 777, &c);
	problems = klog_problems(mark, report, sizeof(report));
	NOTE("fuzz: sent=%ld rejected=%ld accepted=%ld header=%ld records=%ld ioctl=%ld read=%ld kernel_warnings=%d (seeds 12345 and 777)",
	     c.sent, c.rejected, c.accepted, c.kinds[0], c.kinds[1], c.kinds[2], c.kinds[3], problems);
	EXPECT_EQ(0, c.accepted);
	EXPECT_EQ(c.sent, c.rejected);
	EXPECT_EQ(0, problems) TH_LOG("kernel log:\n%s", report);
	/* the module still works: the good set loads, then clears */
	EXPECT_EQ(0, sct_load(self->fd, &good, 3, &nobody, NULL, 0, NULL));
	EXPECT_EQ(0, sct_clear(self->fd));
	sct_buf_free(&good);
}

TEST_HARNESS_MAIN
