/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 MMU: one identity map (VA = PA) for the whole kernel.
 *
 * Why at all: with the MMU off every data access is Device-nGnRnE memory,
 * where unaligned accesses fault and exclusives (C11 atomics) are not
 * guaranteed to work, the caches are off, and address 0 is flash, so a
 * null pointer reads garbage instead of faulting.
 *
 * Layout: 4 KiB granule, 39-bit VA (T0SZ = 25, a three-level walk from a
 * level-1 table; 512 GiB covers the device window, up to 255 GiB of virt
 * RAM and the high GIC/PCIe regions below 512 GiB), TTBR0 only.
 *   - the platform's device window (virt: 2 MiB .. 1 GiB) Device-nGnRE,
 *     never executable. The first 2 MiB stay unmapped: null pointers and
 *     small offsets from them fault. A platform without one (the
 *     device-tree-driven generic-aarch64, whose memmap.h defines no
 *     PLAT_DEVICE_END) maps each device's registers as its driver finds
 *     them (aarch64_mmu_map_device).
 *   - RAM: normal write-back cacheable, inner shareable, read-write, never
 *     executable, as whole 1 GiB blocks (the GiB of the image and of the
 *     DTB at boot, the rest once platform_init has read the DTB). Without
 *     a device window RAM is mapped as the DTB gives it, rounded to pages
 *     only: a device may share RAM's GiB (the Pi's peripherals do), and
 *     the boot map then holds just the image and the DTB.
 *   - the image, in 4 KiB pages: text read-only + executable, rodata
 *     read-only, data/bss/stacks read-write (link.ld.S starts .data on a
 *     page of its own; the page where text ends and rodata begins is
 *     read-only + executable).
 *   - guard pages (arch_guard_page) unmapped; the one below the boot stack
 *     from the start.
 * Blocks are split on demand (1 GiB -> 2 MiB -> 4 KiB). A live block is
 * replaced break-before-make (aarch64_pte_replace), which briefly unmaps
 * it, so the table holding the entry must not lie inside that block. Upper
 * tables (levels 1 and 2) come from a static pool in the image, whose
 * pages are mapped at boot and never remapped; when it runs out, from the
 * page allocator, with the piece of the new table that holds the table
 * itself split down to pages before it goes live (make_table). Level-3
 * tables, whose entries are only ever invalidated or made valid, come from
 * the page allocator. A table from the page allocator whose entries map
 * its range contiguously with the same attributes again (a guard page
 * made ordinary memory, a program's pages data again) is replaced by the
 * block it came from and freed (merge_around), so that fiber stacks and
 * programs cost no page-table pages once they are gone. Table walks are
 * cacheable, so updates need barriers and TLB invalidation but no cache
 * maintenance.
 *
 * Until the MMU is on, this file runs on Device memory: it is compiled with
 * -mstrict-align (arch/aarch64/CMakeLists.txt) and calls no library code. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/compiler.h>
#include <rumpk/mem.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>
#include <platform/memmap.h>

#define PAGE_SIZE 4096ull
#define ENTRIES 512
#define GIB (1ull << 30)

/* VMSAv8-64 descriptor bits (Arm ARM D8.3). */
#define PTE_VALID (1ull << 0)
#define PTE_TABLE (1ull << 1)      /* levels 1-2: table, not block; level 3: page */
#define PTE_ATTRIDX(n) ((uint64_t)(n) << 2)
#define PTE_RDONLY (1ull << 7)     /* AP[2] */
#define PTE_SH_INNER (3ull << 8)
#define PTE_AF (1ull << 10)        /* access flag: set, or the first access faults */
#define PTE_PXN (1ull << 53)
#define PTE_UXN (1ull << 54)
#define PTE_OA_MASK 0x0000fffffffff000ull

/* MAIR_EL1: index 0 normal write-back read/write-allocate (0xff), index 1
 * Device-nGnRE (0x04). */
#define MT_NORMAL 0
#define MT_DEVICE 1
#define MAIR_VALUE 0x04ffull

#define NORMAL (PTE_ATTRIDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF)
#define PROT_RAM (NORMAL | PTE_PXN | PTE_UXN)
#define PROT_RODATA (NORMAL | PTE_RDONLY | PTE_PXN | PTE_UXN)
#define PROT_TEXT (NORMAL | PTE_RDONLY | PTE_UXN)
#define PROT_RWX (NORMAL | PTE_UXN)
#define PROT_DEVICE (PTE_ATTRIDX(MT_DEVICE) | PTE_AF | PTE_PXN | PTE_UXN)
#define PROT_NONE 0

/* TCR_EL1: T0SZ, walks inner/outer write-back cacheable and inner
 * shareable, 4 KiB granule, TTBR1 walks disabled (EPD1), IPS set from the
 * CPU's physical address size at run time. */
#define TCR_T0SZ 25 /* 64 - 39: A64_VA_LIMIT */
#define TCR_VALUE (TCR_T0SZ | (1ull << 8) | (1ull << 10) | (3ull << 12) | \
		   ((uint64_t)TCR_T0SZ << 16) | (1ull << 23))
