/* SPDX-License-Identifier: BSD-2-Clause */
/* SiFive UART (FU540-C000 manual, chapter "Universal Asynchronous Receiver/
 * Transmitter"): polled transmit for the boot console. Eight-entry FIFOs,
 * 8N1 fixed; the only setting is the divisor, which the firmware (ZSBL/
 * OpenSBI/U-Boot) has already programmed for the current bus clock, so it
 * is kept: recomputing it would need the PRCI clock tree. */
#include <rumpk/mmio.h>
#include <rumpk/uart_sifive.h>
#ifdef CONFIG_FDT_EARLY
#include <rumpk/drv/fdt.h>
#endif

enum { TXDATA = 0x00, RXDATA = 0x04, TXCTRL = 0x08, RXCTRL = 0x0c, IE = 0x10, IP = 0x14 };
#define TXDATA_FULL (1u << 31)
#define RXDATA_EMPTY (1u << 31)
#define TXCTRL_TXEN (1u << 0)
#define TXCTRL_TXCNT(n) ((uint32_t)(n) << 16) /* watermark: ip.txwm while fewer queued */
#define RXCTRL_RXEN (1u << 0)
#define IP_TXWM (1u << 0)
/* A character at 115200 baud takes ~87 us; eight of them well under a
 * million register reads, even on a slow core. */
#define FLUSH_SPINS 1000000

static void sifive_uart_putc(const struct rk_console *con, char c)
{
	const struct sifive_uart *u = con->priv;

	/* Reading txdata reports "full" in bit 31; a write while full is
	 * dropped by the hardware, so wait. */
	while (mmio_read32(u->base + TXDATA) & TXDATA_FULL)
		;
	mmio_write32(u->base + TXDATA, (uint8_t)c);
}

static int sifive_uart_getc(const struct rk_console *con)
{
	const struct sifive_uart *u = con->priv;
	/* One read pops the FIFO: bit 31 says whether it held a byte. */
	uint32_t v = mmio_read32(u->base + RXDATA);

	return v & RXDATA_EMPTY ? -1 : (int)(v & 0xff);
}

/* rk_console_flush, for the power-off methods: a reset right after the last
 * line must not cut it off on real hardware. */
static void sifive_uart_flush(const struct rk_console *con)
{
	const struct sifive_uart *u = con->priv;

	/* With the watermark at 1, txwm pends once the FIFO is empty. */
	for (unsigned i = 0; i < FLUSH_SPINS; i++)
		if (mmio_read32(u->base + IP) & IP_TXWM)
			return;
}

void sifive_uart_console_init(struct sifive_uart *u, uintptr_t base)
{
	u->base = base;
	u->con.name = "sifive-uart";
	u->con.putc = sifive_uart_putc;
	u->con.getc = sifive_uart_getc;
	u->con.flush = sifive_uart_flush;
	u->con.priv = u;
	mmio_write32(base + IE, 0); /* polled: no interrupts */
	/* One stop bit (nstop = 0), transmitter on, watermark 1 for flush. */
	mmio_write32(base + TXCTRL, TXCTRL_TXEN | TXCTRL_TXCNT(1));
	mmio_write32(base + RXCTRL, RXCTRL_RXEN);
	rk_console_register(&u->con);
}

#ifdef CONFIG_FDT_EARLY
/* The UART /chosen/stdout-path names (CONFIG_FDT_EARLY). Its input clock is
 * a phandle into the PRCI, not a clock-frequency: the divisor stays. */
static struct sifive_uart fdt_uart;

static int sifive_uart_probe(const struct rk_fdt_dev *dev)
{
	uint64_t base, size;

	if (rk_fdt_dev_reg(dev, 0, &base, &size))
		return -RK_ENODEV;
	sifive_uart_console_init(&fdt_uart, (uintptr_t)base);
	return 0;
}

static const char *const compat[] = { "sifive,uart0", NULL };
RK_FDT_DRIVER(sifive_uart, compat, sifive_uart_probe, RK_FDT_CONSOLE);
#endif
