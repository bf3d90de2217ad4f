/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel around the module, for its selftests: load and unload sct.ko without insmod/rmmod
 * (finit_module, delete_module as rmmod calls it), and the kernel log's problems (oops, WARNING,
 * BUG, lockups) read with syslog(2). Functions return 0 or a negative errno.
 */
#ifndef SCT_SELFTEST_KMOD_H
#define SCT_SELFTEST_KMOD_H

#include <stddef.h>

/* $SCT_KO (the built sct.ko), or NULL when the suite did not set it */
const char *kmod_path(void);
int kmod_load(const char *ko);
int kmod_unload(void);
/* whether /sys/module/sct exists */
int kmod_loaded(void);

/* lines in the kernel log now (the mark to pass to klog_problems later), or -errno */
int klog_lines(void);
/* problem lines after line `since`: how many (or -errno); the first ones into report[cap] */
int klog_problems(int since, char *report, size_t cap);
/* lines of the whole log that contain needle, or -errno */
int klog_count(const char *needle);

#endif /* SCT_SELFTEST_KMOD_H */
