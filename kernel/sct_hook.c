// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Syscall hooks through ftrace, without touching the syscall table.
 *
 * One ftrace_ops with SAVE_REGS|IPMODIFY filters on the __x64_sys_* entry points that some rule
 * names. Its callback (sct_thunk) runs at the entry's fentry site with preemption disabled; it
 * takes an in-flight reference, stores the traced ip in %rsi (not an argument of the one-argument
 * __x64_sys_* functions) and sets the saved ip to sct_wrapper, so that the entry "returns" into
 * our wrapper with the user's pt_regs in %rdi. The wrapper runs in process context (it may sleep:
 * DELAY, SUSPEND, user-memory reads and writes), calls the original entry point (the thunk sees
 * the call come from this module and lets it through) and drops the reference.
 *
 * Not covered: 32-bit calls (int 0x80 / __ia32_sys_*) and x32 calls (they reach __x64_sys_* with
 * __X32_SYSCALL_BIT in orig_ax and pass through untouched); exit and exit_group (never return).
 */
#include <linux/module.h>
#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/percpu-refcount.h>
#include <linux/completion.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/cred.h>
#include <linux/cgroup.h>
#include <linux/delay.h>
#include <linux/wait.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include "sct_internal.h"
#include "sct/trigger.h"
#include "sct/tables.h"

const char sct_coverage[] = "x86_64 syscalls (__x64_sys_*); not covered: 32-bit int 0x80 (__ia32_sys_*), x32, exit, exit_group";

typedef long (*sct_syscall_fn)(const struct pt_regs *);

/* Filled once at init, read-only afterwards. */
static unsigned long sct_func[SCT_NR_MAX];                     /* __x64_sys_<name>, 0: none */
static const struct sct_syscall_info *sct_info[SCT_NR_MAX];
static bool sct_hookable[SCT_NR_MAX];

/* Protected by sct_ctl_mutex (sct_main.c): which entry points the ops filters, and whether the
 * ops is registered (an ops with an empty filter would trace every function: never registered so). */
static DECLARE_BITMAP(sct_hooked, SCT_NR_MAX);
static bool sct_ops_registered;

/* Threads between the thunk and the end of the wrapper. Killed and drained at module exit. */
static struct percpu_ref sct_inflight;
static DECLARE_COMPLETION(sct_inflight_done);

/* Set once at module exit, under sct_waiters_lock: delays and suspensions end at once. */
static bool sct_dying;
static DECLARE_WAIT_QUEUE_HEAD(sct_dying_wq);

struct sct_waiter {
	struct list_head node;
	pid_t tid;
	bool released;
};
/* Protects sct_waiters and every listed waiter's released flag. Taken only by SUSPEND and RESUME. */
static DEFINE_SPINLOCK(sct_waiters_lock);
static LIST_HEAD(sct_waiters);
static DECLARE_WAIT_QUEUE_HEAD(sct_susp_wq);

static long sct_wrapper(const struct pt_regs *uregs, unsigned long ip);


static void notrace sct_thunk(unsigned long ip, unsigned long parent_ip, struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	struct pt_regs *regs = ftrace_get_regs(fregs);

	/* Our own call of the original entry point: let it run. */
	if (!regs || within_module(parent_ip, THIS_MODULE))
		return;
	if (!percpu_ref_tryget_live(&sct_inflight))
		return;
	regs->si = ip;
	regs->ip = (unsigned long)sct_wrapper;
}

static struct ftrace_ops sct_ops = {
	.func = sct_thunk,
	.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_RECURSION | FTRACE_OPS_FL_IPMODIFY,
};

int sct_str_arg_of(unsigned int nr)
{
	const struct sct_syscall_info *in;
	int i;

	if (nr >= SCT_NR_MAX || !sct_info[nr])
		return -1;
	in = sct_info[nr];
	for (i = 0; i < in->nargs && i < SCT_MAX_ARGS; i++)
		if (in->args[i].type == SCT_ARG_PATH || in->args[i].type == SCT_ARG_STRING)
			return i;
	return -1;
}

