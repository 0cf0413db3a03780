/* SPDX-License-Identifier: BSD-2-Clause */
/* The memory map: RAM and reservations as the boot code reports them, and
 * the setup that turns them into page-allocator zones.
 *
 * Until setup, ranges are only recorded (in any order, overlapping or not).
 * Setup then clips RAM to the limit, shrinks it to whole pages, sorts and
 * merges it into zones; reservations grow to whole pages. The page map of
 * each zone (see page.c) needs memory before any allocator exists: it goes
 * into the first hole of RAM that no reservation touches, and is itself
 * reserved. */
#include <string.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#include "mem_internal.h"

struct range {
	uintptr_t base, end; /* [base, end) */
	const char *why;
};

static struct range ram[CONFIG_MEM_MAX_RAM_REGIONS];
static struct range rsv[CONFIG_MEM_MAX_RESERVED];
static int nram, nrsv;
static uint64_t limit = UINT64_MAX;
static uint64_t ram_bytes;
static bool started;

static uintptr_t page_down(uintptr_t a) { return a & ~(PAGE_SIZE - 1); }
static uintptr_t page_up(uintptr_t a)
{
	return a > UINTPTR_MAX - (PAGE_SIZE - 1) ? page_down(UINTPTR_MAX) : page_down(a + PAGE_SIZE - 1);
}

/* [base, base + size) clamped to the address space. */
static uintptr_t range_end(uintptr_t base, uint64_t size)
{
	return size > UINTPTR_MAX - base ? UINTPTR_MAX : base + (uintptr_t)size;
}

void rk_mem_add_ram(uintptr_t base, uint64_t size)
{
	if (started)
		rk_panic("rk_mem_add_ram(%#lx) after rk_mem_init", (unsigned long)base);
	if (size == 0)
		return;
	if (nram == CONFIG_MEM_MAX_RAM_REGIONS) {
		/* Losing RAM is safe; say so and go on. */
		printk("mem: more than %d RAM regions (CONFIG_MEM_MAX_RAM_REGIONS), ignoring %#lx+%#llx\n",
		       CONFIG_MEM_MAX_RAM_REGIONS, (unsigned long)base, (unsigned long long)size);
		return;
	}
	ram[nram++] = (struct range){ base, range_end(base, size), "RAM" };
}

void rk_mem_reserve(uintptr_t base, uint64_t size, const char *why)
{
	if (started)
		rk_panic("rk_mem_reserve(%#lx, %s) after rk_mem_init", (unsigned long)base, why);
	if (size == 0)
		return;
	/* Ignoring a reservation would hand out memory that is in use. */
	if (nrsv == CONFIG_MEM_MAX_RESERVED)
		rk_panic("mem: more than %d reservations (CONFIG_MEM_MAX_RESERVED) at '%s'",
			 CONFIG_MEM_MAX_RESERVED, why);
	rsv[nrsv++] = (struct range){ page_down(base), page_up(range_end(base, size)), why };
}

void rk_mem_limit(uint64_t end)
{
	if (end < limit)
		limit = end;
}

bool rk_mem_is_ram(uintptr_t base, uint64_t size)
{
	uintptr_t end = range_end(base, size);

	if (size == 0 || size > UINTPTR_MAX - base || (uint64_t)end > limit)
		return false;
	/* Before setup the list is as reported, afterwards merged: either way
	 * one range must hold all of it. */
	for (int i = 0; i < nram; i++)
		if (ram[i].base <= base && end <= ram[i].end)
			return true;
	return false;
}

static void sort(struct range *r, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && r[j].base < r[j - 1].base; j--) {
			struct range t = r[j];
			r[j] = r[j - 1];
			r[j - 1] = t;
		}
}

/* Clip, align, sort and merge the RAM list in place. */
static void normalize_ram(void)
{
	int n = 0;

	for (int i = 0; i < nram; i++) {
		uintptr_t b = page_up(ram[i].base), e = ram[i].end;
		if ((uint64_t)e > limit) {
			/* Said, so that RAM the boot input claims but the kernel
			 * cannot reach is not lost silently. */
			printk("mem: RAM %#lx-%#lx reaches above what the kernel maps (%#llx), "
			       "not used there\n",
			       (unsigned long)ram[i].base, (unsigned long)e,
			       (unsigned long long)limit);
			e = (uintptr_t)limit;
		}
		e = page_down(e);
		if (b < e)
			ram[n++] = (struct range){ b, e, "RAM" };
	}
	sort(ram, n);
	nram = 0;
	for (int i = 0; i < n; i++) {
		if (nram && ram[i].base <= ram[nram - 1].end) {
			if (ram[i].end > ram[nram - 1].end)
				ram[nram - 1].end = ram[i].end;
		} else {
			ram[nram++] = ram[i];
		}
	}
}

