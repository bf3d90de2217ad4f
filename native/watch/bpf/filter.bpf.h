/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The project's filter (include/sct/prog_interp.h, the same step function the module and the
 * addon run) in BPF: the bounds the verifier needs, the hooks, and the driver, bpf_loop() over
 * sct_interp_step. Included by watch.bpf.c (the live hooks: the call's arguments, the current
 * task, user memory) and by ../test/filter-test.bpf.c (SCT_FILTER_TEST: variables and strings
 * from the test's context and map, so that the corpus runs through this same code path).
 *
 * The includer defines, before including this file: count(enum sct_watch_stat) and, for the live
 * hooks, nothing else.
 *
 * Limits the verifier imposed (docs/watch-design.md, "The filter in BPF"):
 *   - the blob is at most SCT_WATCH_PROG_MAX (16 KiB) bytes: every blob index is masked to it,
 *     every instruction index checked against it (at most 1023 instructions);
 *   - a string compare takes SCT_INTERP_CHUNK (64) bytes per bpf_loop step, an evaluation at
 *     most SCT_FILTER_MAX_STEPS steps (a longer one is counted as a fault: no match);
 *   - fd paths, exe and cwd by a dentry walk (at most SCT_PATH_DEPTH components), from the mount
 *     namespace's root: no " (deleted)", no pipe:[n]-style names (d_dname), chroot not honoured;
 */
#ifndef SCT_WATCH_FILTER_BPF_H
#define SCT_WATCH_FILTER_BPF_H

#define SCT_INTERP_IX(i, size) ((i) & ((size) - 1)) /* every array below has a power-of-two size */
#define SCT_INTERP_CHECK(ok) do { if (!(ok)) return SCT_INTERP_FAULT; } while (0)
#define SCT_INTERP_SLOTS 64                   /* >= SCT_PROG_MAX_STACK + 1 */
#define SCT_INTERP_BLOB_SIZE SCT_WATCH_PROG_MAX
#define SCT_INTERP_REG_SIZE 8192              /* >= SCT_PROG_MAX_STR + 2 (a read one byte too long) */
#ifndef SCT_INTERP_CHUNK
#define SCT_INTERP_CHUNK 64
#endif
/* A sockaddr's path: a fixed-size copy (sa and the register have room for it), and the kernel's
 * string copy, whose result the verifier does not split into one state per length. */
#define SCT_INTERP_SOCK_COPY(dst, src, n) __builtin_memcpy(dst, src, SCT_SOCKADDR_MAX - 2)
#define SCT_INTERP_SOCK_STRCPY(dst, src, n) \
	sct_bpf_str_len(bpf_probe_read_kernel_str(dst, ((n) & (SCT_SOCKADDR_MAX - 1)) + 1, src))
static __always_inline long sct_bpf_str_len(long r) /* bytes copied, NUL included, or -errno */
{
	return r > 0 ? r - 1 : 0;
}
#include "sct/prog_interp.h"

#define SCT_FILTER_MAX_STEPS (1 << 17) /* >= 1023 instructions x (4096 / 64 + 1) compare steps */

/* Per-CPU scratch of one evaluation: too big for the 512-byte BPF stack. A slot per kind of
 * program (sys_enter, sys_exit, cgroup socket hooks, LSM hooks): a tracing program can be preempted
 * (migrate_disable only), so programs of two tasks may interleave on one CPU; each kind uses its
 * own slot (one program does not nest on
 * a CPU: the kernel skips a program already running there, counted in its recursion misses). */
struct sct_filter_scratch {
	struct sct_interp_state s;
	__u32 sa_given; /* cgroup socket hooks: sa holds the call's sockaddr, this many bytes */
	struct {        /* IPv6 text in progress (f_ip_text): in the map, so that the verifier does */
		__s32 n;    /* not split its callbacks' states per value */
		__s32 best, best_len, cur, cur_len;
	} ip6;
	__u32 const_off[SCT_PROG_MAX_CONSTS];
	__u8 sa[2 * SCT_SOCKADDR_MAX]; /* the last sockaddr read (twice the size: masked indexes) */
	char reg[SCT_INTERP_REG_SIZE];  /* the string register */
	struct {                        /* a dentry walk in progress (f_path_text) */
		__u64 dentry, vfsmount;     /* kernel addresses, read with bpf_probe_read_kernel */
		__s32 pos;                  /* the text so far is tmp[pos..SCT_PROG_MAX_STR) */
		__s32 ok;
	} walk;
	char tmp[SCT_PROG_MAX_STR + 256]; /* the path, written from its end */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct sct_filter_scratch);
} filter_scratch SEC(".maps");

