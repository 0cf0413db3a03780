/* SPDX-License-Identifier: BSD-2-Clause */
/* Parking the secondary cores a spin table holds (see arch/spin_table.h).
 *
 * The Pi's firmware stub (and QEMU's raspi3b model of it) holds cores 1-3
 * polling their cpu-release-addr between WFEs. On the board WFE sleeps; in
 * QEMU it is a yield, so three host threads would spin for the whole run.
 * Each is sent to the image's entry as it runs now (after relocation, not
 * the link address), where entry.S sends every core but the one with
 * affinity 0 to a WFI loop that touches no memory. The release slot lies
 * in RAM the boot map may not cover yet (page 0 on the Pi): mapped first.
 * The MMU is on, so the store lands in the cache, while the waiting cores
 * read memory directly: the line is cleaned to the point of coherency
 * before the SEV that wakes them. */
#include <stdbool.h>
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/fdt.h>
#include <rumpk/printk.h>
#include <arch/mmu.h>
#include <arch/spin_table.h>
#include <arch/sysreg.h>

extern char _start[];

int aarch64_spin_table_release(const void *dtb, int cpu, uintptr_t entry)
{
	uint64_t slot;
#ifdef CONFIG_SMP
	/* Released late (kernel/smp's start-up), when the slot's page may
	 * have been unmapped on purpose (page 0 on the Pi: null pointers):
	 * it is unmapped again afterwards. */
	bool mapped = true;
	if (!rk_fdt_prop_u64(dtb, cpu, "cpu-release-addr", &slot))
		mapped = aarch64_mmu_mapped(slot);
#endif

	if (rk_fdt_prop_u64(dtb, cpu, "cpu-release-addr", &slot) || (slot & 7) ||
	    aarch64_mmu_map_ram(slot, 8)) {
		printk("cpus: %s: spin-table without a usable cpu-release-addr: not released\n",
		       rk_fdt_name(dtb, cpu));
		return 0;
	}
	__asm__ volatile("str %0, [%1]\n\tdc civac, %1" ::"r"(entry), "r"((uintptr_t)slot)
			 : "memory");
#ifdef CONFIG_SMP
	if (!mapped)
		arch_guard_page((uintptr_t)slot & ~(uintptr_t)4095);
#endif
	return 1;
}

int aarch64_park_spin_table_cpus(const void *dtb, unsigned long boot_cpu)
{
	int cpus = rk_fdt_path(dtb, "/cpus"), n = 0;

	for (int c = rk_fdt_next_child(dtb, cpus, -1); cpus >= 0 && c >= 0;
	     c = rk_fdt_next_child(dtb, cpus, c)) {
		int len;
		const char *type = rk_fdt_prop(dtb, c, "device_type", &len);
		const char *method = rk_fdt_prop(dtb, c, "enable-method", NULL);
		uint64_t mpidr;

		if (!type || strncmp(type, "cpu", (size_t)len) || !method ||
		    strcmp(method, "spin-table"))
			continue;
		/* reg: the MPIDR affinity, in one cell or two (#address-cells). */
		if (!rk_fdt_prop_u64(dtb, c, "reg", &mpidr) && (mpidr & MPIDR_AFF_MASK) != boot_cpu)
			n += aarch64_spin_table_release(dtb, c, (uintptr_t)_start);
	}
	if (n)
		__asm__ volatile("dsb sy\n\tsev" ::: "memory");
	return n;
}
