/* SPDX-License-Identifier: BSD-2-Clause */
/* Any aarch64 machine whose DTB describes devices Rumpk has drivers for:
 * one image for QEMU virt and the Raspberry Pi 3 (QEMU raspi3b) alike.
 *
 * The image relocates itself to wherever the loader put it
 * (ARM64_RELOCATABLE, arch/aarch64/entry.S) and enters at EL2 or EL1. All
 * else comes from the DTB, through drivers that bind by compatible:
 *   - console: the UART /chosen/stdout-path names (drivers/uart/pl011.c,
 *     bcm2835_aux.c), bound first thing by drivers/fdt/early.c;
 *   - power-off: semihosting SYS_EXIT first (QEMU -semihosting: the exit
 *     status reaches the host), then PSCI SYSTEM_OFF through the /psci
 *     node's method (arch/aarch64/psci.c), when there is one;
 *   - secondary cores: those a spin table holds are parked for good
 *     (arch/aarch64/spin_table.c); PSCI keeps its own off;
 *   - RAM and reserved regions (/memory, /memreserve/, /reserved-memory);
 *   - interrupt controllers (GICv2/v3, the BCM2836 local controller with
 *     the BCM2835 ARM controller) and the generic timer's interrupt
 *     (drivers/irq, drivers/timer/arm_generic.c).
 * Device registers are mapped as each driver finds them: there is no
 * fixed device window (platform/memmap.h). virtio-mmio, whose driver is
 * every arch's and maps nothing, has its slots mapped here first. */
#include <stdint.h>
#include <rumpk/arch.h>
#include <rumpk/fdt.h>
#include <rumpk/init.h>
#include <rumpk/panic.h>
#include <rumpk/drv/poweroff.h>
#include <arch/semihosting.h>
#include <arch/spin_table.h>
#ifdef CONFIG_HEAP
#include <arch/fdt_ram.h>
#endif

/* Semihosting is the one method that carries the exit status: it goes
 * before PSCI, which the early binding adds from the DTB at this level. */
static int early_init(const struct rk_bootinfo *bi)
{
#ifdef CONFIG_ARM64_SEMIHOSTING_EXIT
	rk_poweroff_register_status(&aarch64_semihosting_poweroff);
#endif
	return 0;
}
RK_INIT(early_init, RK_INIT_EARLY);

static int platform_init(const struct rk_bootinfo *bi)
{
	const void *dtb = (const void *)bi->dtb;

	/* No DTB, no console either: this line reaches nobody, but a
	 * debugger's backtrace still says why. */
	if (!dtb)
		rk_panic("generic-aarch64: no DTB (x0 = 0): boot the arm64 Image (rumpk.img), not the ELF");
	if (rk_fdt_check_once(dtb)) /* the early console's check may have done */
		rk_panic("generic-aarch64: no valid DTB at %p (the lines above say why)", dtb);
#ifdef CONFIG_HEAP
	aarch64_fdt_ram_init(dtb, "generic-aarch64");
#endif
	/* The secondaries leave the spin table (a few milliseconds of
	 * spinning after the start) for their park in entry.S; with SMP,
	 * kernel/smp's start-up releases them (arch/aarch64/smp.c). */
#ifndef CONFIG_SMP
	aarch64_park_spin_table_cpus(dtb, bi->cpu_id);
#endif
	/* Null pointers fault wherever RAM starts: where it starts at 0 (the
	 * Pi), page 0 (which the allocator never hands out, and where the
	 * spin table lies) is unmapped again after RAM and the parking
	 * filled the map's holes. */
	return arch_guard_page(0) < 0 ? -12 /* RK_ENOMEM */ : 0;
}
RK_INIT(platform_init, RK_INIT_PLATFORM);

#ifdef CONFIG_VIRTIO
#include <rumpk/printk.h>
#include <arch/mmu.h>

/* The virtio-mmio slots of the DTB (QEMU virt's 32), mapped before the
 * driver binds them at RK_INIT_DRIVER: drivers/virtio/virtio_mmio.c takes
 * its registers where the DTB says, which the fixed boards' device window
 * covers and this board's boot map does not. */
static int map_virtio_mmio(const struct rk_bootinfo *bi)
{
	const void *dtb = (const void *)bi->dtb;
	uint64_t base, size;

	for (int n = rk_fdt_compatible_enabled(dtb, -1, "virtio,mmio"); n >= 0;
	     n = rk_fdt_compatible_enabled(dtb, n, "virtio,mmio"))
		if (!rk_fdt_reg(dtb, n, 0, &base, &size) && aarch64_mmu_map_device(base, size))
			printk("generic-aarch64: %s: cannot map 0x%llx\n", rk_fdt_name(dtb, n),
			       (unsigned long long)base);
	return 0;
}
RK_INIT(map_virtio_mmio, RK_INIT_BUS);
#endif
