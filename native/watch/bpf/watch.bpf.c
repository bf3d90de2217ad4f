// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sct watch, kernel side (#18 groundwork): who made this syscall, system-wide.
 *
 * Two ways in, the loader picks one (bpf_program__set_autoload) and this file keeps both so they
 * can be measured against each other (docs/watch-design.md):
 *   - raw: tp_btf sys_enter/sys_exit. Runs for every syscall of every process; the first thing it
 *     does is look the number up in the "sys" array, so an untraced call costs one array lookup.
 *   - tp: one generic SEC("tracepoint") pair that the loader attaches to
 *     syscalls:sys_enter_<name>/sys_exit_<name> for each traced name only. Untraced calls cost
 *     nothing; tracefs must be mounted (libbpf reads the tracepoint ids there).
 * sys_enter keeps the arguments per thread; sys_exit reads the string argument (the pointer is
 * still valid and the page faulted in by the call itself) and sends one event per call through
 * the ring buffer, with the process facts read here, in the kernel.
 *
 * PLACEHOLDER (branch watch-cli): compiled to the watch.h contract with the smallest change so the
 * sct_watch addon has something to load: rules as a bitmask, no filter programs (every named rule
 * matches, has_prog ignored), actions at sys_exit only. The BPF side's own rewrite replaces it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "watch.h"

char LICENSE[] SEC("license") = "GPL";

/* Generation-keyed config (watch.h): key = gen * N + index; "active" holds the live gen. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2 * SCT_WATCH_MAX_NR);
	__type(key, __u32);
	__type(value, struct sct_watch_sys);
} sys SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2 * SCT_WATCH_MAX_RULES);
	__type(key, __u32);
	__type(value, struct sct_watch_rule);
} rules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2 * SCT_WATCH_MAX_RULES);
	__type(key, __u32);
	__type(value, struct sct_watch_prog);
} progs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} active SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2 * SCT_WATCH_MAX_RULES);
	__type(key, __u32);
	__type(value, __u64);
} rule_hits SEC(".maps");

const volatile __u32 watch_tree_pid = 0;
const volatile char watch_comm[SCT_WATCH_COMM_LEN] = {};

struct pending {
	__u32 nr;
	__u32 gen;
	__u64 args[6];
};

/* sys_enter -> sys_exit of the same thread. LRU: a thread that dies inside a call leaves its
 * entry, which the LRU evicts instead of filling the map for good. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct pending);
} inflight SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SCT_WATCH_STAT_N);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &which);

	if (v)
		(*v)++;
}

static __always_inline __u32 active_gen(void)
{
	__u32 zero = 0, *g = bpf_map_lookup_elem(&active, &zero);

	return g ? (*g & 1) : 0;
}

static __always_inline struct sct_watch_sys *traced(long nr, __u32 gen)
{
	__u32 key = gen * SCT_WATCH_MAX_NR + nr;
	struct sct_watch_sys *s;

	if (nr < 0 || nr >= SCT_WATCH_MAX_NR)
		return 0;
	s = bpf_map_lookup_elem(&sys, &key);
	return s && s->rules ? s : 0;
}

/* Placeholder scope check (the contract's .rodata globals): comm, then the tree under
 * watch_tree_pid, walked up real_parent a bounded number of levels. */
static __always_inline int in_scope(void)
{
	struct task_struct *t;
	char comm[SCT_WATCH_COMM_LEN];

	if (watch_comm[0]) {
		bpf_get_current_comm(comm, sizeof(comm));
		for (int i = 0; i < SCT_WATCH_COMM_LEN; i++) {
			if (comm[i] != watch_comm[i])
				return 0;
			if (!comm[i])
				break;
		}
	}
	if (!watch_tree_pid)
		return 1;
	t = (struct task_struct *)bpf_get_current_task();
	for (int i = 0; i < 32 && t; i++) {
		__u32 tgid = BPF_CORE_READ(t, tgid);

		if (tgid == watch_tree_pid)
			return 1;
		if (tgid <= 1)
			return 0;
		t = BPF_CORE_READ(t, real_parent);
	}
	return 0;
}

/* Placeholder rule pass: no filter programs, every named rule matches; counts hits and acts. */
static __always_inline void hit_rules(__u64 mask, __u32 gen)
{
	for (__u32 i = 0; i < SCT_WATCH_MAX_RULES; i++) {
		__u32 key = gen * SCT_WATCH_MAX_RULES + i;
		struct sct_watch_rule *r;
		__u64 *h;

		if (!(mask & (1ULL << i)))
			continue;
		h = bpf_map_lookup_elem(&rule_hits, &key);
		if (h)
			(*h)++;
		r = bpf_map_lookup_elem(&rules, &key);
		if (r && r->action == SCT_WATCH_ACT_KILL)
			bpf_send_signal(r->signal);
		else if (r && r->action == SCT_WATCH_ACT_SUSPEND)
			bpf_send_signal(19 /* SIGSTOP */);
	}
}

