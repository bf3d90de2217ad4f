// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Filter programs (native/src/sct_prog.h): verified once on load, interpreted per call in the
 * calling thread's context (the wrapper runs in process context, so user memory is read with
 * strncpy_from_user/copy_from_user, which may fault and sleep).
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/dcache.h>
#include <linux/mm.h>
#include <linux/socket.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/un.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include "sct_internal.h"

#define PAD8(n) (((n) + 7u) & ~7u)

static bool dfa_ok(const u8 *p, u32 len)
{
	u32 n, k, i;

	if (len < 8 + 256)
		return false;
	n = get_unaligned_le16(p);
	k = get_unaligned_le16(p + 2);
	if (n == 0 || k == 0 || n > SCT_DFA_MAX_STATES || k > 256)
		return false;
	if (len != 8 + 256 + n + 2 * n * k)
		return false;
	if (get_unaligned_le16(p + 4) >= n || get_unaligned_le16(p + 6) >= n)
		return false;
	for (i = 0; i < 256; i++)
		if (p[8 + i] >= k)
			return false;
	for (i = 0; i < n * k; i++)
		if (get_unaligned_le16(p + 8 + 256 + n + 2 * i) >= n)
			return false;
	return true;
}

static int pops_of(u8 op)
{
	switch (op) {
	case SCT_OP_CMP: return 2;
	case SCT_OP_MASK: case SCT_OP_NOT: case SCT_OP_JZ: case SCT_OP_JNZ: return 1;
	default: return 0;
	}
}

static int effect_of(u8 op)
{
	switch (op) {
	case SCT_OP_PUSH_IMM: case SCT_OP_PUSH_ARG: case SCT_OP_PUSH_VAR: case SCT_OP_SOCK_FIELD:
	case SCT_OP_STR_EQ: case SCT_OP_STR_MATCH: return 1;
	case SCT_OP_CMP: case SCT_OP_JZ: case SCT_OP_JNZ: return -1;
	default: return 0;
	}
}

