/* SPDX-License-Identifier: BSD-2-Clause */
/* Console devices, the driver side: a serial port (or anything that can
 * print) registers here; users write through rumpk/console.h. */
#ifndef RUMPK_DRV_CONSOLE_H
#define RUMPK_DRV_CONSOLE_H

#include <stdbool.h>
#include <rumpk/console.h>

struct rk_console {
	const char *name;
	void (*putc)(const struct rk_console *con, char c);
	/* Polled receive: the next input byte, or -1 when none is waiting.
	 * NULL for an output-only console. */
	int (*getc)(const struct rk_console *con);
	void *priv;
	/* Wait (bounded) until what was written has left the device, so that
	 * a power-off right after the last line does not cut it off; NULL when
	 * the device needs no wait. Power-off methods that end the machine
	 * (rumpk/drv/poweroff.h) call rk_console_flush first. */
	void (*flush)(const struct rk_console *con);
};

/* Make con the console (the last registration wins). Output before any
 * console exists is dropped. */
void rk_console_register(const struct rk_console *con);
/* Whether a console is registered: for a console of last resort, which
 * registers only when nothing better did (drivers/uart/sbi_console.c). */
bool rk_console_registered(void);

#endif
