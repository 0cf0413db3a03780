/* SPDX-License-Identifier: BSD-2-Clause */
/* The mini UART of the BCM2835 AUX block ("brcm,bcm2835-aux-uart": the
 * Raspberry Pi 1-3 console, and QEMU's raspi machines') as the console. */
#ifndef RUMPK_UART_BCM2835_AUX_H
#define RUMPK_UART_BCM2835_AUX_H

#include <stdint.h>
#include <rumpk/drv/console.h>

struct bcm2835_aux_uart {
	struct rk_console con;
	uintptr_t base; /* the mini UART's registers (AUX block + 0x40) */
};

/* 8-bit mode, interrupts off, transmitter and receiver on; register u as
 * the console. The AUX enable bit and the baud divisor (which depends on
 * the VPU clock) are left as the firmware set them. */
void bcm2835_aux_uart_console_init(struct bcm2835_aux_uart *u, uintptr_t base);

#endif
