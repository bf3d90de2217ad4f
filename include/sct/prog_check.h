/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The load-time check of a filter program blob (layout and limits in sct/prog.h), the only one:
 * the kernel module (kernel/sct_prog.c), the addon (native/src/prog_verify.cc, and through it the
 * TypeScript compiler) and later BPF programs all call sct_prog_check(). What it accepts, the
 * interpreter (sct/prog_interp.h) runs without bounds checks of its own.
 *
 * Plain C for every consumer: no libc, no kernel headers beyond sct/prog.h's types, no VLAs, no
 * recursion, loops bounded by the format's limits. Fields are read byte by byte as little-endian,
 * so the blob need not be aligned. The caller provides the scratch space (struct sct_prog_check_ws,
 * about 2 KiB: too big for a kernel stack frame, so the module allocates it).
 *
 * The rules, strictest of the three verifiers this replaced (docs/filter.md lists every fault):
 *   - header: magic, SCT_PROG_VERSION, reserved 0, total_len == the blob's length, 1..MAX insns,
 *     at most SCT_PROG_MAX_CONSTS constants, the instructions inside the blob;
 *   - pool: every entry's header, payload and padding (to 8 bytes) inside the blob, its reserved
 *     bytes and padding 0, a known kind, strings at most SCT_PROG_MAX_STR, DFAs passing
 *     sct_dfa_check; no byte after the last entry;
 *   - every instruction, reachable or not: a known opcode, each operand in its range and each
 *     field the opcode does not use 0 (sct_op_table), constant indexes of the right kind, jumps
 *     forward and inside the program;
 *   - memory loads (SCT_OP_STR_LOAD of any source and SCT_OP_SOCK_FIELD) counted over the whole
 *     program, reachable or not: at most SCT_PROG_MAX_READS;
 *   - along every path: no stack underflow, depth at most SCT_PROG_MAX_STACK, one depth where
 *     paths join; the last instruction is SCT_OP_RET.
 */
#ifndef SCT_PROG_CHECK_H
#define SCT_PROG_CHECK_H

#include "prog.h"
#include "prog_dfa.h"

/*
 * Every fault, in the order they are checked: X(NAME, message). The enum is SCT_PF_NAME; the
 * addon reports NAME and the message, so TypeScript tests and the corpus assert faults by name.
 */
#define SCT_PROG_FAULTS(X)                                                                  \
	X(OK, "ok")                                                                         \
	X(SHORT_HEADER, "blob shorter than the program header")                              \
	X(BAD_MAGIC, "bad magic")                                                           \
	X(BAD_VERSION, "unsupported program version")                                       \
	X(HEADER_RESERVED, "reserved header field is not zero")                             \
	X(BAD_TOTAL_LEN, "total_len does not match the blob size")                          \
	X(NO_INSNS, "empty program")                                                        \
	X(TOO_MANY_INSNS, "too many instructions")                                          \
	X(TOO_MANY_CONSTS, "too many constants")                                            \
	X(TRUNCATED_INSNS, "program truncated inside its instructions")                     \
	X(TRUNCATED_POOL, "pool truncated at a constant's header")                          \
	X(CONST_RESERVED, "reserved constant field is not zero")                            \
	X(TRUNCATED_CONST, "pool truncated inside a constant")                              \
	X(BAD_CONST_KIND, "unknown constant kind")                                          \
	X(STR_TOO_LONG, "string constant too long")                                         \
	X(DFA_TOO_SHORT, "dfa too short")                                                   \
	X(DFA_BAD_STATES, "dfa state count out of range")                                   \
	X(DFA_BAD_CLASSES, "dfa class count out of range")                                  \
	X(DFA_BAD_START, "dfa start or dead state out of range")                            \
	X(DFA_BAD_SIZE, "dfa payload size does not match its counts")                       \
	X(DFA_BAD_BYTE_CLASS, "dfa byte class out of range")                                \
	X(DFA_BAD_TRANSITION, "dfa transition out of range")                                \
	X(CONST_PADDING, "constant padding is not zero")                                    \
	X(TRAILING_BYTES, "trailing bytes after the pool")                                  \
	X(NO_FINAL_RET, "the last instruction is not ret")                                  \
	X(BAD_OPCODE, "unknown opcode")                                                     \
	X(INSN_RESERVED, "unused instruction field is not zero")                            \
	X(BAD_ARG, "argument index out of range")                                           \
	X(BAD_ARG_WIDTH, "unknown argument width")                                          \
	X(BAD_VAR, "unknown variable")                                                      \
	X(BAD_CMP, "unknown comparison")                                                    \
	X(BAD_SIGNEDNESS, "bad signedness flag")                                            \
	X(BAD_SOCK_FIELD, "unknown socket field")                                           \
	X(BAD_STR_SRC, "unknown string source")                                             \
	X(BAD_CONST_INDEX, "constant index out of range")                                   \
	X(CONST_WRONG_KIND, "constant of the wrong kind")                                   \
	X(BACKWARD_JUMP, "backward jump")                                                   \
	X(JUMP_OUT, "jump out of the program")                                              \
	X(TOO_MANY_READS, "too many memory loads")                                          \
	X(STACK_UNDERFLOW, "stack underflow")                                               \
	X(STACK_OVERFLOW, "stack overflow")                                                 \
	X(DEPTH_MISMATCH, "stack depths disagree at a jump target")

