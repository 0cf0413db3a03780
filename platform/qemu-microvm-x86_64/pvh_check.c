/* SPDX-License-Identifier: BSD-2-Clause */
/* Plausibility of the PVH start info's values, before the platform reads
 * what they point at (the x86_64 counterpart of drivers/fdt's checks).
 *
 * The start info itself was found by its magic; everything it points at is
 * a physical address that must lie in what the kernel maps (the first
 * X86_MAPPED_BYTES, identity-mapped, page 0 left out), and every count and
 * size must be one a real boot loader would write. Complaints are printed
 * as "pvh: <field>: <what>", naming the value. Portable: host unit tests
 * run these with their own 'mapped' bound (test/unit/test_pvh.c). */
#include <rumpk/printk.h>
#include "pvh_check.h"

bool pvh_table_ok(const char *field, uint64_t paddr, uint64_t count, uint64_t entry_size,
		  uint64_t max_count, uint64_t mapped)
{
	if (count > max_count) {
		printk("pvh: %s: %llu entries (at most %llu)\n", field, (unsigned long long)count,
		       (unsigned long long)max_count);
		return false;
	}
	uint64_t len = count * entry_size; /* cannot overflow: both are bounded */
	if (paddr < PVH_LOWEST_TABLE || len > mapped || paddr > mapped - len) {
		printk("pvh: %s: table at %#llx, %llu bytes, is not inside the mapped "
		       "%#llx-%#llx\n",
		       field, (unsigned long long)paddr, (unsigned long long)len,
		       (unsigned long long)PVH_LOWEST_TABLE, (unsigned long long)mapped);
		return false;
	}
	return true;
}

int pvh_judge_ram(uint32_t index, uint64_t addr, uint64_t size)
{
	if (size == 0)
		return 1;
	if (size - 1 > UINT64_MAX - addr) {
		printk("pvh: memory map entry %u: addr %#llx + size %#llx wraps past 2^64, ignored\n",
		       index, (unsigned long long)addr, (unsigned long long)size);
		return 1;
	}
	if (size > PVH_PHYS_LIMIT || addr > PVH_PHYS_LIMIT - size) {
		printk("pvh: memory map entry %u: addr %#llx + size %#llx ends beyond any physical "
		       "address (2^52), ignored\n",
		       index, (unsigned long long)addr, (unsigned long long)size);
		return 1;
	}
	return 0;
}

size_t pvh_string_len(const char *field, uint64_t paddr, uint64_t mapped)
{
	if (paddr < PVH_LOWEST_TABLE || paddr >= mapped) {
		printk("pvh: %s: string at %#llx is not inside the mapped %#llx-%#llx, ignored\n",
		       field, (unsigned long long)paddr, (unsigned long long)PVH_LOWEST_TABLE,
		       (unsigned long long)mapped);
		return PVH_NO_STRING;
	}
	const char *s = (const char *)(uintptr_t)paddr;
	uint64_t room = mapped - paddr < PVH_MAX_STRING ? mapped - paddr : PVH_MAX_STRING;
	for (size_t n = 0; n < room; n++)
		if (!s[n])
			return n;
	printk("pvh: %s: string at %#llx has no NUL within %llu bytes, ignored\n", field,
	       (unsigned long long)paddr, (unsigned long long)room);
	return PVH_NO_STRING;
}