/* Copies and verifies a program from a kernel buffer; every check of sct_prog.h's header. */
int sct_prog_load(const void *blob, u32 len, struct sct_kprog **out)
{
	const struct sct_prog_header *h = blob;
	struct sct_kprog *p;
	s8 *depth;
	u32 off, i, n, reads = 0;
	int ret = -EINVAL;

	if (len < sizeof(*h) || len > SCT_MAX_RULESET_BYTES)
		return -EINVAL;
	if (h->magic != SCT_PROG_MAGIC || h->version != SCT_PROG_VERSION || h->total_len != len || h->reserved)
		return -EINVAL;
	n = h->n_insns;
	if (n == 0 || n > SCT_PROG_MAX_INSNS || h->n_consts > SCT_PROG_MAX_CONSTS)
		return -EINVAL;
	if (sizeof(*h) + (size_t)n * sizeof(struct sct_insn) > len)
		return -EINVAL;

	p = kzalloc(struct_size(p, blob, len), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	memcpy(p->blob, blob, len);
	p->len = len;
	p->n_insns = n;
	p->n_consts = h->n_consts;
	p->insns = (const struct sct_insn *)(p->blob + sizeof(*h));
	if (p->n_consts) {
		p->consts = kcalloc(p->n_consts, sizeof(*p->consts), GFP_KERNEL);
		if (!p->consts) {
			kfree(p);
			return -ENOMEM;
		}
	}
	/* The pool: each entry inside the blob, known kind, DFAs well-formed, nothing left over. */
	off = sizeof(*h) + n * sizeof(struct sct_insn);
	for (i = 0; i < p->n_consts; i++) {
		const struct sct_const *c;

		if (len - off < sizeof(*c))
			goto bad;
		c = (const struct sct_const *)(p->blob + off);
		if (c->reserved[0] || c->reserved[1] || c->reserved[2])
			goto bad;
		if (c->len > len || PAD8(c->len) > len - off - sizeof(*c))
			goto bad;
		if (c->kind == SCT_CONST_DFA) {
			if (!dfa_ok((const u8 *)(c + 1), c->len))
				goto bad;
		} else if (c->kind != SCT_CONST_STR || c->len > SCT_PROG_MAX_STR) {
			goto bad;
		}
		p->consts[i] = c;
		off += sizeof(*c) + PAD8(c->len);
	}
	if (off != len)
		goto bad;

	/* Instructions: forward jumps inside the program, a fixed stack depth at every reachable
	 * instruction (both sides of a jump agree), bounded depth and string loads, RET last. */
	depth = kmalloc_array(n + 1, sizeof(*depth), GFP_KERNEL);
	if (!depth) {
		ret = -ENOMEM;
		goto bad;
	}
	memset(depth, -1, n + 1);
	depth[0] = 0;
	if (p->insns[n - 1].op != SCT_OP_RET)
		goto bad_depth;
	for (i = 0; i < n; i++) {
		const struct sct_insn *in = &p->insns[i];
		int d = depth[i], after;

		if (in->op > SCT_OP_STR_MATCH)
			goto bad_depth;
		if (d < 0)
			continue; /* unreachable: never executed */
		if (d < pops_of(in->op))
			goto bad_depth;
		after = d + effect_of(in->op);
		if (after > SCT_PROG_MAX_STACK)
			goto bad_depth;
		switch (in->op) {
		case SCT_OP_PUSH_ARG:
			if (in->a > 5 || in->b > SCT_ARGW_U32)
				goto bad_depth;
			break;
		case SCT_OP_PUSH_VAR:
			if (in->a > SCT_VAR_GID)
				goto bad_depth;
			break;
		case SCT_OP_CMP:
			if (in->a > SCT_CMP_GE || in->b > 1)
				goto bad_depth;
			break;
		case SCT_OP_SOCK_FIELD:
			if (in->a > SCT_SOCK_PORT || in->b > 5 || in->c > 5)
				goto bad_depth;
			break;
		case SCT_OP_STR_LOAD:
			if (in->a > SCT_STR_SOCK_IP || in->b > 5 || in->c > 5 || ++reads > SCT_PROG_MAX_READS)
				goto bad_depth;
			p->reads_str = true;
			break;
		case SCT_OP_STR_EQ:
		case SCT_OP_STR_MATCH:
			if (in->c >= p->n_consts ||
			    p->consts[in->c]->kind != (in->op == SCT_OP_STR_EQ ? SCT_CONST_STR : SCT_CONST_DFA))
				goto bad_depth;
			break;
		default:
			break;
		}
		if (in->op == SCT_OP_RET)
			continue;
		if (in->op == SCT_OP_JZ || in->op == SCT_OP_JNZ) {
			s32 c = (s32)in->c;
			u32 t;

			if (c < 0 || (u32)c >= n - 1 - i)
				goto bad_depth; /* backward, or past the last instruction */
			t = i + 1 + c;
			if (depth[t] >= 0 && depth[t] != d)
				goto bad_depth;
			depth[t] = d;
		}
		if (i + 1 < n) {
			if (depth[i + 1] >= 0 && depth[i + 1] != after)
				goto bad_depth;
			depth[i + 1] = after;
		}
	}
	kfree(depth);
	*out = p;
	return 0;
bad_depth:
	kfree(depth);
bad:
	kfree(p->consts);
	kfree(p);
	return ret;
}

void sct_prog_free(struct sct_kprog *p)
{
	if (!p)
		return;
	kfree(p->consts);
	kfree(p);
}

static bool dfa_match(const u8 *p, const char *s, u32 len)
{
	u32 n = get_unaligned_le16(p), k = get_unaligned_le16(p + 2);
	u32 state = get_unaligned_le16(p + 4), dead = get_unaligned_le16(p + 6), i;

	for (i = 0; i < len; i++) {
		state = get_unaligned_le16(p + 8 + 256 + n + 2 * (state * k + p[8 + (u8)s[i]]));
		if (state == dead)
			return false;
	}
	return p[8 + 256 + state] != 0;
}

/* d_path into buf (size bytes) and move the result to the front; length or -errno. */
static int path_to_buf(const struct path *path, char *buf, int size)
{
	char *s = d_path(path, buf, size);
	int n;

	if (IS_ERR(s))
		return PTR_ERR(s);
	n = strlen(s);
	memmove(buf, s, n + 1);
	return n;
}

int sct_read_exe(char *buf, int size, const char **out)
{
	struct mm_struct *mm = current->mm;
	struct file *f = NULL;
	int n;

	if (!mm)
		return -ENOENT;
	rcu_read_lock();
	f = rcu_dereference(mm->exe_file);
	if (f && !get_file_rcu(f))
		f = NULL;
	rcu_read_unlock();
	if (!f)
		return -ENOENT;
	n = path_to_buf(&f->f_path, buf, size);
	fput(f);
	*out = buf;
	return n;
}

/* The sockaddr at args[ai] with length args[li], into a kernel copy; its length or -errno. */
static int read_sockaddr(const unsigned long *args, unsigned int ai, unsigned int li, struct sockaddr_storage *ss)
{
	unsigned long len = args[li];

	if (!args[ai] || (long)len <= 0)
		return -EINVAL;
	if (len > sizeof(*ss))
		len = sizeof(*ss);
	memset(ss, 0, sizeof(*ss));
	if (copy_from_user(ss, (const void __user *)args[ai], len))
		return -EFAULT;
	return len;
}

static bool sock_field(const unsigned long *args, const struct sct_insn *in, s64 *v)
{
	struct sockaddr_storage ss;
	int n = read_sockaddr(args, in->b, in->c, &ss);

	if (n < (int)sizeof(sa_family_t))
		return false;
	if (in->a == SCT_SOCK_FAMILY) {
		*v = ss.ss_family;
		return true;
	}
	if ((ss.ss_family == AF_INET && n >= (int)sizeof(struct sockaddr_in)) ||
	    (ss.ss_family == AF_INET6 && n >= (int)sizeof(struct sockaddr_in6))) {
		*v = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		return true;
	}
	return false;
}

/* Loads the string register: its length in ctx->buf, or -errno (the filter then does not match). */
static int load_str(const struct sct_insn *in, struct sct_eval_ctx *ctx)
{
	char *buf = ctx->buf;
	const unsigned long *args = ctx->args;
	const int size = SCT_PROG_MAX_STR + 1;
	long n;

	switch (in->a) {
	case SCT_STR_ARG:
		if (!args[in->b])
			return -EFAULT;
		n = strncpy_from_user(buf, (const char __user *)args[in->b], size);
		if (n < 0)
			return n;
		if (n >= size)
			return -ENAMETOOLONG;
		return n;
	case SCT_STR_FD_PATH: {
		int fd = (int)args[in->b];
		struct file *f;

		if (fd < 0)
			return -EBADF;
		f = fget(fd);
		if (!f)
			return -EBADF;
		n = path_to_buf(&f->f_path, buf, size);
		fput(f);
		return n;
	}
	case SCT_STR_COMM:
		__get_task_comm(buf, TASK_COMM_LEN, current);
		return strlen(buf);
	case SCT_STR_EXE: {
		const char *s;

		return sct_read_exe(buf, size, &s);
	}
	case SCT_STR_CWD: {
		struct path pwd;

		if (!current->fs)
			return -ENOENT;
		get_fs_pwd(current->fs, &pwd);
		n = path_to_buf(&pwd, buf, size);
		path_put(&pwd);
		return n;
	}
	case SCT_STR_SOCK_PATH:
	case SCT_STR_SOCK_IP: {
		struct sockaddr_storage ss;
		int len = read_sockaddr(args, in->b, in->c, &ss);

		if (len < (int)sizeof(sa_family_t))
			return -EINVAL;
		if (in->a == SCT_STR_SOCK_PATH) {
			const char *p = ((struct sockaddr_un *)&ss)->sun_path;
			int m = len - (int)offsetof(struct sockaddr_un, sun_path);

			if (ss.ss_family != AF_UNIX || m < 0)
				return -EINVAL;
			if (m > 0 && p[0] == '\0') { /* abstract: '@' for the NUL, like ss(8) */
				buf[0] = '@';
				memcpy(buf + 1, p + 1, m - 1);
				buf[m] = 0;
				return m;
			}
			m = strnlen(p, m);
			memcpy(buf, p, m);
			buf[m] = 0;
			return m;
		}
		if (ss.ss_family == AF_INET && len >= (int)sizeof(struct sockaddr_in))
			return snprintf(buf, size, "%pI4", &((struct sockaddr_in *)&ss)->sin_addr);
		if (ss.ss_family == AF_INET6 && len >= (int)sizeof(struct sockaddr_in6))
			return snprintf(buf, size, "%pI6c", &((struct sockaddr_in6 *)&ss)->sin6_addr);
		return -EINVAL;
	}
	}
	return -EINVAL;
}

static bool get_var(u8 id, s64 *v)
{
	switch (id) {
	case SCT_VAR_PID: *v = task_tgid_nr(current); return true;
	case SCT_VAR_PPID: *v = task_ppid_nr(current); return true;
	case SCT_VAR_TID: *v = task_pid_nr(current); return true;
	case SCT_VAR_UID: *v = from_kuid(&init_user_ns, current_uid()); return true;
	case SCT_VAR_EUID: *v = from_kuid(&init_user_ns, current_euid()); return true;
	case SCT_VAR_GID: *v = from_kgid(&init_user_ns, current_gid()); return true;
	}
	return false;
}

static s64 cmp(u8 op, bool uns, s64 l, s64 r)
{
	if (uns) {
		u64 a = l, b = r;

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

/* Runs a verified program: the verifier proved every stack access and jump in bounds. */
bool sct_prog_eval(const struct sct_kprog *p, struct sct_eval_ctx *ctx)
{
	s64 st[SCT_PROG_MAX_STACK + 1];
	int sp = 0, reg = -1; /* reg: length of the string register, -1 when none is loaded */
	u32 pc = 0;

	if (!p)
		return true;
	while (pc < p->n_insns) {
		const struct sct_insn *in = &p->insns[pc];
		s64 v;

		switch (in->op) {
		case SCT_OP_RET:
			return sp == 0 ? true : st[sp - 1] != 0;
		case SCT_OP_PUSH_IMM:
			st[sp++] = in->imm;
			break;
		case SCT_OP_PUSH_ARG:
			v = (s64)ctx->args[in->a];
			if (in->b == SCT_ARGW_S32)
				v = (s32)(u32)v;
			else if (in->b == SCT_ARGW_U32)
				v = (u32)v;
			st[sp++] = v;
			break;
		case SCT_OP_PUSH_VAR:
			if (!get_var(in->a, &v))
				return false;
			st[sp++] = v;
			break;
		case SCT_OP_CMP:
			sp--;
			st[sp - 1] = cmp(in->a, in->b != 0, st[sp - 1], st[sp]);
			break;
		case SCT_OP_MASK:
			st[sp - 1] = (st[sp - 1] & in->imm) != 0;
			break;
		case SCT_OP_NOT:
			st[sp - 1] = !st[sp - 1];
			break;
		case SCT_OP_JZ:
		case SCT_OP_JNZ:
			if ((st[sp - 1] == 0) == (in->op == SCT_OP_JZ)) {
				pc += 1 + in->c;
				continue;
			}
			sp--;
			break;
		case SCT_OP_SOCK_FIELD:
			if (!sock_field(ctx->args, in, &v))
				return false;
			st[sp++] = v;
			break;
		case SCT_OP_STR_LOAD:
			if (!ctx->buf)
				return false;
			reg = load_str(in, ctx);
			if (reg < 0)
				return false;
			break;
		case SCT_OP_STR_EQ: {
			const struct sct_const *c = p->consts[in->c];

			st[sp++] = reg >= 0 && (u32)reg == c->len && !memcmp(ctx->buf, c + 1, c->len);
			break;
		}
		case SCT_OP_STR_MATCH:
			st[sp++] = reg >= 0 && dfa_match((const u8 *)(p->consts[in->c] + 1), ctx->buf, reg);
			break;
		default:
			return false;
		}
		pc++;
	}
	return false;
}
