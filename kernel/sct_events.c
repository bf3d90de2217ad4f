// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Events: one ring of fixed-size struct sct_event per CPU, so that writers on different CPUs
 * never share a lock. A writer fills its record outside any lock (it may fault reading user
 * memory), then copies it into the ring of the CPU it runs on; a full ring drops the event and
 * counts it. read() drains every CPU's ring in turn (order within a CPU; seq gives the global one).
 */
#include <linux/slab.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/cred.h>
#include <linux/uaccess.h>
#include <linux/timekeeping.h>
#include "sct_internal.h"

#define SCT_RING_SLOTS 128 /* per CPU */

struct sct_ring {
	spinlock_t lock; /* protects head, tail and slots of this CPU's ring (writer on this CPU, reader) */
	u32 head, tail;  /* free-running: count = head - tail */
	struct sct_event *slots;
};

static struct sct_ring __percpu *rings;
static atomic64_t ev_seq = ATOMIC64_INIT(0);     /* events written (seq source) */
static atomic64_t ev_dropped = ATOMIC64_INIT(0); /* events lost to full rings */
static DECLARE_WAIT_QUEUE_HEAD(ev_wq);           /* readers waiting for events */

int sct_events_init(void)
{
	int cpu;

	rings = alloc_percpu(struct sct_ring);
	if (!rings)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct sct_ring *r = per_cpu_ptr(rings, cpu);

		spin_lock_init(&r->lock);
		r->slots = kvcalloc(SCT_RING_SLOTS, sizeof(struct sct_event), GFP_KERNEL);
		if (!r->slots) {
			sct_events_exit();
			return -ENOMEM;
		}
	}
	return 0;
}

void sct_events_exit(void)
{
	int cpu;

	if (!rings)
		return;
	for_each_possible_cpu(cpu)
		kvfree(per_cpu_ptr(rings, cpu)->slots);
	free_percpu(rings);
	rings = NULL;
}

void sct_events_stats(u64 *total, u64 *dropped)
{
	*total = atomic64_read(&ev_seq);
	*dropped = atomic64_read(&ev_dropped);
}

void sct_event_emit(const struct sct_krule *r, u64 generation, const unsigned long *args, s64 retval, bool has_ret)
{
	struct sct_event *ev;
	struct sct_ring *ring;
	unsigned long flags;
	char *tmp;
	int i, sa;

	ev = kzalloc(sizeof(*ev), GFP_KERNEL);
	if (!ev) {
		atomic64_inc(&ev_dropped);
		return;
	}
	ev->size = sizeof(*ev);
	ev->ts_ns = ktime_get_real_ns();
	ev->generation = generation;
	ev->pid = task_tgid_nr(current);
	ev->tid = task_pid_nr(current);
	ev->ppid = task_ppid_nr(current);
	ev->uid = from_kuid(&init_user_ns, current_uid());
	ev->rule_id = r->id;
	ev->nr = r->nr;
	ev->phase = r->phase;
	ev->action = r->action;
	for (i = 0; i < 6; i++)
		ev->args[i] = args[i];
	if (has_ret) {
		ev->retval = retval;
		ev->flags |= SCT_EV_F_RETVAL;
	}
	get_task_comm(ev->comm, current);
	tmp = kmalloc(PATH_MAX, GFP_KERNEL);
	if (tmp) {
		const char *s;
		int n = sct_read_exe(tmp, PATH_MAX, &s);

		if (n >= 0)
			strscpy(ev->exe, n < SCT_EXE_LEN ? s : s + n - (SCT_EXE_LEN - 1), SCT_EXE_LEN);
		kfree(tmp);
	}
	sa = sct_str_arg_of(r->nr);
	if (sa >= 0 && args[sa]) {
		long n = strncpy_from_user(ev->str, (const char __user *)args[sa], SCT_STR_LEN);

		if (n >= 0) {
			ev->flags |= SCT_EV_F_STR;
			ev->str_arg = sa;
			if (n >= SCT_STR_LEN) {
				ev->str[SCT_STR_LEN - 1] = 0;
				ev->flags |= SCT_EV_F_STR_TRUNC;
			}
		} else {
			ev->str[0] = 0;
		}
	}

	ring = get_cpu_ptr(rings);
	spin_lock_irqsave(&ring->lock, flags);
	if (ring->head - ring->tail >= SCT_RING_SLOTS) {
		spin_unlock_irqrestore(&ring->lock, flags);
		put_cpu_ptr(rings);
		atomic64_inc(&ev_dropped);
		kfree(ev);
		return;
	}
	ev->seq = atomic64_inc_return(&ev_seq);
	ring->slots[ring->head % SCT_RING_SLOTS] = *ev;
	ring->head++;
	spin_unlock_irqrestore(&ring->lock, flags);
	put_cpu_ptr(rings);
	kfree(ev);
	if (wq_has_sleeper(&ev_wq))
		wake_up_interruptible(&ev_wq);
}

static bool events_pending(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct sct_ring *r = per_cpu_ptr(rings, cpu);

		if (READ_ONCE(r->head) != READ_ONCE(r->tail))
			return true;
	}
	return false;
}

ssize_t sct_events_read(char __user *ubuf, size_t len, bool nonblock)
{
	struct sct_event *ev;
	size_t done = 0;
	int cpu, err = 0;

	if (len < sizeof(struct sct_event))
		return -EINVAL;
	if (!events_pending()) {
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(ev_wq, events_pending()))
			return -ERESTARTSYS;
	}
	ev = kmalloc(sizeof(*ev), GFP_KERNEL);
	if (!ev)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct sct_ring *r = per_cpu_ptr(rings, cpu);

		while (len - done >= sizeof(*ev)) {
			unsigned long flags;
			bool got = false;

			spin_lock_irqsave(&r->lock, flags);
			if (r->head != r->tail) {
				*ev = r->slots[r->tail % SCT_RING_SLOTS];
				r->tail++;
				got = true;
			}
			spin_unlock_irqrestore(&r->lock, flags);
			if (!got)
				break;
			if (copy_to_user(ubuf + done, ev, sizeof(*ev))) {
				err = -EFAULT;
				goto out;
			}
			done += sizeof(*ev);
		}
	}
out:
	kfree(ev);
	return done ? done : err;
}

__poll_t sct_events_poll(struct file *f, struct poll_table_struct *pt)
{
	poll_wait(f, &ev_wq, pt);
	return events_pending() ? EPOLLIN | EPOLLRDNORM : 0;
}
