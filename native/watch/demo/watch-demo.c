// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sct watch groundwork (#18): a tiny loader of watch.bpf.o through its libbpf skeleton, printing
 * one line per event. Not the product (that is an addon driven from TypeScript); the proof that
 * the kernel side works on this host, and the benchmark's way to attach.
 *
 *   watch-demo [--mode raw|tp] [--seconds N] [--quiet] SYSCALL...
 *
 * --mode raw (default): tp_btf sys_enter/sys_exit, every syscall, filtered by the "sys" array.
 * --mode tp: syscalls:sys_enter_<name>/sys_exit_<name> per name (mounts tracefs if needed).
 * --quiet: attach and wait, print only the counters at the end (for the benchmark).
 * One rule per SYSCALL (rule i: the i-th name, generation 0), each with:
 * --filter-arg0-eq N: only calls whose argument 0 is N; --filter-path-eq S: whose path (argument
 * 1, as unlinkat's) is S; --filter-path0-eq S: whose argument 0 is the string S (execve);
 * --filter-port-eq N: whose sockaddr (argument 1, connect/bind) has port N; --filter-fd-path-eq S:
 * whose fd in argument 0 is the file S; --filter-cwd-eq S, --filter-exe-eq S: the process's;
 * --kill SIG / --suspend / --fail ERRNO: the action (FAIL: connect, bind, sendto, sendmsg only,
 * through cgroup socket hooks on the cgroup2 root); --at-enter: evaluated at sys_enter.
 * --pid N: only the process tree under tgid N; --comm NAME: only threads named NAME.
 * --flip: the same rules in both generations, "active" flipped every 100 ms (a reload's path).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <linux/types.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "watch.h"
#include "cgroup2_root.h"
#include "watch.skel.h"
#include "sct/tables.h"
#include "sct/prog_check.h"

/* A one-comparison filter program in *out: arg0 == n (port: the port of the sockaddr in argument 1,
 * length in argument 2, == n), or (str != NULL) the string argument argi == str; checked by sct_prog_check, as the addon does before writing "progs". The real loader
 * gets its blobs from the harness's compiler. */
static int make_filter(struct sct_watch_prog *out, long long n, const char *str, unsigned int src,
		       unsigned int argi, int port)
{
	static struct sct_prog_check_ws ws;
	struct sct_prog_header *h = (void *)out->blob;
	struct sct_insn *in = (void *)(h + 1);
	struct sct_prog_verdict v;
	unsigned int k = 0;

	memset(out, 0, sizeof(*out));
	if (str) {
		struct sct_const *c;

		in[k++] = (struct sct_insn){ .op = SCT_OP_STR_LOAD, .a = src, .b = argi };
		in[k++] = (struct sct_insn){ .op = SCT_OP_STR_EQ, .c = 0 };
		in[k++] = (struct sct_insn){ .op = SCT_OP_RET };
		c = (void *)(in + k);
		c->kind = SCT_CONST_STR;
		c->len = strlen(str);
		memcpy(c + 1, str, c->len);
		h->n_consts = 1;
		h->total_len = (__u8 *)(c + 1) - out->blob + ((c->len + 7) & ~7u);
	} else {
		if (port)
			in[k++] = (struct sct_insn){ .op = SCT_OP_SOCK_FIELD, .a = SCT_SOCK_PORT, .b = 1, .c = 2 };
		else
			in[k++] = (struct sct_insn){ .op = SCT_OP_PUSH_ARG, .a = 0, .b = SCT_ARGW_RAW };
		in[k++] = (struct sct_insn){ .op = SCT_OP_PUSH_IMM, .imm = n };
		in[k++] = (struct sct_insn){ .op = SCT_OP_CMP, .a = SCT_CMP_EQ };
		in[k++] = (struct sct_insn){ .op = SCT_OP_RET };
		h->total_len = (__u8 *)(in + k) - out->blob;
	}
	h->magic = SCT_PROG_MAGIC;
	h->version = SCT_PROG_VERSION;
	h->n_insns = k;
	out->len = h->total_len;
	if (sct_prog_check(out->blob, out->len, &ws, &v)) {
		fprintf(stderr, "watch-demo: filter program rejected: %s\n", sct_prog_fault_message(v.fault));
		return -EINVAL;
	}
	return 0;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static const struct sct_syscall_info *find_syscall(const char *name)
{
	for (int i = 0; i < SCT_X86_64_SYSCALL_COUNT; i++)
		if (!strcmp(sct_x86_64_syscalls[i].name, name))
			return &sct_x86_64_syscalls[i];
	return NULL;
}

/* The first path or string argument: the one read at sys_exit. */
static int str_arg(const struct sct_syscall_info *si)
{
	for (int i = 0; i < si->nargs; i++)
		if (si->args[i].type == SCT_ARG_PATH || si->args[i].type == SCT_ARG_STRING)
			return i;
	return SCT_WATCH_NO_STR;
}

static int on_event(void *ctx, void *data, size_t size)
{
	const struct sct_watch_event *e = data;

	(void)ctx;
	if (size < sizeof(*e))
		return 0;
	printf("%s pid=%u tid=%u ppid=%u uid=%u comm=%s cgroup=%llu rules=%#llx %s",
	       e->nr < SCT_X86_64_NR_COUNT && sct_x86_64_syscall_names[e->nr] ?
		       sct_x86_64_syscall_names[e->nr] : "?",
	       e->tgid, e->pid, e->ppid, e->uid, e->comm, (unsigned long long)e->cgroup_id,
	       (unsigned long long)e->rules, e->at_enter ? "at-enter" : "ret=");
	if (!e->at_enter)
		printf("%lld", (long long)e->ret);
	if (e->str_len > 0)
		printf(" path=\"%s\"", e->str);
	else if (e->str_len < 0)
		printf(" path=<read failed %d>", e->str_len);
	putchar('\n');
	fflush(stdout);
	return 0;
}

static int ensure_tracefs(void)
{
	struct stat st;

	if (!stat("/sys/kernel/tracing/events/syscalls", &st))
		return 0;
	if (mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL) < 0) {
		fprintf(stderr, "watch-demo: mount tracefs on /sys/kernel/tracing: %s\n", strerror(errno));
		return -errno;
	}
	return 0;
}

#define N_FAIL 6

/* The FAIL programs: cgroup socket hooks. */
static void fail_progs(struct watch_bpf *skel, struct bpf_program *out[N_FAIL])
{
	struct bpf_program *p[N_FAIL] = {
		skel->progs.fail_connect4, skel->progs.fail_connect6, skel->progs.fail_bind4,
		skel->progs.fail_bind6, skel->progs.fail_sendmsg4, skel->progs.fail_sendmsg6,
	};

	memcpy(out, p, sizeof(p));
}

/* The one-comparison filters: --filter-<name> VALUE (make_filter's arguments). */
struct filter_opt {
	const char *name;
	int src;           /* enum sct_str_src of a string compare; -1: a number */
	unsigned int argi; /* the string's argument */
	int port;          /* with src -1: the sockaddr's port instead of argument 0 */
};

static const struct filter_opt *filter_opt(const char *arg)
{
	static const struct filter_opt opts[] = {
		{ "--filter-arg0-eq", -1, 0, 0 },
		{ "--filter-port-eq", -1, 0, 1 },
		{ "--filter-path-eq", SCT_STR_ARG, 1, 0 },
		{ "--filter-path0-eq", SCT_STR_ARG, 0, 0 },
		{ "--filter-fd-path-eq", SCT_STR_FD_PATH, 0, 0 },
		{ "--filter-cwd-eq", SCT_STR_CWD, 0, 0 },
		{ "--filter-exe-eq", SCT_STR_EXE, 0, 0 },
	};

	for (unsigned k = 0; k < sizeof(opts) / sizeof(opts[0]); k++)
		if (!strcmp(arg, opts[k].name))
			return &opts[k];
	return NULL;
}

/* The root of the cgroup2 hierarchy, for the FAIL hooks: every process. */
static int open_cgroup2_root(void)
{
	int fd = sct_open_cgroup2_root(0, 0);

	if (fd < 0)
		fprintf(stderr, "watch-demo: no cgroup2 mount to attach the FAIL hooks to: %s\n", strerror(-fd));
	return fd;
}

/* Sum over the CPUs of a per-CPU array map's entry k. */
static unsigned long long percpu_sum(const struct bpf_map *map, __u32 k)
{
	int ncpu = libbpf_num_possible_cpus();
	__u64 vals[ncpu > 0 ? ncpu : 1];
	unsigned long long sum = 0;

	if (bpf_map_lookup_elem(bpf_map__fd(map), &k, vals) == 0)
		for (int c = 0; c < ncpu; c++)
			sum += vals[c];
	return sum;
}

static void print_stats(struct watch_bpf *skel)
{
	static const char *const names[SCT_WATCH_STAT_N] = {
		[SCT_WATCH_STAT_EVENTS] = "events", [SCT_WATCH_STAT_DROPS] = "drops",
		[SCT_WATCH_STAT_STR_FAIL] = "str_fail", [SCT_WATCH_STAT_NO_ENTER] = "no_enter",
		[SCT_WATCH_STAT_FILTERED] = "filtered", [SCT_WATCH_STAT_STALE] = "stale",
	};

	fprintf(stderr, "watch-demo: counters:");
	for (__u32 k = 0; k < SCT_WATCH_STAT_N; k++)
		fprintf(stderr, " %s=%llu", names[k], percpu_sum(skel->maps.stats, k));
	fprintf(stderr, "\nwatch-demo: rule hits:");
	for (__u32 k = 0; k < 2 * SCT_WATCH_MAX_RULES; k++) /* key gen * 64 + rule */
		if (percpu_sum(skel->maps.rule_hits, k))
			fprintf(stderr, " %u=%llu", k, percpu_sum(skel->maps.rule_hits, k));
	fputc('\n', stderr);
}

int main(int argc, char **argv)
{
	const char *mode = "raw";
	int seconds = 0, quiet = 0, flip = 0, flips = 0, err = 0, i;
	struct ring_buffer *rb = NULL;
	struct watch_bpf *skel;
	struct bpf_link *links[64];
	int n_links = 0;
	static struct sct_watch_prog filt;
	struct sct_watch_rule rule = { .action = SCT_WATCH_ACT_LOG };
	int has_filter = 0;
	struct bpf_program *fail[N_FAIL], *lsm;
	const char *comm = NULL;
	__u32 tree_pid = 0;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--mode") && i + 1 < argc)
			mode = argv[++i];
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--quiet"))
			quiet = 1;
		else if (filter_opt(argv[i]) && i + 1 < argc) {
			const struct filter_opt *o = filter_opt(argv[i++]);

			if (make_filter(&filt, o->src < 0 ? atoll(argv[i]) : 0, o->src < 0 ? NULL : argv[i],
					o->src < 0 ? 0 : o->src, o->argi, o->port))
				return 2;
			has_filter = 1;
		} else if (!strcmp(argv[i], "--kill") && i + 1 < argc) {
			rule.action = SCT_WATCH_ACT_KILL;
			rule.signal = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--fail") && i + 1 < argc) {
			rule.action = SCT_WATCH_ACT_FAIL;
			rule.err = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--suspend"))
			rule.action = SCT_WATCH_ACT_SUSPEND;
		else if (!strcmp(argv[i], "--at-enter"))
			rule.at_enter = 1;
		else if (!strcmp(argv[i], "--pid") && i + 1 < argc)
			tree_pid = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--flip"))
			flip = 1;
		else if (!strcmp(argv[i], "--comm") && i + 1 < argc)
			comm = argv[++i];
		else
			break;
	}
	if (i == argc || (strcmp(mode, "raw") && strcmp(mode, "tp"))) {
		fprintf(stderr, "usage: watch-demo [--mode raw|tp] [--seconds N] [--quiet] SYSCALL...\n");
		return 2;
	}
	if (geteuid() != 0) {
		fprintf(stderr, "watch-demo: needs root (loads BPF programs)\n");
		return 125;
	}
	skel = watch_bpf__open();
	if (!skel) {
		fprintf(stderr, "watch-demo: open the BPF object: %s\n", strerror(errno));
		return 1;
	}
	skel->rodata->watch_tree_pid = tree_pid;
	if (comm)
		strncpy((char *)skel->rodata->watch_comm, comm, sizeof(skel->rodata->watch_comm) - 1);
	bpf_program__set_autoload(skel->progs.raw_enter, !strcmp(mode, "raw"));
	bpf_program__set_autoload(skel->progs.raw_exit, !strcmp(mode, "raw"));
	bpf_program__set_autoload(skel->progs.tp_enter, !strcmp(mode, "tp"));
	bpf_program__set_autoload(skel->progs.tp_exit, !strcmp(mode, "tp"));
	/* Each program verifies in seconds (docs/watch-design.md): load the FAIL hooks only when asked. */
	fail_progs(skel, fail);
	for (unsigned f = 0; f < N_FAIL; f++)
		bpf_program__set_autoload(fail[f], rule.action == SCT_WATCH_ACT_FAIL);
	/* The BPF LSM programs (sct watch's FAIL of open, unlink, ...; refused on some hosts): not the demo's. */
	bpf_object__for_each_program(lsm, skel->obj)
		if (!strncmp(bpf_program__name(lsm), "lsm_", 4) || !strcmp(bpf_program__name(lsm), "probe_lsm"))
			bpf_program__set_autoload(lsm, false);
	err = watch_bpf__load(skel);
	if (err) {
		fprintf(stderr, "watch-demo: load: %s\n", strerror(-err));
		goto cleanup;
	}
	/* Generation 0 ("active" starts at 0), and 1 as well with --flip. */
	rule.has_prog = has_filter;
	for (int k = 0; k < (flip ? 2 : 1) * (argc - i) && k < 2 * SCT_WATCH_MAX_RULES; k++) {
		int a = i + k % (argc - i);
		const struct sct_syscall_info *si = find_syscall(argv[a]);
		struct sct_watch_sys s = {};
		__u32 gen = k / (argc - i), key, r = gen * SCT_WATCH_MAX_RULES + a - i;

		if (!si) {
			fprintf(stderr, "watch-demo: unknown syscall `%s`\n", argv[a]);
			err = -EINVAL;
			goto cleanup;
		}
		key = gen * SCT_WATCH_MAX_NR + si->nr;
		bpf_map_lookup_elem(bpf_map__fd(skel->maps.sys), &key, &s);
		s.rules |= 1ULL << (a - i);
		s.str_arg = str_arg(si);
		err = bpf_map_update_elem(bpf_map__fd(skel->maps.sys), &key, &s, BPF_ANY);
		if (!err)
			err = bpf_map_update_elem(bpf_map__fd(skel->maps.rules), &r, &rule, BPF_ANY);
		if (!err && has_filter)
			err = bpf_map_update_elem(bpf_map__fd(skel->maps.progs), &r, &filt, BPF_ANY);
		if (err)
			goto cleanup;
	}
	if (!strcmp(mode, "raw")) {
		err = watch_bpf__attach(skel);
		if (err) {
			fprintf(stderr, "watch-demo: attach: %s\n", strerror(-err));
			goto cleanup;
		}
	} else {
		err = ensure_tracefs();
		if (err)
			goto cleanup;
		for (int a = i; a < argc && n_links + 2 <= 64; a++) {
			char name[64];

			snprintf(name, sizeof(name), "sys_enter_%s", argv[a]);
			links[n_links] = bpf_program__attach_tracepoint(skel->progs.tp_enter, "syscalls", name);
			if (!links[n_links]) {
				err = -errno;
				fprintf(stderr, "watch-demo: attach syscalls:%s: %s\n", name, strerror(errno));
				goto cleanup;
			}
			n_links++;
			snprintf(name, sizeof(name), "sys_exit_%s", argv[a]);
			links[n_links] = bpf_program__attach_tracepoint(skel->progs.tp_exit, "syscalls", name);
			if (!links[n_links]) {
				err = -errno;
				fprintf(stderr, "watch-demo: attach syscalls:%s: %s\n", name, strerror(errno));
				goto cleanup;
			}
			n_links++;
		}
	}
	if (rule.action == SCT_WATCH_ACT_FAIL) {
		int cg = open_cgroup2_root();

		if (cg < 0) {
			err = cg;
			goto cleanup;
		}
		for (unsigned f = 0; f < N_FAIL && n_links < 64; f++) {
			links[n_links] = bpf_program__attach_cgroup(fail[f], cg);
			if (!links[n_links]) {
				err = -errno;
				fprintf(stderr, "watch-demo: attach %s to the cgroup2 root: %s\n",
					bpf_program__name(fail[f]), strerror(errno));
				close(cg);
				goto cleanup;
			}
			n_links++;
		}
		close(cg);
	}
	if (!quiet) {
		rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_event, NULL, NULL);
		if (!rb) {
			err = -errno;
			goto cleanup;
		}
	}
	if (flip) { /* both generations hold the rules and are never rewritten: epochs 0 and 1 */
		__u32 one = 1;

		bpf_map_update_elem(bpf_map__fd(skel->maps.gen_epoch), &one, &one, BPF_ANY);
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	fprintf(stderr, "watch-demo: attached (%s)\n", mode);
	for (int ms = 0; !stop && (!seconds || ms < seconds * 1000); ms += 100) {
		if (rb)
			ring_buffer__poll(rb, 100);
		else
			usleep(100 * 1000);
		if (flip) {
			__u32 zero = 0, gen = ++flips & 1; /* the epoch, and its generation */

			bpf_map_update_elem(bpf_map__fd(skel->maps.active), &zero, &gen, BPF_ANY);
		}
	}
	if (rb) /* what the programs wrote since the last poll: a SIGINT must not lose it */
		ring_buffer__consume(rb);
	if (flip)
		fprintf(stderr, "watch-demo: flips=%d\n", flips);
	print_stats(skel);
cleanup:
	ring_buffer__free(rb);
	for (int l = 0; l < n_links; l++)
		bpf_link__destroy(links[l]);
	watch_bpf__destroy(skel);
	return err ? 1 : 0;
}
