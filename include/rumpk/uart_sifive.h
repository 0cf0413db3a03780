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
 * console. The baud divisor is left as the firmware set it. */
void sifive_uart_console_init(struct sifive_uart *u, uintptr_t base);
/* Wait (bounded) until the transmit FIFO has drained, so that a reset
 * right after the last line does not cut it off on real hardware. */
void sifive_uart_flush(const struct sifive_uart *u);

#endif