enum sct_prog_fault {
#define SCT_PF_ENUM_(name, msg) SCT_PF_##name,
	SCT_PROG_FAULTS(SCT_PF_ENUM_)
#undef SCT_PF_ENUM_
	SCT_PF_COUNT
};

/* The fault's NAME ("BAD_MAGIC"), or "UNKNOWN" out of range. */
static inline const char *sct_prog_fault_name(unsigned int f)
{
	static const char *const names[] = {
#define SCT_PF_NAME_(name, msg) #name,
		SCT_PROG_FAULTS(SCT_PF_NAME_)
#undef SCT_PF_NAME_
	};
	return f < SCT_PF_COUNT ? names[f] : "UNKNOWN";
}

/* The fault's lowercase message ("bad magic"). */
static inline const char *sct_prog_fault_message(unsigned int f)
{
	static const char *const msgs[] = {
#define SCT_PF_MSG_(name, msg) msg,
		SCT_PROG_FAULTS(SCT_PF_MSG_)
#undef SCT_PF_MSG_
	};
	return f < SCT_PF_COUNT ? msgs[f] : "unknown fault";
}

/* How an instruction's c field is read. */
enum sct_c_use {
	SCT_C_ZERO = 0,  /* unused: must be 0 */
	SCT_C_ARG,       /* an argument index 0..5 (SCT_OP_SOCK_FIELD's length argument) */
	SCT_C_SOCK_LEN,  /* SCT_OP_STR_LOAD: the length argument 0..5 for the sockaddr sources, else 0 */
	SCT_C_JUMP,      /* a forward jump offset */
	SCT_C_CONST_STR, /* a pool index of an SCT_CONST_STR */
	SCT_C_CONST_DFA, /* a pool index of an SCT_CONST_DFA */
};

/*
 * The one stack-effect and operand table, indexed by opcode: adding an opcode is its enum value in
 * sct/prog.h, one row here and its case in sct/prog_interp.h. An operand above its maximum is
 * reported as its fault (INSN_RESERVED where the maximum is 0: the field is unused).
 * SCT_OP_JZ/JNZ pop only on the fall-through path; taken, the tested value stays (depth d).
 */
struct sct_op_info {
	__u8 pops, pushes;
	__u8 a_max, a_fault;
	__u16 b_max;
	__u8 b_fault;
	__u8 c_use;    /* enum sct_c_use */
	__u8 imm_used; /* 0: imm must be 0 */
	__u8 reads;    /* 1: a memory load, counted against SCT_PROG_MAX_READS */
};

