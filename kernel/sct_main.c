// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * syscalltrack kernel module: system-wide syscall fault injection driven from /dev/sct.
 * Control path (this file): the misc device, its versioned ioctl protocol (include/sct/uapi.h),
 * building and replacing rule sets. Syscall path: sct_hook.c. Filters: sct_prog.c. Events:
 * sct_events.c.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/capability.h>
#include <linux/mutex.h>
#include <linux/sort.h>
#include "sct_internal.h"

/* Serialises the control path: publishing sct_rules, the generation counter and the hook
 * filters (sct_hook_update). Never taken on the syscall path. */
static DEFINE_MUTEX(sct_ctl_mutex);
static u64 sct_generation; /* protected by sct_ctl_mutex */

struct srcu_struct sct_srcu;
struct sct_ruleset __rcu *sct_rules;

static char *coverage = (char *)sct_coverage;
module_param(coverage, charp, 0444);
MODULE_PARM_DESC(coverage, "which system calls the module can hook (read-only)");

static void ruleset_free(struct sct_ruleset *rs)
{
	u32 i;

	if (!rs)
		return;
	for (i = 0; i < rs->n; i++) {
		sct_prog_free(rs->rules[i].prog);
		kfree(rs->rules[i].str);
	}
	kvfree(rs->rules);
	kvfree(rs);
}

static bool zeroed(const void *p, size_t n)
{
	return !memchr_inv(p, 0, n);
}

static int check_scope(const struct sct_scope *s)
{
	if (s->flags || s->reserved || s->pid < 0)
		return -EINVAL;
	if (strnlen(s->comm, SCT_COMM_LEN) == SCT_COMM_LEN)
		return -EINVAL; /* no NUL */
	if (!zeroed(s->comm + strlen(s->comm), SCT_COMM_LEN - strlen(s->comm)))
		return -EINVAL;
	return 0;
}

/* One rule record from the LOAD buffer, checked field by field. */
static int rule_from(const struct sct_rule *u, struct sct_krule *k)
{
	u64 need = (u64)sizeof(*u) + u->prog_len + u->str_len;
	bool before = u->phase == SCT_PHASE_BEFORE;
	const u8 *payload = (const u8 *)(u + 1);
	int err;

	if (u->reserved[0] || u->reserved[1] || u->reserved[2] || u->reserved2)
		return -EINVAL;
	if (ALIGN(need, 8) != u->size)
		return -EINVAL;
	if (!zeroed(payload + u->prog_len + u->str_len, u->size - need))
		return -EINVAL; /* padding */
	if (u->phase > SCT_PHASE_AFTER || u->action >= SCT_ACT__KMOD_COUNT || (u->flags & ~SCT_RULE_F__ALL))
		return -EINVAL;
	if (u->nr >= SCT_NR_MAX)
		return -EINVAL;
	if (!sct_nr_hookable(u->nr))
		return -EOPNOTSUPP;
	if (u->str_len && u->action != SCT_ACT_ALTER_MEM)
		return -EINVAL;
	if (u->when_last && u->when_last < max_t(u64, u->when_first, 1))
		return -EINVAL;
	switch (u->action) {
	case SCT_ACT_LOG:
		break;
	case SCT_ACT_FAIL:
		if (!before || u->value < 1 || u->value > 4095)
			return -EINVAL;
		break;
	case SCT_ACT_RETURN:
		if (!before)
			return -EINVAL;
		break;
	case SCT_ACT_DELAY:
	case SCT_ACT_SUSPEND:
		if (u->value < 0 || u->value > SCT_MAX_DELAY_US || (u->action == SCT_ACT_DELAY && !u->value))
			return -EINVAL;
		break;
	case SCT_ACT_KILL:
		if (u->value < 1 || u->value >= _NSIG)
			return -EINVAL;
		break;
	case SCT_ACT_ALTER_REG:
		if (!before || u->alter_arg > 5)
			return -EINVAL;
		break;
	case SCT_ACT_ALTER_MEM:
		if (!before || u->alter_arg > 5 || u->str_len < 1 || u->str_len > SCT_MAX_ALTER_STR ||
		    payload[u->prog_len + u->str_len - 1] != 0)
			return -EINVAL;
		break;
	case SCT_ACT_ALTER_RET:
		if (before)
			return -EINVAL;
		break;
	}
	if (u->action != SCT_ACT_ALTER_REG && u->action != SCT_ACT_ALTER_MEM && u->alter_arg)
		return -EINVAL;

	k->id = u->id;
	k->nr = u->nr;
	k->phase = u->phase;
	k->action = u->action;
	k->flags = u->flags;
	k->value = u->value;
	k->alter_arg = u->alter_arg;
	k->when_first = u->when_first;
	k->when_last = u->when_last;
	k->when_step = u->when_step;
	k->max_count = u->max_count;
	atomic64_set(&k->matched, 0);
	atomic64_set(&k->acted, 0);
	if (u->prog_len) {
		err = sct_prog_load(payload, u->prog_len, &k->prog);
		if (err)
			return err;
	}
	if (u->str_len) {
		k->str = kmemdup(payload + u->prog_len, u->str_len, GFP_KERNEL);
		if (!k->str)
			return -ENOMEM;
		k->str_len = u->str_len;
	}
	return 0;
}

