/* QEMU virt (riscv64): ns16550 console, memory, interrupt controller and
 * timer from the DTB OpenSBI passes in a1, power-off through SBI SRST or
 * the SiFive test finisher, which is the one way to leave with a status. */
#include <rumpk/arch.h>
#include <rumpk/init.h>
#include <rumpk/fdt.h>
#include <rumpk/mem.h>
#include <rumpk/mmio.h>
#include <rumpk/panic.h>
#include <rumpk/pci.h>
#include <rumpk/drv/poweroff.h>
#include <rumpk/printk.h>
#include <rumpk/uart.h>
#include <arch/mmu.h>
#include <arch/sbi.h>
#include <arch/timer.h>
#include <platform/memmap.h>

#define TEST_PASS 0x5555
#define TEST_FAIL 0x3333

static struct ns16550 uart0;


#if defined(CONFIG_HEAP) || defined(CONFIG_TIME)
static int platform_init(const struct rk_bootinfo *bi)
{
	const void *dtb = (const void *)bi->dtb;

	/* Nothing below can work without the DTB: RAM, PLIC and timebase
	 * all come from it. */
	if (rk_fdt_check(dtb, 0))
		rk_panic("qemu-virt: no valid DTB from the firmware (a1 = %#lx)",
			 (unsigned long)bi->dtb);
#ifdef CONFIG_HEAP
	/* RAM, OpenSBI's /reserved-memory and the DTB itself; kernel/mem
	 * reserves the image. */
	int err = rk_fdt_scan_memory(dtb);
#ifdef CONFIG_RISCV_SV39
	/* Without the MMU (bare mode) every address is reachable. */
	rk_mem_limit(RISCV_IDENTITY_LIMIT);
#endif
	if (err <= 0)
		rk_panic("qemu-virt: no RAM from the DTB (%s)", err ? rk_fdt_strerror(err) : "none");
#endif
#ifdef CONFIG_TIME
	uint64_t hz;
	if (rk_fdt_timebase_frequency(dtb, &hz))
		rk_panic("qemu-virt: no usable /cpus timebase-frequency in the DTB");
	/* The PLIC binds by compatible (drivers/irq/plic.c). */
	riscv_timer_init(hz);
#endif
	return 0;
}
RK_INIT(platform_init, RK_INIT_PLATFORM);
#endif

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