bool sct_nr_hookable(unsigned int nr)
{
	return nr < SCT_NR_MAX && sct_hookable[nr];
}

u32 sct_hook_count(void)
{
	return bitmap_weight(sct_hooked, SCT_NR_MAX);
}

/* ------------------------------------------------------------------------------------------ */

static void set_arg(struct pt_regs *r, unsigned int i, unsigned long v)
{
	switch (i) {
	case 0: r->di = v; break;
	case 1: r->si = v; break;
	case 2: r->dx = v; break;
	case 3: r->r10 = v; break;
	case 4: r->r8 = v; break;
	case 5: r->r9 = v; break;
	}
}

static bool scope_ok(const struct sct_scope *s)
{
	bool ok = true;

	if (s->uid != SCT_ANY_UID && from_kuid(&init_user_ns, current_uid()) != s->uid)
		return false;
	if (s->comm[0]) {
		char comm[TASK_COMM_LEN];

		get_task_comm(comm, current);
		if (strncmp(comm, s->comm, SCT_COMM_LEN))
			return false;
	}
	if (s->pid > 0) {
		struct task_struct *t;

		ok = false;
		rcu_read_lock();
		for (t = current; t->pid != 0; t = rcu_dereference(t->real_parent)) {
			if (t->tgid == s->pid) {
				ok = true;
				break;
			}
		}
		rcu_read_unlock();
		if (!ok)
			return false;
	}
#ifdef CONFIG_CGROUPS
	if (s->cgroup_id) {
		struct cgroup *cg;

		ok = false;
		rcu_read_lock();
		for (cg = task_dfl_cgroup(current); cg; cg = cgroup_parent(cg)) {
			if (cgroup_id(cg) == s->cgroup_id) {
				ok = true;
				break;
			}
		}
		rcu_read_unlock();
	}
#endif
	return ok;
}

/* Whether match n of r acts (include/sct/trigger.h decides); counts the action. max is checked
 * and counted in one atomic step, so racing CPUs cannot act more than max times together. */
static bool trigger_ok(struct sct_krule *r, u64 n)
{
	if (!sct_trigger_window(n, r->when_first, r->when_last, r->when_step))
		return false;
	if (r->max_count)
		return atomic64_add_unless(&r->acted, 1, r->max_count);
	atomic64_inc(&r->acted);
	return true;
}

/* Sleeps us microseconds; a fatal signal or module exit ends it early. */
static void sct_delay(s64 us)
{
	if (us <= 0)
		return;
	if (us < 10000) {
		usleep_range(us, us + us / 8 + 20);
		return;
	}
	wait_event_killable_timeout(sct_dying_wq, READ_ONCE(sct_dying), usecs_to_jiffies(us));
}

/* The calling thread waits here (killable); the rest of its process is stopped with SIGSTOP. */
static void sct_suspend(s64 us)
{
	struct sct_waiter w = { .tid = task_pid_nr(current) };
	long timeout = us > 0 ? usecs_to_jiffies(us) : MAX_SCHEDULE_TIMEOUT;

	spin_lock(&sct_waiters_lock);
	if (sct_dying) {
		spin_unlock(&sct_waiters_lock);
		return;
	}
	list_add_tail(&w.node, &sct_waiters);
	spin_unlock(&sct_waiters_lock);

	kill_pid(task_tgid(current), SIGSTOP, 1);
	wait_event_killable_timeout(sct_susp_wq, READ_ONCE(w.released), timeout);

	spin_lock(&sct_waiters_lock);
	list_del(&w.node);
	spin_unlock(&sct_waiters_lock);
	/* SIGCONT also discards the SIGSTOP still pending on this thread. */
	kill_pid(task_tgid(current), SIGCONT, 1);
}

int sct_resume(pid_t tid)
{
	struct sct_waiter *w;
	int n = 0;

	spin_lock(&sct_waiters_lock);
	list_for_each_entry(w, &sct_waiters, node) {
		if ((tid == 0 || w->tid == tid) && !w->released) {
			WRITE_ONCE(w->released, true);
			n++;
		}
	}
	spin_unlock(&sct_waiters_lock);
	if (n)
		wake_up_all(&sct_susp_wq);
	return n;
}

