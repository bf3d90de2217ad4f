/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared between the module's files: rule sets, filter programs, events, hooks. */
#ifndef SCT_INTERNAL_H
#define SCT_INTERNAL_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/srcu.h>
#include <linux/ptrace.h>
#include "sct/uapi.h"
#include "sct/prog.h"

#define SCT_NR_MAX 512 /* x86_64 syscall numbers are below this (sct/tables.h: 0..461) */

/* A verified filter program (sct_prog.c). Immutable after load. */
struct sct_kprog {
	u32 len;
	u16 n_insns;
	u16 n_consts;
	bool reads_str;          /* has STR_LOAD: the evaluation needs a string buffer */
	const struct sct_insn *insns;
	u32 *const_off;          /* pool entry i at blob + const_off[i] (sct_prog_check's) */
	u8 blob[];
};

struct sct_krule {
	u32 id;
	u16 nr;
	u8 phase;
	u8 action;
	u32 flags;
	s64 value;
	u8 alter_arg;
	u32 str_len;
	char *str;                 /* ALTER_MEM payload, str_len bytes, NUL-terminated */
	struct sct_kprog *prog;    /* NULL: every call */
	u64 when_first, when_last, when_step, max_count;
	/* Counters: atomics, bumped on the syscall path by any CPU; final once the rule set is
	 * retired and synchronize_srcu() has returned. */
	atomic64_t matched;
	atomic64_t acted;
};

/*
 * A loaded rule set. Published with rcu_assign_pointer() under sct_ctl_mutex and read on the
 * syscall path under SRCU (srcu_read_lock: the filters copy user memory, which may fault and
 * sleep, so plain RCU readers would be illegal); replaced whole, freed after synchronize_srcu().
 */
struct sct_ruleset {
	u64 generation;
	struct sct_scope scope;
	u32 n;
	struct sct_krule *rules;      /* sorted by (nr, load order) */
	u16 first[SCT_NR_MAX + 1];    /* rules of nr: rules[first[nr] .. first[nr+1]) */
	DECLARE_BITMAP(nrs, SCT_NR_MAX);
};

extern struct srcu_struct sct_srcu;
extern struct sct_ruleset __rcu *sct_rules;

/* sct_prog.c */
int sct_prog_load(const void *blob, u32 len, struct sct_kprog **out);
struct sct_eval_ctx {
	const unsigned long *args; /* the six syscall arguments */
	char *buf;                 /* SCT_PROG_MAX_STR + 1 bytes when the program reads strings */
};
void sct_prog_free(struct sct_kprog *p);
bool sct_prog_eval(const struct sct_kprog *p, struct sct_eval_ctx *ctx);
int sct_read_exe(char *buf, int size, const char **out);

/* sct_events.c */
int sct_events_init(void);
void sct_events_exit(void);
void sct_event_emit(const struct sct_krule *r, u64 generation, const unsigned long *args, s64 retval, bool has_ret);
ssize_t sct_events_read(char __user *ubuf, size_t len, bool nonblock);
__poll_t sct_events_poll(struct file *f, struct poll_table_struct *pt);
void sct_events_stats(u64 *total, u64 *dropped);

/* sct_hook.c */
int sct_hook_init(void);
void sct_hook_exit(void);
int sct_hook_update(const unsigned long *want); /* under sct_ctl_mutex */
u32 sct_hook_count(void);
bool sct_nr_hookable(unsigned int nr);
int sct_resume(pid_t tid);
u32 sct_suspended_count(void);
int sct_str_arg_of(unsigned int nr);
extern const char sct_coverage[];

#endif
