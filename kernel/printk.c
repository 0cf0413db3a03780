/* SPDX-License-Identifier: BSD-2-Clause */
/* printk: format on the stack, then write to the console in one go; with
 * SMP under a lock, so that lines from different CPUs never interleave. */
#include <rumpk/console.h>
#include <rumpk/printk.h>
#ifdef CONFIG_SMP
#include <rumpk/smp.h>
#include <rumpk/spinlock.h>

static rk_spinlock_t console_lock = RK_SPINLOCK_INIT;
static unsigned console_owner; /* CPU + 1, or 0 */

/* Re-entrant on one CPU: an exception inside the console driver prints its
 * dump and panics while this CPU holds the lock. Returns whether it took
 * the lock (then console_lock_give drops it). */
static bool console_lock_take(unsigned long *flags)
{
	unsigned me = rk_cpu_id() + 1;

	*flags = arch_irq_save();
	if (__atomic_load_n(&console_owner, __ATOMIC_RELAXED) == me)
		return false;
	rk_spin_lock(&console_lock);
	__atomic_store_n(&console_owner, me, __ATOMIC_RELAXED);
	return true;
}

static void console_lock_give(bool taken, unsigned long flags)
{
	if (taken) {
		__atomic_store_n(&console_owner, 0, __ATOMIC_RELAXED);
		rk_spin_unlock(&console_lock);
	}
	arch_irq_restore(flags);
}
#endif

int vprintk(const char *fmt, va_list ap)
{
	char buf[CONFIG_PRINTK_BUFFER_SIZE];
	int n = rk_vsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1;

#ifdef CONFIG_SMP
	unsigned long flags;
	bool taken = console_lock_take(&flags);
#endif
	rk_console_write(buf, len);
	if (len < (size_t)n)
		rk_console_write("...\n", 4); /* the message was cut */
#ifdef CONFIG_SMP
	console_lock_give(taken, flags);
#endif
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
