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
 * Built with FILTER=1 (the interpreter experiment, docs/watch-design.md), also:
 * --filter-arg0-eq N: only calls whose argument 0 is N; --filter-path-eq S: whose path is S.
 */
#include <errno.h>
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
#include "watch.skel.h"
#include "sct/tables.h"
#ifdef SCT_WATCH_FILTER
#include "sct/prog.h"

#define SCT_WATCH_FILTER_BYTES (64 * 1024)
#define SCT_WATCH_FILTER_CONSTS 8
struct sct_watch_filter { /* as in bpf/filter.bpf.h */
	__u32 n_insns;
	__u32 n_consts;
	__u32 const_off[SCT_WATCH_FILTER_CONSTS];
	__u8 blob[SCT_WATCH_FILTER_BYTES];
};

/* A one-comparison program: arg0 == n, or (str != NULL) string argument argi == str. The real
 * loader gets its blob from the harness's compiler and checks it with sct_prog_check first. */
static struct sct_watch_filter *make_filter(long long n, const char *str, unsigned int argi)
{
	struct sct_watch_filter *f = calloc(1, sizeof(*f));
	struct sct_prog_header *h = (void *)f->blob;
	struct sct_insn *in = (void *)(h + 1);
	unsigned int k = 0;

	if (str) {
		struct sct_const *c;

		in[k++] = (struct sct_insn){ .op = SCT_OP_STR_LOAD, .a = SCT_STR_ARG, .b = argi };
		in[k++] = (struct sct_insn){ .op = SCT_OP_STR_EQ, .c = 0 };
		in[k++] = (struct sct_insn){ .op = SCT_OP_RET };
		c = (void *)(in + k);
		c->kind = SCT_CONST_STR;
		c->len = strlen(str);
		memcpy(c + 1, str, c->len);
		f->n_consts = 1;
		f->const_off[0] = (__u8 *)c - f->blob;
		h->total_len = f->const_off[0] + sizeof(*c) + ((c->len + 7) & ~7u);
	} else {
		in[k++] = (struct sct_insn){ .op = SCT_OP_PUSH_ARG, .a = 0, .b = SCT_ARGW_RAW };
		in[k++] = (struct sct_insn){ .op = SCT_OP_PUSH_IMM, .imm = n };
		in[k++] = (struct sct_insn){ .op = SCT_OP_CMP, .a = SCT_CMP_EQ };
		in[k++] = (struct sct_insn){ .op = SCT_OP_RET };
		h->total_len = (__u8 *)(in + k) - f->blob;
	}
	h->magic = SCT_PROG_MAGIC;
	h->version = SCT_PROG_VERSION;
	h->n_insns = k;
	h->n_consts = f->n_consts;
	f->n_insns = k;
	return f;
}
#endif

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
	printf("%s pid=%u tid=%u ppid=%u uid=%u comm=%s cgroup=%llu ret=%lld",
	       e->nr < SCT_X86_64_NR_COUNT && sct_x86_64_syscall_names[e->nr] ?
		       sct_x86_64_syscall_names[e->nr] : "?",
	       e->tgid, e->pid, e->ppid, e->uid, e->comm, (unsigned long long)e->cgroup_id,
	       (long long)e->ret);
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

static void print_stats(struct watch_bpf *skel)
{
	static const char *const names[SCT_WATCH_STAT_N] = {
		[SCT_WATCH_STAT_EVENTS] = "events", [SCT_WATCH_STAT_DROPS] = "drops",
		[SCT_WATCH_STAT_STR_FAIL] = "str_fail", [SCT_WATCH_STAT_NO_ENTER] = "no_enter",
		[SCT_WATCH_STAT_FILTERED] = "filtered",
	};
	int ncpu = libbpf_num_possible_cpus();
	__u64 vals[ncpu > 0 ? ncpu : 1];

	fprintf(stderr, "watch-demo: counters:");
	for (__u32 k = 0; k < SCT_WATCH_STAT_N; k++) {
		__u64 sum = 0;

		if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.stats), &k, vals) == 0)
			for (int c = 0; c < ncpu; c++)
				sum += vals[c];
		fprintf(stderr, " %s=%llu", names[k], (unsigned long long)sum);
	}
	fputc('\n', stderr);
}

int main(int argc, char **argv)
{
	const char *mode = "raw";
	int seconds = 0, quiet = 0, err = 0, i;
	struct ring_buffer *rb = NULL;
	struct watch_bpf *skel;
	struct bpf_link *links[64];
	int n_links = 0;
#ifdef SCT_WATCH_FILTER
	struct sct_watch_filter *filt = NULL;
#endif

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--mode") && i + 1 < argc)
			mode = argv[++i];
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--quiet"))
			quiet = 1;
#ifdef SCT_WATCH_FILTER
		else if (!strcmp(argv[i], "--filter-arg0-eq") && i + 1 < argc)
			filt = make_filter(atoll(argv[++i]), NULL, 0);
		else if (!strcmp(argv[i], "--filter-path-eq") && i + 1 < argc)
			filt = make_filter(0, argv[++i], 1);
#endif
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
	bpf_program__set_autoload(skel->progs.raw_enter, !strcmp(mode, "raw"));
	bpf_program__set_autoload(skel->progs.raw_exit, !strcmp(mode, "raw"));
	bpf_program__set_autoload(skel->progs.tp_enter, !strcmp(mode, "tp"));
	bpf_program__set_autoload(skel->progs.tp_exit, !strcmp(mode, "tp"));
	err = watch_bpf__load(skel);
	if (err) {
		fprintf(stderr, "watch-demo: load: %s\n", strerror(-err));
		goto cleanup;
	}
	for (int a = i; a < argc; a++) {
		const struct sct_syscall_info *si = find_syscall(argv[a]);
		struct sct_watch_sys s = { .rules = 1 }; /* generation 0, rule 0: "active" starts at 0 */
		__u32 key;

		if (!si) {
			fprintf(stderr, "watch-demo: unknown syscall `%s`\n", argv[a]);
			err = -EINVAL;
			goto cleanup;
		}
		key = si->nr;
		s.str_arg = str_arg(si);
#ifdef SCT_WATCH_FILTER
		s.has_filter = filt != NULL;
#endif
		err = bpf_map_update_elem(bpf_map__fd(skel->maps.sys), &key, &s, BPF_ANY);
		if (err)
			goto cleanup;
	}
#ifdef SCT_WATCH_FILTER
	if (filt) {
		__u32 zero = 0;

		err = bpf_map_update_elem(bpf_map__fd(skel->maps.filter), &zero, filt, BPF_ANY);
		free(filt);
		if (err)
			goto cleanup;
	}
#endif
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
	if (!quiet) {
		rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_event, NULL, NULL);
		if (!rb) {
			err = -errno;
			goto cleanup;
		}
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	fprintf(stderr, "watch-demo: attached (%s)\n", mode);
	for (int ms = 0; !stop && (!seconds || ms < seconds * 1000); ms += 100) {
		if (rb)
			ring_buffer__poll(rb, 100);
		else
			usleep(100 * 1000);
	}
	print_stats(skel);
cleanup:
	ring_buffer__free(rb);
	for (int l = 0; l < n_links; l++)
		bpf_link__destroy(links[l]);
	watch_bpf__destroy(skel);
	return err ? 1 : 0;
}
