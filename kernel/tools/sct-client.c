// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The /dev/sct client that sct-ctl and the module's selftests share (see sct-client.h): rule
 * records assembled from a text form, and one function per ioctl.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "sct/prog.h"
#include "sct-client.h"

const char *const sct_action_names[SCT_ACT__KMOD_COUNT] = {
	[SCT_ACT_LOG] = "log",		   [SCT_ACT_FAIL] = "fail",	      [SCT_ACT_RETURN] = "return",
	[SCT_ACT_DELAY] = "delay",	   [SCT_ACT_SUSPEND] = "suspend",     [SCT_ACT_KILL] = "kill",
	[SCT_ACT_ALTER_REG] = "alter_reg", [SCT_ACT_ALTER_MEM] = "alter_mem", [SCT_ACT_ALTER_RET] = "alter_ret",
};

void sct_buf_put(struct sct_buf *b, const void *d, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	memcpy(b->p + b->n, d, n);
	b->n += n;
}

void sct_buf_free(struct sct_buf *b)
{
	free(b->p);
	*b = (struct sct_buf){ 0 };
}

static void pad8(struct sct_buf *b)
{
	static const uint8_t z[8];

	sct_buf_put(b, z, (8 - b->n % 8) % 8);
}

/* A program: optional (arg I == V) and/or (string at arg I == S). */
static void prog(struct sct_buf *out, int argeq_i, int64_t argeq_v, int streq_i, const char *streq_s)
{
	struct sct_insn ins[8];
	int n = 0;
	struct sct_buf pool = { 0 };
	uint16_t nconsts = 0;

	memset(ins, 0, sizeof(ins));
	if (argeq_i >= 0) {
		ins[n++] = (struct sct_insn){ .op = SCT_OP_PUSH_ARG, .a = argeq_i };
		ins[n++] = (struct sct_insn){ .op = SCT_OP_PUSH_IMM, .imm = argeq_v };
		ins[n++] = (struct sct_insn){ .op = SCT_OP_CMP, .a = SCT_CMP_EQ };
	}
	if (streq_i >= 0) {
		struct sct_const c = { .kind = SCT_CONST_STR, .len = strlen(streq_s) };
		int j = n;

		if (argeq_i >= 0)
			ins[n++] = (struct sct_insn){ .op = SCT_OP_JZ };
		ins[n++] = (struct sct_insn){ .op = SCT_OP_STR_LOAD, .a = SCT_STR_ARG, .b = streq_i };
		ins[n++] = (struct sct_insn){ .op = SCT_OP_STR_EQ, .c = 0 };
		if (argeq_i >= 0)
			ins[j].c = n - j - 1;
		sct_buf_put(&pool, &c, sizeof(c));
		sct_buf_put(&pool, streq_s, c.len);
		pad8(&pool);
		nconsts = 1;
	}
	if (n == 0)
		return;
	ins[n++] = (struct sct_insn){ .op = SCT_OP_RET };
	struct sct_prog_header h = { .magic = SCT_PROG_MAGIC, .version = SCT_PROG_VERSION, .n_insns = n, .n_consts = nconsts };
	h.total_len = sizeof(h) + n * sizeof(ins[0]) + pool.n;
	sct_buf_put(out, &h, sizeof(h));
	sct_buf_put(out, ins, n * sizeof(ins[0]));
	if (pool.n)
		sct_buf_put(out, pool.p, pool.n);
	sct_buf_free(&pool);
}

static int action_of(const char *name)
{
	for (int i = 0; i < SCT_ACT__KMOD_COUNT; i++)
		if (!strcmp(name, sct_action_names[i]))
			return i;
	return -1;
}