#ifdef SCT_FILTER_TEST
#define SCT_FILTER_TEST_STR 256 /* bytes of one test string (the corpus's are short) */
#define SCT_FILTER_TEST_KEYS 16 /* 0..5: argument i (its string, fd path or sockaddr); 10, 11, 12: comm, exe, cwd */

/* The call a test evaluates (the context of the SEC("syscall") program). */
struct sct_filter_test_call {
	__u64 args[6];
	__s64 vars[6];   /* by enum sct_var */
	__u32 var_mask;  /* bit i: vars[i] is available */
	__u32 str_mask;  /* bit k: test_strs[k] is present */
	__u32 prog_key;  /* the "progs" entry to run */
	__s32 status;    /* out: enum sct_interp_status */
	__u32 steps;     /* out: bpf_loop steps */
	__u32 reserved;
};

struct sct_filter_test_strs {
	__u32 len[SCT_FILTER_TEST_KEYS];
	char data[SCT_FILTER_TEST_KEYS][SCT_FILTER_TEST_STR];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sct_filter_test_strs);
} test_strs SEC(".maps");
#endif

/* What the hooks see of the call. */
struct sct_filter_env {
	const __u64 *args;              /* the six argument registers */
	struct sct_filter_scratch *w;
#ifdef SCT_FILTER_TEST
	const struct sct_filter_test_call *call;
	const struct sct_filter_test_strs *strs;
#endif
};

static __u64 f_arg(void *env, unsigned int i)
{
	return i < 6 ? ((struct sct_filter_env *)env)->args[i] : 0;
}

static char *f_text_buf(void *env, unsigned long n)
{
	return n < SCT_INTERP_REG_SIZE ? ((struct sct_filter_env *)env)->w->reg : 0;
}

static const char *f_reg(void *env)
{
	return ((struct sct_filter_env *)env)->w->reg;
}

/* IPv4 a.b.c.d of the 4 bytes at a into buf at n (masked: the register has room): the new n. */
static __always_inline long f_ip4_text(const __u8 *a, char *buf, long n)
{
	for (int i = 0; i < 4; i++) {
		unsigned int v = a[i];

		if (i)
			buf[n++ & 63] = '.';
		if (v >= 100)
			buf[n++ & 63] = '0' + v / 100;
		if (v >= 10)
			buf[n++ & 63] = '0' + v / 10 % 10;
		buf[n++ & 63] = '0' + v % 10;
	}
	return n & 63;
}

struct sct_ip6_fmt {
	const __u8 *a;                  /* the 16 address bytes */
	char *buf;                      /* the text */
	struct sct_filter_scratch *w;   /* w->ip6: where the text stands */
};

/* Group i of the scan for the longest run of zero groups (the first of equals). */
static long sct_ip6_scan_cb(__u32 i, void *ctx)
{
	struct sct_ip6_fmt *f = ctx;
	typeof(f->w->ip6) *st = &f->w->ip6;

	i &= 7;
	if (f->a[2 * i] | f->a[2 * i + 1]) {
		st->cur = -1;
		return 0;
	}
	if (st->cur < 0) {
		st->cur = i;
		st->cur_len = 0;
	}
	if (++st->cur_len > st->best_len) {
		st->best = st->cur;
		st->best_len = st->cur_len;
	}
	return 0;
}