static struct sct_ruleset *ruleset_build(const u8 *buf, u32 len, u32 n, const struct sct_scope *scope)
{
	struct sct_ruleset *rs;
	struct sct_krule *tmp;
	u32 off = 0, i;
	DECLARE_BITMAP(placed, SCT_MAX_RULES);
	int err = 0;

	rs = kvzalloc(sizeof(*rs), GFP_KERNEL);
	tmp = kvcalloc(n ? n : 1, sizeof(*tmp), GFP_KERNEL);
	if (!rs || !tmp) {
		err = -ENOMEM;
		goto fail;
	}
	bitmap_zero(placed, SCT_MAX_RULES);
	rs->scope = *scope;
	for (i = 0; i < n; i++) {
		const struct sct_rule *u;

		if (len - off < sizeof(*u)) {
			err = -EINVAL;
			goto fail;
		}
		u = (const struct sct_rule *)(buf + off);
		if (u->size < sizeof(*u) || u->size % 8 || u->size > len - off) {
			err = -EINVAL;
			goto fail;
		}
		err = rule_from(u, &tmp[i]);
		rs->n = i + 1; /* tmp[i] may hold a program to free */
		if (err)
			goto fail;
		off += u->size;
	}
	if (off != len) {
		err = -EINVAL;
		goto fail;
	}
	/* Stable counting sort by syscall number: rules of one syscall keep their load order. */
	rs->rules = kvcalloc(n ? n : 1, sizeof(*rs->rules), GFP_KERNEL);
	if (!rs->rules) {
		err = -ENOMEM;
		goto fail;
	}
	/* first[nr + 1] counts the rules of nr, then the prefix sums make it an index. */
	for (i = 0; i < n; i++)
		rs->first[tmp[i].nr + 1]++;
	for (i = 1; i <= SCT_NR_MAX; i++)
		rs->first[i] += rs->first[i - 1];
	for (i = 0; i < n; i++) {
		/* place each rule after the ones of its nr already placed (load order kept) */
		u32 nr = tmp[i].nr, at = rs->first[nr];

		while (test_bit(at, placed))
			at++;
		__set_bit(at, placed);
		rs->rules[at] = tmp[i];
		__set_bit(nr, rs->nrs);
	}
	kvfree(tmp);
	return rs;
fail:
	if (tmp && rs) {
		for (i = 0; i < rs->n; i++) {
			sct_prog_free(tmp[i].prog);
			kfree(tmp[i].str);
		}
	}
	kvfree(tmp);
	if (rs)
		kvfree(rs->rules);
	kvfree(rs);
	return ERR_PTR(err);
}

