// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Filter programs (include/sct/prog.h): checked once on load (include/sct/prog_check.h),
 * interpreted per call in the calling thread's context (the wrapper runs in process context, so user memory is read with
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
#include "sct/prog_check.h"
#include "sct/prog_interp.h"

/* Copies a program from a kernel buffer and checks it (include/sct/prog_check.h): any fault is
 * -EINVAL, named in a pr_debug line (dyndbg) for whoever builds programs by hand. */
int sct_prog_load(const void *blob, u32 len, struct sct_kprog **out)
{
	struct sct_prog_check_ws *ws;
	struct sct_prog_verdict v;
	struct sct_kprog *p;
	u32 i;

	if (len > SCT_MAX_RULESET_BYTES)
		return -EINVAL;
	p = kzalloc(struct_size(p, blob, len), GFP_KERNEL);
	ws = kmalloc(sizeof(*ws), GFP_KERNEL);
	if (!p || !ws)
		goto nomem;
	memcpy(p->blob, blob, len);
	if (sct_prog_check(p->blob, len, ws, &v)) {
		pr_debug("sct: filter program rejected: %s (%s) at instruction %d, constant %d\n",
			 sct_prog_fault_name(v.fault), sct_prog_fault_message(v.fault), v.insn, v.constant);
		kfree(ws);
		kfree(p);
		return -EINVAL;
	}
	p->len = len;
	p->n_insns = ((const struct sct_prog_header *)p->blob)->n_insns;
	p->n_consts = ((const struct sct_prog_header *)p->blob)->n_consts;
	p->insns = (const struct sct_insn *)(p->blob + sizeof(struct sct_prog_header));
	if (p->n_consts) {
		p->const_off = kmemdup(ws->const_off, p->n_consts * sizeof(*p->const_off), GFP_KERNEL);
		if (!p->const_off)
			goto nomem;
	}
	for (i = 0; i < p->n_insns; i++)
		if (p->insns[i].op == SCT_OP_STR_LOAD)
			p->reads_str = true;
	kfree(ws);
	*out = p;
	return 0;
nomem:
	kfree(ws);
	kfree(p);
	return -ENOMEM;
}

void sct_prog_free(struct sct_kprog *p)
{
	if (!p)
		return;
	kfree(p->const_off);
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

/* Loads a string into ctx->buf (the string register): its length, or -errno (the filter then
 * does not match). */
static long k_str(void *env, unsigned int src, unsigned int argi)
{
	struct sct_eval_ctx *ctx = ((struct sct_kenv *)env)->ctx;
	char *buf = ctx->buf;
	const unsigned long *args = ctx->args;
	const int size = SCT_PROG_MAX_STR + 1;
	long n;

	if (!buf)
		return -ENOMEM; /* sct_hook.c could not allocate it */
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

static const char *k_reg(void *env)
{
	return ((struct sct_kenv *)env)->ctx->buf;
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
	.reg = k_reg,
	.ip_text = k_ip_text,
};

/* Runs a verified program: the verifier proved every stack access and jump in bounds. */
bool sct_prog_eval(const struct sct_kprog *p, struct sct_eval_ctx *ctx)
{
	struct sct_kenv env; /* not zeroed: read_sockaddr clears ss before each read */
	struct sct_interp_prog ip;

	env.ctx = ctx;
	if (!p)
		return true;
	ip.blob = p->blob;
	ip.const_off = p->const_off;
	ip.n_insns = p->n_insns;
	return sct_interp_run(&ip, &sct_kops, &env);
}