/* Group i of the text; 1 (stop) after an IPv4 tail. */
static long sct_ip6_emit_cb(__u32 i, void *ctx)
{
	struct sct_ip6_fmt *f = ctx;
	typeof(f->w->ip6) *st = &f->w->ip6;
	unsigned int w;
	bool started = false;
	long n = st->n & 63;

	i &= 7;
	w = (unsigned int)f->a[2 * i] << 8 | f->a[2 * i + 1];
	if (st->best >= 0 && (int)i >= st->best && (int)i < st->best + st->best_len) {
		if ((int)i == st->best)
			f->buf[n++ & 63] = ':';
		if ((int)i == 7)
			f->buf[n++ & 63] = ':'; /* the run ends the address */
		st->n = n & 63;
		return 0;
	}
	if (i)
		f->buf[n++ & 63] = ':';
	if (i == 6 && st->best == 0 &&
	    (st->best_len == 6 || (st->best_len == 5 && f->a[10] == 0xff && f->a[11] == 0xff))) {
		st->n = f_ip4_text(f->a + 12, f->buf, n & 63);
		return 1;
	}
	for (int sh = 12; sh >= 0; sh -= 4) {
		unsigned int d = (w >> sh) & 15;

		if (!d && !started && sh)
			continue;
		started = true;
		f->buf[n++ & 63] = d < 10 ? '0' + d : 'a' + d - 10;
	}
	st->n = n & 63;
	return 0;
}

/*
 * inet_ntop, glibc's way: IPv4 dotted; IPv6 in lowercase hex groups, the longest run of two or
 * more zero groups (the first of equals) as "::", and the last 32 bits dotted for ::a.b.c.d and
 * ::ffff:a.b.c.d. Two bpf_loops over the groups, their state in the scratch map.
 */
static long f_ip_text(void *env, int family, const void *addr, char *buf, unsigned long size)
{
	struct sct_filter_scratch *w = ((struct sct_filter_env *)env)->w;
	struct sct_ip6_fmt f = { .a = addr, .buf = buf, .w = w };
	long n;

	(void)size; /* SCT_IP_TEXT_MAX + 1: the longest text fits */
	if (family == AF_INET) {
		n = f_ip4_text(addr, buf, 0);
		buf[n] = 0;
		return n;
	}
	if (family != AF_INET6)
		return -1;
	w->ip6.n = 0;
	w->ip6.best = -1;
	w->ip6.best_len = 0;
	w->ip6.cur = -1;
	w->ip6.cur_len = 0;
	bpf_loop(8, sct_ip6_scan_cb, &f, 0);
	if (w->ip6.best_len < 2)
		w->ip6.best = -1;
	bpf_loop(8, sct_ip6_emit_cb, &f, 0);
	n = w->ip6.n & 63;
	buf[n] = 0;
	return n;
}

#ifndef SCT_FILTER_TEST
/* --- fd paths, exe, cwd: a dentry walk (bpf_d_path is refused in tracepoints) ---------------- */

#define SCT_PATH_DEPTH 128 /* components (mount roots included) walked at most */

/* How a walk ended (walk.ok): at the root; still below it after SCT_PATH_DEPTH steps (0) or with
 * the next component beyond SCT_PROG_MAX_STR bytes (both: tmp holds the path's last whole
 * components); or a kernel read failed. */
enum { SCT_WALK_DEPTH = 0, SCT_WALK_DONE = 1, SCT_WALK_TOO_LONG = 2, SCT_WALK_FAULT = -1 };

struct sct_path_walk_ctx {
	struct sct_filter_scratch *w;
};

