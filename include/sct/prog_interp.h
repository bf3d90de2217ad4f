/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The interpreter of filter programs (sct/prog.h), one implementation for its three consumers: the
 * kernel module (kernel/sct_prog.c), the seccomp supervisor (native/src/prog_eval.cc) and the BPF
 * side of sct watch (native/watch/bpf/filter.bpf.h). Plain C that builds freestanding in the
 * kernel, as C++ in the addon and as BPF C; every function is static inline.
 *
 * It is a step function over a state (struct sct_interp_state: pc, value stack, string register
 * length, read count, the position inside a string compare), so that each consumer drives it its
 * own way: the module and the addon with a plain loop (sct_interp_run), BPF with bpf_loop(), whose
 * callback the verifier checks once instead of walking every path of a whole program. A string
 * compare (SCT_OP_STR_EQ, SCT_OP_STR_MATCH) consumes at most SCT_INTERP_CHUNK bytes per step and
 * stays at the same pc until done; outside BPF the chunk is the whole string (one step per
 * instruction, as before the split).
 *
 * What differs between consumers sits behind struct sct_interp_ops: how the calling process's
 * memory is read (strncpy_from_user in the module; process_vm_readv, /proc or evalProg's strings
 * in the supervisor; bpf_probe_read_user_str in BPF), its variables (pid, uid...), and how an IP
 * address becomes text. Callers pass a static const table, so the compiler makes the calls direct
 * (clang inlines them in BPF: no indirect calls are left).
 *
 * Bounds: sct_prog_check proved every stack access, jump and constant index in bounds, so the
 * module and the addon run without checks. The BPF verifier cannot see that proof; a BPF build
 * defines the hooks below (SCT_INTERP_IX masks an index to a power-of-two array, SCT_INTERP_CHECK
 * returns SCT_INTERP_FAULT), which compile to nothing elsewhere.
 */
#ifndef SCT_PROG_INTERP_H
#define SCT_PROG_INTERP_H

#include "prog.h"
#include "prog_dfa.h"

#if defined(__KERNEL__)
#include <linux/socket.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/un.h>
#include <linux/stddef.h>
#include <linux/string.h>
#elif defined(__bpf__)
/* BPF: the includer has vmlinux.h (the sockaddr structs); address families are macros, which BTF
 * does not carry (values from include/linux/socket.h). */
#ifndef AF_UNIX
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#endif
#ifndef offsetof
#define offsetof(t, m) __builtin_offsetof(t, m)
#endif
#else
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#endif

/* Bounds hooks (see the top): empty unless a BPF build defines them. */
#ifndef SCT_INTERP_IX
#define SCT_INTERP_IX(i, size) (i)           /* index i of an array of size elements */
#endif
#ifndef SCT_INTERP_CHECK
#define SCT_INTERP_CHECK(ok) do { } while (0) /* a bound the verifier must see */
#endif
#ifndef SCT_INTERP_SLOTS
#define SCT_INTERP_SLOTS (SCT_PROG_MAX_STACK + 1) /* value stack slots */
#endif
#ifndef SCT_INTERP_BLOB_SIZE
#define SCT_INTERP_BLOB_SIZE 0x100000u       /* bytes addressable in a blob (BPF: the map value's) */
#endif
#ifndef SCT_INTERP_REG_SIZE
#define SCT_INTERP_REG_SIZE (SCT_PROG_MAX_STR + 1) /* bytes of the string register */
#endif
#ifndef SCT_INTERP_CHUNK
#define SCT_INTERP_CHUNK (SCT_PROG_MAX_STR + 1) /* string bytes compared per step */
#endif
/* Copies of a sockaddr's path (n <= SCT_SOCKADDR_MAX bytes at most): n bytes, and up to the first
 * NUL (its length). A BPF build replaces them: a loop over n makes the verifier walk every length. */
