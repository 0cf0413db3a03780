/* SPDX-License-Identifier: BSD-2-Clause */
/* NS16550 UART: polled transmit, the boot console. The firmware (or QEMU)
 * has set the baud rate; we only make sure of 8N1 and a working FIFO.
 * Fixed boards call ns16550_console_init with their constants; with
 * CONFIG_FDT_EARLY the UART /chosen/stdout-path names binds from the DTB
 * ("ns16550a", "ns16550", "snps,dw-apb-uart": reg-shift, reg-io-width,
 * clock-frequency), and sets the line speed the DTB asks for. */
#include <rumpk/mmio.h>
#include <rumpk/uart.h>
#ifdef CONFIG_FDT_EARLY
#include <rumpk/drv/fdt.h>
#include <rumpk/printk.h>
#endif
#ifdef CONFIG_ARCH_X86_64
#include <arch/pio.h>
#endif

enum { RBR_THR = 0, IER = 1, FCR = 2, LCR = 3, MCR = 4, LSR = 5 };
enum { DLL = 0, DLM = 1 }; /* with LCR_DLAB */
#define LCR_DLAB 0x80
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define LCR_8N1 0x03
#define FCR_ENABLE_CLEAR 0x07
#define IIR_FIFO_ON 0xc0
#define MCR_DTR_RTS 0x03

static uint8_t reg_read(const struct ns16550 *u, unsigned reg)
{
#ifdef CONFIG_ARCH_X86_64
	if (u->pio)
		return inb((uint16_t)(u->base + reg));
#endif
#ifdef CONFIG_FDT_EARLY
	if (u->io_width == 4) /* the DesignWare UART: 32-bit accesses only */
		return (uint8_t)mmio_read32(u->base + (reg << u->reg_shift));
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
#ifdef CONFIG_FDT_EARLY
	if (u->io_width == 4) {
		mmio_write32(u->base + (reg << u->reg_shift), v);
		return;
	}
#endif
	mmio_write8(u->base + (reg << u->reg_shift), v);
}

/* THRE means the whole transmit FIFO is empty: after seeing it, that many
 * bytes go out without reading the line status again (a status read per
 * byte was half of what printing cost boot). Callers hold the console
 * (rk_console_write holds the console lock). */
static void ns16550_putc(const struct rk_console *con, char c)
{
	struct ns16550 *u = con->priv;

	if (!u->tx_room) {
		while (!(reg_read(u, LSR) & LSR_THRE))
			;
		u->tx_room = u->fifo;
	}
	u->tx_room--;
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
	/* IIR (read at FCR's offset) bits 7:6 both set: the FIFO works (a
	 * 16550A or later; an 8250/16450 has none, the first 16550's is
	 * broken and reads 10). */
	u->fifo = (reg_read(u, FCR) & IIR_FIFO_ON) == IIR_FIFO_ON ? 16 : 1;
	u->tx_room = 0;
	reg_write(u, MCR, MCR_DTR_RTS);
	rk_console_register(&u->con);
}

#ifdef CONFIG_FDT_EARLY
static struct ns16550 fdt_uart;

static int ns16550_probe(const struct rk_fdt_dev *dev)
{
	uint64_t base, size;
	uint32_t width = rk_fdt_dev_u32(dev, "reg-io-width", 1);
	uint32_t clock = rk_fdt_dev_u32(dev, "clock-frequency", 0);
	uint32_t baud = rk_fdt_console_baud(dev->dtb, dev->node);
	uint32_t shift = rk_fdt_dev_u32(dev, "reg-shift", 0);

	if (rk_fdt_dev_reg(dev, 0, &base, &size))
		return -RK_ENODEV;
	/* Byte or 32-bit registers 1 to 8 bytes apart: what 8250-style UARTs
	 * have (a width of 2 exists on no board we know). */
	if (width != 1 && width != 4) {
		rk_fdt_report(dev->dtb, dev->node, "reg-io-width", "%u (1 or 4 supported)", width);
		return -RK_ENODEV;
	}
	if (shift > 3) {
		rk_fdt_report(dev->dtb, dev->node, "reg-shift", "%u (0 to 3 supported)", shift);
		return -RK_ENODEV;
	}
	fdt_uart.base = (uintptr_t)base;
	fdt_uart.reg_shift = shift;
	fdt_uart.io_width = (uint8_t)width;
	/* The divisor only when the DTB gives both the input clock and a
	 * speed that the 16-bit divisor can make; otherwise the firmware's
	 * stays. 8N1 follows in the init. */
	uint64_t div = clock && baud ? clock / (16ull * baud) : 0;
	if (div >= 1 && div <= 0xffff) {

		reg_write(&fdt_uart, LCR, LCR_DLAB);
		reg_write(&fdt_uart, DLL, (uint8_t)div);
		reg_write(&fdt_uart, DLM, (uint8_t)(div >> 8));
	}
	ns16550_console_init(&fdt_uart, fdt_uart.base, fdt_uart.reg_shift, false);
	return 0;
}

static const char *const compat[] = { "ns16550a", "ns16550", "snps,dw-apb-uart", NULL };
RK_FDT_DRIVER(ns16550, compat, ns16550_probe, RK_FDT_CONSOLE);
#endif
