/* SPDX-License-Identifier: BSD-2-Clause */
/* What every riscv64 board booted by OpenSBI takes from the DTB in a1:
 * RAM (with OpenSBI's /reserved-memory and the DTB itself) and the time
 * CSR's frequency (/cpus timebase-frequency, the CLINT's timebase), which
 * starts the SBI (or Sstc) timer. The PLIC binds by compatible
 * (drivers/irq/plic.c), which finds the boot hart's S-mode context itself.
 *
 * Shared by the riscv64 platforms (qemu-virt-riscv64, sifive-u-riscv64):
 * each lists this file in its CMakeLists.txt. Built only when an app needs
 * the heap or timers; hello stays without the device tree. */
#include <rumpk/bootinfo.h>
#include <rumpk/fdt.h>
#include <rumpk/init.h>
#include <rumpk/mem.h>
#include <rumpk/panic.h>
#include <arch/mmu.h>
#include <arch/timer.h>

static int riscv_fdt_platform_init(const struct rk_bootinfo *bi)
{
	const void *dtb = (const void *)bi->dtb;

	/* Nothing below can work without the DTB: RAM, PLIC and timebase
	 * all come from it. (An early console's binding may have checked it
	 * already: a refused DTB is checked, and refused, again.) */
	if (rk_fdt_check_once(dtb))
		rk_panic("%s: no valid DTB from the firmware (a1 = %#lx)", CONFIG_PLATFORM,
			 (unsigned long)bi->dtb);
#ifdef CONFIG_HEAP
	/* kernel/mem reserves the image. */
	int err = rk_fdt_scan_memory(dtb);
#ifdef CONFIG_RISCV_SV39
	/* Only what the Sv39 identity map covers; without the MMU (bare
	 * mode) every address is reachable. */
	rk_mem_limit(RISCV_IDENTITY_LIMIT);
#endif
	if (err <= 0)
		rk_panic("%s: no RAM from the DTB (%s)", CONFIG_PLATFORM,
			 err ? rk_fdt_strerror(err) : "none");
#endif
#ifdef CONFIG_TIME
	uint64_t hz;
	if (rk_fdt_timebase_frequency(dtb, &hz))
		rk_panic("%s: no usable /cpus timebase-frequency in the DTB", CONFIG_PLATFORM);
	riscv_timer_init(hz);
#endif
	return 0;
}
RK_INIT(riscv_fdt_platform_init, RK_INIT_PLATFORM);