static int copy_counters(const struct sct_ruleset *rs, u64 uptr, u32 cap)
{
	struct sct_counter c;
	u32 i;

	for (i = 0; rs && i < rs->n && i < cap; i++) {
		const struct sct_krule *r = &rs->rules[i];

		memset(&c, 0, sizeof(c));
		c.id = r->id;
		c.nr = r->nr;
		c.phase = r->phase;
		c.action = r->action;
		c.matched = atomic64_read(&r->matched);
		c.acted = atomic64_read(&r->acted);
		if (copy_to_user(u64_to_user_ptr(uptr) + i * sizeof(c), &c, sizeof(c)))
			return -EFAULT;
	}
	return 0;
}

static long do_load(struct sct_load __user *uarg, bool clear)
{
	struct sct_ruleset *old, *new = NULL;
	DECLARE_BITMAP(both, SCT_NR_MAX);
	struct sct_load l;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&l, uarg, sizeof(l)))
		return -EFAULT;
	if (l.size != sizeof(l) || l.reserved || l.generation || l.retired_generation || l.retired_n)
		return -EINVAL;
	if (l.retired_cap && !l.retired_ptr)
		return -EINVAL;
	if (clear) {
		if (l.n_rules || l.rules_len || l.rules_ptr)
			return -EINVAL;
	} else {
		u8 *buf;

		err = check_scope(&l.scope);
		if (err)
			return err;
		if (l.n_rules == 0 || l.n_rules > SCT_MAX_RULES || l.rules_len > SCT_MAX_RULESET_BYTES ||
		    l.rules_len < l.n_rules * sizeof(struct sct_rule))
			return -EINVAL;
		buf = kvmalloc(l.rules_len, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		if (copy_from_user(buf, u64_to_user_ptr(l.rules_ptr), l.rules_len)) {
			kvfree(buf);
			return -EFAULT;
		}
		new = ruleset_build(buf, l.rules_len, l.n_rules, &l.scope);
		kvfree(buf);
		if (IS_ERR(new))
			return PTR_ERR(new);
	}

	mutex_lock(&sct_ctl_mutex);
	old = rcu_dereference_protected(sct_rules, lockdep_is_held(&sct_ctl_mutex));
	bitmap_zero(both, SCT_NR_MAX);
	if (old)
		bitmap_or(both, both, old->nrs, SCT_NR_MAX);
	if (new) {
		bitmap_or(both, both, new->nrs, SCT_NR_MAX);
		/* Hook the new syscalls first (their wrappers pass calls through until the set is
		 * published), unhook the ones no longer named after it is. */
		err = sct_hook_update(both);
		if (err) {
			bitmap_zero(both, SCT_NR_MAX);
			if (old)
				bitmap_or(both, both, old->nrs, SCT_NR_MAX);
			sct_hook_update(both);
			mutex_unlock(&sct_ctl_mutex);
			ruleset_free(new);
			return err;
		}
		new->generation = ++sct_generation;
	}
	rcu_assign_pointer(sct_rules, new);
	synchronize_srcu(&sct_srcu); /* no reader sees old: its counters are final */
	bitmap_zero(both, SCT_NR_MAX);
	if (new)
		bitmap_or(both, both, new->nrs, SCT_NR_MAX);
	sct_hook_update(both);
	mutex_unlock(&sct_ctl_mutex);

	err = 0;
	if (old) {
		l.retired_generation = old->generation;
		l.retired_n = old->n;
		if (l.retired_cap)
			err = copy_counters(old, l.retired_ptr, l.retired_cap);
	}
	l.generation = new ? new->generation : 0;
	ruleset_free(old);
	if (!err && copy_to_user(uarg, &l, sizeof(l)))
		err = -EFAULT;
	return err;
}

