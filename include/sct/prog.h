/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Filter bytecode shared by the seccomp engine's supervisor (native/) and the kernel module
 * (kernel/). The harness (harness/src/engine/compile/) compiles a rule's filter expression into
 * this form; the consumer checks it on load (sct_prog_verify) and interprets it per call.
 *
 * Design limits, checked on load:
 *   - at most SCT_PROG_MAX_INSNS instructions, the last one is SCT_OP_RET;
 *   - jumps go forward only (no loops), and land inside the program;
 *   - the value stack never exceeds SCT_PROG_MAX_STACK (checked statically: every instruction has a
 *     fixed stack effect, and both sides of a jump agree on the depth);
 *   - user memory is read only by the SCT_OP_STR_* loads, at most SCT_PROG_MAX_STR bytes each,
 *     at most SCT_PROG_MAX_READS loads per evaluation;
 *   - constants (strings, DFAs) live in a pool addressed by index, bounds-checked on load.
 *
 * Encoding: little-endian, each instruction 16 bytes (struct sct_insn). A program blob is
 *   struct sct_prog_header, then n_insns instructions, then the pool: n_consts entries of
 *   struct sct_const, each followed by its payload, padded to 8 bytes.
 *
 * Semantics: a stack machine of signed 64-bit values. Comparisons push 1 or 0. The program's
 * result is the top of the stack at SCT_OP_RET (non-zero: the filter matches). A string load that
 * fails (unmapped memory, process gone) makes the whole filter evaluate to "no match".
 */
#ifndef SCT_PROG_H
#define SCT_PROG_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
/* User space: the kernel's own UAPI types (plain typedefs here clash with <linux/types.h>, which
 * <linux/seccomp.h> and friends pull into the supervisor). */
#include <linux/types.h>
#include <stdint.h>
#endif

#define SCT_PROG_MAGIC 0x53435450u /* "SCTP" */
/* Version 2: SCT_OP_PUSH_ARG's b selects the argument's width (enum sct_arg_width); version 1
 * consumers ignored b and pushed the raw register, so they must refuse version-2 programs rather
 * than compare an int argument's 64-bit register (0x00000000ffffffff for -1) as it is. Version 1
 * programs (b always 0) are no longer produced; consumers accept SCT_PROG_VERSION only. */
#define SCT_PROG_VERSION 2
#define SCT_PROG_MAX_INSNS 1024
#define SCT_PROG_MAX_STACK 32
#define SCT_PROG_MAX_STR 4096
#define SCT_PROG_MAX_READS 16
#define SCT_PROG_MAX_CONSTS 256
#define SCT_DFA_MAX_STATES 1024

enum sct_op {
	SCT_OP_RET = 0,        /* stop; result = top of stack (empty stack: 1, "no filter") */
	SCT_OP_PUSH_IMM = 1,   /* push imm */
	SCT_OP_PUSH_ARG = 2,   /* push syscall argument a (0..5), as s64, read as b (enum sct_arg_width) */
	SCT_OP_PUSH_VAR = 3,   /* push process variable a (enum sct_var, integer ones) */
	SCT_OP_CMP = 4,        /* pop r, pop l, push (l OP r) with OP = a (enum sct_cmp); b=1: unsigned */
	SCT_OP_MASK = 5,       /* pop v, push ((v & imm) != 0) */
	SCT_OP_NOT = 6,        /* pop v, push !v */
	SCT_OP_JZ = 7,         /* if top == 0: jump forward by c instructions (top stays); else pop */
	SCT_OP_JNZ = 8,        /* if top != 0: jump forward by c instructions (top stays); else pop */
	/* Jump target (as in classic BPF): index of the jump + 1 + c; c = 0 falls through. c is read
	 * as a signed 32-bit value so that a negative (backward) offset is reported as such. */
	SCT_OP_SOCK_FIELD = 9, /* push field a (enum sct_sock_field) of the sockaddr in argument b (length: argument c) */
	SCT_OP_STR_LOAD = 10,  /* load string register from source a (enum sct_str_src), argument b */
	SCT_OP_STR_EQ = 11,    /* push (string register == pool[c]) (byte compare, pool entry is SCT_CONST_STR) */
	SCT_OP_STR_MATCH = 12, /* push (pool[c] (SCT_CONST_DFA) matches the string register anywhere) */
};

