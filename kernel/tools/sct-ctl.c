// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sct-ctl: a small C client of /dev/sct for the VM tests (vagrant/suites/kernel.sh): loads
 * hand-assembled rules, lists counters, reads events, resumes threads, hammers syscalls, fuzzes
 * the protocol and measures overhead. The harness's own client is native/kmod/ + harness/src/kmod/.
 *
 *   sct-ctl version | list | clear | resume TID | events
 *   sct-ctl load [--comm C] [--pid P] [--uid U] RULE...
 *       RULE = NR:ACTION[:VALUE][,argeq=I=V][,streq=I=S][,after][,arg=I][,str=S][,id=N][,max=N]
 *       ACTION = log fail return delay suspend kill alter_reg alter_str alter_ret
 *   sct-ctl hammer THREADS OUT      fchdir(-42)/fchdir(-43) until SIGTERM; counts EDOM and 7
 *   sct-ctl reload N                N stress loads (EDOM on fchdir(-42), 7 on fchdir(-43)), then
 *                                   CLEAR; prints the acted sums of the retired generations and
 *                                   how many generations were retired
 *   sct-ctl fuzz N SEED             N malformed/hostile messages; fails if one is accepted
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
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "sct/uapi.h"
#include "sct/prog.h"
#include "sct/prog_check.h"

static int dev(void)
{
	int fd = open(SCT_DEVICE, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		perror("open " SCT_DEVICE);
		exit(2);
	}
	return fd;
}

struct buf {
	uint8_t *p;
	size_t n, cap;
};

static void put(struct buf *b, const void *d, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, d, n);
	b->n += n;
}

static void pad8(struct buf *b)
{
	static const uint8_t z[8];

	put(b, z, (8 - b->n % 8) % 8);
}

/* A program: optional (arg I == V) and/or (string at arg I == S). */
static void prog(struct buf *out, int argeq_i, int64_t argeq_v, int streq_i, const char *streq_s)
{
	struct sct_insn ins[8];
	int n = 0;
	struct buf pool = { 0 };
	uint16_t nconsts = 0;

	memset(ins, 0, sizeof(ins));
	if (argeq_i >= 0) {
		ins[n++] = (struct sct_insn){ .op = SCT_OP_PUSH_ARG, .a = argeq_i };
		ins[n++] = (struct sct_insn){ .op = SCT_OP_PUSH_IMM, .imm = argeq_v };
		ins[n++] = (struct sct_insn){ .op = SCT_OP_CMP, .a = SCT_CMP_EQ };
	}
	if (streq_i >= 0) {
		struct sct_const c = { .kind = SCT_CONST_STR, .len = strlen(streq_s) };
		int j = n;

		if (argeq_i >= 0)
			ins[n++] = (struct sct_insn){ .op = SCT_OP_JZ };
		ins[n++] = (struct sct_insn){ .op = SCT_OP_STR_LOAD, .a = SCT_STR_ARG, .b = streq_i };
		ins[n++] = (struct sct_insn){ .op = SCT_OP_STR_EQ, .c = 0 };
		if (argeq_i >= 0)
			ins[j].c = n - j - 1;
		put(&pool, &c, sizeof(c));
		put(&pool, streq_s, c.len);
		pad8(&pool);
		nconsts = 1;
	}
	if (n == 0)
		return;
	ins[n++] = (struct sct_insn){ .op = SCT_OP_RET };
	struct sct_prog_header h = { .magic = SCT_PROG_MAGIC, .version = SCT_PROG_VERSION, .n_insns = n, .n_consts = nconsts };
	h.total_len = sizeof(h) + n * sizeof(ins[0]) + pool.n;
	put(out, &h, sizeof(h));
	put(out, ins, n * sizeof(ins[0]));
	if (pool.n)
		put(out, pool.p, pool.n);
	free(pool.p);
}

static const char *actions[] = { "log", "fail", "return", "delay", "suspend", "kill", "alter_reg", "alter_str", "alter_ret" };

