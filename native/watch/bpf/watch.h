/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What watch.bpf.c and its loaders share (the libbpf-tools triple: x.bpf.c, x.c, x.h): the event
 * sent through the ring buffer, the counters, the per-syscall configuration. No includes: the BPF
 * side sees vmlinux.h's types, the loader <linux/types.h>.
 */
#ifndef SCT_WATCH_H
#define SCT_WATCH_H

#define SCT_WATCH_COMM_LEN 16
#define SCT_WATCH_PATH_LEN 256   /* bytes of one string argument, NUL included */
#define SCT_WATCH_MAX_NR 512     /* syscall numbers the config array covers (x86_64 has < 470) */
#define SCT_WATCH_NO_STR 0xff    /* struct sct_watch_sys.str_arg: no string argument to read */

/* One entry of the "sys" array map, indexed by syscall number: whether to trace it, and which
 * argument is a path to read at sys_exit. Zeroed entries: not traced. */
struct sct_watch_sys {
	__u8 traced;
	__u8 str_arg;
	__u8 has_filter; /* run the filter program (map "filter") on the string argument */
	__u8 reserved;
};

/* Indexes of the per-CPU "stats" array map. */
enum sct_watch_stat {
	SCT_WATCH_STAT_EVENTS = 0,   /* events sent */
	SCT_WATCH_STAT_DROPS,        /* ring buffer full: event lost */
	SCT_WATCH_STAT_STR_FAIL,     /* bpf_probe_read_user_str failed at sys_exit */
	SCT_WATCH_STAT_NO_ENTER,     /* sys_exit without a recorded sys_enter (attached mid-call) */
	SCT_WATCH_STAT_FILTERED,     /* the filter program said no */
	SCT_WATCH_STAT_N,
};

struct sct_watch_event {
	__u64 cgroup_id;
	__s64 ret;
	__u64 args[6];
	__u32 pid;  /* thread id */
	__u32 tgid; /* process id */
	__u32 ppid; /* real_parent's tgid */
	__u32 uid;
	__u32 nr;
	__s32 str_len; /* bytes read including NUL; negative errno when the read failed; 0: none */
	char comm[SCT_WATCH_COMM_LEN];
	char str[SCT_WATCH_PATH_LEN];
};

#endif /* SCT_WATCH_H */
