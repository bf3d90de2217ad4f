// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * include/sct/trigger.h as a filter for test/native/trigger.test.ts: reads lines
 * "N FIRST LAST STEP ACTED MAX" and prints, per line, "WINDOW BELOW_MAX" (1 or 0 each).
 */
#include <stdio.h>
#include "sct/trigger.h"

int main(void)
{
	unsigned long long n, first, last, step, acted, max;

	while (scanf("%llu %llu %llu %llu %llu %llu", &n, &first, &last, &step, &acted, &max) == 6)
		printf("%d %d\n", sct_trigger_window(n, first, last, step), sct_trigger_below_max(acted, max));
	return 0;
}
