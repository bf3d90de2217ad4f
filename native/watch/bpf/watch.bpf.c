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
#include "sct/tables.h"

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

/* The epoch of the rules new calls use (generation epoch & 1); set last by the loader. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} active SEC(".maps");

/* The epoch each generation holds; set first when the loader rewrites one (watch.h). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} gen_epoch SEC(".maps");

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

/* sys_enter -> sys_exit of one thread. 64 bytes: it lives on raw_enter's stack. */
struct pending {
	__u64 args[6];
	__u64 enter_rules; /* at_enter rules that matched, not yet sent (sent with sys_exit's) */
	__u16 nr;
	__u8 flags;        /* PENDING_* */
	__u8 paths;        /* proc_paths of the enter_rules */
	__u32 epoch;       /* of the rules read at sys_enter */
};

enum {
	PENDING_EXIT_RULES = 1, /* an event to send at sys_exit; else done at sys_enter */
	PENDING_EXEC_EARLY = 2, /* execve(at): the sys_exit rules ran at sys_enter, the string is in exec_strs */
};

/* execve and execveat replace the memory their arguments point into: by sys_exit the strings
 * are gone (or another program's bytes). Their sys_exit rules are evaluated at sys_enter (filters
 * do not see the return value), the event's string read there and kept here until sys_exit. */
struct exec_str {
	__s32 len;
	char str[SCT_WATCH_PATH_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, struct exec_str);
} exec_strs SEC(".maps");

/* Where the string is read before it goes into exec_strs (too big for the BPF stack). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct exec_str);
} exec_stage SEC(".maps");

static __always_inline bool is_exec(long nr)
{
	return nr == SCT_X86_64_NR_execve || nr == SCT_X86_64_NR_execveat;
}

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
enum { SCRATCH_ENTER = 0, SCRATCH_EXIT = 1, SCRATCH_CGROUP = 2, SCRATCH_LSM = 3 };

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

/* When a rule is evaluated: at sys_enter, at sys_exit (tracing), or in a cgroup socket or LSM hook (FAIL). */
enum phase { PHASE_EXIT = 0, PHASE_ENTER = 1, PHASE_FAIL = 2 };

static __always_inline enum phase rule_phase(const struct sct_watch_rule *r)
{
	return r->action == SCT_WATCH_ACT_FAIL ? PHASE_FAIL : r->at_enter ? PHASE_ENTER : PHASE_EXIT;
}

/* What a rule walk found. In a per-CPU map, not in the walk's context on the stack: the verifier
 * tracks stack values exactly and re-verified the callback for each combination of them (raw_exit
 * went from 66k to 148k insns processed); map values it does not track. */
struct rule_verdict {
	__u64 matched;   /* the rules of this phase that matched */
	__s32 signal;    /* the first matching KILL rule's signal, 0: none */
	__s32 err;       /* the first matching FAIL rule's errno, 0: none */
	__u8 later;      /* the syscall has rules for sys_exit */
	__u8 suspend;    /* a matching SUSPEND rule */
	__u8 fail;       /* the syscall has FAIL rules (cgroup or LSM hooks) */
	__u8 paths;      /* proc_paths of the rules that matched */
	__u8 reserved[4];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4); /* a slot per kind of program, as filter_scratch */
	__type(key, __u32);
	__type(value, struct rule_verdict);
} verdicts SEC(".maps");

/* The rules of one phase for one call: bpf_loop over the rule bits. Only maps and the filter in
 * here (its helpers are allowed in tracing and cgroup programs alike); the caller acts. */
struct rule_walk {
	__u64 mask;      /* the syscall's rules */
	const struct sct_filter_args *args;
	struct sct_filter_scratch *w;
	struct rule_verdict *v;
	__u32 gen;
	__u32 phase;     /* enum phase */
};

