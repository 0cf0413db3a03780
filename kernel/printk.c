/* SPDX-License-Identifier: BSD-2-Clause */
/* printk: format on the stack, then write to the console in one go. */
#include <rumpk/console.h>
#include <rumpk/printk.h>

int vprintk(const char *fmt, va_list ap)
{
	char buf[CONFIG_PRINTK_BUFFER_SIZE];
	int n = rk_vsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1;

	rk_console_write(buf, len);
	if (len < (size_t)n)
		rk_console_write("...\n", 4); /* the message was cut */
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