#define TCR_IPS_SHIFT 32

/* The boot map: level 1, the device window's level 2, the image's level 2
 * and a level 3 table per 2 MiB the image spans (one for images up to
 * 1.5 MiB); the rest goes to upper tables of later splits first. */
#ifdef PLAT_DEVICE_END
#define POOL_TABLES 6
#define RAM_ALIGN GIB
#else
/* No device window: the console, the interrupt controller and the timer's
 * registers are mapped from the DTB before the page allocator exists, a
 * level-2 and a level-3 table each at worst. */
#define POOL_TABLES 16
#define RAM_ALIGN PAGE_SIZE
#endif
/* How much of the DTB the boot map covers when its header says nothing
 * sensible (rk_fdt_check reports a bad DTB later, with the console up). */
#define DTB_MAX_SIZE (2ull << 20)

extern char __image_start[], __text_end[], __data_start[], __image_end[];
extern char __boot_stack_guard[];

static uint64_t pool[POOL_TABLES][ENTRIES] rk_aligned(PAGE_SIZE);
static unsigned pool_used;
static uint64_t *l1;
static bool enabled;
static const char *boot_warning;

static unsigned level_shift(int level)
{
	return 12 + 9 * (3 - level);
}

static bool is_table(uint64_t e, int level)
{
	return level < 3 && (e & (PTE_VALID | PTE_TABLE)) == (PTE_VALID | PTE_TABLE);
}

static uint64_t *table_of(uint64_t e)
{
	return (uint64_t *)(uintptr_t)(e & PTE_OA_MASK);
}

/* A zeroed table to hang below a level-(level - 1) entry. Upper tables
 * come from the pool while it lasts, level-3 tables from the page
 * allocator while there is one (see the top of the file for why). */
static uint64_t *table_alloc(int level)
{
#ifdef CONFIG_HEAP
	if (enabled && (level == 3 || pool_used == POOL_TABLES)) {
		uint64_t *t = rk_page_alloc(1);
		if (t) {
			memset(t, 0, PAGE_SIZE);
			return t;
		}
	}
#endif
	return pool_used < POOL_TABLES ? pool[pool_used++] : NULL;
}

static void table_free(uint64_t *t)
{
#ifdef CONFIG_HEAP
	if ((uintptr_t)t - (uintptr_t)pool >= sizeof(pool))
		rk_page_free(t, 1);
#endif
}

/* The level-'level' entry *e points to a table whose entries map its range
 * contiguously with the same attributes: make *e that one block again and
 * free the table. Not for pool tables, nor when the table holding *e lies
 * in the range (break-before-make would unmap it under the store). */
static bool merge(uint64_t *e, int level)
{
	if (!is_table(*e, level))
		return false;
	uint64_t *t = table_of(*e);
	uint64_t step = 1ull << level_shift(level + 1), span = 1ull << level_shift(level);
	uint64_t leaf = level + 1 == 3 ? PTE_VALID | PTE_TABLE : PTE_VALID;
	uint64_t base = t[0] & PTE_OA_MASK;

	if ((uintptr_t)t - (uintptr_t)pool < sizeof(pool) ||
	    (t[0] & (PTE_VALID | PTE_TABLE)) != leaf || base & (span - 1) ||
	    (uintptr_t)e - base < span)
		return false;
	for (unsigned i = 1; i < ENTRIES; i++)
		if (t[i] != t[0] + i * step)
			return false;
	aarch64_pte_replace_all(e, (t[0] & ~PTE_TABLE) | PTE_VALID);
	table_free(t);
	return true;
}

