/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which matches of a rule act: the trigger arithmetic, one definition for the kernel module
 * (kernel/sct_hook.c, trigger_ok) and the addon's supervisor (native/src/rules.cc, RuleSet::fire).
 * The counters stay with each consumer (atomics in the module; per-scope maps under a mutex in the
 * supervisor); this header only decides, from a counter's value and the trigger's fields.
 * Plain C, freestanding, no libc.
 *
 *   n:     the number of this match, counted from 1 (in the trigger's scope: the rule, a process
 *          or a thread, as the consumer keeps it);
 *   first: the first match that may act (0 is read as 1);
 *   last:  the last one that may act (0: no bound);
 *   step:  every step-th match from first (0 is read as 1);
 *   max:   at most this many actions in all (0: no limit), against `acted` so far.
 */
#ifndef SCT_TRIGGER_H
#define SCT_TRIGGER_H

#include <linux/types.h>
#if !defined(__KERNEL__) && !defined(__cplusplus)
#include <stdbool.h>
#endif

/* Whether match number n falls on the trigger's first..last, every step-th window. */
static inline bool sct_trigger_window(__u64 n, __u64 first, __u64 last, __u64 step)
{
	if (!first)
		first = 1;
	if (!step)
		step = 1;
	if (n < first || (last && n > last))
		return false;
	return step == 1 || (n - first) % step == 0;
}

/* Whether one more action fits under max, `acted` having acted already. */
static inline bool sct_trigger_below_max(__u64 acted, __u64 max)
{
	return !max || acted < max;
}

#endif /* SCT_TRIGGER_H */
