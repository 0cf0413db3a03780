/* SPDX-License-Identifier: BSD-2-Clause */
/* Panic: say why, then power off with RK_EXIT_PANIC. Never returns. */
#include <rumpk/panic.h>
#include <rumpk/power.h>
#include <rumpk/printk.h>

void rk_panic(const char *fmt, ...)
{
	static int nested;
	va_list ap;

	if (nested++) /* a panic while panicking: do not recurse */
		rk_poweroff(RK_EXIT_PANIC);
	printk("\nPANIC: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\nrumpk: halted, exit status %d\n", RK_EXIT_PANIC);
	rk_poweroff(RK_EXIT_PANIC);
}