#ifndef SCT_INTERP_SOCK_COPY
#define SCT_INTERP_SOCK_COPY(dst, src, n) memcpy(dst, src, n)
#endif
#ifndef SCT_INTERP_SOCK_STRCPY
#define SCT_INTERP_SOCK_STRCPY(dst, src, n) sct_sock_strcpy(dst, src, n)
static inline long sct_sock_strcpy(char *dst, const __u8 *src, long n)
{
	long m = strnlen((const char *)src, n);

	memcpy(dst, src, m);
	return m;
}
#endif

/* Longest text of an IP address, NUL not included (inet_ntop's INET6_ADDRSTRLEN is 46 with it). */
#define SCT_IP_TEXT_MAX 45
/* Bytes of a sockaddr the hooks read at most (sizeof(struct sockaddr_storage)). */
#define SCT_SOCKADDR_MAX 128

/*
 * A string result is a length (>= 0) or a negative number when the data is unavailable (unmapped
 * memory, process gone, no buffer): the filter then evaluates to "no match". The string register
 * is one buffer of the env (reg): str and text_buf write into it.
 */
struct sct_interp_ops {
	/* Syscall argument i (0..5), the whole register. */
	__u64 (*arg)(void *env, unsigned int i);
	/* Integer process variable which (enum sct_var); false: unavailable. */
	bool (*var)(void *env, unsigned int which, __s64 *out);
	/* Loads string source src (SCT_STR_ARG..SCT_STR_CWD) of argument argi into the string
	 * register: its length. */
	long (*str)(void *env, unsigned int src, unsigned int argi);
	/* The sockaddr at the pointer in argument ptr_arg, its length in argument len_arg: the bytes
	 * read in *out (from a live process, at most SCT_SOCKADDR_MAX), valid until the next call. */
	long (*sockaddr)(void *env, unsigned int ptr_arg, unsigned int len_arg, const __u8 **out);
	/* The string register with room for n bytes and a NUL; NULL: none. */
	char *(*text_buf)(void *env, unsigned long n);
	/* The string register's bytes, as the last str or text_buf left them. */
	const char *(*reg)(void *env);
	/* The address at addr (struct in_addr for AF_INET, struct in6_addr for AF_INET6) as text in
	 * buf (size bytes, NUL-terminated), like inet_ntop; its length. */
	long (*ip_text)(void *env, int family, const void *addr, char *buf, unsigned long size);
};

/* A checked program: the blob sct_prog_check accepted and its pool offsets (its ws->const_off). */
struct sct_interp_prog {
	const __u8 *blob;
	const __u32 *const_off; /* SCT_PROG_MAX_CONSTS entries (BPF: masked index) */
	__u32 n_insns;
};

/* Where an evaluation stands; sct_interp_init starts one. No pointers: BPF keeps it in a map. */
struct sct_interp_state {
	__s64 st[SCT_INTERP_SLOTS];
	long reg_len;   /* length of the string register, -1 while none is loaded */
	__u32 pc;
	__u32 sp;       /* values on the stack */
	__u32 pos;      /* STR_EQ/STR_MATCH in progress at pc: bytes of the register consumed */
	__u32 dfa;      /* STR_MATCH in progress: the DFA's state */
	__u32 reads;    /* memory loads done (at most SCT_PROG_MAX_READS, by sct_prog_check) */
	__u32 steps;    /* steps taken */
};

enum sct_interp_status {
	SCT_INTERP_RUNNING = 0,  /* call sct_interp_step again */
	SCT_INTERP_MATCH,        /* the filter matches */
	SCT_INTERP_NO_MATCH,     /* it does not, or a load was unavailable */
	SCT_INTERP_FAULT,        /* BPF builds only: a bound did not hold (a program the check refuses) */
};

/* The family of the n sockaddr bytes at raw; -1 when they cannot hold one (n < 0: read failed). */
static inline int sct_sock_family(const __u8 *raw, long n)
{
	if (n < 2)
		return -1;
	return raw[0] | (unsigned int)raw[1] << 8; /* sa_family_t, host (little-endian) order */
}

