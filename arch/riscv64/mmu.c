/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 Sv39 MMU: identity map with holes.
 *
 * Layout (virtual == physical everywhere):
 *   - the low half of the Sv39 space, 0 .. 255 GiB, as 1 GiB pages, read/
 *     write, never executable: every RAM and MMIO address of QEMU virt
 *     (MMIO below 2 GiB, RAM from 2 GiB, 64-bit PCI window at 16 GiB).
 *     The last gigabyte of the half is left to program spaces (user.c).
 *     Memory attributes come from the platform's PMAs, not the PTEs, so
 *     RAM and MMIO need no different entries.
 *   - page 0 unmapped, so null pointer dereferences fault;
 *   - the kernel image in 4 KiB pages: text read+execute, rodata read-only,
 *     data/bss/stacks read/write (link.ld.S puts .data on a page boundary);
 *   - guard pages (below the boot stack, below every fiber stack) unmapped.
 * Only where 4 KiB granularity is needed is a gigapage split into 2 MiB
 * pages, and a 2 MiB page into 4 KiB ones. The tables come from a static
 * pool (CONFIG_RISCV_PT_POOL) while it lasts: the MMU is set up before the
 * page allocator. With the default image and 128 MiB, boot takes four
 * tables (plus the root). Later splits take a page from the page
 * allocator, and such a table is freed again when its pages are uniform
 * once more (a guard page made ordinary memory again): the larger page is
 * put back together. When no table can be had, arch_guard_page fails and
 * the caller gets no stack, never one without its guard page.
 *
 * Every PTE is created with A (and D where writable) already set, so the
 * MMU never needs to update them (Svade-style hardware would fault). */
#include <stdbool.h>
#include <rumpk/arch.h>
#include <rumpk/compiler.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#ifdef CONFIG_HEAP
#include <rumpk/mem.h>
#endif
#include <arch/csr.h>
#include <arch/mmu.h>

#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_G (1u << 5)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)
#define PTE_FLAGS 0x3ffu
#define PTE_PPN_SHIFT 10

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ul << PAGE_SHIFT)
#define ENTRIES 512
#define LEVEL_SHIFT(l) (PAGE_SHIFT + 9 * (l)) /* 12, 21, 30 */
#define VPN(va, l) (((va) >> LEVEL_SHIFT(l)) & (ENTRIES - 1))
/* The identity map: root entries 0..255 (arch/mmu.h). */
#define IDENTITY_LIMIT RISCV_IDENTITY_LIMIT

typedef uint64_t pte_t;

extern char __image_start[], __text_end[], __data_start[], __image_end[];
extern char __boot_stack_guard[];

#ifdef CONFIG_RISCV_SV39
static bool mmu_on;
static pte_t root[ENTRIES] rk_aligned(PAGE_SIZE);
/* Bumped whenever a root entry changes (a gigapage split or put back):
 * program spaces (user.c) copy the kernel's root entries and refresh
 * their copy when it moved. */
static unsigned root_gen;
static pte_t pool[CONFIG_RISCV_PT_POOL][ENTRIES] rk_aligned(PAGE_SIZE);
static unsigned pool_used;

static pte_t leaf(uint64_t pa, unsigned perm)
{
	return (pa >> PAGE_SHIFT) << PTE_PPN_SHIFT | perm | PTE_V | PTE_A | PTE_G |
	       (perm & PTE_W ? PTE_D : 0);
}

static uint64_t pte_pa(pte_t e)
{
	return (e >> PTE_PPN_SHIFT) << PAGE_SHIFT;
}

static bool is_leaf(pte_t e)
{
	return e & (PTE_R | PTE_W | PTE_X);
}