static long rule_cb(__u32 i, void *ctx)
{
	struct rule_walk *w = ctx;
	__u32 key = (w->gen & 1) * SCT_WATCH_MAX_RULES + (i & (SCT_WATCH_MAX_RULES - 1));
	struct rule_verdict *v = w->v;
	struct sct_watch_rule *r;
	struct sct_watch_prog *p;
	__u64 *hits;

	if (!(w->mask & (1ULL << (i & 63))))
		return 0;
	r = bpf_map_lookup_elem(&rules, &key);
	if (!r)
		return 0;
	if (rule_phase(r) != w->phase) {
		v->later |= rule_phase(r) == PHASE_EXIT;
		v->fail |= rule_phase(r) == PHASE_FAIL;
		return 0;
	}
	if (r->has_prog) {
		p = bpf_map_lookup_elem(&progs, &key);
		if (!p || sct_filter_eval(p, w->w, w->args) != SCT_INTERP_MATCH)
			return 0;
	}
	v->matched |= 1ULL << (i & 63);
	v->paths |= r->proc_paths;
	hits = bpf_map_lookup_elem(&rule_hits, &key);
	if (hits)
		__sync_fetch_and_add(hits, 1);
	if (r->action == SCT_WATCH_ACT_KILL && !v->signal)
		v->signal = r->signal;
	else if (r->action == SCT_WATCH_ACT_SUSPEND)
		v->suspend = 1;
	else if (r->action == SCT_WATCH_ACT_FAIL && !v->err)
		v->err = r->err;
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

/* Runs the rules of one phase: what it found, NULL: no scratch. */
static __always_inline struct rule_verdict *run_rules(__u64 mask, __u32 gen, enum phase phase,
						      const __u64 *args, __u32 slot)
{
	struct rule_walk w = { .mask = mask, .gen = gen, .phase = phase };

	w.args = (const struct sct_filter_args *)args;
	w.w = sct_filter_scratch(slot);
	w.v = bpf_map_lookup_elem(&verdicts, &slot);
	if (!w.w || !w.v)
		return 0;
	__builtin_memset(w.v, 0, sizeof(*w.v));
	bpf_loop(rule_span(mask), rule_cb, &w, 0);
	return w.v;
}

/* KILL and SUSPEND of the rules that matched in a tracing program. */
static __always_inline void act(const struct rule_verdict *v)
{
	if (v->signal)
		bpf_send_signal(v->signal);
	if (v->suspend)
		bpf_send_signal(SCT_SIGSTOP);
}

/* The header and string argument of an event; the string argument str_arg read now, or taken
 * from saved (execve at sys_exit). */
static __always_inline void fill(struct sct_watch_event *e, __u32 str_arg, const __u64 *args, __u32 nr,
				 __u32 epoch, __u64 matched, long ret, bool at_enter, const struct exec_str *saved)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u64 id = bpf_get_current_pid_tgid();
	long n = 0;

	e->str[0] = 0;
	if (saved) {
		__builtin_memcpy(e->str, saved->str, sizeof(e->str));
		n = saved->len;
	} else if (str_arg < 6) {
		n = bpf_probe_read_user_str(e->str, sizeof(e->str), (const void *)args[str_arg & 7]);
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
	e->epoch = epoch;
	e->at_enter = at_enter;
	e->proc_paths = 0;
	e->size = sizeof(*e);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
}

/* An event with the process paths: built here, then copied into the ring buffer at its length
 * (bpf_ringbuf_reserve takes a constant size). A slot per kind of program, as filter_scratch. */
struct event_stage {
	struct sct_watch_event e;
	struct sct_watch_paths p;
	char text[2 * SCT_WATCH_PROC_PATH_MAX + 8]; /* + the rounding up of the size to 8 */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4); /* a slot per kind of program, as filter_scratch: enter, exit, cgroup, LSM */
	__type(key, __u32);
	__type(value, struct event_stage);
} event_stages SEC(".maps");

/* The path of kpath (kernel address) into dst (SCT_WATCH_PROC_PATH_MAX bytes): its length, -1:
 * not read. *trunc: 1 when the path is longer than the walk's bound and dst holds its tail. */
