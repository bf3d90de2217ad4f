// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Runs filter programs through the BPF filter (filter-test.bpf.c, BPF_PROG_RUN) and compares each
 * verdict with the expected one: test/watch/bpf-filter-corpus.test.ts writes the cases, with the
 * addon's evalProg verdicts as expected results.
 *
 *   filter-corpus FILE     prints one line per disagreement, then a summary line:
 *   cases N inputs M agree A disagree D faults F max_steps S
 *
 * FILE, little-endian: "SCTBPFC1", u32 n_cases, then per case: u32 blob_len, the blob (checked
 * by sct_prog_check already), u32 n_inputs, then per input: u64 args[6], s64 vars[6],
 * u32 var_mask, u32 str_mask, for each bit k set in str_mask (ascending) u32 len and len bytes,
 * u8 expected (1: match). Exit 0 when it ran (whatever the verdicts), 2 on usage or input
 * errors, 3 when BPF is refused (the message says why).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "watch.h"
#include "filter-test.skel.h"

#define TEST_STR 256 /* SCT_FILTER_TEST_STR */
#define TEST_KEYS 16

/* As filter.bpf.h's (SCT_FILTER_TEST). */
struct test_call {
	__u64 args[6];
	__s64 vars[6];
	__u32 var_mask, str_mask, prog_key;
	__s32 status;
	__u32 steps, reserved;
};

struct test_strs {
	__u32 len[TEST_KEYS];
	char data[TEST_KEYS][TEST_STR];
};

struct reader {
	const unsigned char *p, *end;
};

static int take(struct reader *r, void *out, size_t n)
{
	if ((size_t)(r->end - r->p) < n)
		return -1;
	memcpy(out, r->p, n);
	r->p += n;
	return 0;
}

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc(size ? size : 1)) && fread(buf, 1, size, f) == (size_t)size)
		*n = size;
	else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	static struct sct_watch_prog prog;
	static struct test_strs strs;
	struct filter_test_bpf *skel;
	struct reader r;
	unsigned char *data;
	size_t size = 0;
	__u32 n_cases, zero = 0, max_steps = 0;
	unsigned long inputs = 0, agree = 0, disagree = 0, faults = 0;
	char magic[8];
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: filter-corpus FILE\n");
		return 2;
	}
	data = slurp(argv[1], &size);
	if (!data) {
		fprintf(stderr, "filter-corpus: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	r.p = data;
	r.end = data + size;
	if (take(&r, magic, 8) || memcmp(magic, "SCTBPFC1", 8) || take(&r, &n_cases, 4)) {
		fprintf(stderr, "filter-corpus: %s: not a case file\n", argv[1]);
		return 2;
	}
	libbpf_set_print(NULL);
	skel = filter_test_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "filter-corpus: loading the BPF filter failed: %s\n", strerror(errno));
		return 3;
	}
	for (__u32 c = 0; c < n_cases; c++) {
		__u32 len, n_in;

		memset(&prog, 0, sizeof(prog));
		if (take(&r, &len, 4) || len > sizeof(prog.blob) || take(&r, prog.blob, len) || take(&r, &n_in, 4))
			goto bad;
		prog.len = len;
		err = bpf_map_update_elem(bpf_map__fd(skel->maps.progs), &zero, &prog, BPF_ANY);
		if (err)
			goto bpf_err;
		for (__u32 i = 0; i < n_in; i++) {
			struct test_call call = {};
			/* A syscall program's context is copied back into ctx_in (ctx_out: EINVAL). */
			LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &call, .ctx_size_in = sizeof(call));
			unsigned char expected;

			memset(&strs, 0, sizeof(strs));
			if (take(&r, call.args, sizeof(call.args)) || take(&r, call.vars, sizeof(call.vars)) ||
			    take(&r, &call.var_mask, 4) || take(&r, &call.str_mask, 4))
				goto bad;
			for (int k = 0; k < TEST_KEYS; k++) {
				if (!(call.str_mask & (1u << k)))
					continue;
				if (take(&r, &strs.len[k], 4) || strs.len[k] >= TEST_STR || take(&r, strs.data[k], strs.len[k]))
					goto bad;
			}
			if (take(&r, &expected, 1))
				goto bad;
			err = bpf_map_update_elem(bpf_map__fd(skel->maps.test_strs), &zero, &strs, BPF_ANY);
			if (!err)
				err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.filter_run), &opts);
			if (err)
				goto bpf_err;
			inputs++;
			if (call.steps > max_steps)
				max_steps = call.steps;
			if (call.status != 1 && call.status != 2)
				faults++;
			if ((call.status == 1) == (expected == 1) && (call.status == 1 || call.status == 2)) {
				agree++;
			} else {
				disagree++;
				printf("disagree case %u input %u: bpf status %d, expected %s\n", c, i, call.status,
				       expected ? "match" : "no match");
			}
		}
	}
	printf("cases %u inputs %lu agree %lu disagree %lu faults %lu max_steps %u\n", n_cases, inputs, agree,
	       disagree, faults, max_steps);
	filter_test_bpf__destroy(skel);
	free(data);
	return 0;
bad:
	fprintf(stderr, "filter-corpus: %s: truncated or malformed case\n", argv[1]);
	return 2;
bpf_err:
	fprintf(stderr, "filter-corpus: BPF_PROG_RUN: %s\n", strerror(-err));
	return 3;
}
