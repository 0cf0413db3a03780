/* SPDX-License-Identifier: BSD-2-Clause */
/* A signed program that yields and sleeps through the command ring, then
 * calls exit explicitly: prints three ticks 10 ms apart and exits with 0. */
#include "rksys.h"

long _start(const struct rk_sys *sys)
{
	char num[21];
	uint64_t t0 = rk_time_sys(sys);

	for (int i = 1; i <= 3; i++) {
		rk_yield_sys(sys);
		rk_sleep_sys(sys, 10 * 1000 * 1000);
		rk_puts(sys, "ticker: tick ");
		rk_puts(sys, rk_utoa((uint64_t)i, num));
		rk_puts(sys, "\n");
	}
	uint64_t ms = (rk_time_sys(sys) - t0) / 1000000;
	rk_puts(sys, "ticker: done after ");
	rk_puts(sys, rk_utoa(ms, num));
	rk_puts(sys, " ms\n");
	rk_exit(sys, 0);
	return 1;
}
