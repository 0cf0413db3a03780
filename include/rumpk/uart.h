/* SPDX-License-Identifier: BSD-2-Clause */
/* Serial port drivers used as the console. */
#ifndef RUMPK_UART_H
#define RUMPK_UART_H

#include <stdbool.h>
#include <stdint.h>
#include <rumpk/drv/console.h>

struct ns16550 {
	struct rk_console con;
	uintptr_t base;     /* MMIO address, or I/O port when pio */
	unsigned reg_shift; /* register stride is 1 << reg_shift bytes */
	bool pio;           /* x86 port I/O instead of MMIO */
	uint8_t io_width;   /* bytes per register access: 1, or 4 (reg-io-width;
			     * only images with CONFIG_FDT_EARLY read it) */
	uint8_t fifo;       /* bytes the transmitter takes once it is empty:
			     * 16 with the FIFO on (IIR says so), else 1 */
	uint8_t tx_room;    /* bytes that may still be written before the
			     * line status must be read again */
};

/* Set up u (8N1, FIFO on, no interrupts) and register it as the console. */
void ns16550_console_init(struct ns16550 *u, uintptr_t base, unsigned reg_shift, bool pio);

struct pl011 {
	struct rk_console con;
	uintptr_t base;
};

void pl011_console_init(struct pl011 *u, uintptr_t base);

#endif
