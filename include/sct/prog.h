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

#if defined(__KERNEL__)
#include <linux/types.h>
#elif defined(__bpf__)
/* BPF (native/watch/bpf/): the includer has vmlinux.h, which has the kernel's types. */
#else
/* User space: the kernel's own UAPI types (plain typedefs here clash with <linux/types.h>, which
 * <linux/seccomp.h> and friends pull into the supervisor). */
#include <linux/types.h>
#include <stdint.h>
#endif

/* The opcodes, operand enums (sct_op, sct_cmp, sct_arg_width, sct_var, sct_str_src,
 * sct_sock_field, sct_const_kind) and the SCT_PROG_* limits: generated from gen/data/abi.json.
 * Version 2 (SCT_PROG_VERSION): SCT_OP_PUSH_ARG's b selects the argument's width; version 1
 * consumers ignored b and pushed the raw register, so they must refuse version-2 programs rather
 * than compare an int argument's 64-bit register (0x00000000ffffffff for -1) as it is. Version 1
 * programs are no longer produced; consumers accept SCT_PROG_VERSION only.
 * SCT_OP_JZ/JNZ jump target (as in classic BPF): index of the jump + 1 + c; c = 0 falls through.
 * c is read as a signed 32-bit value so that a negative (backward) offset is reported as such. */
#include "abi.h"

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