/* SCT_OP_SOCK_FIELD's value: the family, or the port in host byte order; false: not applicable. */
static inline bool sct_sock_field(const __u8 *raw, long n, unsigned int field, __s64 *out)
{
	int fam = sct_sock_family(raw, n);
	const __u8 *port;

	if (fam < 0)
		return false;
	if (field == SCT_SOCK_FAMILY) {
		*out = fam;
		return true;
	}
	if ((fam == AF_INET && n >= (long)sizeof(struct sockaddr_in)) ||
	    (fam == AF_INET6 && n >= (long)sizeof(struct sockaddr_in6))) {
		port = raw + offsetof(struct sockaddr_in, sin_port); /* same offset in sockaddr_in6 */
		*out = (unsigned int)port[0] << 8 | port[1]; /* network byte order */
		return true;
	}
	return false;
}

/* SCT_STR_SOCK_PATH / SCT_STR_SOCK_IP of the n sockaddr bytes at raw into the string register. */
static inline long sct_sock_text(const struct sct_interp_ops *ops, void *env, unsigned int src,
				 const __u8 *raw, long n)
{
	int fam = sct_sock_family(raw, n);
	char *buf;
	long m;

	if (fam < 0)
		return -1;
	if (src == SCT_STR_SOCK_PATH) {
		const long at = offsetof(struct sockaddr_un, sun_path);

		m = n - at;
		if (fam != AF_UNIX || m < 0 || m > SCT_SOCKADDR_MAX - at)
			return -1;
		buf = ops->text_buf(env, m);
		if (!buf)
			return -1;
		if (m > 0 && raw[at] == '\0') { /* abstract: '@' for the leading NUL, like ss(8) */
			buf[0] = '@';
			SCT_INTERP_SOCK_COPY(buf + 1, raw + at + 1, m - 1);
		} else { /* up to the first NUL */
			m = SCT_INTERP_SOCK_STRCPY(buf, raw + at, m);
		}
		buf[SCT_INTERP_IX(m, SCT_INTERP_REG_SIZE)] = 0;
		return m;
	}
	if (fam == AF_INET && n >= (long)sizeof(struct sockaddr_in)) {
		raw += offsetof(struct sockaddr_in, sin_addr);
	} else if (fam == AF_INET6 && n >= (long)sizeof(struct sockaddr_in6)) {
		raw += offsetof(struct sockaddr_in6, sin6_addr);
	} else {
		return -1;
	}
	buf = ops->text_buf(env, SCT_IP_TEXT_MAX);
	if (!buf)
		return -1;
	return ops->ip_text(env, fam, raw, buf, SCT_IP_TEXT_MAX + 1);
}

static inline bool sct_interp_cmp(unsigned int op, bool uns, __s64 l, __s64 r)
{
	if (uns) {
		__u64 a = l, b = r;

		switch (op) {
		case SCT_CMP_EQ: return a == b;
		case SCT_CMP_NE: return a != b;
		case SCT_CMP_LT: return a < b;
		case SCT_CMP_LE: return a <= b;
		case SCT_CMP_GT: return a > b;
		default: return a >= b;
		}
	}
	switch (op) {
	case SCT_CMP_EQ: return l == r;
	case SCT_CMP_NE: return l != r;
	case SCT_CMP_LT: return l < r;
	case SCT_CMP_LE: return l <= r;
	case SCT_CMP_GT: return l > r;
	default: return l >= r;
	}
}

/* Byte i of the blob, and little-endian fields built from bytes (no alignment assumed). */
static inline unsigned int sct_interp_u8(const struct sct_interp_prog *p, __u32 i)
{
	return p->blob[SCT_INTERP_IX(i, SCT_INTERP_BLOB_SIZE)];
}

static inline unsigned int sct_interp_u16(const struct sct_interp_prog *p, __u32 i)
{
	return sct_interp_u8(p, i) | sct_interp_u8(p, i + 1) << 8;
}

static inline void sct_interp_init(struct sct_interp_state *s)
{
	s->reg_len = -1;
	s->pc = 0;
	s->sp = 0;
	s->pos = 0;
	s->dfa = 0;
	s->reads = 0;
	s->steps = 0;
}

