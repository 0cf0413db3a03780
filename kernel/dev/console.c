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

/* One write is one piece of output: with interrupts masked, so a fiber
 * preempted in the middle (a program's console write under the preemptive
 * scheduler, a printk) never has another's output inside its line. Serial
 * drivers elsewhere write a message under an interrupt-masking lock too. */
void rk_console_write(const char *s, size_t len)
{
	const struct rk_console *c = console;

	if (!c)
		return;
	unsigned long flags = arch_irq_save();
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			c->putc(c, '\r');
		c->putc(c, s[i]);
	}
	arch_irq_restore(flags);
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