static __always_inline long proc_path(struct sct_filter_scratch *w, const struct path *kpath, char *dst, __u8 *trunc)
{
	long r = sct_path_walk(w, kpath);
	__u32 pos = w->walk.pos, n;

	*trunc = 0;
	if (r == SCT_WALK_FAULT || pos > SCT_PROG_MAX_STR)
		return -1;
	*trunc = r != SCT_WALK_DONE;
	if (pos == SCT_PROG_MAX_STR) { /* the root itself */
		dst[0] = '/';
		return 1;
	}
	n = SCT_WATCH_PROC_PATH_MAX - (pos & (SCT_WATCH_PROC_PATH_MAX - 1));
	if (bpf_probe_read_kernel(dst, n, w->tmp + (pos & (SCT_WATCH_PROC_PATH_MAX - 1))))
		return -1;
	return n;
}

/* exe and cwd (as paths asks) after the event in st->p and st->text: the record's size. */
static __always_inline __u32 add_paths(struct event_stage *st, struct sct_filter_scratch *w, __u32 paths)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 off = 0;
	long n;

	st->p.exe_len = -1;
	st->p.cwd_len = -1;
	st->p.exe_trunc = 0;
	st->p.cwd_trunc = 0;
	if (paths & SCT_WATCH_PROC_EXE) {
		struct file *f = BPF_CORE_READ(task, mm, exe_file);

		n = f ? proc_path(w, &f->f_path, st->text, &st->p.exe_trunc) : -1;
		st->p.exe_len = n;
		if (n > 0 && n <= SCT_WATCH_PROC_PATH_MAX)
			off = n;
	}
	if (paths & SCT_WATCH_PROC_CWD) {
		struct fs_struct *fs = BPF_CORE_READ(task, fs);

		n = fs ? proc_path(w, &fs->pwd, st->text + (off & (2 * SCT_WATCH_PROC_PATH_MAX - 1)), &st->p.cwd_trunc) : -1;
		st->p.cwd_len = n;
		if (n > 0 && n <= SCT_WATCH_PROC_PATH_MAX)
			off += n;
	}
	return (sizeof(st->e) + sizeof(st->p) + off + 7) & ~7u;
}

/* One event (see fill). With paths (enum sct_watch_proc_path bits), exe and cwd walked into
 * slot's stage and the scratch of slot's filter, which has finished with it. */
static __always_inline void send(__u32 str_arg, const __u64 *args, __u32 nr, __u32 epoch, __u64 matched,
				 long ret, bool at_enter, const struct exec_str *saved, __u32 paths, __u32 slot)
{
	struct sct_filter_scratch *w = paths ? sct_filter_scratch(slot) : 0;
	struct event_stage *st = w ? bpf_map_lookup_elem(&event_stages, &slot) : 0;
	struct sct_watch_event *e;
	__u32 size;

	if (!st) {
		e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
		if (!e) {
			count(SCT_WATCH_STAT_DROPS);
			return;
		}
		fill(e, str_arg, args, nr, epoch, matched, ret, at_enter, saved);
		bpf_ringbuf_submit(e, 0);
		count(SCT_WATCH_STAT_EVENTS);
		return;
	}
	fill(&st->e, str_arg, args, nr, epoch, matched, ret, at_enter, saved);
	size = add_paths(st, w, paths);
	st->e.proc_paths = paths;
	st->e.size = size;
	if (bpf_ringbuf_output(&events, st, size, 0)) {
		count(SCT_WATCH_STAT_DROPS);
		return;
	}
	count(SCT_WATCH_STAT_EVENTS);
}

/* The call's sys entry, of the generation read once here; NULL: not traced or not watched. */
static __always_inline struct sct_watch_sys *enter_sys(long nr, __u32 *epoch)
{
	__u32 zero = 0, *a = bpf_map_lookup_elem(&active, &zero);
	struct sct_watch_sys *s;

	if (!a)
		return 0;
	*epoch = *a;
	s = sys_entry(*epoch & 1, nr);
	return s && s->rules && in_scope() ? s : 0;
}

