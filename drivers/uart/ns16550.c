/* SPDX-License-Identifier: BSD-2-Clause */
/* NS16550 UART: polled transmit, the boot console. The firmware (or QEMU)
 * has set the baud rate; we only make sure of 8N1 and a working FIFO. */
#include <rumpk/mmio.h>
#include <rumpk/uart.h>
#ifdef CONFIG_ARCH_X86_64
#include <arch/pio.h>
#endif

enum { RBR_THR = 0, IER = 1, FCR = 2, LCR = 3, MCR = 4, LSR = 5 };
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define LCR_8N1 0x03
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS 0x03

static uint8_t reg_read(const struct ns16550 *u, unsigned reg)
{
#ifdef CONFIG_ARCH_X86_64
	if (u->pio)
		return inb((uint16_t)(u->base + reg));
#endif
	return mmio_read8(u->base + (reg << u->reg_shift));
}

static void reg_write(const struct ns16550 *u, unsigned reg, uint8_t v)
{
#ifdef CONFIG_ARCH_X86_64
	if (u->pio) {
		outb((uint16_t)(u->base + reg), v);
		return;
	}
#endif
	mmio_write8(u->base + (reg << u->reg_shift), v);
}

static void ns16550_putc(const struct rk_console *con, char c)
{
	const struct ns16550 *u = con->priv;

	while (!(reg_read(u, LSR) & LSR_THRE))
		;
	reg_write(u, RBR_THR, (uint8_t)c);
}

static int ns16550_getc(const struct rk_console *con)
{
	const struct ns16550 *u = con->priv;

	return reg_read(u, LSR) & LSR_DR ? reg_read(u, RBR_THR) : -1;
}

void ns16550_console_init(struct ns16550 *u, uintptr_t base, unsigned reg_shift, bool pio)
{
	u->base = base;
	u->reg_shift = reg_shift;
	u->pio = pio;
	u->con.name = "ns16550";
	u->con.putc = ns16550_putc;
	u->con.getc = ns16550_getc;
	u->con.priv = u;
	reg_write(u, IER, 0);
	reg_write(u, LCR, LCR_8N1);
	reg_write(u, FCR, FCR_ENABLE_CLEAR);
	reg_write(u, MCR, MCR_DTR_RTS);
	rk_console_register(&u->con);
}
