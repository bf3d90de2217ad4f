/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fixture most of the module's selftests share: /dev/sct opened, no rule set loaded, no event
 * pending; at teardown every suspended thread resumed and the rule set cleared.
 */
#ifndef SCT_SELFTEST_FIXTURE_H
#define SCT_SELFTEST_FIXTURE_H

#include "harness.h"

FIXTURE(sct)
{
	int fd;
};

FIXTURE_SETUP(sct)
{
	self->fd = sct_open();
	if (self->fd < 0)
		SKIP_SETUP("cannot open %s (%s): insmod sct.ko first", SCT_DEVICE, strerror(-self->fd));
	ASSERT_EQ(0, sct_clear(self->fd));
	drain_events(self->fd);
}

FIXTURE_TEARDOWN(sct)
{
	if (self->fd < 0)
		return;
	sct_resume(self->fd, 0);
	EXPECT_EQ(0, sct_clear(self->fd));
	close(self->fd);
}

#endif /* SCT_SELFTEST_FIXTURE_H */