/* Put back together what splits around va made, as far as uniform. Not
 * with SMP: making a table a block again unmaps its whole range for a
 * moment (break-before-make), under the feet of the other CPUs, whose
 * stacks and data may lie there (aarch64_mmu_split_ram). */
static void merge_around(uintptr_t va)
{
#ifdef CONFIG_SMP
	(void)va;
	return;
#endif
	uint64_t *e1 = &l1[(va >> level_shift(1)) & (ENTRIES - 1)];

	if (!is_table(*e1, 1))
		return;
	if (merge(&table_of(*e1)[(va >> level_shift(2)) & (ENTRIES - 1)], 2))
		merge(e1, 1);
}

static void set_entry(uint64_t *e, uint64_t val, uintptr_t va)
{
	volatile uint64_t *pte = e;
	uint64_t old = *pte;

	if (old == val)
		return;
	if (enabled && (old & PTE_VALID)) {
		aarch64_pte_replace(pte, val, va);
		return;
	}
	/* No TLB holds an invalid entry (and none at all before the MMU is
	 * on): the store only has to reach the walker before the next use. */
	*pte = val;
	if (enabled) {
		dsb(ishst);
		isb();
	}
}

/* Fill the level-'level' table t with the pieces of the block 'block'. */
static void fill_from_block(uint64_t *t, int level, uint64_t block)
{
	uint64_t step = 1ull << level_shift(level);
	uint64_t attrs = block & ~(PTE_OA_MASK | PTE_VALID | PTE_TABLE);
	uint64_t base = block & PTE_OA_MASK & ~((1ull << level_shift(level - 1)) - 1);
	uint64_t type = level == 3 ? PTE_VALID | PTE_TABLE : PTE_VALID;

	uint64_t e = base | attrs | type; /* the address field grows by step */

	/* Four entries a step: boot splits two blocks, 1,024 entries. */
	for (unsigned i = 0; i < ENTRIES; i += 4, e += 4 * step) {
		t[i] = e;
		t[i + 1] = e + step;
		t[i + 2] = e + 2 * step;
		t[i + 3] = e + 3 * step;
	}
}

/* Give the level-'level' entry *e a next-level table: empty below an
 * invalid entry, the same mapping in smaller pieces below a block. */
static uint64_t *make_table(uint64_t *e, int level, uintptr_t va)
{
	uint64_t old = *e;
	uint64_t *t = table_alloc(level + 1);

	if (!t)
		return NULL;
	if (old & PTE_VALID) {
		fill_from_block(t, level + 1, old);
		/* An upper table from the page allocator may lie inside the
		 * block it splits. Its own piece would then be unmapped while
		 * break-before-make rewrites the entry for it, and the rewrite
		 * would fault: split that piece down to pages now, while t is
		 * not live yet, so that its entry never holds a block again. */
		uint64_t span = 1ull << level_shift(level);
		uint64_t off = (uintptr_t)t - (old & PTE_OA_MASK & ~(span - 1));
		if (level + 1 < 3 && off < span) {
			uint64_t *self = &t[off >> level_shift(level + 1)];
			uint64_t *sub = table_alloc(level + 2);
			if (!sub) {
				table_free(t);
				return NULL;
			}
			fill_from_block(sub, level + 2, *self);
			*self = (uintptr_t)sub | PTE_VALID | PTE_TABLE;
		}
	}
	if (enabled)
		dsb(ishst); /* the table is complete before the walker can see it */
	set_entry(e, (uintptr_t)t | PTE_VALID | PTE_TABLE, va);
	return t;
}

/* Map [va, end) of the level-'level' table t to itself with prot (0:
 * unmap), with the largest blocks that fit. overwrite = false only fills
 * holes: what is mapped already keeps its mapping. */