enum sct_cmp { SCT_CMP_EQ = 0, SCT_CMP_NE, SCT_CMP_LT, SCT_CMP_LE, SCT_CMP_GT, SCT_CMP_GE };

/*
 * How SCT_OP_PUSH_ARG reads the 64-bit argument register (its b field; other values are refused on
 * load). The compiler picks it from the argument's C type: a 32-bit type occupies only the low half
 * of the register and the high half is whatever the caller left there (a 32-bit mov zero-extends,
 * so kill(-1, 0) may arrive as 0x00000000ffffffff or as 0xffffffffffffffff).
 *   SCT_ARGW_RAW: the whole register (64-bit types: long, size_t, off_t, pointers);
 *   SCT_ARGW_S32: the low 32 bits, sign-extended (int, pid_t, an fd held in an int);
 *   SCT_ARGW_U32: the low 32 bits, zero-extended (unsigned int, flags, mode_t, socklen_t).
 * Signedness of the comparison itself is SCT_OP_CMP's b, chosen from the same type.
 */
enum sct_arg_width { SCT_ARGW_RAW = 0, SCT_ARGW_S32 = 1, SCT_ARGW_U32 = 2 };

enum sct_var { SCT_VAR_PID = 0, SCT_VAR_PPID, SCT_VAR_TID, SCT_VAR_UID, SCT_VAR_EUID, SCT_VAR_GID };

enum sct_str_src {
	SCT_STR_ARG = 0,     /* NUL-terminated string at the user pointer in argument b */
	SCT_STR_FD_PATH = 1, /* path the fd in argument b refers to (/proc/PID/fd/N, d_path in the kernel) */
	SCT_STR_COMM = 2,    /* the calling thread's comm */
	SCT_STR_EXE = 3,     /* the process's executable path */
	SCT_STR_CWD = 4,     /* the process's working directory */
	SCT_STR_SOCK_PATH = 5, /* sun_path of the AF_UNIX sockaddr in argument b (length: argument c) */
	SCT_STR_SOCK_IP = 6,   /* the IPv4/IPv6 address of the sockaddr in argument b as text (inet_ntop) */
};

enum sct_sock_field { SCT_SOCK_FAMILY = 0, SCT_SOCK_PORT = 1 /* host byte order */ };

enum sct_const_kind { SCT_CONST_STR = 1, SCT_CONST_DFA = 2 };

struct sct_insn {
	__u8 op;
	__u8 a;
	__u16 b;
	__u32 c;
	__s64 imm;
};

struct sct_prog_header {
	__u32 magic;
	__u16 version;
	__u16 n_insns;
	__u16 n_consts;
	__u16 reserved;
	__u32 total_len; /* bytes of the whole blob, header included */
};

/*
 * Pool entry. SCT_CONST_STR: len bytes of string (no NUL). SCT_CONST_DFA: payload is
 *   __u16 n_states, __u16 n_classes, __u16 start, __u16 dead,
 *   __u8 classes[256]            (byte -> class),
 *   __u8 accepting[n_states],
 *   __u16 next[n_states * n_classes]  (state*n_classes+class -> state).
 * The string matches when the state reached after consuming every byte is accepting. The harness
 * builds searches that way: an unanchored `~=` pattern gets a leading and trailing `.*`, so `^` and
 * `$` are plain absence of those. The dead state is absorbing and not accepting: stop early there.
 */
struct sct_const {
	__u8 kind;
	__u8 reserved[3];
	__u32 len; /* payload bytes */
};

#endif /* SCT_PROG_H */
