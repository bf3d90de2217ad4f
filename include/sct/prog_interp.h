/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The interpreter of filter programs (sct/prog.h), one implementation for both consumers: the
 * kernel module (kernel/sct_prog.c) and the seccomp supervisor (native/src/prog_eval.cc). Plain C
 * that builds freestanding in the kernel and as C++ in the addon; every function is static inline.
 *
 * What differs between the two sits behind struct sct_interp_ops: how the calling process's
 * memory is read (strncpy_from_user/copy_from_user in the kernel; process_vm_readv, /proc, or the
 * strings given to evalProg in the supervisor), its variables (pid, uid...), and how an IP address
 * becomes text. Callers pass a static const table, so the compiler can make the calls direct.
 */
#ifndef SCT_PROG_INTERP_H
#define SCT_PROG_INTERP_H

#include "prog.h"
#include "prog_dfa.h"

#ifdef __KERNEL__
#include <linux/socket.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/un.h>
#include <linux/stddef.h>
#include <linux/string.h>
#else
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#endif

/*
 * EXPERIMENT (branch watch, #18; not for merge as it is): the BPF verifier cannot see
 * sct_prog_check's proof that the value stack, jumps and constant indexes stay in bounds, so a
 * BPF build (native/watch/bpf/filter.bpf.h) defines SCT_INTERP_GUARD to return "no match" when a
 * bound does not hold. Empty for the module and the addon: their code is unchanged.
 */
#ifndef SCT_INTERP_GUARD
#define SCT_INTERP_GUARD(ok) do { } while (0)
#endif

/* Longest text of an IP address, NUL not included (inet_ntop's INET6_ADDRSTRLEN is 46 with it). */
#define SCT_IP_TEXT_MAX 45

/*
 * A string result is a length (>= 0) or a negative number when the data is unavailable (unmapped
 * memory, process gone, no buffer): the filter then evaluates to "no match". Pointers handed back
 * stay valid until the next call of the same hook.
 */
struct sct_interp_ops {
	/* Syscall argument i (0..5), the whole register. */
	__u64 (*arg)(void *env, unsigned int i);
	/* Integer process variable which (enum sct_var); false: unavailable. */
	bool (*var)(void *env, unsigned int which, __s64 *out);
	/* String source src (SCT_STR_ARG..SCT_STR_CWD) of argument argi: its bytes in *out. */
	long (*str)(void *env, unsigned int src, unsigned int argi, const char **out);
	/* The sockaddr at the pointer in argument ptr_arg, its length in argument len_arg: the bytes
	 * read in *out (from a live process, at most sizeof(struct sockaddr_storage)). */
	long (*sockaddr)(void *env, unsigned int ptr_arg, unsigned int len_arg, const __u8 **out);
	/* Room for n bytes of the string register and a NUL; NULL: none. */
	char *(*text_buf)(void *env, unsigned long n);
	/* The address at addr (struct in_addr for AF_INET, struct in6_addr for AF_INET6) as text in
	 * buf (size bytes, NUL-terminated), like inet_ntop; its length. */
	long (*ip_text)(void *env, int family, const void *addr, char *buf, unsigned long size);
};

