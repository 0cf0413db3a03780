/* SPDX-License-Identifier: BSD-2-Clause */
/* The console registry: a driver registers one device, everybody writes to
 * it (rumpk/drv/console.h, rumpk/console.h). */
#include <rumpk/arch.h>
#include <rumpk/drv/console.h>

static const struct rk_console *console;

void rk_console_register(const struct rk_console *con)
{
	console = con;
}

#ifdef CONFIG_SMP
#include <rumpk/smp.h>
#include <rumpk/spinlock.h>

static rk_spinlock_t console_lock = RK_SPINLOCK_INIT;
static unsigned console_owner; /* CPU + 1, or 0 */

/* Re-entrant on one CPU: printk holds it around its pieces, and an
 * exception inside the console driver prints its dump and panics while
 * this CPU holds it. */
bool rk_console_lock(unsigned long *flags)
{
	unsigned me = rk_cpu_id() + 1;

	*flags = arch_irq_save();
	if (__atomic_load_n(&console_owner, __ATOMIC_RELAXED) == me)
		return false;
	rk_spin_lock(&console_lock);
	__atomic_store_n(&console_owner, me, __ATOMIC_RELAXED);
	return true;
}

void rk_console_unlock(bool taken, unsigned long flags)
{
	if (taken) {
		__atomic_store_n(&console_owner, 0, __ATOMIC_RELAXED);
		rk_spin_unlock(&console_lock);
	}
	arch_irq_restore(flags);
}
#endif

/* One write is one piece of output: under the console lock, so a fiber
 * preempted in the middle (a program's console write under the preemptive
 * scheduler, a printk) or another CPU's writer never has its output inside
 * the piece. Serial drivers elsewhere write a message under an
 * interrupt-masking lock too. */
void rk_console_write(const char *s, size_t len)
{
	const struct rk_console *c = console;

	if (!c)
		return;
	unsigned long flags;
	bool taken = rk_console_lock(&flags);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			c->putc(c, '\r');
		c->putc(c, s[i]);
	}
	rk_console_unlock(taken, flags);
}

int rk_console_getc(void)
{
	const struct rk_console *c = console;

	return c && c->getc ? c->getc(c) : -1;
}

void rk_console_flush(void)
{
	const struct rk_console *c = console;

	if (c && c->flush)
		c->flush(c);
}

bool rk_console_registered(void)
{
	return console != NULL;
}