/* Appends one rule record from its text form. */
static void rule(struct buf *out, const char *spec, uint32_t default_id)
{
	char *s = strdup(spec), *save = NULL, *tok, *opt;
	struct sct_rule r = { .id = default_id, .flags = SCT_RULE_F_EVENT };
	int argeq_i = -1, streq_i = -1;
	int64_t argeq_v = 0;
	const char *streq_s = NULL, *str = NULL;
	char *main = strtok_r(s, ",", &save);
	char *f1 = strtok(main, ":"), *f2 = strtok(NULL, ":"), *f3 = strtok(NULL, ":");

	if (!f1 || !f2) {
		fprintf(stderr, "bad rule %s\n", spec);
		exit(2);
	}
	r.nr = atoi(f1);
	r.action = 255;
	for (unsigned i = 0; i < sizeof(actions) / sizeof(*actions); i++)
		if (!strcmp(f2, actions[i]))
			r.action = i;
	if (r.action == 255) {
		fprintf(stderr, "bad action %s\n", f2);
		exit(2);
	}
	r.value = f3 ? strtoll(f3, NULL, 0) : 0;
	while ((tok = strtok_r(NULL, ",", &save))) {
		if ((opt = strchr(tok, '=')))
			*opt++ = 0;
		if (!strcmp(tok, "argeq")) {
			argeq_i = atoi(opt);
			argeq_v = strtoll(strchr(opt, '=') + 1, NULL, 0);
		} else if (!strcmp(tok, "streq")) {
			streq_i = atoi(opt);
			streq_s = strchr(opt, '=') + 1;
		} else if (!strcmp(tok, "after")) {
			r.phase = SCT_PHASE_AFTER;
		} else if (!strcmp(tok, "arg")) {
			r.alter_arg = atoi(opt);
		} else if (!strcmp(tok, "str")) {
			str = opt;
		} else if (!strcmp(tok, "id")) {
			r.id = atoi(opt);
		} else if (!strcmp(tok, "max")) {
			r.max_count = atoll(opt);
		} else if (!strcmp(tok, "noevent")) {
			r.flags = 0;
		}
	}
	struct buf p = { 0 };
	prog(&p, argeq_i, argeq_v, streq_i, streq_s);
	r.prog_len = p.n;
	r.str_len = str ? strlen(str) + 1 : 0;
	r.size = (sizeof(r) + r.prog_len + r.str_len + 7) & ~7u;
	size_t start = out->n;
	put(out, &r, sizeof(r));
	if (p.n)
		put(out, p.p, p.n);
	if (str)
		put(out, str, r.str_len);
	pad8(out);
	if (out->n - start != r.size)
		abort();
	free(p.p);
	free(s);
}

static int do_load(int fd, struct buf *rules, uint32_t n, struct sct_scope *scope, struct sct_counter *ret, uint32_t cap, struct sct_load *lo)
{
	struct sct_load l = { .size = sizeof(l), .n_rules = n, .rules_ptr = n ? (uintptr_t)rules->p : 0, .rules_len = n ? rules->n : 0 };

	if (scope)
		l.scope = *scope;
	else
		l.scope.uid = SCT_ANY_UID;
	l.retired_ptr = (uintptr_t)ret;
	l.retired_cap = ret ? cap : 0;
	int r = ioctl(fd, n ? SCT_IOC_LOAD : SCT_IOC_CLEAR, &l);
	if (lo)
		*lo = l;
	return r;
}

static int cmd_list(int fd)
{
	struct sct_counter c[SCT_MAX_RULES];
	struct sct_list l = { .size = sizeof(l), .cap = SCT_MAX_RULES, .ptr = (uintptr_t)c };

	if (ioctl(fd, SCT_IOC_LIST, &l)) {
		perror("LIST");
		return 1;
	}
	printf("generation %llu rules %u hooked %u events %llu dropped %llu suspended %u\n", (unsigned long long)l.generation, l.n,
	       l.hooked, (unsigned long long)l.events, (unsigned long long)l.dropped, l.suspended);
	for (uint32_t i = 0; i < l.n && i < l.cap; i++)
		printf("rule %u nr %u phase %u action %s matched %llu acted %llu\n", c[i].id, c[i].nr, c[i].phase, actions[c[i].action],
		       (unsigned long long)c[i].matched, (unsigned long long)c[i].acted);
	return 0;
}

static int cmd_events(int fd)
{
	static struct sct_event ev[64];
	int fl = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	for (;;) {
		ssize_t n = read(fd, ev, sizeof(ev));

		if (n <= 0)
			break;
		for (size_t i = 0; i < n / sizeof(ev[0]); i++)
			printf("event seq %llu pid %d tid %d comm %s exe %s nr %u rule %u action %s ret %lld str %s\n",
			       (unsigned long long)ev[i].seq, ev[i].pid, ev[i].tid, ev[i].comm, ev[i].exe, ev[i].nr, ev[i].rule_id,
			       actions[ev[i].action], (long long)ev[i].retval, (ev[i].flags & SCT_EV_F_STR) ? ev[i].str : "-");
	}
	return 0;
}

