/* SPDX-License-Identifier: BSD-2-Clause */
/* The console registry: a driver registers one device, everybody writes to
 * it (rumpk/drv/console.h, rumpk/console.h). */
#include <rumpk/drv/console.h>

static const struct rk_console *console;

void rk_console_register(const struct rk_console *con)
{
	console = con;
}

void rk_console_write(const char *s, size_t len)
{
	const struct rk_console *c = console;

	if (!c)
		return;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			c->putc(c, '\r');
		c->putc(c, s[i]);
	}
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
