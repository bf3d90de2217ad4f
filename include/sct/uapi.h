/* SPDX-License-Identifier: GPL-2.0-or-later WITH Linux-syscall-note */
/*
 * The /dev/sct protocol: the kernel module (kernel/) and its control library (native/kmod/) both
 * include this file; harness/src/kmod/protocol.ts mirrors the layouts for tests and decoding.
 *
 * Versioning: SCT_IOC_VERSION returns SCT_UAPI_VERSION; user space refuses to talk to any other.
 * Every struct starts with (or carries) its own size, checked exactly by the module: a caller built
 * against another layout gets -EINVAL, never a misread.
 *
 * All integers are native-endian (x86_64: little-endian); reserved fields must be zero.
 */
#ifndef SCT_UAPI_H
#define SCT_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Version, limits, enum sct_action, enum sct_phase, the SCT_RULE_F_*, SCT_ABI_* and SCT_EV_F_*
 * flags and the SCT_IOC_* numbers: generated from gen/data/abi.json. */
#include "abi.h"

/*
 * One rule, variable length: this header, then prog_len bytes of filter program (sct/prog.h;
 * 0: match every call), then str_len bytes (SCT_ACT_ALTER_MEM only), then zero padding so that
 * size is a multiple of 8. Rules follow each other in the LOAD buffer.
 */
struct sct_rule {
	__u32 size;      /* bytes of this record, padding included, multiple of 8 */
	__u32 id;        /* caller's id, echoed in counters and events */
	__u16 nr;        /* x86_64 syscall number */
	__u8 phase;      /* enum sct_phase */
	__u8 action;     /* enum sct_action */
	__u32 flags;     /* SCT_RULE_F_* */
	__s64 value;     /* errno / return value / microseconds / signal / new value */
	__u8 alter_arg;  /* 0..5 for the ALTER_REG/ALTER_MEM actions */
	__u8 reserved[3];
	__u32 str_len;   /* ALTER_MEM: bytes of the string, its NUL included */
	__u32 prog_len;
	__u32 reserved2;
	/* trigger: act on the first..last matching call, every step-th (0 = no bound / 1) */
	__u64 when_first; /* 0 or 1: from the first match */
	__u64 when_last;  /* 0: no upper bound */
	__u64 when_step;  /* 0 or 1: every match */
	__u64 max_count;  /* 0: no limit on acted */
};

/* Which calls a rule set applies to; every set field narrows (0 / ~0 / "": any). */
struct sct_scope {
	__s32 pid;          /* this process and its descendants (0: any) */
	__u32 uid;          /* real uid (SCT_ANY_UID: any) */
	__u64 cgroup_id;    /* cgroup v2 id (inode of its directory) and the cgroups below (0: any) */
	char comm[SCT_COMM_LEN]; /* exact thread comm ("": any) */
	__u32 flags;        /* reserved, 0 */
	__u32 reserved;
};

/* One rule's counters, for LIST and for the generation a LOAD or CLEAR retires. */
struct sct_counter {
	__u32 id;
	__u16 nr;
	__u8 phase;
	__u8 action;
	__u64 matched; /* calls the filter (and scope) matched */
	__u64 acted;   /* calls the action was applied to (trigger allowed it) */
};

struct sct_version {
	__u32 version;      /* SCT_UAPI_VERSION */
	__u32 prog_version; /* SCT_PROG_VERSION the module interprets */
	__u32 event_size;   /* sizeof(struct sct_event) */
	__u32 abis;         /* SCT_ABI_* bits the module hooks */
	__u32 max_rules;
	__u32 reserved[3];
};

/* LOAD (atomic replace) and CLEAR. CLEAR ignores the rule fields (n_rules must be 0). */
struct sct_load {
	__u32 size;              /* sizeof(struct sct_load) */
	__u32 n_rules;
	__u64 rules_ptr;         /* user pointer to n_rules struct sct_rule records */
	__u32 rules_len;         /* bytes at rules_ptr */
	__u32 retired_cap;       /* room at retired_ptr, in struct sct_counter */
	__u64 retired_ptr;       /* optional: the retired generation's final counters */
	struct sct_scope scope;
	__u64 generation;        /* out: the new generation (0 after CLEAR) */
	__u64 retired_generation; /* out: the generation replaced (0: none) */
	__u32 retired_n;         /* out: counters the retired generation had */
	__u32 reserved;
};

/* LIST: the loaded rule set's counters. */
struct sct_list {
	__u32 size;              /* sizeof(struct sct_list) */
	__u32 cap;               /* room at ptr, in struct sct_counter */
	__u64 ptr;
	__u32 n;                 /* out: rules in the loaded set (may exceed cap) */
	__u32 hooked;            /* out: syscalls hooked now */
	__u64 generation;        /* out: 0 when nothing is loaded */
	struct sct_scope scope;  /* out */
	__u64 events;            /* out: events written since load of the module */
	__u64 dropped;           /* out: events lost because the ring was full */
	__u32 suspended;         /* out: threads suspended now */
	__u32 reserved;
};

struct sct_resume {
	__s32 tid;               /* 0: every suspended thread */
	__u32 reserved;
};

/* read(): whole events only (a buffer smaller than one event: -EINVAL). */
struct sct_event {
	__u32 size;        /* sizeof(struct sct_event) */
	__u32 flags;       /* SCT_EV_F_* */
	__u64 seq;         /* global order */
	__u64 ts_ns;       /* ktime_get_real_ns() */
	__u64 generation;
	__s32 pid, tid, ppid;
	__u32 uid;
	__u32 rule_id;
	__u16 nr;
	__u8 phase;
	__u8 action;
	__s64 args[6];
	__s64 retval;
	__u32 str_arg;     /* index of the argument str was read from */
	__u32 reserved;
	char comm[SCT_COMM_LEN];
	char exe[SCT_EXE_LEN];
	char str[SCT_STR_LEN];
};

#endif /* SCT_UAPI_H */