int sct_rule_append(struct sct_buf *out, const char *spec, uint32_t default_id)
{
	char *s = strdup(spec), *save = NULL, *tok, *opt;
	struct sct_rule r = { .id = default_id, .flags = SCT_RULE_F_EVENT };
	int argeq_i = -1, streq_i = -1, action, err = -EINVAL;
	int64_t argeq_v = 0;
	const char *streq_s = NULL, *str = NULL;
	struct sct_buf p = { 0 };

	if (!s)
		return -ENOMEM;
	char *main = strtok_r(s, ",", &save), *msave = NULL;
	char *f1 = main ? strtok_r(main, ":", &msave) : NULL, *f2 = strtok_r(NULL, ":", &msave), *f3 = strtok_r(NULL, ":", &msave);

	if (!f1 || !f2 || (action = action_of(f2)) < 0)
		goto out;
	r.nr = atoi(f1);
	r.action = action;
	r.value = f3 ? strtoll(f3, NULL, 0) : 0;
	while ((tok = strtok_r(NULL, ",", &save))) {
		if ((opt = strchr(tok, '=')))
			*opt++ = 0;
		if (!strcmp(tok, "after")) {
			r.phase = SCT_PHASE_AFTER;
		} else if (!strcmp(tok, "noevent")) {
			r.flags = 0;
		} else if (!opt) {
			goto out;
		} else if (!strcmp(tok, "argeq") || !strcmp(tok, "streq")) {
			char *eq = strchr(opt, '=');

			if (!eq)
				goto out;
			if (tok[0] == 'a') {
				argeq_i = atoi(opt);
				argeq_v = strtoll(eq + 1, NULL, 0);
			} else {
				streq_i = atoi(opt);
				streq_s = eq + 1;
			}
		} else if (!strcmp(tok, "arg")) {
			r.alter_arg = atoi(opt);
		} else if (!strcmp(tok, "str")) {
			str = opt;
		} else if (!strcmp(tok, "id")) {
			r.id = atoi(opt);
		} else if (!strcmp(tok, "max")) {
			r.max_count = atoll(opt);
		} else {
			goto out;
		}
	}
	prog(&p, argeq_i, argeq_v, streq_i, streq_s);
	r.prog_len = p.n;
	r.str_len = str ? strlen(str) + 1 : 0;
	r.size = (sizeof(r) + r.prog_len + r.str_len + 7) & ~7u;
	sct_buf_put(out, &r, sizeof(r));
	if (p.n)
		sct_buf_put(out, p.p, p.n);
	if (str)
		sct_buf_put(out, str, r.str_len);
	pad8(out);
	err = 0;
out:
	sct_buf_free(&p);
	free(s);
	return err;
}

int sct_open(void)
{
	int fd = open(SCT_DEVICE, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int sct_load(int fd, const struct sct_buf *rules, uint32_t n, const struct sct_scope *scope,
	     struct sct_counter *retired, uint32_t cap, struct sct_load *lo)
{
	struct sct_load l = { .size = sizeof(l), .n_rules = n };
	int r;

	if (n) {
		l.rules_ptr = (uintptr_t)rules->p;
		l.rules_len = rules->n;
	}
	if (scope)
		l.scope = *scope;
	else
		l.scope.uid = SCT_ANY_UID;
	l.retired_ptr = (uintptr_t)retired;
	l.retired_cap = retired ? cap : 0;
	r = ioctl(fd, n ? SCT_IOC_LOAD : SCT_IOC_CLEAR, &l);
	if (r < 0)
		return -errno;
	if (lo)
		*lo = l;
	return 0;
}

int sct_clear(int fd)
{
	return sct_load(fd, NULL, 0, NULL, NULL, 0, NULL);
}

int sct_list(int fd, struct sct_counter *c, uint32_t cap, struct sct_list *l)
{
	*l = (struct sct_list){ .size = sizeof(*l), .cap = cap, .ptr = (uintptr_t)c };
	return ioctl(fd, SCT_IOC_LIST, l) < 0 ? -errno : 0;
}

int sct_resume(int fd, int tid)
{
	struct sct_resume r = { .tid = tid };
	int n = ioctl(fd, SCT_IOC_RESUME, &r);

	return n < 0 ? -errno : n;
}

int sct_read_events(int fd, struct sct_event *ev, size_t cap)
{
	int fl = fcntl(fd, F_GETFL);
	size_t got = 0;
	int err = 0;

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	while (got < cap) {
		ssize_t n = read(fd, ev + got, (cap - got) * sizeof(*ev));

		if (n < 0) {
			if (errno != EAGAIN)
				err = -errno;
			break;
		}
		if (n == 0)
			break;
		got += n / sizeof(*ev);
	}
	fcntl(fd, F_SETFL, fl);
	return err ? err : (int)got;
}