static void sfence_all(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

static void sfence_page(uintptr_t va)
{
	__asm__ volatile("sfence.vma %0, zero" :: "r"(va) : "memory");
}

static bool in_pool(const pte_t *t)
{
	return (uintptr_t)t - (uintptr_t)pool < sizeof(pool);
}

/* A table from the pool, else (once there is one) from the page allocator,
 * whose RAM is identity-mapped read/write like the pool. */
static pte_t *table_alloc(void)
{
	if (pool_used < CONFIG_RISCV_PT_POOL)
		return pool[pool_used++];
#ifdef CONFIG_HEAP
	return rk_page_alloc(1);
#else
	return 0;
#endif
}

/* Replace the leaf *e of the given level by a table of equivalent leaves
 * one level down. false when out of tables. */
static bool split(pte_t *e, int level)
{
	pte_t *t = table_alloc();
	if (!t)
		return false;
	uint64_t base = pte_pa(*e), step = 1ull << LEVEL_SHIFT(level - 1);
	pte_t flags = *e & PTE_FLAGS;

	/* Entry by entry, the PPN field grows by one step: an addition each
	 * (boot makes four splits; recomputing every PTE was 22k
	 * instructions). */
	pte_t e_i = (base >> PAGE_SHIFT) << PTE_PPN_SHIFT | flags;
	pte_t inc = (step >> PAGE_SHIFT) << PTE_PPN_SHIFT;
	for (unsigned i = 0; i < ENTRIES; i++, e_i += inc)
		t[i] = e_i;
	/* The table must be visible to the page walker before it is linked,
	 * and the old large translation gone from the TLB afterwards. */
	sfence_all();
	*e = ((uintptr_t)t >> PAGE_SHIFT) << PTE_PPN_SHIFT | PTE_V;
	sfence_all();
	if (level == 2)
		root_gen++;
	return true;
}

/* The 4 KiB-level PTE of va, splitting larger pages on the way; NULL when
 * va is not mapped at all or the pool ran out. With split_ok false, a
 * large page on the way also ends the walk with NULL. */
static pte_t *pte_of(uintptr_t va, bool split_ok)
{
	pte_t *t = root;

	if (va >= IDENTITY_LIMIT)
		return 0;
	for (int level = 2; level > 0; level--) {
		pte_t *e = &t[VPN(va, level)];
		if (!(*e & PTE_V))
			return 0;
		if (is_leaf(*e) && (!split_ok || !split(e, level)))
			return 0;
		t = (pte_t *)(uintptr_t)pte_pa(*e);
	}
	return &t[VPN(va, 0)];
}

/* The entry *e of the given level points to a table whose leaves map its
 * range contiguously with the same permissions: make *e that one larger
 * leaf again and free the table. Pool tables stay (boot's, never freed). */
static bool merge(pte_t *e, int level)
{
	if (!(*e & PTE_V) || is_leaf(*e))
		return false;
	pte_t *t = (pte_t *)(uintptr_t)pte_pa(*e);
	uint64_t step = (1ull << LEVEL_SHIFT(level - 1)) >> PAGE_SHIFT << PTE_PPN_SHIFT;

	if (in_pool(t) || !is_leaf(t[0]))
		return false;
	for (unsigned i = 1; i < ENTRIES; i++)
		if (t[i] != t[0] + i * step)
			return false;
	*e = t[0]; /* t[0] maps the start of the range: aligned for level */
	sfence_all(); /* no walk may use t after this */
	if (level == 2)
		root_gen++;
#ifdef CONFIG_HEAP
	rk_page_free(t, 1);
#endif
	return true;
}

/* Put back together what splits around va made, as far as uniform. */
static void merge_around(uintptr_t va)
{
	pte_t *e2 = &root[VPN(va, 2)];

	if (!(*e2 & PTE_V) || is_leaf(*e2))
		return;
	pte_t *t1 = (pte_t *)(uintptr_t)pte_pa(*e2);
	if (merge(&t1[VPN(va, 1)], 1))
		merge(e2, 2);
}

/* The 4 KiB-level PTE of va at boot, splitting as needed. */
static pte_t *boot_pte(uintptr_t va)
{
	pte_t *e = pte_of(va, true);

	if (!e)
		rk_panic("riscv: page table pool exhausted mapping 0x%lx at boot "
			 "(raise CONFIG_RISCV_PT_POOL)", (unsigned long)va);
	return e;
}

void riscv_mmu_init(void)
{
	uintptr_t start = (uintptr_t)__image_start & ~(PAGE_SIZE - 1);

	/* The last gigabyte of the lower half is the programs' window
	 * (arch/user.h): nothing of the kernel's there. */
	for (unsigned i = 0; i < RISCV_USER_ROOT_INDEX; i++)
		root[i] = leaf((uint64_t)i << LEVEL_SHIFT(2), PTE_R | PTE_W);
	*boot_pte(0) = 0;
	/* The image page by page: one walk per 2 MiB, then the entries of
	 * that 4 KiB table in a row (a walk per page cost 40k instructions
	 * of boot). */
	pte_t *e = 0;
	for (uintptr_t va = start; va < (uintptr_t)__image_end; va += PAGE_SIZE) {
		unsigned perm = PTE_R;
		if (va < (uintptr_t)__text_end)
			perm |= PTE_X;
		if (va >= (uintptr_t)__data_start)
			perm |= PTE_W;
		if (!e || VPN(va, 0) == 0)
			e = boot_pte(va);
		*e++ = leaf(va, perm);
	}
	*boot_pte((uintptr_t)__boot_stack_guard) = 0;

	uint64_t satp = SATP_MODE_SV39 | (uintptr_t)root >> PAGE_SHIFT;
	sfence_all();
	csr_write(satp, satp);
	sfence_all();
	/* satp is WARL: a CPU without Sv39 keeps the mode it had (bare). */
	mmu_on = csr_read(satp) == satp;
	if (!mmu_on)
		printk("riscv: no Sv39 MMU: no guard pages, no null-page trap\n");
}

const uint64_t *riscv_mmu_kernel_root(unsigned *gen)
{
	*gen = root_gen;
	return mmu_on ? root : 0;
}

int arch_guard_page(uintptr_t addr)
{
	if (!mmu_on)
		return 1;
	if (addr & (PAGE_SIZE - 1))
		return -1;
	/* Fibers create stacks with interrupts on: keep the pool and the
	 * tables consistent against a preempting fiber doing the same. */
	unsigned long flags = arch_irq_save();
	pte_t *e = pte_of(addr, true);
	if (e) {
		*e = 0;
		sfence_page(addr);
	}
	arch_irq_restore(flags);
	return e ? 0 : -1;
}

int arch_unguard_page(uintptr_t addr)
{
	if (!mmu_on || (addr & (PAGE_SIZE - 1)))
		return -1;
	unsigned long flags = arch_irq_save();
	pte_t *e = pte_of(addr, false); /* a large page is mapped already */
	if (e && !(*e & PTE_V)) {
		*e = leaf(addr, PTE_R | PTE_W);
		sfence_page(addr); /* drop a cached "invalid", if the CPU keeps those */
		merge_around(addr);
	}
	arch_irq_restore(flags);
	return 0;
}

int arch_exec_pages(uintptr_t addr, size_t size, int exec)
{
	int err = 0;

	if (!mmu_on)
		return 0;
	if ((addr | size) & (PAGE_SIZE - 1) || addr + size < addr)
		return -1;
	unsigned long flags = arch_irq_save();
	for (uintptr_t va = addr; va < addr + size; va += PAGE_SIZE) {
		/* Going back to data: a large page on the way is data already. */
		pte_t *e = pte_of(va, exec);
		if (!e) {
			err = exec ? -1 : 0;
			if (err)
				break;
			continue;
		}
		*e = leaf(va, exec ? PTE_R | PTE_W | PTE_X : PTE_R | PTE_W);
		sfence_page(va);
		if (!exec)
			merge_around(va);
	}
	arch_irq_restore(flags);
	if (err)
		printk("riscv: out of memory for page tables mapping a program at 0x%lx\n",
		       (unsigned long)addr);
	return err;
}

#else /* !CONFIG_RISCV_SV39: bare mode, physical addresses throughout */

void riscv_mmu_init(void)
{
}

const uint64_t *riscv_mmu_kernel_root(unsigned *gen)
{
	*gen = 0;
	return 0; /* no MMU, no program spaces */
}

int arch_guard_page(uintptr_t addr)
{
	return 1; /* no MMU */
}

int arch_unguard_page(uintptr_t addr)
{
	return -1;
}

int arch_exec_pages(uintptr_t addr, size_t size, int exec)
{
	return 0; /* bare mode: all RAM is executable */
}

#endif
