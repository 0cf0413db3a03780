/* SPDX-License-Identifier: BSD-2-Clause */
/* Page tables after boot. entry.S identity-maps the first 4 GiB with 2 MiB
 * pages, read/write and (without EFER.NXE yet) executable; x86_mmu_init
 * then makes the map W^X:
 *   - the kernel image in 4 KiB pages: text read + execute, rodata read-
 *     only, data/bss/stacks read/write, no-execute (link.ld.S puts rodata
 *     and data on page boundaries);
 *   - everything else no-execute (EFER.NXE, where the CPU has NX);
 *   - CR0.WP set, so that the kernel's own stores obey read-only pages
 *     (without it, ring 0 writes through them);
 *   - physical page 0 (null pointer dereferences fault) and the guard
 *     pages below stacks not present.
 * A 2 MiB page is split into 512 4 KiB pages with the same addresses and
 * attributes the first time a page inside it needs to change, and put
 * back together (its table freed) when its pages are uniform again, so
 * that guard pages of fiber stacks cost no page once the stacks are gone.
 * The splits boot needs come from a static pool, later ones from the page
 * allocator; a failed split is an error returned to the caller, never a
 * missing guard page. */
#include <stdbool.h>
#include <rumpk/arch.h>
#include <rumpk/panic.h>
#include <rumpk/spinlock.h>
#ifdef CONFIG_HEAP
#include <rumpk/mem.h>
#endif
#include "internal.h"

#define PT_ENTRIES 512
#define PTE_ADDR 0x000ffffffffff000ull
/* What a split copies and a merge compares; the CPU's accessed and dirty
 * bits differ from page to page and are left out. */
#define PTE_FLAGS (X86_PTE_P | X86_PTE_RW | X86_PTE_PWT | X86_PTE_PCD | X86_PTE_NX)
/* CPUID 0x80000001 edx: the NX bit exists. */
#define CPUID_EXT_EDX_NX (1u << 20)

/* Page tables for the splits boot needs (the 2 MiB page holding page 0,
 * the image and its stacks, maybe one more for an image crossing a 2 MiB
 * boundary); later ones come from the page allocator. */
#define STATIC_PAGE_TABLES 3

extern uint64_t x86_boot_pd[4 * PT_ENTRIES];
extern char __image_start[], __text_end[], __rodata_end[], __image_end[];

static uint64_t pt_pool[STATIC_PAGE_TABLES][PT_ENTRIES] rk_aligned(X86_PAGE_SIZE);
static unsigned pt_pool_used;
static uint64_t nx; /* X86_PTE_NX once EFER.NXE is on, else 0 */
static rk_spinlock_t mmu_lock = RK_SPINLOCK_INIT;

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

static uint64_t *pde_of(uintptr_t addr)
{
	return &x86_boot_pd[addr / X86_LARGE_PAGE_SIZE];
}

/* The 4 KiB page table covering addr, splitting its 2 MiB page if needed;
 * NULL when out of page tables. */
static uint64_t *page_table_for(uintptr_t addr)
{
	uint64_t *pde = pde_of(addr);

	if (!(*pde & X86_PTE_PS))
		return (uint64_t *)(uintptr_t)(*pde & PTE_ADDR);
	uint64_t *pt = alloc_page_table();
	if (!pt)
		return 0;
	uint64_t base = *pde & PTE_ADDR & ~(uint64_t)(X86_LARGE_PAGE_SIZE - 1);
	uint64_t flags = *pde & PTE_FLAGS;
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		pt[i] = (base + (uint64_t)i * X86_PAGE_SIZE) | flags;
	/* The table entry grants everything; the leaves decide. */
	*pde = (uintptr_t)pt | X86_PTE_P | X86_PTE_RW;
	/* invlpg drops the TLB's 2 MiB entry and the paging-structure caches.
	 * Until then either translation gives the same result. */
	x86_invlpg(addr);
	return pt;
}

/* Put the 2 MiB page around addr back together when its 512 pages map it
 * contiguously with the same attributes again, and free its table. Boot's
 * tables (the pool) stay: they hold page 0 and the image. */
#ifdef CONFIG_SMP
/* Tables of merged 2 MiB pages that another CPU's paging-structure caches
 * may still point at: freed by the next arch_smp_flush_page (which
 * kernel/fiber.c calls after every guard-page change, once it holds no
 * lock), after every CPU flushed. Under mmu_lock. */
static void *retired[X86_MMU_RETIRED_MAX];
static unsigned nretired;

unsigned x86_mmu_take_retired(void *out[X86_MMU_RETIRED_MAX])
{
	unsigned long flags = rk_spin_lock_irqsave(&mmu_lock);
	unsigned n = nretired;

	for (unsigned i = 0; i < n; i++)
		out[i] = retired[i];
	nretired = 0;
	rk_spin_unlock_irqrestore(&mmu_lock, flags);
	return n;
}
#endif

static void try_merge(uintptr_t addr)
{
#ifdef CONFIG_HEAP
	uint64_t *pde = pde_of(addr);
	uint64_t *pt = (uint64_t *)(uintptr_t)(*pde & PTE_ADDR);
	bool from_pool = (uintptr_t)pt - (uintptr_t)pt_pool < sizeof(pt_pool);

	if ((*pde & X86_PTE_PS) || from_pool || !(pt[0] & X86_PTE_P))
		return;
#ifdef CONFIG_SMP
	if (nretired == X86_MMU_RETIRED_MAX)
		return; /* stays split; a later change merges it */
#endif
	uint64_t first = pt[0] & (PTE_ADDR | PTE_FLAGS);
	for (unsigned i = 1; i < PT_ENTRIES; i++)
		if ((pt[i] & (PTE_ADDR | PTE_FLAGS)) != first + (uint64_t)i * X86_PAGE_SIZE)
			return;
	*pde = first | X86_PTE_PS;
	/* invlpg also flushes every paging-structure cache entry, so no walk
	 * can use the old table after this: it may be reused at once. The
	 * 4 KiB TLB entries left translate as the 2 MiB page does. */
	x86_invlpg(addr);
#ifdef CONFIG_SMP
	retired[nretired++] = pt;
#else
	rk_page_free(pt, 1);
#endif
#endif
}