/* execve(at): the sys_exit rules now, and the event's string kept for sys_exit (see exec_strs). */
static __always_inline void exec_early(const struct sct_watch_sys *s, struct pending *p, __u64 id)
{
	struct rule_verdict *v = run_rules(s->rules, p->epoch, PHASE_EXIT, p->args, SCRATCH_ENTER);
	__u32 zero = 0;
	struct exec_str *x;

	if (!v)
		return;
	act(v);
	p->enter_rules |= v->matched;
	p->paths |= v->paths;
	p->flags |= PENDING_EXEC_EARLY;
	x = bpf_map_lookup_elem(&exec_stage, &zero);
	if (!x || !p->enter_rules || s->str_arg >= 6)
		return;
	x->len = bpf_probe_read_user_str(x->str, sizeof(x->str), (const void *)p->args[s->str_arg & 7]);
	if (x->len < 0) {
		count(SCT_WATCH_STAT_STR_FAIL);
		x->str[0] = 0;
	}
	bpf_map_update_elem(&exec_strs, &id, x, BPF_ANY);
}

static __always_inline void on_enter(struct sct_watch_sys *s, __u32 epoch, long nr, struct pending *p)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct rule_verdict *v;

	p->nr = nr;
	p->epoch = epoch;
	v = run_rules(s->rules, epoch, PHASE_ENTER, p->args, SCRATCH_ENTER);
	if (!v)
		return;
	act(v);
	p->enter_rules = v->matched;
	p->paths = v->paths;
	p->flags = v->later ? PENDING_EXIT_RULES : 0;
	if (!v->later) {
		/* Only at_enter (or FAIL) rules name this syscall: done here (exit and exit_group
		 * never reach sys_exit). The entry stays, so that sys_exit tells this from a missed
		 * sys_enter. */
		if (v->matched)
			send(s->str_arg, p->args, nr, epoch, v->matched, 0, true, 0, v->paths, SCRATCH_ENTER);
		else if (!v->fail) /* a FAIL rule's verdict is the cgroup or LSM hook's */
			count(SCT_WATCH_STAT_FILTERED);
	} else if (is_exec(nr)) {
		exec_early(s, p, id);
	}
	bpf_map_update_elem(&inflight, &id, p, BPF_ANY);
}

static __always_inline void on_exit(long nr, long ret)
{
	__u64 id = bpf_get_current_pid_tgid(), matched;
	struct sct_watch_sys *s0 = sys_entry(0, nr), *s1 = sys_entry(1, nr), *s;
	const struct exec_str *saved = 0;
	struct rule_verdict *v;
	struct pending *p;
	__u32 gen, *held;
	__u8 paths;

	/* Either generation: a reload may have flipped "active" since this call's sys_enter. */
	if ((!s0 || !s0->rules) && (!s1 || !s1->rules))
		return;
	p = bpf_map_lookup_elem(&inflight, &id);
	if (!p) {
		if (in_scope())
			count(SCT_WATCH_STAT_NO_ENTER); /* attached mid-call */
		return;
	}
	gen = p->epoch & 1;
	held = bpf_map_lookup_elem(&gen_epoch, &gen);
	if (!held || *held != p->epoch) {
		/* Rewritten by a later reload (or being rewritten): its rules are not the ones this
		 * call entered with. */
		if (p->flags & PENDING_EXIT_RULES)
			count(SCT_WATCH_STAT_STALE);
		goto done;
	}
	s = gen ? s1 : s0;
	if (!s || p->nr != (__u32)nr || !(p->flags & PENDING_EXIT_RULES))
		goto done;
	matched = p->enter_rules;
	paths = p->paths;
	if (p->flags & PENDING_EXEC_EARLY) {
		saved = bpf_map_lookup_elem(&exec_strs, &id);
	} else {
		v = run_rules(s->rules, p->epoch, PHASE_EXIT, p->args, SCRATCH_EXIT);
		if (v) {
			act(v);
			matched |= v->matched;
			paths |= v->paths;
		}
	}
	if (matched)
		send(s->str_arg, p->args, nr, p->epoch, matched, ret, false, saved, paths, SCRATCH_EXIT);
	else
		count(SCT_WATCH_STAT_FILTERED);
	if (saved)
		bpf_map_delete_elem(&exec_strs, &id);
done:
	bpf_map_delete_elem(&inflight, &id);
}

