/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Experiment (#18 groundwork, FILTER=1 build only): run a filter program (include/sct/prog.h)
 * from the "filter" array map, with the project's one interpreter (include/sct/prog_interp.h)
 * compiled to BPF as it is. What the verifier said is in docs/watch-design.md; this file is the
 * smallest glue that gets the interpreter to the verifier, not a design.
 */
/* Experiment: the bounds the BPF verifier needs to see (include/sct/prog_interp.h). */
#define SCT_INTERP_GUARD(ok) do { if (!(ok)) return false; } while (0)
#include "sct/prog_interp.h"

#define SCT_WATCH_FILTER_BYTES (64 * 1024)
#define SCT_WATCH_FILTER_CONSTS 8 /* experiment: 8 pointers on the stack, not SCT_PROG_MAX_CONSTS */

/* The loader checked the blob (sct_prog_check) and wrote where each constant starts. */
struct sct_watch_filter {
	__u32 n_insns;
	__u32 n_consts;
	__u32 const_off[SCT_WATCH_FILTER_CONSTS]; /* offset of pool entry i from blob */
	__u8 blob[SCT_WATCH_FILTER_BYTES];         /* header, insns, pool: as sct/prog.h */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sct_watch_filter);
} filter SEC(".maps");

struct sct_watch_env {
	const struct pending *p;
	const char *str;
	long str_len;
};

static __u64 w_arg(void *env, unsigned int i)
{
	return i < 6 ? ((struct sct_watch_env *)env)->p->args[i] : 0;
}

static bool w_var(void *env, unsigned int which, __s64 *out)
{
	__u64 id = bpf_get_current_pid_tgid();

	(void)env;
	switch (which) {
	case SCT_VAR_PID: *out = id >> 32; return true;
	case SCT_VAR_TID: *out = (__u32)id; return true;
	case SCT_VAR_UID: *out = (__u32)bpf_get_current_uid_gid(); return true;
	default: return false; /* experiment: PPID, EUID, GID left out */
	}
}

static long w_str(void *env, unsigned int src, unsigned int argi, const char **out)
{
	struct sct_watch_env *e = env;

	(void)argi; /* experiment: the one string read at sys_exit */
	if (src != SCT_STR_ARG || e->str_len <= 0)
		return -1;
	*out = e->str;
	return e->str_len - 1; /* bpf_probe_read_user_str counts the NUL */
}

static long w_sockaddr(void *env, unsigned int p, unsigned int l, const __u8 **out)
{
	(void)env; (void)p; (void)l; (void)out;
	return -1; /* experiment: no sockaddr reads */
}

static char *w_text_buf(void *env, unsigned long n)
{
	(void)env; (void)n;
	return 0;
}

static long w_ip_text(void *env, int family, const void *addr, char *buf, unsigned long size)
{
	(void)env; (void)family; (void)addr; (void)buf; (void)size;
	return -1;
}

static const struct sct_interp_ops watch_ops = {
	.arg = w_arg, .var = w_var, .str = w_str, .sockaddr = w_sockaddr,
	.text_buf = w_text_buf, .ip_text = w_ip_text,
};

static __always_inline bool sct_watch_filter(const struct pending *p, const char *str, long n)
{
	const struct sct_const *consts[SCT_WATCH_FILTER_CONSTS] = {};
	struct sct_watch_env env = { .p = p, .str = str, .str_len = n };
	struct sct_watch_filter *f;
	__u32 zero = 0;

	f = bpf_map_lookup_elem(&filter, &zero);
	if (!f)
		return false;
	for (int i = 0; i < SCT_WATCH_FILTER_CONSTS; i++)
		consts[i] = (const struct sct_const *)(f->blob + (f->const_off[i] & (SCT_WATCH_FILTER_BYTES - 1)));
	return sct_interp_run((const struct sct_insn *)(f->blob + sizeof(struct sct_prog_header)),
			      f->n_insns, consts, &watch_ops, &env);
}