static int map_level(uint64_t *t, int level, uint64_t va, uint64_t end, uint64_t prot,
		     bool overwrite)
{
	uint64_t bsize = 1ull << level_shift(level);
	uint64_t type = level == 3 ? PTE_VALID | PTE_TABLE : PTE_VALID;

	while (va < end) {
		/* Before the MMU is on, a run of whole blocks into holes (or
		 * over blocks, with overwrite) is plain stores: the boot map's
		 * device window alone is 511 of them. */
		if (!enabled && prot && !(va & (bsize - 1))) {
			uint64_t *e = &t[(va >> level_shift(level)) & (ENTRIES - 1)];
			/* The whole blocks counted first, and one test per
			 * entry: 730 entries at boot, 15 instructions each
			 * when every condition was tested per entry. */
			for (uint64_t n = (end - va) >> level_shift(level); n; n--, e++, va += bsize) {
				if (overwrite ? is_table(*e, level) : (*e & PTE_VALID))
					break;
				*e = va | prot | type;
			}
			if (va >= end)
				break;
		}
		/* Filling holes: a run of blocks mapped already is passed over
		 * (RAM mapped after boot meets the image's 511 of them). */
		if (!overwrite) {
			uint64_t *e = &t[(va >> level_shift(level)) & (ENTRIES - 1)];
			for (; va < end && (*e & PTE_VALID) && !is_table(*e, level); e++)
				va = (va | (bsize - 1)) + 1;
			if (va >= end)
				break;
		}
		uint64_t next = (va | (bsize - 1)) + 1;
		if (next > end)
			next = end;
		uint64_t *e = &t[(va >> level_shift(level)) & (ENTRIES - 1)];
		bool whole = next - va == bsize;
		uint64_t *sub = NULL;

		if (is_table(*e, level))
			sub = table_of(*e);
		else if ((*e & PTE_VALID) ? !overwrite : prot == PROT_NONE)
			; /* keep it / nothing there to unmap */
		else if (whole)
			set_entry(e, prot ? va | prot | type : 0, va);
		else if (!(sub = make_table(e, level, va)))
			return -1;
		if (sub && map_level(sub, level + 1, va, next, prot, overwrite))
			return -1;
		va = next;
	}
	return 0;
}

static int map(uint64_t base, uint64_t end, uint64_t prot, bool overwrite)
{
	if (end > A64_VA_LIMIT || base > end)
		return -1;
	return map_level(l1, 1, base & ~(PAGE_SIZE - 1), (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1),
			 prot, overwrite);
}

int aarch64_mmu_map_ram(uint64_t base, uint64_t size)
{
	uint64_t end = base + size;

	if (end < base)
		return -1;
	return map(base & ~(RAM_ALIGN - 1), (end + RAM_ALIGN - 1) & ~(RAM_ALIGN - 1), PROT_RAM,
		   false);
}

int aarch64_mmu_map_device(uint64_t base, uint64_t size)
{
	if (base + size < base)
		return -1;
	return map(base, base + size, PROT_DEVICE, false);
}