/* Pushes v and moves to the next instruction (a compare in progress ends). */
static inline int sct_interp_push_next(struct sct_interp_state *s, __s64 v)
{
	s->st[SCT_INTERP_IX(s->sp, SCT_INTERP_SLOTS)] = v;
	s->sp++;
	s->pos = 0;
	s->pc++;
	return SCT_INTERP_RUNNING;
}

/* One chunk of SCT_OP_STR_EQ against the string constant whose payload is at blob offset at. */
static inline int sct_interp_str_eq(struct sct_interp_state *s, const struct sct_interp_prog *p,
				    const char *reg, __u32 at)
{
	__u32 len = sct_interp_u16(p, at - 4) | sct_interp_u16(p, at - 2) << 16, i;

	if (s->reg_len < 0 || s->reg_len != (long)len)
		return sct_interp_push_next(s, 0);
	for (i = 0; i < SCT_INTERP_CHUNK; i++) {
		__u32 k = s->pos + i;

		if (k >= len)
			return sct_interp_push_next(s, 1);
		if ((__u8)reg[SCT_INTERP_IX(k, SCT_INTERP_REG_SIZE)] != sct_interp_u8(p, at + k))
			return sct_interp_push_next(s, 0);
	}
	s->pos += SCT_INTERP_CHUNK;
	return SCT_INTERP_RUNNING;
}

/* One chunk of SCT_OP_STR_MATCH: the DFA (sct/prog_dfa.h) whose payload is at blob offset at. */
static inline int sct_interp_str_match(struct sct_interp_state *s, const struct sct_interp_prog *p,
				       const char *reg, __u32 at)
{
	unsigned int n = sct_interp_u16(p, at), k = sct_interp_u16(p, at + 2);
	unsigned int dead = sct_interp_u16(p, at + 6), i;

	if (s->reg_len < 0)
		return sct_interp_push_next(s, 0);
	if (s->pos == 0)
		s->dfa = sct_interp_u16(p, at + 4);
	for (i = 0; i < SCT_INTERP_CHUNK; i++) {
		__u32 j = s->pos + i;
		unsigned int c;

		if (j >= (__u32)s->reg_len)
			return sct_interp_push_next(s, sct_interp_u8(p, at + SCT_DFA_ACCEPTING + s->dfa) != 0);
		c = sct_interp_u8(p, at + SCT_DFA_HDR + (__u8)reg[SCT_INTERP_IX(j, SCT_INTERP_REG_SIZE)]);
		s->dfa = sct_interp_u16(p, at + SCT_DFA_ACCEPTING + n + 2 * (s->dfa * k + c));
		if (s->dfa == dead)
			return sct_interp_push_next(s, 0);
	}
	s->pos += SCT_INTERP_CHUNK;
	return SCT_INTERP_RUNNING;
}

/*
 * One step of a checked program: the instruction at s->pc, or one chunk of a string compare.
 * SCT_INTERP_RUNNING: call again; else the verdict.
 */