static const struct sct_op_info sct_op_table[] = {
	/* RET */ { 0, 0, 0, SCT_PF_INSN_RESERVED, 0, SCT_PF_INSN_RESERVED, SCT_C_ZERO, 0, 0 },
	/* PUSH_IMM */ { 0, 1, 0, SCT_PF_INSN_RESERVED, 0, SCT_PF_INSN_RESERVED, SCT_C_ZERO, 1, 0 },
	/* PUSH_ARG */ { 0, 1, 5, SCT_PF_BAD_ARG, SCT_ARGW_U32, SCT_PF_BAD_ARG_WIDTH, SCT_C_ZERO, 0, 0 },
	/* PUSH_VAR */ { 0, 1, SCT_VAR_GID, SCT_PF_BAD_VAR, 0, SCT_PF_INSN_RESERVED, SCT_C_ZERO, 0, 0 },
	/* CMP */ { 2, 1, SCT_CMP_GE, SCT_PF_BAD_CMP, 1, SCT_PF_BAD_SIGNEDNESS, SCT_C_ZERO, 0, 0 },
	/* MASK */ { 1, 1, 0, SCT_PF_INSN_RESERVED, 0, SCT_PF_INSN_RESERVED, SCT_C_ZERO, 1, 0 },
	/* NOT */ { 1, 1, 0, SCT_PF_INSN_RESERVED, 0, SCT_PF_INSN_RESERVED, SCT_C_ZERO, 0, 0 },
	/* JZ */ { 1, 0, 0, SCT_PF_INSN_RESERVED, 0, SCT_PF_INSN_RESERVED, SCT_C_JUMP, 0, 0 },
	/* JNZ */ { 1, 0, 0, SCT_PF_INSN_RESERVED, 0, SCT_PF_INSN_RESERVED, SCT_C_JUMP, 0, 0 },
	/* SOCK_FIELD */ { 0, 1, SCT_SOCK_PORT, SCT_PF_BAD_SOCK_FIELD, 5, SCT_PF_BAD_ARG, SCT_C_ARG, 0, 1 },
	/* STR_LOAD */ { 0, 0, SCT_STR_SOCK_IP, SCT_PF_BAD_STR_SRC, 5, SCT_PF_BAD_ARG, SCT_C_SOCK_LEN, 0, 1 },
	/* STR_EQ */ { 0, 1, 0, SCT_PF_INSN_RESERVED, 0, SCT_PF_INSN_RESERVED, SCT_C_CONST_STR, 0, 0 },
	/* STR_MATCH */ { 0, 1, 0, SCT_PF_INSN_RESERVED, 0, SCT_PF_INSN_RESERVED, SCT_C_CONST_DFA, 0, 0 },
};

/* Opcodes with a row above; any other is BAD_OPCODE, so a new opcode without its row is refused,
 * never run with a row of zeros. */
#define SCT_OP_COUNT (sizeof(sct_op_table) / sizeof(sct_op_table[0]))

/* Byte sizes and offsets of the blob's parts (sct/prog.h's structs, read without casts). */
#define SCT_PROG_HDR_SIZE 16
#define SCT_INSN_SIZE 16
#define SCT_CONST_HDR_SIZE 8

/* Scratch space of one check; on success const_off[i] is pool entry i's offset in the blob. */
struct sct_prog_check_ws {
	__s8 depth[SCT_PROG_MAX_INSNS + 1]; /* stack depth on entry, -1: not reached (yet) */
	__u32 const_off[SCT_PROG_MAX_CONSTS];
};

/* What sct_prog_check found: fault, and where (-1: not at an instruction / a constant). */
struct sct_prog_verdict {
	int fault; /* enum sct_prog_fault */
	int insn;
	int constant;
};

static inline __u32 sct_le32(const __u8 *p)
{
	return sct_le16(p) | (__u32)sct_le16(p + 2) << 16;
}

static inline int sct_prog_fail(struct sct_prog_verdict *v, int fault, int insn, int constant)
{
	v->fault = fault;
	v->insn = insn;
	v->constant = constant;
	return fault;
}

/* The header and the pool; fills ws->const_off. */
static inline int sct_prog_check_pool(const __u8 *blob, __u32 len, unsigned int n_insns,
				      unsigned int n_consts, struct sct_prog_check_ws *ws,
				      struct sct_prog_verdict *v)
{
	__u64 off = SCT_PROG_HDR_SIZE + (__u64)n_insns * SCT_INSN_SIZE;
	unsigned int i;

