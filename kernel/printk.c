/* SPDX-License-Identifier: BSD-2-Clause */
/* printk: format on the stack, then write to the console in one go under
 * the console lock, so that lines from different CPUs never interleave. */
#include <rumpk/console.h>
#include <rumpk/printk.h>
int vprintk(const char *fmt, va_list ap)
{
	char buf[CONFIG_PRINTK_BUFFER_SIZE];
	int n = rk_vsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1;

#ifdef CONFIG_SMP
	/* Both pieces as one (one CPU: each write masks interrupts itself). */
	unsigned long flags;
	bool taken = rk_console_lock(&flags);
#endif
	rk_console_write(buf, len);
	if (len < (size_t)n)
		rk_console_write("...\n", 4); /* the message was cut */
#ifdef CONFIG_SMP
	rk_console_unlock(taken, flags);
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