/* One step up: a component into w->tmp, or across a mount. 1: done (the root, or a fault). */
static long sct_path_step_cb(__u32 i, void *ctx)
{
	struct sct_filter_scratch *w = ((struct sct_path_walk_ctx *)ctx)->w;
	struct dentry *d = (struct dentry *)w->walk.dentry, *parent;
	struct vfsmount *vm = (struct vfsmount *)w->walk.vfsmount;
	struct mount *m = container_of(vm, struct mount, mnt);
	struct qstr name;
	__s32 pos;

	(void)i;
	if (d == BPF_CORE_READ(vm, mnt_root)) {
		struct mount *up = BPF_CORE_READ(m, mnt_parent);

		if (up == m) { /* the namespace's root mount */
			w->walk.ok = SCT_WALK_DONE;
			return 1;
		}
		w->walk.dentry = (__u64)BPF_CORE_READ(m, mnt_mountpoint);
		w->walk.vfsmount = (__u64)&up->mnt;
		return 0;
	}
	parent = BPF_CORE_READ(d, d_parent);
	if (parent == d) { /* a root that is no mount's (a detached tree) */
		w->walk.ok = SCT_WALK_DONE;
		return 1;
	}
	name = BPF_CORE_READ(d, d_name);
	pos = w->walk.pos - (__s32)(name.len & 255) - 1;
	if (pos < 0) {
		w->walk.ok = SCT_WALK_TOO_LONG;
		return 1;
	}
	if (bpf_probe_read_kernel(w->tmp + (pos & 4095) + 1, name.len & 255, name.name)) {
		w->walk.ok = SCT_WALK_FAULT;
		return 1;
	}
	w->tmp[pos & 4095] = '/';
	w->walk.pos = pos;
	w->walk.dentry = (__u64)parent;
	return 0;
}

/* Walks a struct path (kernel address) into w->tmp[w->walk.pos..SCT_PROG_MAX_STR): how it ended
 * (SCT_WALK_*). Like d_path from the namespace's root, without d_path's " (deleted)" and d_dname
 * names. The root itself leaves the text empty (pos == SCT_PROG_MAX_STR). */
static __always_inline long sct_path_walk(struct sct_filter_scratch *w, const struct path *kpath)
{
	struct sct_path_walk_ctx c = { .w = w };

	w->walk.dentry = (__u64)BPF_CORE_READ(kpath, dentry);
	w->walk.vfsmount = (__u64)BPF_CORE_READ(kpath, mnt);
	w->walk.pos = SCT_PROG_MAX_STR;
	w->walk.ok = SCT_WALK_DEPTH;
	if (!w->walk.dentry || !w->walk.vfsmount)
		return SCT_WALK_FAULT;
	w->tmp[SCT_PROG_MAX_STR] = 0;
	bpf_loop(SCT_PATH_DEPTH, sct_path_step_cb, &c, 0);
	return w->walk.ok;
}

/* The path of a struct path into the string register: its length, -1: failed or longer than the
 * walk's bound (the module's ENAMETOOLONG). */
static long f_path_text(struct sct_filter_scratch *w, const struct path *kpath)
{
	long n;

	if (sct_path_walk(w, kpath) != SCT_WALK_DONE)
		return -1;
	if (w->walk.pos == SCT_PROG_MAX_STR) { /* the root itself */
		w->reg[0] = '/';
		w->reg[1] = 0;
		return 1;
	}
	n = bpf_probe_read_kernel_str(w->reg, SCT_PROG_MAX_STR + 1 - (w->walk.pos & 4095) ,
				      w->tmp + (w->walk.pos & 4095));
	return n > 0 ? n - 1 : -1;
}

/* --- live: the current task and its memory ---------------------------------------------------- */

static bool f_var(void *env, unsigned int which, __s64 *out)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u64 id = bpf_get_current_pid_tgid(), ug = bpf_get_current_uid_gid();

	(void)env;
	switch (which) {
	case SCT_VAR_PID: *out = id >> 32; return true;
	case SCT_VAR_PPID: *out = BPF_CORE_READ(task, real_parent, tgid); return true;
	case SCT_VAR_TID: *out = (__u32)id; return true;
	case SCT_VAR_UID: *out = (__u32)ug; return true;
	case SCT_VAR_EUID: *out = BPF_CORE_READ(task, cred, euid.val); return true;
	case SCT_VAR_GID: *out = ug >> 32; return true;
	}
	return false;
}