u32 sct_suspended_count(void)
{
	struct sct_waiter *w;
	u32 n = 0;

	spin_lock(&sct_waiters_lock);
	list_for_each_entry(w, &sct_waiters, node)
		n += !w->released;
	spin_unlock(&sct_waiters_lock);
	return n;
}

/* What the before rules decided; applied once the rule set is no longer referenced. */
struct sct_decision {
	bool skip;        /* do not run the call */
	long ret;         /* its result when skipped */
	s64 delay_us;
	bool suspend;
	s64 suspend_us;
	bool copy;        /* kregs holds altered arguments */
	unsigned long stack_used; /* bytes of the user stack taken by ALTER_MEM copies */
};

/* Evaluates one phase's rules for nr. Under srcu_read_lock. */
static void run_rules(const struct sct_ruleset *rs, unsigned int nr, u8 phase, unsigned long *args,
		      struct pt_regs *kregs, const struct pt_regs *uregs, struct sct_decision *d,
		      char **buf, long *retval)
{
	struct sct_eval_ctx ctx = { .args = args };
	u32 i;

	for (i = rs->first[nr]; i < rs->first[nr + 1]; i++) {
		struct sct_krule *r = &rs->rules[i];
		bool event = r->flags & SCT_RULE_F_EVENT;

		if (r->phase != phase)
			continue;
		if (r->prog && r->prog->reads_str && !*buf)
			*buf = kmalloc(SCT_PROG_MAX_STR + 1, GFP_KERNEL);
		ctx.buf = *buf;
		if (!sct_prog_eval(r->prog, &ctx))
			continue;
		if (!trigger_ok(r, atomic64_inc_return(&r->matched)))
			continue;
		switch (r->action) {
		case SCT_ACT_LOG:
			event = true;
			break;
		case SCT_ACT_FAIL:
			d->skip = true;
			d->ret = -r->value;
			break;
		case SCT_ACT_RETURN:
			d->skip = true;
			d->ret = r->value;
			break;
		case SCT_ACT_DELAY:
			d->delay_us += r->value;
			break;
		case SCT_ACT_SUSPEND:
			d->suspend = true;
			d->suspend_us = r->value;
			break;
		case SCT_ACT_KILL:
			send_sig((int)r->value, current, 0);
			if (phase == SCT_PHASE_BEFORE && fatal_signal_pending(current)) {
				d->skip = true;
				d->ret = -EINTR;
			}
			break;
		case SCT_ACT_ALTER_REG:
			if (!d->copy) {
				*kregs = *uregs;
				d->copy = true;
			}
			set_arg(kregs, r->alter_arg, r->value);
			args[r->alter_arg] = r->value;
			break;
		case SCT_ACT_ALTER_MEM: {
			/* A copy below the caller's red zone on its own stack: the caller's memory is
			 * left alone and the call sees the new string through the altered register. */
			unsigned long addr;

			d->stack_used += ALIGN(r->str_len, 16);
			addr = (uregs->sp - 128 - 256 - d->stack_used) & ~15ul;
			if (copy_to_user((void __user *)addr, r->str, r->str_len))
				break;
			if (!d->copy) {
				*kregs = *uregs;
				d->copy = true;
			}
			set_arg(kregs, r->alter_arg, addr);
			args[r->alter_arg] = addr;
			break;
		}
		case SCT_ACT_ALTER_RET:
			*retval = r->value;
			break;
		}
		if (event)
			sct_event_emit(r, rs->generation, args, phase == SCT_PHASE_AFTER || d->skip ? (phase == SCT_PHASE_AFTER ? *retval : d->ret) : 0,
				       phase == SCT_PHASE_AFTER || d->skip);
		if (d->skip)
			break;
	}
}

static bool has_phase(const struct sct_ruleset *rs, unsigned int nr, u8 phase)
{
	u32 i;

	for (i = rs->first[nr]; i < rs->first[nr + 1]; i++)
		if (rs->rules[i].phase == phase)
			return true;
	return false;
}