static long do_list(struct sct_list __user *uarg)
{
	struct sct_ruleset *rs;
	struct sct_list l;
	int err = 0;

	if (copy_from_user(&l, uarg, sizeof(l)))
		return -EFAULT;
	if (l.size != sizeof(l) || l.reserved || (l.cap && !l.ptr) || l.cap > SCT_MAX_RULES)
		return -EINVAL;
	mutex_lock(&sct_ctl_mutex);
	rs = rcu_dereference_protected(sct_rules, lockdep_is_held(&sct_ctl_mutex));
	l.n = rs ? rs->n : 0;
	l.generation = rs ? rs->generation : 0;
	memset(&l.scope, 0, sizeof(l.scope));
	if (rs)
		l.scope = rs->scope;
	l.hooked = sct_hook_count();
	if (l.cap)
		err = copy_counters(rs, l.ptr, l.cap);
	mutex_unlock(&sct_ctl_mutex);
	sct_events_stats(&l.events, &l.dropped);
	l.suspended = sct_suspended_count();
	if (!err && copy_to_user(uarg, &l, sizeof(l)))
		err = -EFAULT;
	return err;
}

static long sct_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case SCT_IOC_VERSION: {
		struct sct_version v = {
			.version = SCT_UAPI_VERSION,
			.prog_version = SCT_PROG_VERSION,
			.event_size = sizeof(struct sct_event),
			.abis = SCT_ABI_X86_64,
			.max_rules = SCT_MAX_RULES,
		};

		return copy_to_user(uarg, &v, sizeof(v)) ? -EFAULT : 0;
	}
	case SCT_IOC_LOAD:
		return do_load(uarg, false);
	case SCT_IOC_CLEAR:
		return do_load(uarg, true);
	case SCT_IOC_LIST:
		return do_list(uarg);
	case SCT_IOC_RESUME: {
		struct sct_resume r;
		int n;

		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		if (copy_from_user(&r, uarg, sizeof(r)))
			return -EFAULT;
		if (r.tid < 0 || r.reserved)
			return -EINVAL;
		n = sct_resume(r.tid);
		return n ? n : -ESRCH;
	}
	}
	return -ENOTTY;
}

static ssize_t sct_read(struct file *f, char __user *buf, size_t len, loff_t *off)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return sct_events_read(buf, len, f->f_flags & O_NONBLOCK);
}

static const struct file_operations sct_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = sct_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.read = sct_read,
	.poll = sct_events_poll,
	.llseek = noop_llseek,
};

/* Anyone may open it and ask VERSION/LIST; LOAD, CLEAR, RESUME and read() need CAP_SYS_ADMIN. */
static struct miscdevice sct_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "sct",
	.fops = &sct_fops,
	.mode = 0666,
};

static int __init sct_init(void)
{
	int err;

	err = init_srcu_struct(&sct_srcu);
	if (err)
		return err;
	err = sct_events_init();
	if (err)
		goto out_srcu;
	err = sct_hook_init();
	if (err)
		goto out_events;
	err = misc_register(&sct_misc);
	if (err)
		goto out_hook;
	pr_info("sct: loaded, protocol %d, %s\n", SCT_UAPI_VERSION, sct_coverage);
	return 0;
out_hook:
	sct_hook_exit();
out_events:
	sct_events_exit();
out_srcu:
	cleanup_srcu_struct(&sct_srcu);
	return err;
}

static void __exit sct_exit(void)
{
	struct sct_ruleset *old;

	misc_deregister(&sct_misc);
	mutex_lock(&sct_ctl_mutex);
	old = rcu_dereference_protected(sct_rules, lockdep_is_held(&sct_ctl_mutex));
	RCU_INIT_POINTER(sct_rules, NULL);
	mutex_unlock(&sct_ctl_mutex);
	/* unhook, end delays and suspensions, wait for every wrapper to return */
	sct_hook_exit();
	synchronize_srcu(&sct_srcu);
	ruleset_free(old);
	sct_events_exit();
	cleanup_srcu_struct(&sct_srcu);
	pr_info("sct: unloaded\n");
}

module_init(sct_init);
module_exit(sct_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("syscalltrack: system-wide syscall fault injection through ftrace");
MODULE_AUTHOR("syscalltrack");
