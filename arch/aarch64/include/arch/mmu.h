/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 MMU: the kernel's identity map (see arch/aarch64/mmu.c). */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include <stdbool.h>
#include <stdint.h>

/* The map covers virtual (= physical) addresses below this: 39 bits. */
#define A64_VA_LIMIT (1ull << 39)

/* Build the boot map and turn on the MMU and caches. Runs first thing in
 * aarch64_start, with the MMU still off; dtb is mapped along if in RAM. */
void aarch64_mmu_init(uintptr_t dtb);
/* Why the boot map could not be made as promised (the image W^X), for the
 * arch init level to panic with once the console is up (the boot map is
 * built before there is one), or NULL. */
const char *aarch64_mmu_boot_warning(void);
/* Map RAM the DTB reports (normal cacheable, read-write, never
 * executable), leaving what is mapped already alone: as whole 1 GiB blocks
 * on a board with a device window, page-exact on one without
 * (generic-aarch64, whose devices may share RAM's GiB). -1 when [base,
 * base + size) reaches beyond A64_VA_LIMIT. */
int aarch64_mmu_map_ram(uint64_t base, uint64_t size);
/* Same for device registers outside the fixed device window, or every
 * device's on a board without one (Device-nGnRE). */
int aarch64_mmu_map_device(uint64_t base, uint64_t size);

#ifdef CONFIG_SMP
/* Map all RAM with pages (its level-3 tables from the page allocator),
 * before the secondary CPUs start: a guard page made later then changes
 * one page entry, while splitting a live block would unmap its whole
 * range for a moment (break-before-make) under the other CPUs' feet. 0,
 * or -1 when out of memory for the tables. */
int aarch64_mmu_split_ram(void);
/* Whether va has a translation in the kernel's map. */
bool aarch64_mmu_mapped(uintptr_t va);
#endif

/* mmu.S */
void aarch64_mmu_enable(uint64_t ttbr0, uint64_t tcr, uint64_t mair);
/* Its second half, which touches no memory: for a secondary CPU that
 * joins the boot CPU's map (smp_entry.S). */
void aarch64_mmu_on(uint64_t ttbr0, uint64_t tcr, uint64_t mair);
/* Break-before-make: invalidate *pte, flush va from the TLBs, then store
 * val. Touches no memory but *pte, so it may remap the block holding the
 * caller's own stack. Call with interrupts masked. */
void aarch64_pte_replace(volatile uint64_t *pte, uint64_t val, uintptr_t va);
/* The same with every TLB entry flushed between break and make: for a
 * table entry that becomes a block again. */
void aarch64_pte_replace_all(volatile uint64_t *pte, uint64_t val);

#endif
