// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sct watch, kernel side (#18): which process made this syscall, system-wide, with the project's
 * rule filters run here (filter.bpf.h) and the KILL/SUSPEND actions. The maps and the event are
 * the contract in watch.h.
 *
 * Two ways in, the loader picks one (bpf_program__set_autoload):
 *   - raw: tp_btf sys_enter/sys_exit. Runs for every syscall of every process; the first thing it
 *     does is look the number up in the "sys" array, so an untraced call costs array lookups.
 *   - tp: SEC("tracepoint") programs that the loader attaches to syscalls:sys_enter_<name> /
 *     sys_exit_<name> of the traced names only (refused at attach on this host: EACCES).
 *
 * Per call: the scope (watch_comm, watch_tree_pid) first; sys_enter reads "active" once and keeps
 * that generation in "inflight" with the arguments until sys_exit. Rules with at_enter are
 * evaluated at sys_enter, the rest at sys_exit (where the string pages are in memory: the call
 * itself faulted them in). Each matching rule counts in rule_hits and acts (KILL, SUSPEND). One
 * event per call carries the bitmask of the rules that matched: sent at sys_exit, or at sys_enter
 * when only at_enter rules name the syscall (exit and exit_group never reach sys_exit). Filters
 * run before the ring buffer reservation; drops and failed string reads are counted.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "watch.h"

char LICENSE[] SEC("license") = "GPL";

#define SCT_WATCH_TREE_DEPTH 32 /* real_parent steps walked for watch_tree_pid */
#define SCT_SIGSTOP 19          /* x86_64 (and generic) SIGSTOP */

/* Set before load (.rodata); the verifier drops the checks that stay off. */
const volatile __u32 watch_tree_pid = 0;
const volatile char watch_comm[SCT_WATCH_COMM_LEN] = {};

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

/* The generation (0 or 1) of sys/rules/progs that new calls use; flipped last by the loader. */
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

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SCT_WATCH_STAT_N);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

/* sys_enter -> sys_exit of one thread. */
struct pending {
	__u64 args[6];
	__u64 enter_rules; /* at_enter rules that matched, not yet sent (sent with sys_exit's) */
	__u32 nr;
	__u8 gen;
	__u8 exit_rules;   /* 1: rules to run at sys_exit; 0: done at sys_enter */
	__u8 reserved[2];
};

/* LRU: a thread that dies inside a call (exit_group) leaves its entry, which the LRU evicts. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct pending);
} inflight SEC(".maps");

/* Atomic: a tracing program can be preempted, and enter and exit then share the CPU's slot. */
static __always_inline void count(__u32 which)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &which);

	if (v)
		__sync_fetch_and_add(v, 1);
}

#include "filter.bpf.h"

/* The filter scratch slot of each program: enter and exit may interleave on one CPU. */
enum { SCRATCH_ENTER = 0, SCRATCH_EXIT = 1 };

/* watch_comm and watch_tree_pid: whether the current task is watched. */
static __always_inline bool in_scope(void)
{
	if (watch_comm[0]) {
		char comm[SCT_WATCH_COMM_LEN];

		bpf_get_current_comm(comm, sizeof(comm));
		for (int i = 0; i < SCT_WATCH_COMM_LEN; i++) {
			if (comm[i] != watch_comm[i])
				return false;
			if (!comm[i])
				break;
		}
	}
	if (watch_tree_pid) {
		struct task_struct *t = (struct task_struct *)bpf_get_current_task();

		for (int i = 0; i < SCT_WATCH_TREE_DEPTH && t; i++) {
			__u32 tgid = BPF_CORE_READ(t, tgid);

			if (tgid == watch_tree_pid)
				return true;
			if (tgid <= 1)
				return false;
			t = BPF_CORE_READ(t, real_parent);
		}
		return false;
	}
	return true;
}

static __always_inline struct sct_watch_sys *sys_entry(__u32 gen, long nr)
{
	__u32 key = (gen & 1) * SCT_WATCH_MAX_NR + (__u32)nr;

	if (nr < 0 || nr >= SCT_WATCH_MAX_NR)
		return 0;
	return bpf_map_lookup_elem(&sys, &key);
}

