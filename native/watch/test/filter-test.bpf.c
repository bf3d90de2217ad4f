// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BPF filter (../bpf/filter.bpf.h, include/sct/prog_interp.h) run by BPF_PROG_RUN, for the
 * corpus test (filter-corpus.c, test/watch/bpf-filter-corpus.test.ts): the context is the call
 * (struct sct_filter_test_call: arguments, variables), its strings come from the test_strs map,
 * the program from "progs" as in watch.bpf.c. Everything else is watch.bpf.c's path: the same
 * scratch, driver, bpf_loop steps and hooks but the two sources.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "watch.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sct_watch_prog);
} progs SEC(".maps");

static __always_inline __attribute__((unused)) void count(__u32 which)
{
	(void)which;
}

#define SCT_FILTER_TEST
#include "filter.bpf.h"

SEC("syscall")
int filter_run(struct sct_filter_test_call *ctx)
{
	struct sct_filter_test_call call = *ctx;
	struct sct_filter_test_strs *strs;
	struct sct_filter_scratch *w;
	struct sct_watch_prog *prog;
	__u32 zero = 0;

	prog = bpf_map_lookup_elem(&progs, &zero);
	strs = bpf_map_lookup_elem(&test_strs, &zero);
	w = sct_filter_scratch(0);
	if (!prog || !strs || !w)
		return -1;
	ctx->status = sct_filter_eval(prog, w, (const struct sct_filter_args *)call.args, &call, strs);
	ctx->steps = w->s.steps;
	return 0;
}