/* The family of the n sockaddr bytes at raw; -1 when they cannot hold one (n < 0: read failed). */
static inline int sct_sock_family(const __u8 *raw, long n)
{
	sa_family_t fam;

	if (n < (long)sizeof(fam))
		return -1;
	memcpy(&fam, raw, sizeof(fam));
	return fam;
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
				 const __u8 *raw, long n, const char **out)
{
	int fam = sct_sock_family(raw, n);
	char *buf;
	long m;

	if (fam < 0)
		return -1;
	if (src == SCT_STR_SOCK_PATH) {
		const char *p = (const char *)raw + offsetof(struct sockaddr_un, sun_path);

		m = n - (long)offsetof(struct sockaddr_un, sun_path);
		if (fam != AF_UNIX || m < 0)
			return -1;
		buf = ops->text_buf(env, m);
		if (!buf)
			return -1;
		if (m > 0 && p[0] == '\0') { /* abstract: '@' for the leading NUL, like ss(8) */
			buf[0] = '@';
			memcpy(buf + 1, p + 1, m - 1);
		} else {
			m = strnlen(p, m);
			memcpy(buf, p, m);
		}
		buf[m] = 0;
		*out = buf;
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
	*out = buf;
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

/*
 * Runs a verified program (n_insns instructions, consts[i]: pool entry i): whether the filter
 * matches. The verifier proved every stack access, jump and constant index in bounds, so there
 * are no checks of them here.
 */
static inline bool sct_interp_run(const struct sct_insn *insns, unsigned int n_insns,
				  const struct sct_const *const *consts,
				  const struct sct_interp_ops *ops, void *env)
{
	__s64 st[SCT_PROG_MAX_STACK + 1];
	int sp = 0;
	const char *reg = NULL;
	long reg_len = -1; /* length of the string register, -1 while none is loaded */
	unsigned int pc = 0;
#ifdef SCT_INTERP_MAX_STEPS /* EXPERIMENT (branch watch, #18): a counter the BPF verifier can see */
	unsigned int steps = 0;

	while (pc < n_insns && steps++ < SCT_INTERP_MAX_STEPS) {
#else
	while (pc < n_insns) {
#endif
		const struct sct_insn *in = &insns[pc];
		const __u8 *raw = NULL;
		long n;
		__s64 v;

		SCT_INTERP_GUARD(pc < SCT_PROG_MAX_INSNS && sp >= 0 && sp < SCT_PROG_MAX_STACK);
		switch (in->op) {
		case SCT_OP_RET:
			SCT_INTERP_GUARD(sp <= SCT_PROG_MAX_STACK);
			return sp == 0 ? true : st[sp - 1] != 0;
		case SCT_OP_PUSH_IMM:
			st[sp++] = in->imm;
			break;
		case SCT_OP_PUSH_ARG:
			v = (__s64)ops->arg(env, in->a);
			if (in->b == SCT_ARGW_S32)
				v = (__s32)(__u32)v;
			else if (in->b == SCT_ARGW_U32)
				v = (__u32)v;
			st[sp++] = v;
			break;
		case SCT_OP_PUSH_VAR:
			if (!ops->var(env, in->a, &v))
				return false;
			st[sp++] = v;
			break;
		case SCT_OP_CMP:
			SCT_INTERP_GUARD(sp >= 2);
			sp--;
			st[sp - 1] = sct_interp_cmp(in->a, in->b != 0, st[sp - 1], st[sp]);
			break;
		case SCT_OP_MASK:
			SCT_INTERP_GUARD(sp >= 1);
			st[sp - 1] = (st[sp - 1] & in->imm) != 0;
			break;
		case SCT_OP_NOT:
			SCT_INTERP_GUARD(sp >= 1);
			st[sp - 1] = !st[sp - 1];
			break;
		case SCT_OP_JZ:
		case SCT_OP_JNZ:
			SCT_INTERP_GUARD(sp >= 1);
			if ((st[sp - 1] == 0) == (in->op == SCT_OP_JZ)) {
				pc += 1 + in->c;
				continue;
			}
			sp--;
			break;
		case SCT_OP_SOCK_FIELD:
			n = ops->sockaddr(env, in->b, in->c, &raw);
			if (!sct_sock_field(raw, n, in->a, &v))
				return false;
			st[sp++] = v;
			break;
		case SCT_OP_STR_LOAD:
			if (in->a == SCT_STR_SOCK_PATH || in->a == SCT_STR_SOCK_IP) {
				n = ops->sockaddr(env, in->b, in->c, &raw);
				reg_len = sct_sock_text(ops, env, in->a, raw, n, &reg);
			} else {
				reg_len = ops->str(env, in->a, in->b, &reg);
			}
			if (reg_len < 0)
				return false;
			break;
		case SCT_OP_STR_EQ: {
			const struct sct_const *c = consts[in->c];

			st[sp++] = reg_len >= 0 && reg_len == (long)c->len && !memcmp(reg, c + 1, c->len);
			break;
		}
		case SCT_OP_STR_MATCH:
			st[sp++] = reg_len >= 0 && sct_dfa_match((const __u8 *)(consts[in->c] + 1), reg, reg_len);
			break;
		default:
			return false;
		}
		pc++;
	}
	return false;
}

#endif /* SCT_PROG_INTERP_H */