/* The rules of one phase for one call: bpf_loop over the 64 rule bits. */
struct rule_walk {
	__u64 mask;      /* the syscall's rules */
	__u64 matched;   /* out: those of this phase that matched */
	const struct sct_filter_args *args;
	struct sct_filter_scratch *w;
	__u32 gen;
	__u8 at_enter;   /* the phase */
	__u8 later;      /* out: the syscall has rules of the other phase (sys_exit) */
};

static long rule_cb(__u32 i, void *ctx)
{
	struct rule_walk *w = ctx;
	__u32 key = (w->gen & 1) * SCT_WATCH_MAX_RULES + (i & (SCT_WATCH_MAX_RULES - 1));
	struct sct_watch_rule *r;
	struct sct_watch_prog *p;
	__u64 *hits;

	if (!(w->mask & (1ULL << (i & 63))))
		return 0;
	r = bpf_map_lookup_elem(&rules, &key);
	if (!r)
		return 0;
	if (r->at_enter != w->at_enter) {
		w->later = 1;
		return 0;
	}
	if (r->has_prog) {
		p = bpf_map_lookup_elem(&progs, &key);
		if (!p || sct_filter_eval(p, w->w, w->args) != SCT_INTERP_MATCH)
			return 0;
	}
	w->matched |= 1ULL << (i & 63);
	hits = bpf_map_lookup_elem(&rule_hits, &key);
	if (hits)
		__sync_fetch_and_add(hits, 1);
	if (r->action == SCT_WATCH_ACT_KILL)
		bpf_send_signal(r->signal);
	else if (r->action == SCT_WATCH_ACT_SUSPEND)
		bpf_send_signal(SCT_SIGSTOP);
	return 0;
}

/* Highest set bit of mask + 1: the rule indexes the walk must visit (BPF has no clz). */
static __always_inline __u32 rule_span(__u64 mask)
{
	__u32 n = 0;

	if (mask >> 32) { n += 32; mask >>= 32; }
	if (mask >> 16) { n += 16; mask >>= 16; }
	if (mask >> 8) { n += 8; mask >>= 8; }
	if (mask >> 4) { n += 4; mask >>= 4; }
	if (mask >> 2) { n += 2; mask >>= 2; }
	if (mask >> 1) { n += 1; mask >>= 1; }
	return n + (__u32)mask;
}

/* Runs the rules of one phase; the bitmask of those that matched. */
static __always_inline __u64 run_rules(__u32 gen, __u64 mask, const __u64 *args, __u32 slot,
				       bool at_enter, bool *later)
{
	struct rule_walk w = { .mask = mask, .gen = gen, .at_enter = at_enter };

	w.args = (const struct sct_filter_args *)args;
	w.w = sct_filter_scratch(slot);
	if (!w.w)
		return 0;
	bpf_loop(rule_span(mask), rule_cb, &w, 0);
	*later = w.later;
	return w.matched;
}

static __always_inline void send(const struct sct_watch_sys *s, const __u64 *args, __u32 nr,
				 __u32 gen, __u64 matched, long ret, bool at_enter)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u64 id = bpf_get_current_pid_tgid();
	struct sct_watch_event *e;
	long n = 0;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(SCT_WATCH_STAT_DROPS);
		return;
	}
	e->str[0] = 0;
	if (s->str_arg < 6) {
		n = bpf_probe_read_user_str(e->str, sizeof(e->str), (const void *)args[s->str_arg & 7]);
		if (n < 0) {
			count(SCT_WATCH_STAT_STR_FAIL);
			e->str[0] = 0;
		}
	}
	e->cgroup_id = bpf_get_current_cgroup_id();
	e->ret = at_enter ? 0 : ret;
	__builtin_memcpy(e->args, args, sizeof(e->args));
	e->rules = matched;
	e->ktime_ns = bpf_ktime_get_ns();
	e->pid = (__u32)id;
	e->tgid = id >> 32;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->nr = nr;
	e->str_len = n;
	e->gen = gen;
	e->at_enter = at_enter;
	__builtin_memset(e->reserved, 0, sizeof(e->reserved));
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	count(SCT_WATCH_STAT_EVENTS);
}