static inline int sct_interp_step(struct sct_interp_state *s, const struct sct_interp_prog *p,
				  const struct sct_interp_ops *ops, void *env)
{
	const struct sct_insn *in;
	const __u8 *raw = NULL;
	__u32 pc = s->pc, sp = s->sp, at;
	long n;
	__s64 v;

	if (pc >= p->n_insns)
		return SCT_INTERP_NO_MATCH;
	SCT_INTERP_CHECK(pc < (SCT_INTERP_BLOB_SIZE - sizeof(struct sct_prog_header)) / sizeof(struct sct_insn));
	in = (const struct sct_insn *)(p->blob + sizeof(struct sct_prog_header) + pc * sizeof(struct sct_insn));
	s->steps++;
	switch (in->op) {
	case SCT_OP_RET:
		return sp == 0 || s->st[SCT_INTERP_IX(sp - 1, SCT_INTERP_SLOTS)] != 0 ?
			SCT_INTERP_MATCH : SCT_INTERP_NO_MATCH;
	case SCT_OP_PUSH_IMM:
		return sct_interp_push_next(s, in->imm);
	case SCT_OP_PUSH_ARG:
		v = (__s64)ops->arg(env, in->a);
		if (in->b == SCT_ARGW_S32)
			v = (__s32)(__u32)v;
		else if (in->b == SCT_ARGW_U32)
			v = (__u32)v;
		return sct_interp_push_next(s, v);
	case SCT_OP_PUSH_VAR:
		if (!ops->var(env, in->a, &v))
			return SCT_INTERP_NO_MATCH;
		return sct_interp_push_next(s, v);
	case SCT_OP_CMP:
		v = s->st[SCT_INTERP_IX(sp - 1, SCT_INTERP_SLOTS)];
		s->sp = --sp;
		v = sct_interp_cmp(in->a, in->b != 0, s->st[SCT_INTERP_IX(sp - 1, SCT_INTERP_SLOTS)], v);
		s->st[SCT_INTERP_IX(sp - 1, SCT_INTERP_SLOTS)] = v;
		break;
	case SCT_OP_MASK:
		v = s->st[SCT_INTERP_IX(sp - 1, SCT_INTERP_SLOTS)];
		s->st[SCT_INTERP_IX(sp - 1, SCT_INTERP_SLOTS)] = (v & in->imm) != 0;
		break;
	case SCT_OP_NOT:
		v = s->st[SCT_INTERP_IX(sp - 1, SCT_INTERP_SLOTS)];
		s->st[SCT_INTERP_IX(sp - 1, SCT_INTERP_SLOTS)] = !v;
		break;
	case SCT_OP_JZ:
	case SCT_OP_JNZ:
		v = s->st[SCT_INTERP_IX(sp - 1, SCT_INTERP_SLOTS)];
		if ((v == 0) == (in->op == SCT_OP_JZ)) {
			s->pc = pc + 1 + in->c;
			return SCT_INTERP_RUNNING;
		}
		s->sp = sp - 1;
		break;
	case SCT_OP_SOCK_FIELD:
		s->reads++;
		n = ops->sockaddr(env, in->b, in->c, &raw);
		if (!sct_sock_field(raw, n, in->a, &v))
			return SCT_INTERP_NO_MATCH;
		return sct_interp_push_next(s, v);
	case SCT_OP_STR_LOAD:
		s->reads++;
		if (in->a == SCT_STR_SOCK_PATH || in->a == SCT_STR_SOCK_IP) {
			n = ops->sockaddr(env, in->b, in->c, &raw);
			n = sct_sock_text(ops, env, in->a, raw, n);
		} else {
			n = ops->str(env, in->a, in->b);
		}
		if (n < 0)
			return SCT_INTERP_NO_MATCH;
		SCT_INTERP_CHECK(n < SCT_INTERP_REG_SIZE);
		s->reg_len = n;
		break;
	case SCT_OP_STR_EQ:
	case SCT_OP_STR_MATCH:
		at = p->const_off[SCT_INTERP_IX(in->c, SCT_PROG_MAX_CONSTS)] + sizeof(struct sct_const);
		if (in->op == SCT_OP_STR_EQ)
			return sct_interp_str_eq(s, p, ops->reg(env), at);
		return sct_interp_str_match(s, p, ops->reg(env), at);
	default:
		return SCT_INTERP_NO_MATCH;
	}
	s->pc = pc + 1;
	return SCT_INTERP_RUNNING;
}

/* Runs a checked program to its verdict: whether the filter matches (the module's and the addon's
 * driver; BPF drives sct_interp_step with bpf_loop). */
static inline bool sct_interp_run(const struct sct_interp_prog *p, const struct sct_interp_ops *ops,
				  void *env)
{
	struct sct_interp_state s;
	int r;

	sct_interp_init(&s);
	do
		r = sct_interp_step(&s, p, ops, env);
	while (r == SCT_INTERP_RUNNING);
	return r == SCT_INTERP_MATCH;
}

#endif /* SCT_PROG_INTERP_H */