static __always_inline void on_enter(long nr, __u32 gen, const __u64 *args)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct pending p = { .nr = nr, .gen = gen };

	if (!in_scope())
		return;
	__builtin_memcpy(p.args, args, sizeof(p.args));
	bpf_map_update_elem(&inflight, &id, &p, BPF_ANY);
}

#ifdef SCT_WATCH_FILTER
#include "filter.bpf.h"
#endif

static __always_inline void on_exit(long nr, long ret)
{
	struct sct_watch_sys *s;
	__u64 id = bpf_get_current_pid_tgid();
	struct task_struct *task;
	struct sct_watch_event *e;
	struct pending *p;
	long n = 0;

	p = bpf_map_lookup_elem(&inflight, &id);
	if (!p) {
		if (traced(nr, active_gen()))
			count(SCT_WATCH_STAT_NO_ENTER);
		return;
	}
	s = traced(p->nr, p->gen);
	if (!s)
		goto out;
	hit_rules(s->rules, p->gen);
#ifdef SCT_WATCH_FILTER
	/* A filter that needs no string runs before the reservation: a discarded record still takes
	 * ring buffer room until the reader passes it. */
	if (s->has_filter && s->str_arg >= 6 && !sct_watch_filter(p, 0, 0)) {
		count(SCT_WATCH_STAT_FILTERED);
		goto out;
	}
#endif
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(SCT_WATCH_STAT_DROPS);
		goto out;
	}
	e->str[0] = 0;
	if (s->str_arg < 6) {
		n = bpf_probe_read_user_str(e->str, sizeof(e->str), (const void *)p->args[s->str_arg & 7]);
		if (n < 0) {
			count(SCT_WATCH_STAT_STR_FAIL);
			e->str[0] = 0;
		}
	}
#ifdef SCT_WATCH_FILTER
	if (s->has_filter && s->str_arg < 6 && !sct_watch_filter(p, e->str, n)) {
		count(SCT_WATCH_STAT_FILTERED);
		bpf_ringbuf_discard(e, 0);
		goto out;
	}
#endif
	task = (struct task_struct *)bpf_get_current_task();
	e->cgroup_id = bpf_get_current_cgroup_id();
	e->ret = ret;
	__builtin_memcpy(e->args, p->args, sizeof(e->args));
	e->pid = (__u32)id;
	e->tgid = id >> 32;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->nr = p->nr;
	e->str_len = n;
	e->rules = s->rules;
	e->gen = p->gen;
	e->at_enter = 0;
	e->ktime_ns = bpf_ktime_get_ns();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	count(SCT_WATCH_STAT_EVENTS);
out:
	bpf_map_delete_elem(&inflight, &id);
}

/* --- raw: every syscall, filtered by the "sys" array ---------------------------------------- */

SEC("tp_btf/sys_enter")
int BPF_PROG(raw_enter, struct pt_regs *regs, long nr)
{
	__u32 gen = active_gen();
	__u64 args[6];

	if (!traced(nr, gen))
		return 0;
	/* x86_64 syscall argument registers, in order. */
	args[0] = regs->di;
	args[1] = regs->si;
	args[2] = regs->dx;
	args[3] = regs->r10;
	args[4] = regs->r8;
	args[5] = regs->r9;
	on_enter(nr, gen, args);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(raw_exit, struct pt_regs *regs, long ret)
{
	on_exit(regs->orig_ax, ret);
	return 0;
}

/* --- tp: attached to syscalls:sys_{enter,exit}_<name> of the traced names only -------------- */

SEC("tracepoint")
int tp_enter(struct trace_event_raw_sys_enter *ctx)
{
	__u32 gen = active_gen();
	__u64 args[6];

	/* The loader attached us to traced names only; the array lookup stays for the string
	 * argument's index and costs little next to the rest. */
	if (!traced(ctx->id, gen))
		return 0;
	/* One load per field: the verifier refuses ctx access through a derived pointer, which is
	 * what __builtin_memcpy(args, ctx->args, ...) compiles to ("dereference of modified ctx"). */
	args[0] = ctx->args[0];
	args[1] = ctx->args[1];
	args[2] = ctx->args[2];
	args[3] = ctx->args[3];
	args[4] = ctx->args[4];
	args[5] = ctx->args[5];
	on_enter(ctx->id, gen, args);
	return 0;
}

SEC("tracepoint")
int tp_exit(struct trace_event_raw_sys_exit *ctx)
{
	on_exit(ctx->id, ctx->ret);
	return 0;
}
