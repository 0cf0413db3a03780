/* SPDX-License-Identifier: BSD-2-Clause */
/* Raspberry Pi 3 Model B (BCM2837, four Cortex-A53) and QEMU's model of
 * it, -M raspi3b.
 *
 * Boot: the firmware (or QEMU -kernel) enters the arm64 Image at 0x80000
 * at EL2 with x0 = DTB, on core 0. The secondary cores wait in the spin
 * table at 0xd8, polling between WFEs: on the board WFE sleeps, but QEMU
 * implements it as a yield, so three host threads would spin for the
 * whole run. They are released to the image's entry, where entry.S parks
 * every core but core 0 in WFI (an idle host thread under QEMU) for good:
 * only core 0 ever runs the kernel. With SMP, kernel/smp's start-up
 * releases them instead (arch/aarch64/smp.c), and parks those it does not
 * start.
 *
 * Console: the AUX mini UART, which the DTB's /chosen stdout-path names
 * (serial1). RAM, the interrupt controllers (drivers/irq/bcm2836_l1.c,
 * bcm2835_armctrl.c) and the timer (drivers/timer/arm_generic.c) come from
 * the DTB.
 *
 * Power-off: the board has none (the PM block's watchdog can only reset),
 * and no PSCI firmware runs on it. Under QEMU the exit status leaves
 * through semihosting; otherwise the CPU halts. */
#include <stdint.h>
#include <rumpk/arch.h>
#include <rumpk/init.h>
#include <rumpk/drv/poweroff.h>
#ifdef CONFIG_FDT
#include <rumpk/fdt.h>
#include <rumpk/panic.h>
#endif
#ifdef CONFIG_HEAP
#include <arch/fdt_ram.h>
#endif
#include <rumpk/uart_bcm2835_aux.h>
#include <arch/semihosting.h>
#include <platform/memmap.h>

static struct bcm2835_aux_uart uart1;

extern char _start[];

/* Release the secondaries to the entry, where they park. The spin table
 * lies in cacheable RAM now that the MMU is on, while the cores polling it
 * read memory directly: clean the line to the point of coherency before
 * the SEV that wakes them. (The stores go through an asm operand: a
 * constant pointer this close to 0 draws compiler bounds warnings.) */
#ifndef CONFIG_SMP
static void park_secondaries(void)
{
	uintptr_t table = PLAT_SPIN_TABLE;

	for (unsigned cpu = 1; cpu < PLAT_NCPUS; cpu++)
		__asm__ volatile("str %0, [%1]" ::"r"((uintptr_t)_start), "r"(table + 8 * cpu)
				 : "memory");
	__asm__ volatile("dc civac, %0\n\tdsb sy\n\tsev" ::"r"(table) : "memory");
}
#endif

/* Page 0 holds nothing the kernel uses once the secondaries are parked:
 * unmapped, so that null pointers fault as on the virt machines (its 4 KiB
 * lie in the image's own page table: nothing to allocate). Again after
 * RAM is mapped, which fills every hole of the boot map. */
static int unmap_page0(void)
{
	return arch_guard_page(0) ? -12 /* RK_ENOMEM */ : 0;
}

/* The console, first of all, and the way out. */
static int early_init(const struct rk_bootinfo *bi)
{
	bcm2835_aux_uart_console_init(&uart1, PLAT_AUX_UART_BASE);
#ifdef CONFIG_ARM64_SEMIHOSTING_EXIT
	rk_poweroff_register(&aarch64_semihosting_poweroff);
#endif
#ifndef CONFIG_SMP
	park_secondaries();
#endif
	return unmap_page0();
}
RK_INIT(early_init, RK_INIT_EARLY);

#ifdef CONFIG_FDT
/* RAM from the DTB (its /memreserve/ keeps the spin table's page from the
 * allocator). */
static int platform_init(const struct rk_bootinfo *bi)
{
	const void *dtb = (const void *)bi->dtb;

	if (!dtb)
		rk_panic("raspi3b-aarch64: no DTB (x0 = 0): boot the arm64 Image, with QEMU's -dtb");
	if (rk_fdt_check(dtb, 0))
		rk_panic("raspi3b-aarch64: no valid DTB at %p (the lines above say why)", dtb);
#ifdef CONFIG_HEAP
	aarch64_fdt_ram_init(dtb, "raspi3b-aarch64");
#endif
	return unmap_page0();
}
RK_INIT(platform_init, RK_INIT_PLATFORM);
#endif