/* ---- stress ---- */
static volatile int stop;
static unsigned long long cnt_edom, cnt_seven, cnt_calls;
static pthread_mutex_t cnt_lock = PTHREAD_MUTEX_INITIALIZER;

static void *hammer(void *arg)
{
	unsigned long long edom = 0, seven = 0, calls = 0;

	(void)arg;
	/* -42L, not -42: syscall() is variadic, and an int leaves the register's upper half
	 * zero (0xffffffd6), which the rules' full-width argeq=0=-42 does not match. */
	while (!stop) {
		long r = syscall(SYS_fchdir, -42L);

		if (r == -1 && errno == EDOM)
			edom++;
		r = syscall(SYS_fchdir, -43L);
		if (r == 7)
			seven++;
		calls += 2;
	}
	pthread_mutex_lock(&cnt_lock);
	cnt_edom += edom;
	cnt_seven += seven;
	cnt_calls += calls;
	pthread_mutex_unlock(&cnt_lock);
	return NULL;
}

static void on_term(int s)
{
	(void)s;
	stop = 1;
}

static int cmd_hammer(int n, const char *out)
{
	pthread_t t[64];
	struct sigaction sa = { .sa_handler = on_term };
	sigset_t set;

	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	for (int i = 0; i < n && i < 64; i++)
		pthread_create(&t[i], NULL, hammer, NULL);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	while (!stop)
		pause();
	for (int i = 0; i < n && i < 64; i++)
		pthread_join(t[i], NULL);
	FILE *f = fopen(out, "w");
	fprintf(f, "%llu %llu %llu\n", cnt_edom, cnt_seven, cnt_calls);
	fclose(f);
	return 0;
}

static void stress_rules(struct buf *b)
{
	char r1[64], r2[64];

	snprintf(r1, sizeof(r1), "%d:fail:%d,argeq=0=-42,id=1,noevent", SYS_fchdir, EDOM);
	snprintf(r2, sizeof(r2), "%d:return:7,argeq=0=-43,id=2,noevent", SYS_fchdir);
	b->n = 0;
	rule(b, r1, 1);
	rule(b, r2, 2);
}

static int cmd_reload(int n)
{
	int fd = dev();
	struct buf b = { 0 };
	struct sct_counter c[4];
	unsigned long long sum[3] = { 0 }, gens = 0;
	struct sct_load lo;

	stress_rules(&b);
	for (int i = 0; i <= n; i++) {
		int r = i < n ? do_load(fd, &b, 2, NULL, c, 4, &lo) : do_load(fd, &b, 0, NULL, c, 4, &lo);

		if (r) {
			perror(i < n ? "LOAD" : "CLEAR");
			return 1;
		}
		if (lo.retired_generation)
			gens++;
		if (lo.retired_generation)
			for (uint32_t k = 0; k < lo.retired_n && k < 4; k++)
				if (c[k].id <= 2)
					sum[c[k].id] += c[k].acted;
	}
	printf("%llu %llu %llu\n", sum[1], sum[2], gens);
	return 0;
}

/* ---- fuzz ---- */
static uint64_t rng;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/*
 * Every message carries at least one flaw the kernel must find, whatever random noise surrounds
 * it, so every one must be rejected with an error:
 *   header:  a LOAD whose header breaks a rule (reserved/output fields set, wrong size, counts,
 *            lengths, scope), with the rule records also scrambled;
 *   records: a valid 3-rule set for scope "nobody" whose first two records get random noise
 *            (bit flips, random bytes, truncation) and whose third record has a reserved field set,
 *            so the parser walks mutated records before it meets a sure flaw;
 *   ioctl:   unknown command numbers, and the known ones with unmapped or kernel pointers;
 *   read:    read() with buffers shorter than one event.
 */