/* The call's sys entry, of the generation read once here; NULL: not traced or not watched. */
static __always_inline struct sct_watch_sys *enter_sys(long nr, __u32 *gen)
{
	__u32 zero = 0, *a = bpf_map_lookup_elem(&active, &zero);
	struct sct_watch_sys *s;

	if (!a)
		return 0;
	*gen = *a & 1;
	s = sys_entry(*gen, nr);
	return s && s->rules && in_scope() ? s : 0;
}

static __always_inline void on_enter(struct sct_watch_sys *s, __u32 gen, long nr, struct pending *p)
{
	__u64 id = bpf_get_current_pid_tgid();
	bool later = false;

	p->nr = nr;
	p->gen = gen;
	p->enter_rules = run_rules(gen, s->rules, p->args, SCRATCH_ENTER, true, &later);
	p->exit_rules = later;
	if (!later) {
		/* Only at_enter rules name this syscall: done here (exit and exit_group never reach
		 * sys_exit). The entry stays, so that sys_exit tells this from a missed sys_enter. */
		if (p->enter_rules)
			send(s, p->args, nr, gen, p->enter_rules, 0, true);
		else
			count(SCT_WATCH_STAT_FILTERED);
	}
	bpf_map_update_elem(&inflight, &id, p, BPF_ANY);
}

static __always_inline void on_exit(long nr, long ret)
{
	__u64 id = bpf_get_current_pid_tgid(), matched;
	struct sct_watch_sys *s0 = sys_entry(0, nr), *s1 = sys_entry(1, nr), *s;
	struct pending *p;
	bool later;

	/* Either generation: a reload may have flipped "active" since this call's sys_enter. */
	if ((!s0 || !s0->rules) && (!s1 || !s1->rules))
		return;
	p = bpf_map_lookup_elem(&inflight, &id);
	if (!p) {
		if (in_scope())
			count(SCT_WATCH_STAT_NO_ENTER); /* attached mid-call */
		return;
	}
	s = p->gen ? s1 : s0;
	if (!s || p->nr != (__u32)nr || !p->exit_rules) {
		bpf_map_delete_elem(&inflight, &id);
		return;
	}
	matched = p->enter_rules | run_rules(p->gen, s->rules, p->args, SCRATCH_EXIT, false, &later);
	if (matched)
		send(s, p->args, nr, p->gen, matched, ret, false);
	else
		count(SCT_WATCH_STAT_FILTERED);
	bpf_map_delete_elem(&inflight, &id);
}

/* --- raw: every syscall, filtered by the "sys" array ---------------------------------------- */

SEC("tp_btf/sys_enter")
int BPF_PROG(raw_enter, struct pt_regs *regs, long nr)
{
	struct sct_watch_sys *s;
	struct pending p = {};
	__u32 gen;

	s = enter_sys(nr, &gen);
	if (!s)
		return 0;
	/* x86_64 syscall argument registers, in order. */
	p.args[0] = regs->di;
	p.args[1] = regs->si;
	p.args[2] = regs->dx;
	p.args[3] = regs->r10;
	p.args[4] = regs->r8;
	p.args[5] = regs->r9;
	on_enter(s, gen, nr, &p);
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
	struct sct_watch_sys *s;
	struct pending p = {};
	__u32 gen;

	s = enter_sys(ctx->id, &gen);
	if (!s)
		return 0;
	/* One load per field: the verifier refuses ctx access through a derived pointer, which is
	 * what __builtin_memcpy(args, ctx->args, ...) compiles to ("dereference of modified ctx"). */
	p.args[0] = ctx->args[0];
	p.args[1] = ctx->args[1];
	p.args[2] = ctx->args[2];
	p.args[3] = ctx->args[3];
	p.args[4] = ctx->args[4];
	p.args[5] = ctx->args[5];
	on_enter(s, gen, ctx->id, &p);
	return 0;
}

SEC("tracepoint")
int tp_exit(struct trace_event_raw_sys_exit *ctx)
{
	on_exit(ctx->id, ctx->ret);
	return 0;
}
