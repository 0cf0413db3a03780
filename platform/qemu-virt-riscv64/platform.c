/* SPDX-License-Identifier: BSD-2-Clause */
/* QEMU virt (riscv64): ns16550 console, power-off through SBI SRST or
 * the SiFive test finisher, which is the one way to leave with a status.
 * Memory and timer come from the DTB OpenSBI passes in a1
 * (platform/common/riscv_fdt.c), the PLIC and devices bind from it. */
#include <rumpk/arch.h>
#include <rumpk/init.h>
#include <rumpk/mmio.h>
#include <rumpk/pci.h>
#include <rumpk/drv/poweroff.h>
#include <rumpk/printk.h>
#include <rumpk/uart.h>
#include <arch/sbi.h>
#include <platform/memmap.h>

#define TEST_PASS 0x5555
#define TEST_FAIL 0x3333

static struct ns16550 uart0;

#ifdef CONFIG_PCI
/* PCIe host bridges, at the bus level: after the interrupt controller, which
 * translates the bridge's interrupt-map. The Sv39 identity map covers ECAM
 * and the window already (NULL). */
static int pci_init(const struct rk_bootinfo *bi)
{
	if (rk_pci_probe_fdt((const void *)bi->dtb, NULL) == 0)
		printk("qemu-virt: no usable PCIe host bridge in the DTB\n");
	return 0;
}
RK_INIT(pci_init, RK_INIT_BUS);
#endif

/* SBI SRST cannot carry a status (and may be missing): only for 0. */
static void srst_off(const struct rk_poweroff *p, int status)
{
	if (status == 0)
		sbi_call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN, SBI_SRST_REASON_NONE, 0);
}

static void finisher_off(const struct rk_poweroff *p, int status)
{
	mmio_write32(PLAT_TEST_BASE, status == 0 ? TEST_PASS
					       : ((uint32_t)status << 16) | TEST_FAIL);
}

static const struct rk_poweroff srst = { "sbi-srst", srst_off, 0 };
static const struct rk_poweroff finisher = { "sifive,test", finisher_off, 0 };

/* The console, first of all, and the ways out. */
static int early_init(const struct rk_bootinfo *bi)
{
	ns16550_console_init(&uart0, PLAT_UART0_BASE, 0, false);
	rk_poweroff_register(&srst);
	rk_poweroff_register(&finisher);
	return 0;
}
RK_INIT(early_init, RK_INIT_EARLY);