/* --- raw: every syscall, filtered by the "sys" array ---------------------------------------- */

SEC("tp_btf/sys_enter")
int BPF_PROG(raw_enter, struct pt_regs *regs, long nr)
{
	struct sct_watch_sys *s;
	struct pending p = {};
	__u32 epoch;

	s = enter_sys(nr, &epoch);
	if (!s)
		return 0;
	/* x86_64 syscall argument registers, in order. */
	p.args[0] = regs->di;
	p.args[1] = regs->si;
	p.args[2] = regs->dx;
	p.args[3] = regs->r10;
	p.args[4] = regs->r8;
	p.args[5] = regs->r9;
	on_enter(s, epoch, nr, &p);
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
	__u32 epoch;

	s = enter_sys(ctx->id, &epoch);
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
	on_enter(s, epoch, ctx->id, &p);
	return 0;
}

SEC("tracepoint")
int tp_exit(struct trace_event_raw_sys_exit *ctx)
{
	on_exit(ctx->id, ctx->ret);
	return 0;
}

/* --- FAIL: cgroup socket hooks (connect, bind, sendmsg) ----------------------------------------
 *
 * The loader attaches these to a cgroup (the root: every process) when a FAIL rule names connect,
 * bind, sendto or sendmsg. They run before the kernel acts on the address: a FAIL rule whose
 * filter matches denies the call with its errno (bpf_set_retval, then return 0). The filter sees
 * the address (the kernel's copy in the context, as a sockaddr), the process variables and comm;
 * the fd and the other arguments read 0 (not in the context). sendmsg4/6 run for sendto and
 * sendmsg alike (with an address): the rules of both names apply.
 */

/* The length argument of the sockaddr (include/sct/tables.h: connect/bind's addrlen is argument
 * 2, sendto's argument 5); sendmsg's address is inside its msghdr: no argument. */
#define SOCK_LEN_ARG_CONNECT 2
#define SOCK_LEN_ARG_BIND 2
#define SOCK_LEN_ARG_SENDTO 5
#define SOCK_LEN_ARG_NONE 6

/* The address of ctx as a sockaddr_in/sockaddr_in6 in sa: its length. */
static __always_inline __u32 ctx_sockaddr(struct bpf_sock_addr *ctx, __u8 *sa, bool v6)
{
	__u32 port = ctx->user_port; /* network byte order in the low 16 bits */
	__u32 ip6[4];

	__builtin_memset(sa, 0, 32);
	sa[0] = v6 ? AF_INET6 : AF_INET; /* sa_family, little-endian */
	__builtin_memcpy(sa + 2, &port, 2);
	if (!v6) {
		__u32 ip = ctx->user_ip4;

		__builtin_memcpy(sa + 4, &ip, 4);
		return sizeof(struct sockaddr_in);
	}
	/* One load per field: no ctx access through a derived pointer (see tp_enter). */
	ip6[0] = ctx->user_ip6[0];
	ip6[1] = ctx->user_ip6[1];
	ip6[2] = ctx->user_ip6[2];
	ip6[3] = ctx->user_ip6[3];
	__builtin_memcpy(sa + 8, ip6, 16);
	return sizeof(struct sockaddr_in6);
}