static long f_str(void *env, unsigned int src, unsigned int argi)
{
	struct sct_filter_env *e = env;
	long n;

	switch (src) {
	case SCT_STR_ARG:
		/* At most SCT_PROG_MAX_STR bytes and the NUL; one more byte read tells a longer string
		 * (the module's ENAMETOOLONG). */
		n = bpf_probe_read_user_str(e->w->reg, SCT_PROG_MAX_STR + 2, (const void *)f_arg(env, argi));
		if (n < 0) {
			count(SCT_WATCH_STAT_STR_FAIL);
			return -1;
		}
		return n > SCT_PROG_MAX_STR + 1 ? -1 : n - 1;
	case SCT_STR_COMM:
		bpf_get_current_comm(e->w->reg, SCT_WATCH_COMM_LEN);
		for (n = 0; n < SCT_WATCH_COMM_LEN - 1 && e->w->reg[n]; n++)
			;
		return n;
	case SCT_STR_FD_PATH: {
		struct task_struct *task = (struct task_struct *)bpf_get_current_task();
		struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
		int fd = (int)f_arg(env, argi);
		struct file **fds, *f = 0;

		if (!fdt || fd < 0 || fd >= (int)BPF_CORE_READ(fdt, max_fds))
			return -1;
		fds = BPF_CORE_READ(fdt, fd);
		if (bpf_probe_read_kernel(&f, sizeof(f), fds + fd) || !f)
			return -1;
		return f_path_text(e->w, &f->f_path);
	}
	case SCT_STR_EXE: {
		struct task_struct *task = (struct task_struct *)bpf_get_current_task();
		struct file *f = BPF_CORE_READ(task, mm, exe_file);

		return f ? f_path_text(e->w, &f->f_path) : -1;
	}
	case SCT_STR_CWD: {
		struct task_struct *task = (struct task_struct *)bpf_get_current_task();
		struct fs_struct *fs = BPF_CORE_READ(task, fs);

		return fs ? f_path_text(e->w, &fs->pwd) : -1;
	}
	}
	return -1;
}

static long f_sockaddr(void *env, unsigned int ptr_arg, unsigned int len_arg, const __u8 **out)
{
	struct sct_filter_env *e = env;
	__u64 p = f_arg(env, ptr_arg), len = f_arg(env, len_arg);

	*out = e->w->sa;
	if (e->w->sa_given) /* a cgroup socket hook: the kernel's copy, from its context */
		return e->w->sa_given <= SCT_SOCKADDR_MAX ? e->w->sa_given : -1;
	if (!p || (long)len <= 0)
		return -1;
	if (len > SCT_SOCKADDR_MAX)
		len = SCT_SOCKADDR_MAX;
	__builtin_memset(e->w->sa, 0, SCT_SOCKADDR_MAX);
	if (bpf_probe_read_user(e->w->sa, len, (const void *)p)) {
		count(SCT_WATCH_STAT_STR_FAIL);
		return -1;
	}
	return len;
}
#else
/* --- test: the call from the context, strings from test_strs, as evalProg's input ------------ */

static bool f_var(void *env, unsigned int which, __s64 *out)
{
	const struct sct_filter_test_call *c = ((struct sct_filter_env *)env)->call;

	if (which >= 6 || !(c->var_mask & (1u << which)))
		return false;
	*out = c->vars[which];
	return true;
}

/* Copies test string key into dst (size bytes at least SCT_FILTER_TEST_STR): its length, -1: absent. */
static long f_test_str(struct sct_filter_env *e, unsigned int key, void *dst)
{
	if (key >= SCT_FILTER_TEST_KEYS || !(e->call->str_mask & (1u << key)))
		return -1;
	__builtin_memcpy(dst, e->strs->data[key], SCT_FILTER_TEST_STR);
	return e->strs->len[key] < SCT_FILTER_TEST_STR ? e->strs->len[key] : -1;
}

static long f_str(void *env, unsigned int src, unsigned int argi)
{
	struct sct_filter_env *e = env;
	unsigned int key = src == SCT_STR_ARG || src == SCT_STR_FD_PATH ? argi :
			   src == SCT_STR_COMM ? 10 : src == SCT_STR_EXE ? 11 : 12;

	return f_test_str(e, key, e->w->reg);
}