/* Clear, then set, attribute bits of the 4 KiB page at addr. A 2 MiB page
 * that has them already is left whole. 0, or -1 for an address outside
 * the identity map or when out of page tables. */
static int change_page(uintptr_t addr, uint64_t clear, uint64_t set)
{
	if (addr >= X86_MAPPED_BYTES || addr % X86_PAGE_SIZE)
		return -1;
	/* Fibers may create fibers concurrently under preemption, and with
	 * SMP on other CPUs (which share these tables). */
	unsigned long flags = rk_spin_lock_irqsave(&mmu_lock);
	uint64_t *pde = pde_of(addr);
	int ret = 0;

	if (!(*pde & X86_PTE_PS) || ((*pde & ~clear) | set) != *pde) {
		uint64_t *pt = page_table_for(addr);
		if (pt) {
			uint64_t *pte = &pt[addr / X86_PAGE_SIZE % PT_ENTRIES];
			*pte = (*pte & ~clear) | set;
			x86_invlpg(addr);
			try_merge(addr);
		} else {
			ret = -1;
		}
	}
	rk_spin_unlock_irqrestore(&mmu_lock, flags);
	return ret;
}

int arch_guard_page(uintptr_t addr)
{
	return change_page(addr, X86_PTE_P, 0);
}

int arch_unguard_page(uintptr_t addr)
{
	return change_page(addr, 0, X86_PTE_P);
}

/* Loaded programs (kernel/exec): executable while they run (and still
 * writable), no-execute data again before their pages are freed. */
int arch_exec_pages(uintptr_t addr, size_t size, int exec)
{
	if (!nx)
		return 0; /* no NX: every mapped page is executable */
	if ((addr | size) % X86_PAGE_SIZE || addr + size < addr)
		return -1;
	for (uintptr_t va = addr; va < addr + size; va += X86_PAGE_SIZE)
		if (change_page(va, exec ? nx : 0, exec ? 0 : nx))
			return -1;
	return 0;
}

static uint64_t image_page_prot(uintptr_t va)
{
	if (va < (uintptr_t)__image_start || va >= (uintptr_t)__image_end)
		return X86_PTE_P | X86_PTE_RW | nx; /* the RAM around the image */
	if (va < (uintptr_t)__text_end)
		return X86_PTE_P; /* read + execute */
	if (va < (uintptr_t)__rodata_end)
		return X86_PTE_P | nx;
	return X86_PTE_P | X86_PTE_RW | nx;
}

static void enable_nx(void)
{
	uint32_t r[4];

	x86_cpuid(0x80000000, r);
	if (r[0] < 0x80000001)
		return;
	x86_cpuid(0x80000001, r);
	if (!(r[3] & CPUID_EXT_EDX_NX))
		return;
	x86_wrmsr(X86_MSR_EFER, x86_rdmsr(X86_MSR_EFER) | X86_EFER_NXE);
	nx = X86_PTE_NX;
}

void x86_mmu_init(void)
{
	uintptr_t lo = (uintptr_t)__image_start & ~(uintptr_t)(X86_LARGE_PAGE_SIZE - 1);
	uintptr_t hi = ((uintptr_t)__image_end + X86_LARGE_PAGE_SIZE - 1) &
		       ~(uintptr_t)(X86_LARGE_PAGE_SIZE - 1);

	enable_nx();
	/* The 2 MiB pages holding the image, page by page: each split once,
	 * then its 512 entries written straight (going through change_page
	 * for each page cost 60k instructions of boot). The code running here
	 * stays executable all the while and nothing writes text; TLB entries
	 * left from the 2 MiB pages only allow more, and the CR3 reload at
	 * the end drops them. */
	for (uintptr_t big = lo; big < hi; big += X86_LARGE_PAGE_SIZE) {
		uint64_t *pt = page_table_for(big);
		if (!pt)
			rk_panic("x86: out of boot page tables mapping the image at 0x%lx",
				 (unsigned long)big);
		for (unsigned i = 0; i < PT_ENTRIES; i++) {
			uintptr_t va = big + (uintptr_t)i * X86_PAGE_SIZE;
			pt[i] = va | image_page_prot(va);
		}
	}
	/* Everything else: data and devices, never executable. */
	for (unsigned i = 0; i < 4 * PT_ENTRIES; i++)
		if (x86_boot_pd[i] & X86_PTE_PS)
			x86_boot_pd[i] |= nx;
	/* Nothing lives in page 0 (the real-mode interrupt table, unused). */
	if (arch_guard_page(0))
		rk_panic("x86: out of boot page tables for page 0");
	/* The guard pages of the IST stacks and of the boot stack. */
	for (unsigned n = 1; n <= X86_NR_IST + 1; n++)
		if (arch_guard_page(X86_STACK_GUARD(n)))
			rk_panic("x86: out of boot page tables for the stack guards");
	/* Ring 0 obeys read-only pages from now on. */
	x86_write_cr0(x86_read_cr0() | X86_CR0_WP);
	x86_write_cr3(x86_read_cr3()); /* drop the old 2 MiB translations */
}
