/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every selftest of the module includes instead of kselftest_harness.h itself: the harness,
 * the /dev/sct client, a SKIP for fixture setups, NOTE for measured numbers, and helpers to load
 * rules written in sct-client.h's text form. Each *_test.c includes it once (one binary each: the
 * harness defines its runner in every file that includes it).
 */
#ifndef SCT_SELFTEST_HARNESS_H
#define SCT_SELFTEST_HARNESS_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "kselftest_harness.h"
#include "sct-client.h"

/*
 * SKIP from a FIXTURE_SETUP: the 6.1 harness runs the test body after a setup that skipped
 * (it checks only `passed`, which SKIP sets), so end the test's child here; exit code 255 is how
 * the harness's parent learns of a skip, and the reason is already in the shared results page.
 */
#define SKIP_SETUP(fmt, ...) SKIP(_exit(255), fmt, ##__VA_ARGS__)

/* measured numbers as "# NAME: k=v ..." lines on stdout (test/vm/kernel.test.ts reads them);
 * flushed, since the test's child ends with _exit */
#define NOTE(fmt, ...) do { printf("# " fmt "\n", ##__VA_ARGS__); fflush(stdout); } while (0)

/* one rule's text form with numbers filled in (SYS_*, errno names), in storage of the caller's block */
#define RULE(fmt, ...) rulef((char[320]){ 0 }, 320, fmt, ##__VA_ARGS__)

static inline const char *rulef(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
	return buf;
}

/* LOAD of the rules given (ids 1, 2, ... unless a rule says id=), scoped to scope (NULL: all) */
static inline int load_rules(int fd, const struct sct_scope *scope, const char *const *specs)
{
	struct sct_buf b = { 0 };
	uint32_t n = 0;
	int err = 0;

	for (; specs[n] && !err; n++)
		err = sct_rule_append(&b, specs[n], n + 1);
	if (!err)
		err = sct_load(fd, &b, n, scope, NULL, 0, NULL);
	sct_buf_free(&b);
	return err;
}
#define LOAD(scope, ...) ASSERT_EQ(0, load_rules(self->fd, scope, (const char *const[]){ __VA_ARGS__, NULL }))

/* every event pending now is dropped */
static inline void drain_events(int fd)
{
	struct sct_event ev[16];

	while (sct_read_events(fd, ev, 16) > 0)
		;
}

#endif /* SCT_SELFTEST_HARNESS_H */
