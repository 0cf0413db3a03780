/* Page tables after boot. entry.S identity-maps the first 4 GiB with 2 MiB
 * pages; here single 4 KiB pages are taken out of that map: physical page
 * 0 (so a null pointer dereference faults) and guard pages below stacks.
 * A 2 MiB page is split into 512 4 KiB pages with the same addresses and
 * attributes the first time a page inside it needs to change. */
#include <rumpk/arch.h>
#include <arch/mmu.h>
#ifdef CONFIG_HEAP
#include <rumpk/mem.h>
#endif
#include "internal.h"

#define PT_ENTRIES 512

/* Loaded programs (kernel/exec): EFER.NXE is off, so every mapped page is
 * executable already. */
int arch_exec_pages(uintptr_t addr, size_t size, int exec)
{
	return 0;
}

#define PTE_ADDR 0x000ffffffffff000ull
/* Page tables for the splits boot needs (page 0, the guards of stacks.S,
 * maybe across two 2 MiB pages); later ones come from the page allocator. */
#define STATIC_PAGE_TABLES 3

extern uint64_t x86_boot_pd[4 * PT_ENTRIES];

static uint64_t pt_pool[STATIC_PAGE_TABLES][PT_ENTRIES] rk_aligned(X86_PAGE_SIZE);
static unsigned pt_pool_used;

static uint64_t *alloc_page_table(void)
{
	if (pt_pool_used < STATIC_PAGE_TABLES)
		return pt_pool[pt_pool_used++];
#ifdef CONFIG_HEAP
	return rk_page_alloc(1); /* identity-mapped like all RAM below 4 GiB */
#else
	return 0;
#endif
}

/* The 4 KiB page table covering addr, splitting its 2 MiB page if needed;
 * NULL when out of page tables. */
static uint64_t *page_table_for(uintptr_t addr)
{
	uint64_t *pde = &x86_boot_pd[addr / X86_LARGE_PAGE_SIZE];

	if (!(*pde & X86_PTE_PS))
		return (uint64_t *)(uintptr_t)(*pde & PTE_ADDR);
	uint64_t *pt = alloc_page_table();
	if (!pt)
		return 0;
	uint64_t base = *pde & PTE_ADDR & ~(uint64_t)(X86_LARGE_PAGE_SIZE - 1);
	uint64_t flags = *pde & (X86_PTE_P | X86_PTE_RW | X86_PTE_PWT | X86_PTE_PCD);
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		pt[i] = (base + (uint64_t)i * X86_PAGE_SIZE) | flags;
	*pde = (uintptr_t)pt | X86_PTE_P | X86_PTE_RW;
	/* invlpg drops the TLB's 2 MiB entry and the paging-structure caches.
	 * Until then either translation gives the same result. */
	x86_invlpg(addr);
	return pt;
}

static int set_present(uintptr_t addr, bool present)
{
	if (addr >= X86_MAPPED_BYTES || addr % X86_PAGE_SIZE)
		return -1;
	/* Fibers may create fibers concurrently under preemption. */
	unsigned long flags = arch_irq_save();
	int ret = 0;
	/* A page inside a 2 MiB page that was never split is mapped already:
	 * unguarding it must not split it for nothing. */
	if (!present || !(x86_boot_pd[addr / X86_LARGE_PAGE_SIZE] & X86_PTE_PS)) {
		uint64_t *pt = page_table_for(addr);
		if (pt) {
			uint64_t *pte = &pt[addr / X86_PAGE_SIZE % PT_ENTRIES];
			*pte = present ? *pte | X86_PTE_P : *pte & ~(uint64_t)X86_PTE_P;
			x86_invlpg(addr);
		} else {
			ret = -1;
		}
	}
	arch_irq_restore(flags);
	return ret;
}

int arch_guard_page(uintptr_t addr)
{
	return set_present(addr, false);
}

int arch_unguard_page(uintptr_t addr)
{
	return set_present(addr, true);
}

void x86_mmu_init(void)
{
	/* Nothing lives in page 0 (the real-mode interrupt table, unused). */
	arch_guard_page(0);
	/* The guard pages of the IST stacks and of the boot stack. */
	for (unsigned n = 1; n <= X86_NR_IST + 1; n++)
		arch_guard_page(X86_STACK_GUARD(n));
}
