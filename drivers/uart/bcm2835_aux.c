/* SPDX-License-Identifier: BSD-2-Clause */
/* BCM2835 mini UART (BCM2835 ARM Peripherals, section 2.2 "Mini UART"):
 * a 16550-like port with 8-deep FIFOs whose registers sit 4 bytes apart
 * at the mini UART's base (the DTB's reg, AUX + 0x40). Polled transmit
 * and receive for the boot console. */
#include <rumpk/mmio.h>
#include <rumpk/uart_bcm2835_aux.h>

enum { MU_IO = 0x00, MU_IER = 0x04, MU_LCR = 0x0c, MU_MCR = 0x10, MU_LSR = 0x14, MU_CNTL = 0x20 };
#define LSR_DATA_READY (1u << 0)
#define LSR_TX_EMPTY (1u << 5) /* room for at least one byte */
#define LCR_8BIT 3u            /* both bits: 8-bit mode (bit 0 alone is 7-bit) */
#define CNTL_RX_TX 3u          /* receiver and transmitter enable */

static void aux_uart_putc(const struct rk_console *con, char c)
{
	const struct bcm2835_aux_uart *u = con->priv;

	while (!(mmio_read32(u->base + MU_LSR) & LSR_TX_EMPTY))
		;
	mmio_write32(u->base + MU_IO, (uint8_t)c);
}

static int aux_uart_getc(const struct rk_console *con)
{
	const struct bcm2835_aux_uart *u = con->priv;

	if (!(mmio_read32(u->base + MU_LSR) & LSR_DATA_READY))
		return -1;
	return (int)(mmio_read32(u->base + MU_IO) & 0xff);
}

void bcm2835_aux_uart_console_init(struct bcm2835_aux_uart *u, uintptr_t base)
{
	u->base = base;
	u->con.name = "bcm2835-aux-uart";
	u->con.putc = aux_uart_putc;
	u->con.getc = aux_uart_getc;
	u->con.priv = u;
	mmio_write32(base + MU_IER, 0); /* polled: no interrupts */
	mmio_write32(base + MU_LCR, LCR_8BIT);
	mmio_write32(base + MU_MCR, 0);
	mmio_write32(base + MU_CNTL, CNTL_RX_TX);
	rk_console_register(&u->con);
}

#ifdef CONFIG_FDT_EARLY
#include <rumpk/drv/fdt.h>
#include <arch/fdt_map.h>

/* The console when the DTB's /chosen/stdout-path names the mini UART (the
 * Pi 3's serial1), probed by the early binding (drivers/fdt/early.c). */
static int aux_uart_probe(const struct rk_fdt_dev *dev)
{
	static struct bcm2835_aux_uart uart;
	uintptr_t base;

	if (aarch64_fdt_map_reg(dev, 0, "bcm2835-aux-uart", &base))
		return -RK_ENODEV;
	bcm2835_aux_uart_console_init(&uart, base);
	return 0;
}

static const char *const compat[] = { "brcm,bcm2835-aux-uart", NULL };
RK_FDT_DRIVER(bcm2835_aux_uart, compat, aux_uart_probe, RK_FDT_CONSOLE);
#endif