static long sct_handle(unsigned int nr, const struct pt_regs *uregs)
{
	sct_syscall_fn orig = (sct_syscall_fn)sct_func[nr];
	unsigned long args[6] = { uregs->di, uregs->si, uregs->dx, uregs->r10, uregs->r8, uregs->r9 };
	struct sct_decision d = {};
	struct pt_regs kregs;
	const struct sct_ruleset *rs;
	bool after = false;
	char *buf = NULL;
	long ret = 0;
	int idx;

	idx = srcu_read_lock(&sct_srcu);
	rs = srcu_dereference(sct_rules, &sct_srcu);
	if (rs && rs->first[nr] != rs->first[nr + 1] && scope_ok(&rs->scope)) {
		run_rules(rs, nr, SCT_PHASE_BEFORE, args, &kregs, uregs, &d, &buf, &ret);
		after = has_phase(rs, nr, SCT_PHASE_AFTER);
	}
	srcu_read_unlock(&sct_srcu, idx);

	if (d.delay_us)
		sct_delay(d.delay_us);
	if (d.suspend)
		sct_suspend(d.suspend_us);
	ret = d.skip ? d.ret : orig(d.copy ? &kregs : uregs);

	if (after) {
		struct sct_decision a = {};

		idx = srcu_read_lock(&sct_srcu);
		rs = srcu_dereference(sct_rules, &sct_srcu);
		if (rs && scope_ok(&rs->scope))
			run_rules(rs, nr, SCT_PHASE_AFTER, args, &kregs, uregs, &a, &buf, &ret);
		srcu_read_unlock(&sct_srcu, idx);
		if (a.delay_us)
			sct_delay(a.delay_us);
		if (a.suspend)
			sct_suspend(a.suspend_us);
	}
	kfree(buf);
	return ret;
}

/* Reached when the hooked entry was not called by the syscall dispatcher for orig_ax (x32 calls,
 * any in-kernel caller): run the function the thunk intercepted, untouched. */
static long sct_passthrough(const struct pt_regs *uregs, unsigned long ip)
{
	unsigned int nr;

	for (nr = 0; nr < SCT_NR_MAX; nr++)
		if (sct_func[nr] && ip - sct_func[nr] < 16)
			return ((sct_syscall_fn)sct_func[nr])(uregs);
	return -ENOSYS; /* unreachable: the ops only filters sct_func[] entries */
}

static long sct_wrapper(const struct pt_regs *uregs, unsigned long ip)
{
	unsigned long nr = uregs->orig_ax;
	long ret;

	if (nr < SCT_NR_MAX && sct_func[nr] && ip - sct_func[nr] < 16)
		ret = sct_handle(nr, uregs);
	else
		ret = sct_passthrough(uregs, ip);
	percpu_ref_put(&sct_inflight);
	return ret;
}

/* ------------------------------------------------------------------------------------------ */

/* Under sct_ctl_mutex: filter exactly the entry points of want (empty: unregister the ops). */
int sct_hook_update(const unsigned long *want)
{
	unsigned int nr;
	int err = 0;

	for_each_set_bit(nr, want, SCT_NR_MAX) {
		if (test_bit(nr, sct_hooked))
			continue;
		if (!sct_hookable[nr])
			return -EOPNOTSUPP;
		err = ftrace_set_filter_ip(&sct_ops, sct_func[nr], 0, 0);
		if (err)
			return err;
		__set_bit(nr, sct_hooked);
	}
	if (bitmap_empty(want, SCT_NR_MAX)) {
		if (sct_ops_registered) {
			unregister_ftrace_function(&sct_ops);
			sct_ops_registered = false;
		}
		for_each_set_bit(nr, sct_hooked, SCT_NR_MAX)
			ftrace_set_filter_ip(&sct_ops, sct_func[nr], 1, 0);
		bitmap_zero(sct_hooked, SCT_NR_MAX);
		return 0;
	}
	if (!sct_ops_registered) {
		err = register_ftrace_function(&sct_ops);
		if (err)
			return err;
		sct_ops_registered = true;
	}
	for_each_set_bit(nr, sct_hooked, SCT_NR_MAX) {
		if (test_bit(nr, want))
			continue;
		err = ftrace_set_filter_ip(&sct_ops, sct_func[nr], 1, 0);
		if (err)
			pr_warn_ratelimited("sct: cannot unhook syscall %u: %d\n", nr, err);
		__clear_bit(nr, sct_hooked);
	}
	return 0;
}