/* The FAIL rules of syscall nr on this call: 0 to deny it (retval set), 1 to let it run. */
static __always_inline int sock_fail(struct bpf_sock_addr *ctx, long nr, __u32 len_arg, bool v6)
{
	struct sct_filter_scratch *sc;
	struct rule_verdict *v;
	struct sct_watch_sys *s;
	__u64 id = bpf_get_current_pid_tgid();
	__u64 args[6] = {};
	struct pending *cur;
	__u32 epoch;
	int err;

	s = enter_sys(nr, &epoch);
	if (!s)
		return 1;
	/* The sendmsg hooks run in sendto and in sendmsg alike: act only when the call this thread is
	 * in is nr. A syscall a rule names always has its sys_enter entry here (the tracepoint runs
	 * first); no entry: not a call the rules name (an io_uring op, a syscall not watched). */
	cur = bpf_map_lookup_elem(&inflight, &id);
	if (!cur || cur->nr != nr)
		return 1;
	sc = sct_filter_scratch(SCRATCH_CGROUP);
	if (!sc)
		return 1;
	sc->sa_given = ctx_sockaddr(ctx, sc->sa, v6);
	if (len_arg < 6)
		args[len_arg] = sc->sa_given;
	v = run_rules(s->rules, epoch, PHASE_FAIL, args, SCRATCH_CGROUP);
	if (!v || !v->matched)
		return 1;
	err = v->err > 0 && v->err <= 4095 ? v->err : 1; /* EPERM, what a bare "return 0" gives */
	send(SCT_WATCH_NO_STR, args, nr, epoch, v->matched, -err, true, 0, v->paths, SCRATCH_CGROUP);
	bpf_set_retval(-err);
	return 0;
}

SEC("cgroup/connect4")
int fail_connect4(struct bpf_sock_addr *ctx)
{
	return sock_fail(ctx, SCT_X86_64_NR_connect, SOCK_LEN_ARG_CONNECT, false);
}

SEC("cgroup/connect6")
int fail_connect6(struct bpf_sock_addr *ctx)
{
	return sock_fail(ctx, SCT_X86_64_NR_connect, SOCK_LEN_ARG_CONNECT, true);
}

SEC("cgroup/bind4")
int fail_bind4(struct bpf_sock_addr *ctx)
{
	return sock_fail(ctx, SCT_X86_64_NR_bind, SOCK_LEN_ARG_BIND, false);
}

SEC("cgroup/bind6")
int fail_bind6(struct bpf_sock_addr *ctx)
{
	return sock_fail(ctx, SCT_X86_64_NR_bind, SOCK_LEN_ARG_BIND, true);
}

SEC("cgroup/sendmsg4")
int fail_sendmsg4(struct bpf_sock_addr *ctx)
{
	return sock_fail(ctx, SCT_X86_64_NR_sendto, SOCK_LEN_ARG_SENDTO, false) &&
	       sock_fail(ctx, SCT_X86_64_NR_sendmsg, SOCK_LEN_ARG_NONE, false);
}

SEC("cgroup/sendmsg6")
int fail_sendmsg6(struct bpf_sock_addr *ctx)
{
	return sock_fail(ctx, SCT_X86_64_NR_sendto, SOCK_LEN_ARG_SENDTO, true) &&
	       sock_fail(ctx, SCT_X86_64_NR_sendmsg, SOCK_LEN_ARG_NONE, true);
}

/* --- FAIL: BPF LSM hooks (open, unlink, rmdir, rename, mkdir, exec) ----------------------------
 *
 * Where the kernel runs BPF LSM programs (CONFIG_BPF_LSM, `bpf` in its lsm= list; the loader
 * probes it with probe_lsm), the loader loads the hooks a FAIL rule needs (compile.ts, LSM_FAIL)
 * and attaches them; they run for every process. A hook runs inside the call, once the kernel has
 * copied the path and found the file, before it acts: the call's number and arguments are the
 * task's saved user registers (bpf_task_pt_regs), so the filter sees what sys_enter would, and
 * the strings it reads are in memory (the kernel has just copied them). The FAIL rules of that
 * syscall run when its "sys" entry names this hook (lsm_hooks); a match denies the call with the
 * rule's errno and sends the event as sock_fail does. What never reaches the hook is not denied:
 * a call that fails before it (ENOENT), an O_PATH open (no file_open), io_uring's own opens (its
 * workers' registers are not a syscall's).
 */
