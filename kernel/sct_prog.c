// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Filter programs (include/sct/prog.h): verified once on load, interpreted per call in the
 * calling thread's context (the wrapper runs in process context, so user memory is read with
 * strncpy_from_user/copy_from_user, which may fault and sleep). The interpreter itself is
 * include/sct/prog_interp.h, shared with the seccomp engine; this file gives it the reads.
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
#include <linux/string.h>
#include "sct_internal.h"
#include "sct/prog_interp.h"

#define PAD8(n) (((n) + 7u) & ~7u)

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

/* Copies and verifies a program from a kernel buffer; every check of sct/prog.h's header. */
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
			if (sct_dfa_check((const u8 *)(c + 1), c->len) != SCT_DFA_OK)
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

/* The interpreter's view of the calling thread (process context: may fault and sleep). */
struct sct_kenv {
	struct sct_eval_ctx *ctx;
	struct sockaddr_storage ss; /* the last sockaddr read */
};

static u64 k_arg(void *env, unsigned int i)
{
	return ((struct sct_kenv *)env)->ctx->args[i];
}

static bool k_var(void *env, unsigned int which, s64 *v)
{
	switch (which) {
	case SCT_VAR_PID: *v = task_tgid_nr(current); return true;
	case SCT_VAR_PPID: *v = task_ppid_nr(current); return true;
	case SCT_VAR_TID: *v = task_pid_nr(current); return true;
	case SCT_VAR_UID: *v = from_kuid(&init_user_ns, current_uid()); return true;
	case SCT_VAR_EUID: *v = from_kuid(&init_user_ns, current_euid()); return true;
	case SCT_VAR_GID: *v = from_kgid(&init_user_ns, current_gid()); return true;
	}
	return false;
}

/* Loads a string into ctx->buf: its length, or -errno (the filter then does not match). */
static long k_str(void *env, unsigned int src, unsigned int argi, const char **out)
{
	struct sct_eval_ctx *ctx = ((struct sct_kenv *)env)->ctx;
	char *buf = ctx->buf;
	const unsigned long *args = ctx->args;
	const int size = SCT_PROG_MAX_STR + 1;
	long n;

	if (!buf)
		return -ENOMEM; /* sct_hook.c could not allocate it */
	*out = buf;
	switch (src) {
	case SCT_STR_ARG:
		if (!args[argi])
			return -EFAULT;
		n = strncpy_from_user(buf, (const char __user *)args[argi], size);
		if (n < 0)
			return n;
		if (n >= size)
			return -ENAMETOOLONG;
		return n;
	case SCT_STR_FD_PATH: {
		int fd = (int)args[argi];
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
	}
	return -EINVAL;
}

static long k_sockaddr(void *env, unsigned int ai, unsigned int li, const u8 **out)
{
	struct sct_kenv *e = env;

	*out = (const u8 *)&e->ss;
	return read_sockaddr(e->ctx->args, ai, li, &e->ss);
}

static char *k_text_buf(void *env, unsigned long n)
{
	char *buf = ((struct sct_kenv *)env)->ctx->buf;

	return n <= SCT_PROG_MAX_STR ? buf : NULL;
}

static long k_ip_text(void *env, int family, const void *addr, char *buf, unsigned long size)
{
	if (family == AF_INET)
		return snprintf(buf, size, "%pI4", addr);
	return snprintf(buf, size, "%pI6c", addr);
}

static const struct sct_interp_ops sct_kops = {
	.arg = k_arg,
	.var = k_var,
	.str = k_str,
	.sockaddr = k_sockaddr,
	.text_buf = k_text_buf,
	.ip_text = k_ip_text,
};

/* Runs a verified program: the verifier proved every stack access and jump in bounds. */
bool sct_prog_eval(const struct sct_kprog *p, struct sct_eval_ctx *ctx)
{
	struct sct_kenv env; /* not zeroed: read_sockaddr clears ss before each read */

	env.ctx = ctx;
	if (!p)
		return true;
	return sct_interp_run(p->insns, p->n_insns, p->consts, &sct_kops, &env);
}