/* Page permissions for the image (see the top of the file). */
static int protect_image(void)
{
	uintptr_t start = (uintptr_t)__image_start;
	uintptr_t text_end = ((uintptr_t)__text_end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	uintptr_t data = (uintptr_t)__data_start & ~(PAGE_SIZE - 1);
	uintptr_t end = (uintptr_t)__image_end;
	int err = 0;

	/* text_end <= data: link.ld.S starts .data on a page of its own. */
	err |= map(start, text_end, PROT_TEXT, true);
	err |= map(text_end, data, PROT_RODATA, true);
	err |= map(data, end, PROT_RAM, true);
	err |= map((uintptr_t)__boot_stack_guard, (uintptr_t)__boot_stack_guard + PAGE_SIZE,
		   PROT_NONE, true);
	return err;
}

/* The DTB's size from its header (big-endian totalsize at offset 4; the
 * booting protocol puts the DTB on an 8-byte boundary, so the aligned load
 * is fine on Device memory). With RAM mapped by the GiB, one byte says
 * which GiB. */
static uint64_t dtb_size(uintptr_t dtb)
{
#ifdef PLAT_DEVICE_END
	return 1;
#else
	const volatile uint32_t *hdr = (const volatile uint32_t *)dtb;
	uint64_t size = __builtin_bswap32(hdr[1]);

	return __builtin_bswap32(hdr[0]) == 0xd00dfeed && size <= DTB_MAX_SIZE ? size : PAGE_SIZE;
#endif
}

void aarch64_mmu_init(uintptr_t dtb)
{
	uint64_t pa_range = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	l1 = table_alloc(1);
#ifdef PLAT_DEVICE_END
	map(PLAT_DEVICE_START, PLAT_DEVICE_END, PROT_DEVICE, true);
#endif
	aarch64_mmu_map_ram((uintptr_t)__image_start, (uintptr_t)__image_end - (uintptr_t)__image_start);
	/* The DTB, wherever the loader put it: it is read before the rest
	 * of RAM is known. */
#ifdef PLAT_DEVICE_END
	if (dtb && dtb - PLAT_RAM_BASE < A64_VA_LIMIT)
#else
	if (dtb && !(dtb & 7) && dtb < A64_VA_LIMIT - DTB_MAX_SIZE)
#endif
		aarch64_mmu_map_ram(dtb, dtb_size(dtb));
	if (protect_image())
		boot_warning = "mmu: page-table pool exhausted: the image could not be write-protected";

	/* IPS: the CPU's physical address size; beyond 48 bits the 4 KiB
	 * granule needs FEAT_LPA2, which this map does not use. */
	if (pa_range > 5)
		pa_range = 5;
	aarch64_mmu_enable((uintptr_t)l1, TCR_VALUE | pa_range << TCR_IPS_SHIFT, MAIR_VALUE);
	enabled = true;
}

#ifdef CONFIG_SMP
static bool holds_ram(uint64_t va, uint64_t size)
{
	for (uint64_t a = va; a < va + size; a += 2ull << 20)
		if (rk_mem_is_ram(a, PAGE_SIZE))
			return true;
	return false;
}

/* Split the RAM blocks of the level-'level' table t (mapping from va)
 * down to pages. */
static int split_level(uint64_t *t, int level, uint64_t va)
{
	uint64_t bsize = 1ull << level_shift(level);

	for (unsigned i = 0; i < ENTRIES; i++, va += bsize) {
		uint64_t e = t[i], *sub = NULL;
		if (is_table(e, level))
			sub = table_of(e);
		else if ((e & PTE_VALID) && (e & ~(PTE_OA_MASK | PTE_VALID | PTE_TABLE)) == PROT_RAM &&
			 holds_ram(va, bsize) && !(sub = make_table(&t[i], level, va)))
			return -1;
		if (sub && level + 1 < 3 && split_level(sub, level + 1, va))
			return -1;
	}
	return 0;
}

bool aarch64_mmu_mapped(uintptr_t va)
{
	uint64_t *t = l1;

	for (int level = 1; level <= 3; level++) {
		uint64_t e = t[(va >> level_shift(level)) & (ENTRIES - 1)];
		if (!(e & PTE_VALID))
			return false;
		if (!is_table(e, level))
			return true;
		t = table_of(e);
	}
	return true;
}

int aarch64_mmu_split_ram(void)
{
	unsigned long flags = arch_irq_save();
	int err = split_level(l1, 1, 0);

	arch_irq_restore(flags);
	return err;
}
#endif

const char *aarch64_mmu_boot_warning(void)
{
	return boot_warning;
}

int arch_guard_page(uintptr_t addr)
{
	if (!enabled)
		return 1;
	if (addr & (PAGE_SIZE - 1))
		return -1;
	unsigned long flags = arch_irq_save();
	int err = map(addr, addr + PAGE_SIZE, PROT_NONE, true);
	arch_irq_restore(flags);
	return err;
}

/* Loaded programs: their pages read/write/executable at EL1 (PROT_RWX:
 * SCTLR_EL1.WXN is off), then plain RAM again before they are freed. */
int arch_exec_pages(uintptr_t addr, size_t size, int exec)
{
	if (!enabled || ((addr | size) & (PAGE_SIZE - 1)) || addr + size < addr)
		return -1;
	unsigned long flags = arch_irq_save();
	int err = map(addr, addr + size, exec ? PROT_RWX : PROT_RAM, true);
	for (uintptr_t va = addr; !exec && va < addr + size; va += PAGE_SIZE)
		merge_around(va);
	arch_irq_restore(flags);
	return err;
}

int arch_unguard_page(uintptr_t addr)
{
	if (!enabled || (addr & (PAGE_SIZE - 1)))
		return -1;
	/* Fill the hole only: a page that was never guarded stays in its
	 * block instead of having it split for nothing. */
	unsigned long flags = arch_irq_save();
	int err = map(addr, addr + PAGE_SIZE, PROT_RAM, false);
	merge_around(addr);
	arch_irq_restore(flags);
	return err;
}