	for (i = 0; i < n_consts && i < SCT_PROG_MAX_CONSTS; i++) {
		const __u8 *c = blob + off;
		__u32 clen;
		__u64 padded, j;
		int f = SCT_PF_OK;

		if (len - off < SCT_CONST_HDR_SIZE)
			return sct_prog_fail(v, SCT_PF_TRUNCATED_POOL, -1, i);
		if (c[1] || c[2] || c[3])
			return sct_prog_fail(v, SCT_PF_CONST_RESERVED, -1, i);
		clen = sct_le32(c + 4);
		padded = ((__u64)clen + 7) & ~(__u64)7;
		if (padded > len - off - SCT_CONST_HDR_SIZE)
			return sct_prog_fail(v, SCT_PF_TRUNCATED_CONST, -1, i);
		if (c[0] == SCT_CONST_STR) {
			if (clen > SCT_PROG_MAX_STR)
				f = SCT_PF_STR_TOO_LONG;
		} else if (c[0] == SCT_CONST_DFA) {
			switch (sct_dfa_check(c + SCT_CONST_HDR_SIZE, clen)) {
			case SCT_DFA_OK: break;
			case SCT_DFA_TOO_SHORT: f = SCT_PF_DFA_TOO_SHORT; break;
			case SCT_DFA_BAD_STATES: f = SCT_PF_DFA_BAD_STATES; break;
			case SCT_DFA_BAD_CLASSES: f = SCT_PF_DFA_BAD_CLASSES; break;
			case SCT_DFA_BAD_START: f = SCT_PF_DFA_BAD_START; break;
			case SCT_DFA_BAD_SIZE: f = SCT_PF_DFA_BAD_SIZE; break;
			case SCT_DFA_BAD_BYTE_CLASS: f = SCT_PF_DFA_BAD_BYTE_CLASS; break;
			default: f = SCT_PF_DFA_BAD_TRANSITION; break;
			}
		} else {
			f = SCT_PF_BAD_CONST_KIND;
		}
		if (f)
			return sct_prog_fail(v, f, -1, i);
		for (j = clen; j < padded; j++)
			if (c[SCT_CONST_HDR_SIZE + j])
				return sct_prog_fail(v, SCT_PF_CONST_PADDING, -1, i);
		ws->const_off[i] = (__u32)off;
		off += SCT_CONST_HDR_SIZE + padded;
	}
	if (off != len)
		return sct_prog_fail(v, SCT_PF_TRAILING_BYTES, -1, -1);
	return SCT_PF_OK;
}

/* Records that depth d reaches instruction t (t < n); false when another path brought another. */
static inline bool sct_prog_join(struct sct_prog_check_ws *ws, unsigned int t, int d)
{
	if (ws->depth[t] >= 0 && ws->depth[t] != d)
		return false;
	ws->depth[t] = (__s8)d;
	return true;
}

/*
 * Checks the len bytes at blob as a whole program. Returns 0 (SCT_PF_OK) when valid, else the
 * first fault found (enum sct_prog_fault); *v says which and where.
 */
static inline int sct_prog_check(const void *blob_, __u32 len, struct sct_prog_check_ws *ws,
				 struct sct_prog_verdict *v)
{
	const __u8 *blob = (const __u8 *)blob_;
	unsigned int n, n_consts, i, reads = 0;
	int f;

	sct_prog_fail(v, SCT_PF_OK, -1, -1);
	if (len < SCT_PROG_HDR_SIZE)
		return sct_prog_fail(v, SCT_PF_SHORT_HEADER, -1, -1);
	if (sct_le32(blob) != SCT_PROG_MAGIC)
		return sct_prog_fail(v, SCT_PF_BAD_MAGIC, -1, -1);
	if (sct_le16(blob + 4) != SCT_PROG_VERSION)
		return sct_prog_fail(v, SCT_PF_BAD_VERSION, -1, -1);
	if (sct_le16(blob + 10))
		return sct_prog_fail(v, SCT_PF_HEADER_RESERVED, -1, -1);
	if (sct_le32(blob + 12) != len)
		return sct_prog_fail(v, SCT_PF_BAD_TOTAL_LEN, -1, -1);
	n = sct_le16(blob + 6);
	n_consts = sct_le16(blob + 8);
	if (n == 0)
		return sct_prog_fail(v, SCT_PF_NO_INSNS, -1, -1);
	if (n > SCT_PROG_MAX_INSNS)
		return sct_prog_fail(v, SCT_PF_TOO_MANY_INSNS, -1, -1);
	if (n_consts > SCT_PROG_MAX_CONSTS)
		return sct_prog_fail(v, SCT_PF_TOO_MANY_CONSTS, -1, -1);
	if (SCT_PROG_HDR_SIZE + (__u64)n * SCT_INSN_SIZE > len)
		return sct_prog_fail(v, SCT_PF_TRUNCATED_INSNS, -1, -1);
	f = sct_prog_check_pool(blob, len, n, n_consts, ws, v);
	if (f)
		return f;

