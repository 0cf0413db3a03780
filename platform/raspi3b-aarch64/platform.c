/* Raspberry Pi 3 Model B (BCM2837, four Cortex-A53) and QEMU's model of
 * it, -M raspi3b.
 *
 * Boot: the firmware (or QEMU -kernel) enters the arm64 Image at 0x80000
 * at EL2 with x0 = DTB, on core 0. The secondary cores wait in the spin
 * table at 0xd8, polling between WFEs: on the board WFE sleeps, but QEMU
 * implements it as a yield, so three host threads would spin for the
 * whole run. They are released to the image's entry, where entry.S parks
 * every core but core 0 in WFI (an idle host thread under QEMU) for good:
 * only core 0 ever runs the kernel.
 *
 * Console: the AUX mini UART, which the DTB's /chosen stdout-path names
 * (serial1).
 *
 * Power-off: the board has none (the PM block's watchdog can only reset),
 * and no PSCI firmware runs on it. Under QEMU the exit status leaves
 * through semihosting; otherwise the CPU halts. */
#include <stdint.h>
#include <rumpk/init.h>
#include <rumpk/drv/poweroff.h>
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
static void park_secondaries(void)
{
	uintptr_t table = PLAT_SPIN_TABLE;

	for (unsigned cpu = 1; cpu < PLAT_NCPUS; cpu++)
		__asm__ volatile("str %0, [%1]" ::"r"((uintptr_t)_start), "r"(table + 8 * cpu)
				 : "memory");
	__asm__ volatile("dc civac, %0\n\tdsb sy\n\tsev" ::"r"(table) : "memory");
}

/* The console, first of all, and the way out. */
static int early_init(const struct rk_bootinfo *bi)
{
	bcm2835_aux_uart_console_init(&uart1, PLAT_AUX_UART_BASE);
	park_secondaries();
#ifdef CONFIG_ARM64_SEMIHOSTING_EXIT
	rk_poweroff_register(&aarch64_semihosting_poweroff);
#endif
	return 0;
}
RK_INIT(early_init, RK_INIT_EARLY);
