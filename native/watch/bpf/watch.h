/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What watch.bpf.c and its loader (the sct_watch addon) share: the maps' keys and values, the
 * event sent through the ring buffer, the counters. No includes: the BPF side sees vmlinux.h's
 * types, the loader <linux/types.h>. Limits and enums of the filter bytecode come from
 * include/sct/abi.h.
 *
 * Rule sets are double-buffered so that a reload (SIGHUP) replaces them atomically. "active" holds
 * the epoch of the live rule set, a counter the loader bumps at each reload; its generation, the
 * half of "sys", "rules" and "progs" it lives in (key = gen * N + index), is epoch & 1. A call reads
 * "active" once at sys_enter and keeps that epoch until its sys_exit. To write epoch E into
 * generation g = E & 1, the loader first sets gen_epoch[g] = E (calls still in flight with the
 * epoch g held before now find it changed at their sys_exit: counted as stale, not evaluated
 * against rules they did not enter with), waits for a grace period (membarrier
 * MEMBARRIER_CMD_GLOBAL is synchronize_rcu, and BPF tracing and cgroup programs run under
 * rcu_read_lock: any program that read the old epoch has returned), reads that generation's
 * rule_hits (final now), writes the generation, then sets "active" to E.
 */
#ifndef SCT_WATCH_H
#define SCT_WATCH_H

#define SCT_WATCH_COMM_LEN 16
#define SCT_WATCH_PATH_LEN 256   /* bytes of the string argument copied into an event, NUL included */
#define SCT_WATCH_MAX_NR 512     /* syscall numbers the config array covers (x86_64 has < 470) */
#define SCT_WATCH_MAX_RULES 64   /* rules per generation: struct sct_watch_sys.rules is a bitmask */
#define SCT_WATCH_PROG_MAX 16384 /* bytes of one filter program blob (include/sct/prog.h) */
#define SCT_WATCH_NO_STR 0xff    /* struct sct_watch_sys.str_arg: no string argument to read */
#define SCT_WATCH_PROC_PATH_MAX 4096 /* bytes of exe or cwd an event carries: the dentry walk's bound */

/* struct sct_watch_rule.proc_paths: the process paths a rule's events carry (its LOG format names
 * %exe or %cwd, or --json). Walked only for events of rules that ask. */
enum sct_watch_proc_path {
	SCT_WATCH_PROC_EXE = 1, /* task->mm->exe_file */
	SCT_WATCH_PROC_CWD = 2, /* task->fs->pwd */
};

/* "sys": array of 2 * SCT_WATCH_MAX_NR, key gen * SCT_WATCH_MAX_NR + syscall number. */
struct sct_watch_sys {
	__u64 rules;    /* bitmask of the rule indexes that name this syscall; 0: not traced */
	__u8 str_arg;   /* argument (0..5) whose string goes into the event, or SCT_WATCH_NO_STR */
	__u8 lsm_hooks; /* bitmask of enum sct_watch_lsm_hook: the BPF LSM hooks that run this syscall's FAIL rules */
	__u8 reserved[6];
};

/* FAIL through BPF LSM: a program per hook (lsm_<hook> in watch.bpf.c), loaded only when a FAIL
 * rule needs it. Which syscalls each hook answers for is the loader's table
 * (harness/src/watch/compile.ts, LSM_FAIL), written into struct sct_watch_sys.lsm_hooks: a hook
 * the kernel also passes for another call (openat with O_CREAT passes path_mknod, execve
 * file_open) acts only for the syscalls named there. */
enum sct_watch_lsm_hook {
	SCT_WATCH_LSM_FILE_OPEN = 0,
	SCT_WATCH_LSM_PATH_UNLINK = 1,
	SCT_WATCH_LSM_PATH_RMDIR = 2,
	SCT_WATCH_LSM_PATH_RENAME = 3,
	SCT_WATCH_LSM_PATH_MKDIR = 4,
	SCT_WATCH_LSM_BPRM_CHECK = 5,
	SCT_WATCH_LSM_N,
};

enum sct_watch_action {
	SCT_WATCH_ACT_LOG = 0,     /* an event */
	SCT_WATCH_ACT_KILL = 1,    /* bpf_send_signal(signal) + an event */
	SCT_WATCH_ACT_SUSPEND = 2, /* bpf_send_signal(SIGSTOP) + an event; user space resumes */
	SCT_WATCH_ACT_FAIL = 3,    /* cgroup socket hooks (connect/bind/sendmsg): bpf_set_retval(-err); BPF LSM hooks: return -err */
};