static bool overlaps_rsv(uintptr_t b, uintptr_t e)
{
	for (int i = 0; i < nrsv; i++)
		if (b < rsv[i].end && rsv[i].base < e)
			return true;
	return false;
}

/* Lowest page-aligned [b, b + bytes) inside RAM and outside reservations:
 * it starts at a region start or right after a reservation. */
static uintptr_t find_hole(size_t bytes)
{
	for (int r = 0; r < nram; r++) {
		for (int k = -1; k < nrsv; k++) {
			uintptr_t b = k < 0 ? ram[r].base : rsv[k].end;
			if (b < ram[r].base || b >= ram[r].end || ram[r].end - b < bytes)
				continue;
			if (!overlaps_rsv(b, b + bytes))
				return b;
		}
	}
	return 0;
}

static void print_range(const char *what, uintptr_t b, uintptr_t e, const char *why)
{
	uint64_t size = e - b;

	/* The largest unit that is exact: sizes here are whole pages. */
	unsigned shift = !(size & ((1ull << 30) - 1)) ? 30 : !(size & ((1ull << 20) - 1)) ? 20 : 10;
	printk("mem: %s %#lx-%#lx (%llu %s)%s%s\n", what, (unsigned long)b, (unsigned long)e,
	       (unsigned long long)(size >> shift), shift == 30 ? "GiB" : shift == 20 ? "MiB" : "KiB",
	       why ? " " : "", why ? why : "");
}

static bool in_ram(uintptr_t b, uintptr_t e)
{
	for (int i = 0; i < nram; i++)
		if (b < ram[i].end && ram[i].base < e)
			return true;
	return false;
}

void mem_setup(uintptr_t image_start, uintptr_t image_end)
{
	if (started)
		rk_panic("rk_mem_init called twice");
	rk_mem_reserve(image_start, image_end - image_start, "kernel image");
	normalize_ram();
	if (nram == 0)
		rk_panic("mem: no RAM (no usable rk_mem_add_ram range before rk_mem_init)");
	/* Keep NULL from ever being a valid allocation. */
	if (ram[0].base == 0)
		rk_mem_reserve(0, PAGE_SIZE, "page 0");

	/* The page map is sized from the RAM list, which holds only ranges the
	 * platform judged (drivers/fdt, pvh_check.c), clipped to the mapped
	 * limit above; the sum is still checked, as it is what gets cleared. */
	size_t meta = 0;
	for (int i = 0; i < nram; i++) {
		size_t m = pages_meta_bytes((ram[i].end - ram[i].base) >> PAGE_SHIFT);
		if (m > SIZE_MAX - PAGE_SIZE - meta)
			rk_panic("mem: the page map for RAM %#lx-%#lx overflows",
				 (unsigned long)ram[i].base, (unsigned long)ram[i].end);
		meta += m;
	}
	meta = page_up(meta);
	uintptr_t map = find_hole(meta);
	if (!map)
		rk_panic("mem: no free %zu KiB in RAM for the page map", meta >> 10);
	rk_mem_reserve(map, meta, "page map");
	started = true;

	ram_bytes = 0;
	for (int i = 0; i < nram; i++) {
		size_t npages = (ram[i].end - ram[i].base) >> PAGE_SHIFT;
		pages_add_zone(ram[i].base, npages, (void *)map);
		map += pages_meta_bytes(npages);
		ram_bytes += ram[i].end - ram[i].base;
		print_range("RAM", ram[i].base, ram[i].end, NULL);
	}
	sort(rsv, nrsv);
	for (int i = 0; i < nrsv; i++) {
		pages_mark_reserved(rsv[i].base, rsv[i].end);
		print_range("reserved", rsv[i].base, rsv[i].end, rsv[i].why);
		if (!in_ram(rsv[i].base, rsv[i].end))
			printk("mem:   (outside RAM: nothing to do)\n");
	}
	pages_setup_done();

	uint64_t total, nfree;
	pages_counts(&total, &nfree);
	printk("mem: %llu pages free (%llu MiB)\n", (unsigned long long)nfree,
	       (unsigned long long)(nfree >> (20 - PAGE_SHIFT)));
}

uint64_t mem_ram_bytes(void)
{
	return ram_bytes;
}
