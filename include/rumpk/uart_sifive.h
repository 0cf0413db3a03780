/* SPDX-License-Identifier: BSD-2-Clause */
/* SiFive UART ("sifive,uart0": FU540, FU740, QEMU sifive_u) as the console. */
#ifndef RUMPK_UART_SIFIVE_H
#define RUMPK_UART_SIFIVE_H

#include <stdint.h>
#include <rumpk/drv/console.h>

struct sifive_uart {
	struct rk_console con;
	uintptr_t base;
};

/* Enable the transmitter, mask its interrupts and register u as the
 * console; rk_console_flush waits for its transmit FIFO to drain. The
 * baud divisor is left as the firmware set it. */
void sifive_uart_console_init(struct sifive_uart *u, uintptr_t base);

#endif