static __always_inline int lsm_fail(enum sct_watch_lsm_hook hook, int ret)
{
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	struct rule_verdict *v;
	struct sct_watch_sys *s;
	__u64 args[6];
	__u32 epoch;
	long nr;
	int err;

	if (ret)
		return ret; /* denied already (an earlier BPF LSM program) */
	if (!regs)
		return 0;
	nr = regs->orig_ax;
	s = enter_sys(nr, &epoch);
	if (!s || !(s->lsm_hooks & (1u << hook)))
		return 0;
	/* x86_64 syscall argument registers, in order (as raw_enter). */
	args[0] = regs->di;
	args[1] = regs->si;
	args[2] = regs->dx;
	args[3] = regs->r10;
	args[4] = regs->r8;
	args[5] = regs->r9;
	v = run_rules(s->rules, epoch, PHASE_FAIL, args, SCRATCH_LSM);
	if (!v || !v->matched)
		return 0;
	err = v->err > 0 && v->err <= 4095 ? v->err : 1; /* EPERM */
	send(s->str_arg, args, nr, epoch, v->matched, -err, true, 0, v->paths, SCRATCH_LSM);
	return -err;
}

SEC("lsm/file_open")
int BPF_PROG(lsm_file_open, struct file *file, int ret)
{
	return lsm_fail(SCT_WATCH_LSM_FILE_OPEN, ret);
}

SEC("lsm/path_unlink")
int BPF_PROG(lsm_path_unlink, const struct path *dir, struct dentry *dentry, int ret)
{
	return lsm_fail(SCT_WATCH_LSM_PATH_UNLINK, ret);
}

SEC("lsm/path_rmdir")
int BPF_PROG(lsm_path_rmdir, const struct path *dir, struct dentry *dentry, int ret)
{
	return lsm_fail(SCT_WATCH_LSM_PATH_RMDIR, ret);
}

/* The flags argument since 5.19 (one call for RENAME_EXCHANGE); the kernels BPF LSM FAIL is for
 * (the VM's 6.1 and later) have it. */
SEC("lsm/path_rename")
int BPF_PROG(lsm_path_rename, const struct path *old_dir, struct dentry *old_dentry,
	     const struct path *new_dir, struct dentry *new_dentry, unsigned int flags, int ret)
{
	return lsm_fail(SCT_WATCH_LSM_PATH_RENAME, ret);
}

SEC("lsm/path_mkdir")
int BPF_PROG(lsm_path_mkdir, const struct path *dir, struct dentry *dentry, umode_t mode, int ret)
{
	return lsm_fail(SCT_WATCH_LSM_PATH_MKDIR, ret);
}

/* Before the point of no return: the caller's memory (the filename the filter reads) is still its
 * own. Runs again for a script's interpreter; the first denial ends the exec. */
SEC("lsm/bprm_check_security")
int BPF_PROG(lsm_bprm_check_security, struct linux_binprm *bprm, int ret)
{
	return lsm_fail(SCT_WATCH_LSM_BPRM_CHECK, ret);
}

/* The loader's probe (Watcher::probe_lsm), loaded alone: some kernels refuse BPF LSM programs
 * (EPERM: this project's host), others load and attach them but never call them (`bpf` not in
 * the lsm= list). It counts the file opens it sees; the loader opens a file, then reads this. */
__u64 lsm_probe_calls = 0;

SEC("lsm/file_open")
int BPF_PROG(probe_lsm, struct file *file, int ret)
{
	__sync_fetch_and_add(&lsm_probe_calls, 1);
	return ret;
}