/* "rules": array of 2 * SCT_WATCH_MAX_RULES, key gen * SCT_WATCH_MAX_RULES + rule index. */
struct sct_watch_rule {
	__u32 action;   /* enum sct_watch_action */
	__s32 signal;   /* KILL: the signal */
	__s32 err;      /* FAIL: the errno (positive) */
	__u8 at_enter;  /* 1: evaluated at sys_enter (a "before" rule that acts: KILL/SUSPEND); 0: at sys_exit */
	__u8 has_prog;  /* 1: "progs" holds its filter; 0: no filter (matches) */
	__u8 proc_paths; /* enum sct_watch_proc_path bits: what its events carry after the event */
	__u8 reserved;
};

/* "progs": array of 2 * SCT_WATCH_MAX_RULES, same key as "rules": the filter program blob, as
 * the harness encodes it for the addon and the module, checked by sct_prog_check() in user space
 * before it is written. */
struct sct_watch_prog {
	__u32 len;
	__u32 reserved;
	__u8 blob[SCT_WATCH_PROG_MAX];
};

/* Read-only globals (.rodata, set before load): watch_tree_pid (0: every process; else only the
 * tree under that tgid, walked up real_parent in the kernel), watch_comm[16] (empty: any). */

/* Indexes of the per-CPU "stats" array map. */
enum sct_watch_stat {
	SCT_WATCH_STAT_EVENTS = 0,   /* events sent */
	SCT_WATCH_STAT_DROPS,        /* ring buffer full: event lost */
	SCT_WATCH_STAT_STR_FAIL,     /* a string read (bpf_probe_read_user_str) failed */
	SCT_WATCH_STAT_NO_ENTER,     /* sys_exit without a recorded sys_enter (attached mid-call) */
	SCT_WATCH_STAT_FILTERED,     /* a traced call that no rule's filter matched */
	SCT_WATCH_STAT_STALE,        /* sys_exit of a call whose generation was rewritten since its
					sys_enter (a reload, two after the one it entered under) */
	SCT_WATCH_STAT_N,
};

/* Per-CPU "rule_hits": array of 2 * SCT_WATCH_MAX_RULES __u64, same key as "rules": calls each
 * rule matched (whether or not the event made it into the ring buffer).
 * "gen_epoch": array of 2 __u32, the epoch each generation holds (see above). */

struct sct_watch_event {
	__u64 cgroup_id;
	__s64 ret;      /* sys_exit: the return value; at_enter events: 0 */
	__u64 args[6];
	__u64 rules;    /* bitmask of the rules that matched this call (of generation gen) */
	__u64 ktime_ns; /* bpf_ktime_get_ns() at the event */
	__u32 pid;      /* thread id */
	__u32 tgid;     /* process id */
	__u32 ppid;     /* real_parent's tgid, read at the call */
	__u32 uid;
	__u32 nr;
	__s32 str_len;  /* bytes read including NUL; negative errno when the read failed; 0: none */
	__u32 epoch;    /* the rules' epoch (generation epoch & 1) */
	__u8 at_enter;  /* 1: sent at sys_enter (ret meaningless) */
	__u8 proc_paths; /* enum sct_watch_proc_path bits: a struct sct_watch_paths follows */
	__u16 size;     /* bytes of this record: sizeof(struct sct_watch_event), or more with paths */
	char comm[SCT_WATCH_COMM_LEN];
	char str[SCT_WATCH_PATH_LEN];
};

/* After the event when proc_paths != 0: the lengths, then exe_len bytes of exe and cwd_len bytes
 * of cwd (no NULs), zero-padded to a multiple of 8 (size). A path longer than the walk's bound
 * (SCT_WATCH_PROC_PATH_MAX bytes or SCT_PATH_DEPTH components) keeps its last whole components
 * and is marked truncated, never cut silently. */
struct sct_watch_paths {
	__s32 exe_len;   /* -1: not read (no mm: a kernel thread; a fault in the walk) */
	__s32 cwd_len;
	__u8 exe_trunc;  /* 1: exe is the path's tail only */
	__u8 cwd_trunc;
	__u8 reserved[6];
};

#endif /* SCT_WATCH_H */
