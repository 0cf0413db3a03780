/* SPDX-License-Identifier: BSD-2-Clause */
/* QEMU virt (aarch64): PL011 console; RAM and PSCI conduit from the DTB,
 * the GIC and the generic timer's interrupt by their drivers
 * (drivers/irq/gic.c, drivers/timer/arm_generic.c); power-off through
 * semihosting SYS_EXIT, the one way to leave with a status, or PSCI
 * SYSTEM_OFF. */
#include <stdbool.h>
#include <stdint.h>
#include <rumpk/arch.h>
#include <rumpk/init.h>
#include <rumpk/panic.h>
#include <rumpk/drv/poweroff.h>
#include <rumpk/uart.h>
#include <arch/psci.h>
#include <arch/semihosting.h>
#include <platform/memmap.h>

#if defined(CONFIG_HEAP) || defined(CONFIG_TIME)
#ifndef CONFIG_FDT
#error "qemu-virt-aarch64 reads RAM and devices from the DTB: enable CONFIG_FDT"
#endif
#include <rumpk/fdt.h>
#include <rumpk/pci.h>
#include <rumpk/printk.h>
#include <rumpk/drv/fdt.h>
#include <arch/fdt_ram.h>
#include <arch/mmu.h>
#endif

static struct pl011 uart0;


#if defined(CONFIG_HEAP) || defined(CONFIG_TIME)

static int platform_init(const struct rk_bootinfo *bi)
{
	const void *dtb = (const void *)bi->dtb;

	/* An ELF booted by QEMU -kernel gets no DTB: boot rumpk.bin/.img. */
	if (!dtb)
		rk_panic(
			"qemu-virt-aarch64: no valid DTB (x0 = 0: boot the arm64 Image, not the ELF)");
	if (rk_fdt_check(dtb, 0))
		rk_panic("qemu-virt-aarch64: no valid DTB at %p (the lines above say why)", dtb);
	aarch64_psci_from_dtb(dtb); /* hvc or smc, as the DTB says */
#ifdef CONFIG_HEAP
	aarch64_fdt_ram_init(dtb, "qemu-virt-aarch64");
#endif
	return 0;
}
RK_INIT(platform_init, RK_INIT_PLATFORM);

#ifdef CONFIG_PCI
/* PCIe host bridges, at the bus level: after the GIC, which translates the
 * bridge's interrupt-map. ECAM may lie above the boot device window
 * (highmem puts it at 0x4010000000): the bridge's ranges get mapped as
 * device memory. */
static int pci_init(const struct rk_bootinfo *bi)
{
	if (rk_pci_probe_fdt((const void *)bi->dtb, aarch64_mmu_map_device) == 0)
		printk("qemu-virt-aarch64: no usable PCIe host bridge in the DTB\n");
	return 0;
}
RK_INIT(pci_init, RK_INIT_BUS);
#endif
#endif /* CONFIG_HEAP || CONFIG_TIME */

/* The console, first of all, and the ways out. */
static int early_init(const struct rk_bootinfo *bi)
{
	pl011_console_init(&uart0, PLAT_UART0_BASE);
#ifdef CONFIG_ARM64_SEMIHOSTING_EXIT
	rk_poweroff_register(&aarch64_semihosting_poweroff);
#endif
	rk_poweroff_register(&aarch64_psci_poweroff);
	return 0;
}
RK_INIT(early_init, RK_INIT_EARLY);
