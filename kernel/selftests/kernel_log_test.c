// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The last check of the kernel suite: no oops, WARNING, BUG or lockup in the kernel log of the whole
 * run (vagrant/suites/kernel.sh clears the log once, before its first insmod), and the log does show
 * the module coming and going, so an empty or unreadable log cannot pass. Needs root.
 */
#define _GNU_SOURCE
#include "harness.h"
#include "kmod.h"

FIXTURE(kernel_log)
{
	char report[4096];
};

FIXTURE_SETUP(kernel_log)
{
}

FIXTURE_TEARDOWN(kernel_log)
{
}

TEST_F(kernel_log, no_oops_warning_bug_or_lockup_since_the_first_insmod)
{
	int bad = klog_problems(0, self->report, sizeof(self->report));
	int loaded = klog_count("sct: loaded"), unloaded = klog_count("sct: unloaded");

	ASSERT_LE(0, bad) TH_LOG("cannot read the kernel log: %s", strerror(-bad));
	NOTE("dmesg: bad_lines=%d sct_loaded=%d sct_unloaded=%d", bad, loaded, unloaded);
	EXPECT_EQ(0, bad) TH_LOG("kernel log:\n%s", self->report);
	EXPECT_LT(0, loaded);
	EXPECT_LT(0, unloaded);
}

TEST_HARNESS_MAIN