	if (blob[SCT_PROG_HDR_SIZE + (n - 1) * SCT_INSN_SIZE] != SCT_OP_RET)
		return sct_prog_fail(v, SCT_PF_NO_FINAL_RET, n - 1, -1);
	for (i = 0; i <= n; i++)
		ws->depth[i] = -1;
	ws->depth[0] = 0;
	/* Jumps go forward only, so one pass in order meets every predecessor of an instruction
	 * before the instruction itself. */
	for (i = 0; i < n; i++) {
		const __u8 *in = blob + SCT_PROG_HDR_SIZE + i * SCT_INSN_SIZE;
		const struct sct_op_info *op;
		unsigned int a = in[1], b = sct_le16(in + 2), k;
		__u32 c = sct_le32(in + 4);
		int d = ws->depth[i], after;

		if (in[0] >= SCT_OP_COUNT)
			return sct_prog_fail(v, SCT_PF_BAD_OPCODE, i, -1);
		op = &sct_op_table[in[0]];
		if (a > op->a_max)
			return sct_prog_fail(v, op->a_fault, i, -1);
		if (b > op->b_max)
			return sct_prog_fail(v, op->b_fault, i, -1);
		if (!op->imm_used)
			for (k = 8; k < 16; k++)
				if (in[k])
					return sct_prog_fail(v, SCT_PF_INSN_RESERVED, i, -1);
		switch (op->c_use) {
		case SCT_C_ZERO:
			if (c)
				return sct_prog_fail(v, SCT_PF_INSN_RESERVED, i, -1);
			break;
		case SCT_C_ARG:
			if (c > 5)
				return sct_prog_fail(v, SCT_PF_BAD_ARG, i, -1);
			break;
		case SCT_C_SOCK_LEN:
			if (a == SCT_STR_SOCK_PATH || a == SCT_STR_SOCK_IP) {
				if (c > 5)
					return sct_prog_fail(v, SCT_PF_BAD_ARG, i, -1);
			} else if (c || (b && a != SCT_STR_ARG && a != SCT_STR_FD_PATH)) {
				return sct_prog_fail(v, SCT_PF_INSN_RESERVED, i, -1);
			}
			break;
		case SCT_C_JUMP:
			if ((__s32)c < 0)
				return sct_prog_fail(v, SCT_PF_BACKWARD_JUMP, i, -1);
			if ((__u64)i + 1 + c >= n)
				return sct_prog_fail(v, SCT_PF_JUMP_OUT, i, -1);
			break;
		default: /* SCT_C_CONST_STR, SCT_C_CONST_DFA */
			if (c >= n_consts)
				return sct_prog_fail(v, SCT_PF_BAD_CONST_INDEX, i, -1);
			if (blob[ws->const_off[c]] !=
			    (op->c_use == SCT_C_CONST_STR ? SCT_CONST_STR : SCT_CONST_DFA))
				return sct_prog_fail(v, SCT_PF_CONST_WRONG_KIND, i, (int)c);
			break;
		}
		if (op->reads && ++reads > SCT_PROG_MAX_READS)
			return sct_prog_fail(v, SCT_PF_TOO_MANY_READS, i, -1);

		if (d < 0)
			continue; /* unreachable: never runs, but its operands were checked */
		if (d < op->pops)
			return sct_prog_fail(v, SCT_PF_STACK_UNDERFLOW, i, -1);
		after = d - op->pops + op->pushes;
		if (after > SCT_PROG_MAX_STACK)
			return sct_prog_fail(v, SCT_PF_STACK_OVERFLOW, i, -1);
		if (in[0] == SCT_OP_RET)
			continue;
		if (op->c_use == SCT_C_JUMP && !sct_prog_join(ws, i + 1 + c, d))
			return sct_prog_fail(v, SCT_PF_DEPTH_MISMATCH, i, -1);
		if (!sct_prog_join(ws, i + 1, after)) /* i + 1 < n: the last instruction is RET */
			return sct_prog_fail(v, SCT_PF_DEPTH_MISMATCH, i, -1);
	}
	return SCT_PF_OK;
}

#endif /* SCT_PROG_CHECK_H */
