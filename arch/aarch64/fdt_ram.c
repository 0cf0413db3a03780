/* SPDX-License-Identifier: BSD-2-Clause */
/* RAM of an aarch64 board from its DTB: the allocator's regions and their
 * mapping (see arch/fdt_ram.h). */
#include <stdint.h>
#include <rumpk/fdt.h>
#include <rumpk/mem.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#include <arch/fdt_ram.h>
#include <arch/mmu.h>

static void map_ram(uint64_t base, uint64_t size, const char *name, void *arg)
{
	uint64_t end = base + size;

	if (end > A64_VA_LIMIT) {
		printk("mmu: RAM above 0x%llx is beyond the address space, not used\n",
		       (unsigned long long)A64_VA_LIMIT);
		rk_mem_limit(A64_VA_LIMIT);
		end = A64_VA_LIMIT;
	}
	if (base < end && aarch64_mmu_map_ram(base, end - base))
		rk_panic("%s: cannot map RAM at 0x%llx", (const char *)arg, (unsigned long long)base);
}

void aarch64_fdt_ram_init(const void *dtb, const char *board)
{
	int n = rk_fdt_scan_memory(dtb);

	if (n <= 0)
		rk_panic("%s: no RAM in the DTB (%s)", board, rk_fdt_strerror(n));
	rk_fdt_foreach_memory(dtb, map_ram, (void *)board);
}
