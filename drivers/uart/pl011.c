/* SPDX-License-Identifier: BSD-2-Clause */
/* Arm PL011 UART: polled transmit, the boot console. */
#include <rumpk/mmio.h>
#include <rumpk/uart.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTLCR_H 0x2c
#define UARTCR 0x30
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define LCR_H_FEN (1u << 4)
#define LCR_H_WLEN8 (3u << 5)
#define CR_UARTEN (1u << 0)
#define CR_TXE (1u << 8)
#define CR_RXE (1u << 9)

static void pl011_putc(const struct rk_console *con, char c)
{
	const struct pl011 *u = con->priv;

	while (mmio_read32(u->base + UARTFR) & FR_TXFF)
		;
	mmio_write32(u->base + UARTDR, (uint8_t)c);
}

static int pl011_getc(const struct rk_console *con)
{
	const struct pl011 *u = con->priv;

	if (mmio_read32(u->base + UARTFR) & FR_RXFE)
		return -1;
	return (int)(mmio_read32(u->base + UARTDR) & 0xff);
}

void pl011_console_init(struct pl011 *u, uintptr_t base)
{
	u->base = base;
	u->con.name = "pl011";
	u->con.putc = pl011_putc;
	u->con.getc = pl011_getc;
	u->con.priv = u;
	mmio_write32(base + UARTLCR_H, LCR_H_FEN | LCR_H_WLEN8);
	mmio_write32(base + UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
	rk_console_register(&u->con);
}

#ifdef CONFIG_FDT_EARLY
#include <rumpk/drv/fdt.h>
#include <arch/fdt_map.h>

/* The console when the DTB's /chosen/stdout-path names a PL011 (QEMU
 * virt's UART0): the early binding (drivers/fdt/early.c) probes that one
 * node only, so another PL011 (the Pi's, which drives Bluetooth) is left
 * alone. Its registers are mapped here: the relocatable image has no
 * fixed device window. */
static int pl011_probe(const struct rk_fdt_dev *dev)
{
	static struct pl011 uart;
	uintptr_t base;

	if (aarch64_fdt_map_reg(dev, 0, "pl011", &base))
		return -RK_ENODEV;
	pl011_console_init(&uart, base);
	return 0;
}

static const char *const compat[] = { "arm,pl011", NULL };
RK_FDT_DRIVER(pl011, compat, pl011_probe, RK_FDT_CONSOLE);
#endif
