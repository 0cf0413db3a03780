/* SPDX-License-Identifier: BSD-2-Clause */
/* Power-off methods, the driver side: whatever can end the run (a test
 * device that carries an exit status, semihosting, SBI SRST, PSCI, an I/O
 * port QEMU watches) registers here; rk_poweroff (rumpk/power.h) tries them
 * in registration order. */
#ifndef RUMPK_DRV_POWEROFF_H
#define RUMPK_DRV_POWEROFF_H

#include <rumpk/power.h>

struct rk_poweroff {
	const char *name;
	/* Leave the machine with status. Return when this method cannot (it
	 * is absent, or cannot carry a non-zero status): the next one is
	 * tried, and arch_halt() comes after the last. Each method is tried
	 * once per boot, even when it faults and the panic powers off again.
	 * A method that really ends the machine calls rk_console_flush()
	 * (rumpk/console.h) first: the last line must not be cut off. */
	void (*off)(const struct rk_poweroff *p, int status);
	void *priv;
};

/* Append p (kept by pointer) to the methods; at most RK_POWEROFF_MAX, -1
 * when full. Register the one that carries an exit status first unless a
 * cleaner one should win for status 0 (and returns for the others). */
int rk_poweroff_register(const struct rk_poweroff *p);
/* The same for a method that carries any status (a test finisher,
 * semihosting): it goes after the other such methods but before every one
 * rk_poweroff_register added, whatever the order of registration, so that
 * methods found in a DTB in tree order end up right. */
int rk_poweroff_register_status(const struct rk_poweroff *p);
#define RK_POWEROFF_MAX 6

#endif
