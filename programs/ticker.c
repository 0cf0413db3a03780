/* SPDX-License-Identifier: BSD-2-Clause */
/* A signed program that yields and sleeps through the command ring, then
 * calls exit explicitly: prints three ticks 10 ms apart and exits with 0. */
#include "rksys.h"

int main(void)
{
	char num[21];
	uint64_t t0 = rk_time();

	for (int i = 1; i <= 3; i++) {
		rk_yield();
		rk_sleep(10 * 1000 * 1000);
		rk_puts("ticker: tick ");
		rk_puts(rk_utoa((uint64_t)i, num));
		rk_puts("\n");
	}
	uint64_t ms = (rk_time() - t0) / 1000000;
	rk_puts("ticker: done after ");
	rk_puts(rk_utoa(ms, num));
	rk_puts(" ms\n");
	rk_exit(0);
}
