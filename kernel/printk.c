/* SPDX-License-Identifier: BSD-2-Clause */
/* printk: format on the stack, then write to the console in one go; with
 * SMP under a lock, so that lines from different CPUs never interleave. */
#include <rumpk/console.h>
#include <rumpk/printk.h>
#ifdef CONFIG_SMP
#include <rumpk/smp.h>
#include <rumpk/spinlock.h>

static rk_spinlock_t console_lock = RK_SPINLOCK_INIT;

/* The panicking CPU writes without the lock: it may have panicked holding
 * it, and every other CPU is stopped (rk_smp_stop_others). */
static unsigned long console_lock_take(void)
{
	unsigned long flags = arch_irq_save();

	if (rk_smp_panic_cpu != rk_cpu_id() + 1)
		rk_spin_lock(&console_lock);
	return flags;
}

static void console_lock_give(unsigned long flags)
{
	if (rk_smp_panic_cpu != rk_cpu_id() + 1)
		rk_spin_unlock(&console_lock);
	arch_irq_restore(flags);
}
#endif

int vprintk(const char *fmt, va_list ap)
{
	char buf[CONFIG_PRINTK_BUFFER_SIZE];
	int n = rk_vsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1;

#ifdef CONFIG_SMP
	unsigned long flags = console_lock_take();
#endif
	rk_console_write(buf, len);
	if (len < (size_t)n)
		rk_console_write("...\n", 4); /* the message was cut */
#ifdef CONFIG_SMP
	console_lock_give(flags);
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