static long f_sockaddr(void *env, unsigned int ptr_arg, unsigned int len_arg, const __u8 **out)
{
	struct sct_filter_env *e = env;
	long n;

	(void)len_arg; /* evalProg's input: the sockaddr's bytes are the string of its argument */
	*out = e->w->sa;
	n = f_test_str(e, ptr_arg, e->w->sa);
	return n > SCT_SOCKADDR_MAX ? SCT_SOCKADDR_MAX : n;
}
#endif

static const struct sct_interp_ops sct_filter_ops = {
	.arg = f_arg, .var = f_var, .str = f_str, .sockaddr = f_sockaddr,
	.text_buf = f_text_buf, .reg = f_reg, .ip_text = f_ip_text,
};

/* --- the driver ------------------------------------------------------------------------------- */

struct sct_filter_loop {
	struct sct_interp_prog prog;
	struct sct_filter_env *env;
	__u32 off;      /* pool walk: the next entry's offset */
	__s32 status;
};

/* The pool's offsets (what sct_prog_check's ws->const_off holds in user space). */
static long sct_filter_pool_cb(__u32 i, void *ctx)
{
	struct sct_filter_loop *l = ctx;
	__u32 off = l->off, len;

	l->env->w->const_off[i & (SCT_PROG_MAX_CONSTS - 1)] = off;
	len = sct_interp_u16(&l->prog, off + 4) | sct_interp_u16(&l->prog, off + 6) << 16;
	l->off = off + sizeof(struct sct_const) + ((len + 7) & ~7u);
	return 0;
}

static long sct_filter_step_cb(__u32 i, void *ctx)
{
	struct sct_filter_loop *l = ctx;

	(void)i;
	l->status = sct_interp_step(&l->env->w->s, &l->prog, &sct_filter_ops, l->env);
	return l->status != SCT_INTERP_RUNNING;
}

/* The six argument registers (a struct: a global function's pointer argument has a size). */
struct sct_filter_args {
	__u64 v[6];
};

/*
 * Runs the checked program in prog (a "progs" value, checked by sct_prog_check in user space
 * before it was written) on the call's args, with scratch w: enum sct_interp_status (RUNNING: out
 * of steps). A global function: the verifier checks it once, not at every call site (inlined into
 * watch.bpf.c's rule walk it took the programs past the 1M-insn limit).
 */
__noinline int sct_filter_eval(const struct sct_watch_prog *prog, struct sct_filter_scratch *w,
			       const struct sct_filter_args *args
#ifdef SCT_FILTER_TEST
			       , const struct sct_filter_test_call *call, const struct sct_filter_test_strs *strs
#endif
			       )
{
	struct sct_filter_env env = { .args = args ? args->v : 0, .w = w };
	const struct sct_prog_header *h;
	struct sct_filter_loop l = {};

	if (!prog || !w || !args)
		return SCT_INTERP_FAULT;
#ifdef SCT_FILTER_TEST
	if (!call || !strs)
		return SCT_INTERP_FAULT;
	env.call = call;
	env.strs = strs;
#endif
	h = (const void *)prog->blob;
	l.prog.blob = prog->blob;
	l.prog.const_off = w->const_off;
	l.prog.n_insns = h->n_insns;
	l.env = &env;
	l.off = sizeof(*h) + h->n_insns * sizeof(struct sct_insn);
	l.status = SCT_INTERP_RUNNING;
	if (h->n_consts)
		bpf_loop(h->n_consts > SCT_PROG_MAX_CONSTS ? SCT_PROG_MAX_CONSTS : h->n_consts,
			 sct_filter_pool_cb, &l, 0);
	sct_interp_init(&w->s);
	bpf_loop(SCT_FILTER_MAX_STEPS, sct_filter_step_cb, &l, 0);
	return l.status;
}

static __always_inline struct sct_filter_scratch *sct_filter_scratch(__u32 slot)
{
	return bpf_map_lookup_elem(&filter_scratch, &slot);
}

#endif /* SCT_WATCH_FILTER_BPF_H */