static void sct_inflight_release(struct percpu_ref *ref)
{
	complete(&sct_inflight_done);
}

/* One pass over the kernel's symbols: __x64_sys_<name> for every syscall of sct/tables.h. */
static int sct_symbol(void *data, const char *name, struct module *mod, unsigned long addr)
{
	unsigned int *found = data, i;

	if (mod || strncmp(name, "__x64_sys_", 10))
		return 0;
	name += 10;
	for (i = 0; i < ARRAY_SIZE(sct_x86_64_syscalls); i++) {
		const struct sct_syscall_info *in = &sct_x86_64_syscalls[i];

		if (in->nr >= 0 && in->nr < SCT_NR_MAX && in->name && !strcmp(in->name, name) && !sct_func[in->nr]) {
			sct_func[in->nr] = addr;
			(*found)++;
			break;
		}
	}
	return 0;
}

int sct_hook_init(void)
{
	/* kallsyms_on_each_symbol is not exported (kallsyms_lookup_name neither, since 5.7): a
	 * kprobe resolves its address. One pass over the symbols instead of one linear
	 * kallsyms_lookup_name scan per syscall (6.1 has no sorted lookup; seconds under emulation). */
	struct kprobe kp = { .symbol_name = "kallsyms_on_each_symbol" };
	int (*each)(int (*fn)(void *, const char *, struct module *, unsigned long), void *data);
	unsigned int i, found = 0;
	int err;

	err = register_kprobe(&kp);
	if (err) {
		pr_err("sct: cannot resolve kallsyms_on_each_symbol (kprobe: %d)\n", err);
		return err;
	}
	each = (void *)kp.addr;
	unregister_kprobe(&kp);
	if (!each)
		return -ENOENT;
	each(sct_symbol, &found);

	for (i = 0; i < ARRAY_SIZE(sct_x86_64_syscalls); i++) {
		const struct sct_syscall_info *in = &sct_x86_64_syscalls[i];

		if (in->nr < 0 || in->nr >= SCT_NR_MAX || !in->name)
			continue;
		sct_info[in->nr] = in;
		/* exit and exit_group never return into the wrapper: they would pin the module. */
		sct_hookable[in->nr] = sct_func[in->nr] && in->nr != SCT_X86_64_NR_exit && in->nr != SCT_X86_64_NR_exit_group;
	}
	pr_info("sct: %u x86_64 syscall entry points found\n", found);
	return percpu_ref_init(&sct_inflight, sct_inflight_release, 0, GFP_KERNEL);
}

/* Called at module exit with no rule set left. Nothing of ours runs once it returns. */
void sct_hook_exit(void)
{
	DECLARE_BITMAP(none, SCT_NR_MAX);

	bitmap_zero(none, SCT_NR_MAX);
	sct_hook_update(none); /* unregister: no thunk runs after this returns */
	spin_lock(&sct_waiters_lock);
	sct_dying = true;
	spin_unlock(&sct_waiters_lock);
	sct_resume(0);
	wake_up_all(&sct_dying_wq);
	percpu_ref_kill(&sct_inflight);
	wait_for_completion(&sct_inflight_done);
	/* The last wrappers dropped their reference a few instructions before returning, and a
	 * preemptible kernel may have preempted them there: wait until every task has passed a
	 * voluntary context switch or user mode (the same wait ftrace uses for its trampolines). */
	synchronize_rcu_tasks();
	percpu_ref_exit(&sct_inflight);
	ftrace_free_filter(&sct_ops);
}