static int cmd_fuzz(long n, uint64_t seed)
{
	int fd = dev();
	struct buf good = { 0 };
	char r1[128], r2[128], r3[128];
	long accepted = 0, rejected = 0, kinds[4] = { 0 };
	struct sct_scope nobody = { .uid = 4000000000u };
	static uint8_t junk[4096];
	size_t off3;

	strcpy(nobody.comm, "sct-fuzz-none");
	rng = seed | 1;
	snprintf(r1, sizeof(r1), "%d:fail:%d,argeq=0=-42,streq=0=/x", SYS_fchdir, EDOM);
	snprintf(r2, sizeof(r2), "%d:alter_str:0,arg=0,str=/tmp/zz", SYS_openat);
	snprintf(r3, sizeof(r3), "%d:alter_ret:5,after", SYS_getppid);
	rule(&good, r1, 1);
	rule(&good, r2, 2);
	off3 = good.n;
	rule(&good, r3, 3);
	for (long i = 0; i < n; i++) {
		struct buf b = { 0 };
		struct sct_load l = { .size = sizeof(l), .n_rules = 3 };
		uint64_t kind = rnd() % 10;
		int r;

		put(&b, good.p, good.n);
		l.scope = nobody;
		l.rules_ptr = (uintptr_t)b.p;
		l.rules_len = b.n;
		if (kind < 4) { /* header */
			kinds[0]++;
			for (int j = rnd() % 4; j > 0; j--)
				b.p[rnd() % b.n] = rnd();
			switch (rnd() % 11) {
			case 0: l.reserved = 1 + rnd() % 0xffffffffu; break;
			case 1: l.size = sizeof(l) + 8 * (1 + rnd() % 8); break;
			case 2: l.size = rnd() % sizeof(l); break;
			case 3: l.n_rules = rnd() % 2 ? 0 : SCT_MAX_RULES + 1 + rnd() % 1000; break;
			case 4: l.rules_len = SCT_MAX_RULESET_BYTES + 1 + rnd() % 1000; break;
			case 5: l.n_rules = 3; l.rules_len = rnd() % (3 * sizeof(struct sct_rule)); break;
			case 6: l.scope.flags = 1 + rnd() % 0xffffffffu; break;
			case 7: l.scope.pid = -1 - (int32_t)(rnd() % 1000); break;
			case 8: l.generation = 1 + rnd(); break;
			case 9: l.retired_cap = 1 + rnd() % 100; l.retired_ptr = 0; break;
			case 10: memset(l.scope.comm, 'a' + rnd() % 26, SCT_COMM_LEN); break;
			}
		} else if (kind < 8) { /* records */
			kinds[1]++;
			switch (rnd() % 3) {
			case 0:
				for (int j = 1 + rnd() % 4; j > 0; j--)
					b.p[rnd() % off3] ^= 1u << (rnd() % 8);
				break;
			case 1:
				b.p[rnd() % off3] = rnd();
				break;
			case 2: /* move a byte range of the first two records */
				for (size_t a = rnd() % off3, k = rnd() % 16; k > 0 && a < off3; k--, a++)
					b.p[a] = b.p[(a + 1) % off3];
				break;
			}
			((struct sct_rule *)(b.p + off3))->reserved2 = 1 + rnd() % 0xffffffffu;
		} else if (kind == 8) { /* ioctl numbers and pointers */
			unsigned long known[] = { SCT_IOC_VERSION, SCT_IOC_LOAD, SCT_IOC_CLEAR, SCT_IOC_LIST, SCT_IOC_RESUME };
			unsigned long bad_ptrs[] = { 0, 8, 0xffff800000000000ul, 0xffffffffff600000ul, (unsigned long)-4096 };
			unsigned long cmd, arg;

			kinds[2]++;
			if (rnd() % 2) {
				do
					cmd = rnd() % 2 ? _IOWR(SCT_IOC_MAGIC, rnd() % 256, struct sct_load) : (unsigned long)(uint32_t)rnd();
				while (cmd == SCT_IOC_VERSION || cmd == SCT_IOC_LOAD || cmd == SCT_IOC_CLEAR || cmd == SCT_IOC_LIST ||
				       cmd == SCT_IOC_RESUME);
				arg = (uintptr_t)junk;
			} else {
				cmd = known[rnd() % 5];
				arg = bad_ptrs[rnd() % 5];
			}
			r = ioctl(fd, cmd, arg);
			if (r >= 0) {
				fprintf(stderr, "fuzz: message %ld (ioctl %#lx arg %#lx) accepted\n", i, cmd, arg);
				accepted++;
			} else {
				rejected++;
			}
			free(b.p);
			continue;
		} else { /* read with a buffer shorter than one event */
			int fl = fcntl(fd, F_GETFL);

			kinds[3]++;
			fcntl(fd, F_SETFL, fl | O_NONBLOCK);
			r = read(fd, junk, rnd() % sizeof(struct sct_event));
			fcntl(fd, F_SETFL, fl);
			if (r >= 0) {
				fprintf(stderr, "fuzz: message %ld (short read) accepted\n", i);
				accepted++;
			} else {
				rejected++;
			}
			free(b.p);
			continue;
		}
		r = ioctl(fd, SCT_IOC_LOAD, &l);
		if (r == 0) {
			fprintf(stderr, "fuzz: message %ld (LOAD, kind %s) accepted\n", i, kind < 4 ? "header" : "records");
			accepted++;
		} else {
			rejected++;
		}
		free(b.p);
	}
	/* the module must still work: a good load, then clear */
	struct sct_load lo;
	int r = do_load(fd, &good, 3, &nobody, NULL, 0, &lo);
	int c = do_load(fd, &good, 0, NULL, NULL, 0, &lo);
	printf("sent=%ld rejected=%ld accepted=%ld header=%ld records=%ld ioctl=%ld read=%ld good_load=%d clear=%d\n", n, rejected,
	       accepted, kinds[0], kinds[1], kinds[2], kinds[3], r, c);
	return r || c || accepted;
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
	struct buf in = { 0 }, rs = { 0 };
	unsigned int count, i, off = 16, acc = 0, rej = 0, skipped = 0, disagree = 0, unexpected = 0, other = 0;
	uint8_t chunk[65536];
	size_t got;
	FILE *f = fopen(file, "rb");
	int fd = dev();

	if (!f)
		return perror(file), 2;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		put(&in, chunk, got);
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
		put(&rs, &r, sizeof(r));
		put(&rs, blob, len);
		pad8(&rs);
		ret = do_load(fd, &rs, 1, NULL, NULL, 0, NULL);
		e = errno;
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
	do_load(fd, &rs, 0, NULL, NULL, 0, NULL);
	printf("corpus: records=%u accepted=%u rejected=%u skipped=%u disagree=%u unexpected=%u other_errno=%u\n",
	       count, acc, rej, skipped, disagree, unexpected, other);
	free(in.p);
	free(rs.p);
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
		int fd = dev();
		if (ioctl(fd, SCT_IOC_VERSION, &v))
			return perror("VERSION"), 1;
		printf("version %u prog %u event_size %u abis %#x\n", v.version, v.prog_version, v.event_size, v.abis);
		return 0;
	}
	if (!strcmp(c, "list"))
		return cmd_list(dev());
	if (!strcmp(c, "events"))
		return cmd_events(dev());
	if (!strcmp(c, "clear")) {
		struct buf b = { 0 };
		if (do_load(dev(), &b, 0, NULL, NULL, 0, NULL))
			return perror("CLEAR"), 1;
		return 0;
	}
	if (!strcmp(c, "resume") && argc == 3) {
		struct sct_resume r = { .tid = atoi(argv[2]) };
		int n = ioctl(dev(), SCT_IOC_RESUME, &r);
		if (n < 0)
			return perror("RESUME"), 1;
		printf("resumed %d\n", n);
		return 0;
	}
	if (!strcmp(c, "load")) {
		struct sct_scope sc = { .uid = SCT_ANY_UID };
		struct buf b = { 0 };
		uint32_t n = 0;
		for (int i = 2; i < argc; i++) {
			if (!strcmp(argv[i], "--comm") && i + 1 < argc)
				strncpy(sc.comm, argv[++i], SCT_COMM_LEN - 1);
			else if (!strcmp(argv[i], "--pid") && i + 1 < argc)
				sc.pid = atoi(argv[++i]);
			else if (!strcmp(argv[i], "--uid") && i + 1 < argc)
				sc.uid = atoi(argv[++i]);
			else
				rule(&b, argv[i], ++n);
		}
		struct sct_load lo;
		if (do_load(dev(), &b, n, &sc, NULL, 0, &lo)) {
			perror("LOAD");
			return 1;
		}
		printf("generation %llu\n", (unsigned long long)lo.generation);
		return 0;
	}
	if (!strcmp(c, "hammer") && argc == 4)
		return cmd_hammer(atoi(argv[2]), argv[3]);
	if (!strcmp(c, "reload") && argc == 3)
		return cmd_reload(atoi(argv[2]));
	if (!strcmp(c, "fuzz") && argc == 4)
		return cmd_fuzz(atol(argv[2]), strtoull(argv[3], NULL, 0));
	if (!strcmp(c, "check-corpus") && argc == 3)
		return cmd_check_corpus(argv[2]);
	if (!strcmp(c, "bench") && argc == 3)
		return cmd_bench(atol(argv[2]));
	fprintf(stderr, "unknown command %s\n", c);
	return 2;
}
